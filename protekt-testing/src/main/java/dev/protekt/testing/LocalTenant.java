package dev.protekt.testing;

import com.sun.net.httpserver.HttpServer;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.protekt.testing.internal.ApiError;
import dev.protekt.testing.internal.ClientRegistry;
import dev.protekt.testing.internal.FaultPlan;
import dev.protekt.testing.internal.Json;
import dev.protekt.testing.internal.KeyRing;
import dev.protekt.testing.internal.Lifecycle;
import dev.protekt.testing.internal.RequestLog;
import dev.protekt.testing.internal.SigningKey;
import dev.protekt.testing.internal.TenantServer;
import dev.protekt.testing.internal.TenantState;
import dev.protekt.testing.internal.UserStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A real Protekt tenant on 127.0.0.1: discovery, JWKS, machine tokens, the Users API, a token
 * minting API for tests, key rotation, fault injection and a request log.
 *
 * <pre>{@code
 * try (LocalTenant tenant = LocalTenant.start()) {
 *   ProtektAuth auth = ProtektAuth.builder().domain(tenant.domain()).audience(tenant.apiAudience()).build();
 *   String jwt = tenant.token().subject("protekt|abc").roles("admin").sign();
 * }
 * }</pre>
 *
 * <p>The tenant listens on loopback only, on a free port unless {@link Builder#port} says otherwise,
 * so that any number of tenants run side by side. It is thread-safe. Its {@link #toString()} never
 * shows the client secret.
 */
public final class LocalTenant implements AutoCloseable {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final AtomicInteger TENANTS = new AtomicInteger();
  private static final Pattern ISSUER_PATH = Pattern.compile("(/[A-Za-z0-9._~-]+)+");

  private final HttpServer server;
  private final ExecutorService executor;
  private final TenantState state;
  private final String clientId;
  private final String clientSecret;
  private final TenantKeys keys;
  private final Faults faults;
  private final Lifecycle lifecycle = new Lifecycle();

  private LocalTenant(Builder builder) {
    this.clientId = builder.clientId != null ? builder.clientId : "local-" + randomToken(12);
    this.clientSecret = builder.clientSecret != null ? builder.clientSecret : randomToken(32);
    KeyRing ring = new KeyRing(SigningKey.generate(builder.algorithm));
    int tenant = TENANTS.incrementAndGet();
    AtomicInteger threads = new AtomicInteger();
    ThreadFactory factory = runnable -> {
      Thread thread = new Thread(runnable, "protekt-tenant-" + tenant + "-" + threads.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
    this.executor = Executors.newCachedThreadPool(factory);
    try {
      this.server = HttpServer.create(new InetSocketAddress(loopback(), builder.port), 64);
    } catch (IOException e) {
      executor.shutdownNow();
      throw new UncheckedIOException("cannot listen on 127.0.0.1:" + builder.port, e);
    }
    String origin = "http://127.0.0.1:" + server.getAddress().getPort();
    ClientRegistry clients = new ClientRegistry();
    this.state = new TenantState(origin, builder.issuerPath, ring, clients, new UserStore(), new FaultPlan(),
        new RequestLog(), builder.machineTokenLifetime);
    clients.grant(clientId, clientSecret, state.usersAudience(), ClientRegistry.USERS_SCOPES);
    clients.grant(clientId, clientSecret, TenantState.API_AUDIENCE, List.of());
    for (Grant grant : builder.grants) {
      clients.grant(grant.id, grant.secret, grant.audience == null ? state.usersAudience() : grant.audience,
          grant.scopes);
    }
    this.keys = new TenantKeys(ring, lifecycle);
    this.faults = new Faults(state.faults(), lifecycle);
    server.createContext("/", new TenantServer(state));
    server.setExecutor(executor);
    startAsDaemon(server, executor);
  }

  /**
   * The JDK server's dispatcher thread inherits daemon status from the thread that starts the
   * server; started from a daemon thread, a tenant a test forgets to close cannot keep the JVM
   * alive. (The standalone tenant stays up through its own waiting main thread.)
   */
  private static void startAsDaemon(HttpServer server, ExecutorService executor) {
    Thread starter = new Thread(server::start, "protekt-tenant-start");
    starter.setDaemon(true);
    starter.start();
    try {
      starter.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      server.stop(0);
      executor.shutdownNow();
      throw new IllegalStateException("interrupted while the local tenant was starting", e);
    }
  }

  /**
   * Starts a tenant on a free port with an RSA-2048 RS256 key and a default client granted every
   * Users API scope.
   *
   * @return the running tenant
   */
  public static LocalTenant start() {
    return builder().start();
  }

  /** @return a builder for a tenant with a fixed port, issuer path, credentials, algorithm or extra clients */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * @return the base URL, {@code http://127.0.0.1:PORT}, followed by the {@link Builder#issuerPath
   *     issuer path} if there is one: what {@code ProtektAuth.Builder.domain} takes
   * @throws IllegalStateException if the tenant is closed: nothing answers there any more
   */
  public String domain() {
    lifecycle.requireListening(state.domain());
    return state.domain();
  }

  /**
   * @return the issuer tokens carry: {@link #domain()} with a trailing slash, {@code
   *     http://127.0.0.1:PORT/}; with an {@link Builder#issuerPath issuer path}, {@link #domain()}
   *     itself, {@code http://127.0.0.1:PORT/realms/acme}
   * @throws IllegalStateException if the tenant is closed: nothing answers there any more
   */
  public String issuer() {
    lifecycle.requireListening(state.domain());
    return state.issuer();
  }

  /**
   * @return the port the tenant listens on
   * @throws IllegalStateException if the tenant is closed: nothing answers there any more
   */
  public int port() {
    lifecycle.requireListening(state.domain());
    return server.getAddress().getPort();
  }

  /** @return {@code https://api.protekt.test/}: the audience of tokens minted by {@link #token()} */
  public String apiAudience() {
    return TenantState.API_AUDIENCE;
  }

  /**
   * @return the Users API audience, {@code issuer() + "api/v2/"}; with an {@link Builder#issuerPath
   *     issuer path}, {@code issuer() + "/api/v2/"}
   * @throws IllegalStateException if the tenant is closed: nothing answers there any more
   */
  public String usersAudience() {
    lifecycle.requireListening(state.domain());
    return state.usersAudience();
  }

  /** @return the default machine client's id */
  public String clientId() {
    return clientId;
  }

  /** @return the default machine client's secret; granted every Users API scope */
  public String clientSecret() {
    return clientSecret;
  }

  /**
   * Registers a machine client, or grants an existing one another audience.
   *
   * @param id the client id
   * @param secret the client secret (the same as before for an existing client)
   * @param audience an audience it may ask tokens for, such as {@link #usersAudience()}
   * @param scopes the scopes it is granted with that audience
   * @return this tenant
   * @throws IllegalArgumentException if a value is blank, or a scope is null, blank or more than one word
   * @throws IllegalStateException if the tenant is closed
   */
  public LocalTenant registerClient(String id, String secret, String audience, String... scopes) {
    lifecycle.requireOpen();
    state.clients().grant(id, secret, audience, scopeList(scopes));
    return this;
  }

  /** Checks the scopes where they are given, so that a builder's mistake is not found at start(). */
  private static List<String> scopeList(String[] scopes) {
    if (scopes == null) {
      throw new IllegalArgumentException("scopes must not be null; give none for a client without scopes");
    }
    String[] copy = scopes.clone();
    for (String scope : copy) {
      if (scope == null || scope.isBlank() || scope.chars().anyMatch(Character::isWhitespace)) {
        throw new IllegalArgumentException("a scope is one non-blank word, such as read:users; was "
            + (scope == null ? "null" : "'" + scope + "'"));
      }
    }
    return List.of(copy);
  }

  /**
   * Adds a user straight to the store, as if created through the Users API, without needing a
   * password. Give {@code user_id} to choose the id (handy to match a token's subject).
   *
   * @param fields the user fields; {@code email} is required
   * @return the new user's id
   * @throws IllegalArgumentException if the Users API would refuse the fields (a lone surrogate,
   *     a number a double cannot hold, a wrong type) or the email or id is taken
   * @throws IllegalStateException if the tenant is closed
   */
  public String createUser(Map<String, ?> fields) {
    lifecycle.requireOpen();
    try {
      return state.users().create(Json.storable(fields), false).get("user_id").asText();
    } catch (ApiError e) {
      throw new IllegalArgumentException(String.valueOf(e.body().get("message")), e);
    }
  }

  /**
   * @param id a user id
   * @return the user as the Users API would answer it
   */
  public Optional<Map<String, Object>> user(String id) {
    return state.users().get(id).map(LocalTenant::toMap);
  }

  /** @return every user, in creation order, as the Users API would answer them */
  public List<Map<String, Object>> users() {
    return state.users().all().stream().map(LocalTenant::toMap).collect(Collectors.toList());
  }

  /**
   * Removes every user, so that tests sharing a tenant start from an empty store.
   *
   * @throws IllegalStateException if the tenant is closed
   */
  public void clearUsers() {
    lifecycle.requireOpen();
    state.users().clear();
  }

  private static Map<String, Object> toMap(JsonNode user) {
    return Json.MAPPER.convertValue(user, new TypeReference<Map<String, Object>>() {});
  }

  /**
   * @return a builder for an access token signed by this tenant; once the tenant is closed it
   *     still signs with the tenant's keys, for tests of an outage (see {@link TokenBuilder})
   */
  public TokenBuilder token() {
    return new TokenBuilder(state.keys(), lifecycle, state.issuer(), apiAudience(), clientId);
  }

  /** @return this tenant's signing keys, to add, use, retire and rotate */
  public TenantKeys keys() {
    return keys;
  }

  /** @return the faults to inject in the next requests */
  public Faults faults() {
    return faults;
  }

  /** @return every request received (up to the last 10,000), oldest first */
  public List<RecordedRequest> requests() {
    return state.log().all();
  }

  /**
   * @param path a decoded path as sent, such as {@code /oauth/token}; with an {@link
   *     Builder#issuerPath issuer path}, starting with it: {@code /realms/acme/oauth/token}
   * @return the requests received for exactly that path, oldest first
   * @throws IllegalArgumentException if the path could never match: null, not starting with '/', or
   *     holding a query or an escape such as {@code protekt%7C1} (give {@code protekt|1}), as
   *     {@link Faults} refuses it
   */
  public List<RecordedRequest> requests(String path) {
    FaultPlan.requireDecodedPath(path, "the path of requests(path)");
    return state.log().to(path);
  }

  /** Forgets the requests received so far. */
  public void clearRequests() {
    state.log().clear();
  }

  /**
   * Stops listening and ends the tenant's threads; calling it again does nothing. Afterwards the
   * calls that change the tenant (create or clear users, register clients, plan faults, add or
   * rotate keys, and so a token of an algorithm the tenant has no key for) and those that give its
   * address ({@link #domain()}, {@link #issuer()}, {@link #port()}, {@link #usersAudience()})
   * throw {@link IllegalStateException} ("the local tenant is closed"). {@link #token()} still
   * signs with the keys the tenant had, for tests of an outage: a service that fetched them still
   * verifies its tokens. What it held can still be read: {@link #users()}, {@link #requests()},
   * {@link #clientId()}; and still be forgotten: {@link Faults#clear()}, {@link #clearRequests()}.
   */
  @Override
  public void close() {
    if (lifecycle.close()) {
      server.stop(0);
      executor.shutdownNow();
    }
  }

  @Override
  public String toString() {
    return "LocalTenant{" + state.domain() + ", clientId=" + clientId + "}";
  }

  private static String randomToken(int bytes) {
    byte[] random = new byte[bytes];
    RANDOM.nextBytes(random);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
  }

  private static InetAddress loopback() {
    try {
      return InetAddress.getByAddress("127.0.0.1", new byte[] {127, 0, 0, 1});
    } catch (UnknownHostException e) {
      throw new IllegalStateException("127.0.0.1 is always a valid address", e);
    }
  }

  private static final class Grant {
    final String id;
    final String secret;
    final String audience;
    final List<String> scopes;

    Grant(String id, String secret, String audience, String[] scopes) {
      this.id = id;
      this.secret = secret;
      this.audience = audience;
      this.scopes = scopeList(scopes);
    }
  }

  /** Configures a {@link LocalTenant}; every setting has a default. */
  public static final class Builder {
    private int port;
    private String issuerPath = "";
    private String clientId;
    private String clientSecret;
    private SigningAlgorithm algorithm = SigningAlgorithm.RS256;
    private Duration machineTokenLifetime = Duration.ofDays(1);
    private final List<Grant> grants = new ArrayList<>();

    private Builder() {}

    /**
     * @param port the port on 127.0.0.1; 0 (the default) picks a free one
     * @return this builder
     */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0-65535, was " + port);
      }
      this.port = port;
      return this;
    }

    /**
     * Serves the tenant below a path, as Keycloak ({@code /realms/acme}), an Okta custom
     * authorization server ({@code /oauth2/default}) or Entra ID v2 ({@code /<tenant-id>/v2.0})
     * serve theirs: the issuer is then {@code http://127.0.0.1:PORT/realms/acme}, without a trailing
     * slash as theirs have none, and {@link LocalTenant#domain()} is that same URL. Discovery is at {@code
     * {issuer}/.well-known/openid-configuration} and names that issuer, its {@code jwks_uri} and
     * {@code token_endpoint} are below it, tokens carry it in {@code iss}, and the Users API is at
     * {@code {issuer}/api/v2/}, which is also its audience ({@link LocalTenant#usersAudience()}):
     * where the SDK looks for it given that domain. Nothing is served outside the
     * path (a 404 says where the endpoints are). Paths in {@link LocalTenant#requests(String)} and
     * {@link LocalTenant#faults()} are as sent, with the issuer path: {@code /realms/acme/oauth/token}.
     *
     * @param path an absolute path of one or more segments of letters, digits, {@code -}, {@code
     *     .}, {@code _} and {@code ~}, without a trailing slash, such as {@code /realms/acme}; {@code
     *     /} (the default) serves the contract's issuer {@code http://127.0.0.1:PORT/}
     * @return this builder
     * @throws IllegalArgumentException if the path is null, relative, has a trailing slash, an
     *     empty, {@code .} or {@code ..} segment, or another character (a query, an escape)
     */
    public Builder issuerPath(String path) {
      this.issuerPath = "/".equals(path) ? "" : checkedIssuerPath(path);
      return this;
    }

    private static String checkedIssuerPath(String path) {
      String problem = path == null ? "must not be null"
          : !path.startsWith("/") ? "must be absolute, starting with /"
          : path.endsWith("/") ? "must not end with / (the issuers of Keycloak, Okta and Entra v2 have no trailing slash)"
          : path.contains("//") ? "must not have an empty segment"
          : !ISSUER_PATH.matcher(path).matches() ? "may only hold letters, digits, '-', '.', '_' and '~' between slashes"
          : path.matches(".*/\\.{1,2}(/.*)?") ? "must not have a . or .. segment"
          : null;
      if (problem != null) {
        throw new IllegalArgumentException("issuerPath " + (path == null ? "" : "'" + path + "' ") + problem
            + "; give a path such as /realms/acme or /oauth2/default, or / for the issuer http://127.0.0.1:PORT/");
      }
      return path;
    }

    /**
     * @param clientId the default client's id; generated unless set
     * @return this builder
     */
    public Builder clientId(String clientId) {
      this.clientId = requireText("clientId", clientId);
      return this;
    }

    /**
     * @param clientSecret the default client's secret; generated unless set
     * @return this builder
     */
    public Builder clientSecret(String clientSecret) {
      this.clientSecret = requireText("clientSecret", clientSecret);
      return this;
    }

    /**
     * @param algorithm the algorithm of the first signing key; {@link SigningAlgorithm#RS256} by default
     * @return this builder
     */
    public Builder algorithm(SigningAlgorithm algorithm) {
      if (algorithm == null) {
        throw new IllegalArgumentException("algorithm must not be null");
      }
      this.algorithm = algorithm;
      return this;
    }

    /**
     * @param lifetime how long machine tokens from {@code /oauth/token} live; one day by default
     * @return this builder
     */
    public Builder machineTokenLifetime(Duration lifetime) {
      if (lifetime == null || lifetime.getSeconds() < 1) {
        throw new IllegalArgumentException("machine token lifetime must be at least one second, was " + lifetime);
      }
      this.machineTokenLifetime = lifetime;
      return this;
    }

    /**
     * Registers another client for the Users API audience (unknown before the tenant starts).
     *
     * @param id the client id
     * @param secret the client secret
     * @param scopes the Users API scopes it is granted, such as {@code read:users}
     * @return this builder
     * @throws IllegalArgumentException if a value is blank, or a scope is null, blank or more than one word
     */
    public Builder usersClient(String id, String secret, String... scopes) {
      grants.add(new Grant(requireText("id", id), requireText("secret", secret), null, scopes));
      return this;
    }

    /**
     * Registers another client for any audience.
     *
     * @param id the client id
     * @param secret the client secret
     * @param audience the audience it may ask tokens for
     * @param scopes the scopes it is granted with that audience
     * @return this builder
     * @throws IllegalArgumentException if a value is blank, or a scope is null, blank or more than one word
     */
    public Builder client(String id, String secret, String audience, String... scopes) {
      grants.add(new Grant(requireText("id", id), requireText("secret", secret), requireText("audience", audience), scopes));
      return this;
    }

    /**
     * @return the running tenant
     * @throws UncheckedIOException if the port is taken
     */
    public LocalTenant start() {
      return new LocalTenant(this);
    }

    private static String requireText(String what, String value) {
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException(what + " must not be blank");
      }
      return value;
    }
  }
}
