package dev.protekt.internal.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.protekt.CapturedLog;
import dev.protekt.KeysUnavailableException;
import dev.protekt.LoopbackServers;
import dev.protekt.ProtektAuth;
import dev.protekt.ProtektException;
import dev.protekt.testing.LocalTenant;
import dev.protekt.testing.LocalTenantExtension;
import dev.protekt.users.Tenants;
import dev.protekt.users.User;
import dev.protekt.users.UserCreate;
import dev.protekt.users.UserUpdate;
import dev.protekt.users.Users;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs tokens, every Users API call, errors, retries, a 401 refresh and a timeout with the SDK's
 * DEBUG log captured (slf4j-simple writes to System.err), then looks for every secret in the log,
 * in exception messages and in {@code toString()}.
 */
@ExtendWith(LocalTenantExtension.class)
class NoSecretsInLogsTest {
  private static final String PASSWORD = "VerySecretPassword123!";
  private static final String USERS = "/api/v2/users";

  private final LocalTenant tenant;

  NoSecretsInLogsTest(LocalTenant tenant) {
    this.tenant = tenant;
  }

  @Test
  void noSecretOrTokenIsLoggedPrintedOrThrown() {
    List<String> printed = new ArrayList<>();
    Set<String> tokens = new LinkedHashSet<>();
    String log = CapturedLog.of(() -> {
      ProtektAuth protekt = Tenants.client(tenant).timeout(Duration.ofMillis(500)).build();
      printed.add(protekt.toString());
      Users users = protekt.users();
      tokens.add(protekt.getAccessToken());

      UserCreate create = UserCreate.builder().email(Tenants.uniqueEmail()).password(PASSWORD)
          .userMetadata("plan", "gold").build();
      printed.add(create.toString());
      User user = users.create(create);
      printed.add(user.toString());
      users.get(user.userId());
      UserUpdate update = UserUpdate.builder().password(PASSWORD + "2").name(null).build();
      printed.add(update.toString());
      users.update(user.userId(), update);
      users.list();
      users.update(user.userId(), Map.of("password", PASSWORD + "3"));

      tenant.faults().failNext(USERS, 1, 401);
      users.list();
      tokens.add(protekt.getAccessToken());
      tenant.faults().failNext(USERS, 1, 429, Map.of("Retry-After", "0"));
      users.list();
      tenant.faults().failNext(USERS, 3, 503);
      users.list();
      tenant.faults().failNext(USERS, 1, 503);
      printed.add(assertThrows(ProtektException.class,
          () -> users.create(Map.of("email", Tenants.uniqueEmail(), "password", PASSWORD))).toString());
      tenant.faults().delayNext(USERS, 4, Duration.ofSeconds(2));
      printed.add(assertThrows(ProtektException.class, users::list).toString());
      tenant.faults().clear();
      printed.add(assertThrows(ProtektException.class,
          () -> users.get("protekt|nobody")).toString());
      users.delete(user.userId());

      ProtektAuth wrong = Tenants.client(tenant).clientSecret("wrong-" + tenant.clientSecret()).build();
      printed.add(assertThrows(ProtektException.class, wrong::getAccessToken).toString());
      printed.add(wrong.toString());
    });
    tenant.requests().forEach(r -> r.header("Authorization")
        .ifPresent(auth -> tokens.add(auth.substring("Bearer ".length()))));

    assertTrue(log.contains("GET") && log.contains(USERS) && log.contains("503"),
        "the SDK's DEBUG lines were captured:\n" + log);
    String everything = log + String.join("\n", printed);
    assertFalse(everything.contains(tenant.clientSecret()), "client secret leaked");
    assertFalse(everything.contains(PASSWORD), "a password leaked");
    assertFalse(everything.contains("Bearer "), "an Authorization header leaked");
    assertFalse(everything.contains("Authorization:"), "an Authorization header leaked");
    assertFalse(everything.contains("client_secret"), "a token request body leaked");
    assertTrue(tokens.size() >= 2);
    for (String token : tokens) {
      assertFalse(everything.contains(token), "a token leaked");
      assertFalse(everything.contains(token.substring(token.lastIndexOf('.') + 1)),
          "a token's signature leaked");
    }
  }

  /**
   * The tenant's discovery document names the key URL, which may carry a credential of its own;
   * every line and message about it masks that, as the SDK's HTTP log does.
   */
  @Test
  void aCredentialInTheKeysUrlIsMaskedInLogsAndMessages() {
    String apiKey = "s3cr3t-jwks-key";
    HttpServer server = LoopbackServers.start(exchange -> {
      try (exchange) {
        if (exchange.getRequestURI().getPath().equals("/.well-known/openid-configuration")) {
          String base = "http://127.0.0.1:" + exchange.getLocalAddress().getPort();
          byte[] body = ("{\"issuer\":\"" + base + "/\",\"jwks_uri\":\"" + base
              + "/keys?api_key=" + apiKey + "\"}").getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
        } else {
          exchange.sendResponseHeaders(503, -1);
        }
      }
    });
    try {
      ProtektAuth protekt = ProtektAuth.builder().domain(LoopbackServers.domain(server))
          .audience("https://api.example.com").retryAttempts(0).build();
      List<String> messages = new ArrayList<>();
      String log = CapturedLog.of(() -> messages.add(assertThrows(KeysUnavailableException.class,
          () -> protekt.verifyToken(tenant.token().sign())).getMessage()));
      assertTrue(log.contains("api_key=%5Bredacted%5D"), log);
      assertFalse(log.contains(apiKey), log);
      assertFalse(messages.get(0).contains(apiKey), messages.get(0));
    } finally {
      server.stop(0);
    }
  }

  /**
   * The discovery document's token endpoint may carry a credential too ({@code ?code=…}): it is
   * masked in every message about a failed token request (an error status with no body of the
   * contract's shape, a dropped connection, a body that is not JSON, one without a token) and in
   * the HTTP log.
   */
  @Test
  void aCredentialInTheTokenEndpointIsMaskedInLogsAndMessages() {
    String code = "s3cr3t-authorization-code";
    String discovery = "/.well-known/openid-configuration";
    String document = "{\"issuer\":\"" + tenant.issuer() + "\",\"jwks_uri\":\"" + tenant.domain()
        + "/.well-known/jwks.json\",\"token_endpoint\":\"" + tenant.domain()
        + "/oauth/token?code=" + code + "\"}";
    List<Runnable> faults = List.of(
        () -> tenant.faults().failNext("/oauth/token", 1, 400, Map.of(), ""),
        () -> tenant.faults().dropNext("/oauth/token", 10),
        () -> tenant.faults().failNext("/oauth/token", 1, 200, Map.of(), "not json"),
        () -> tenant.faults().failNext("/oauth/token", 1, 200, Map.of(), "{}"));
    List<String> messages = new ArrayList<>();
    String log = CapturedLog.of(() -> {
      for (Runnable fault : faults) {
        ProtektAuth protekt = Tenants.client(tenant).build();
        tenant.faults().failNext(discovery, 1, 200,
            Map.of("Content-Type", "application/json"), document);
        fault.run();
        messages.add(assertThrows(ProtektException.class, protekt::getAccessToken).getMessage());
        tenant.faults().clear();
      }
    });
    assertTrue(tenant.requests("/oauth/token").size() >= faults.size(), "the endpoint was used");
    for (String message : messages) {
      assertFalse(message.contains(code), message);
    }
    assertTrue(messages.get(0).contains("code=%5Bredacted%5D"), messages.get(0));
    assertTrue(log.contains("/oauth/token?code=%5Bredacted%5D"), log);
    assertFalse(log.contains(code), log);
  }

  /**
   * A user's own interceptor (a logger of theirs, a tracer) sees each request the SDK sends; its
   * {@code toString()} names no secret. Retrofit tags each request with the declared call and its
   * arguments, which are the grant with the client secret or a new user with a password.
   */
  @Test
  void aRequestAsTheUsersOwnInterceptorSeesItNamesNoSecret() {
    List<String> seen = new ArrayList<>();
    OkHttpClient theirs = new OkHttpClient.Builder().addInterceptor(chain -> {
      synchronized (seen) {
        seen.add(chain.request().toString());
      }
      return chain.proceed(chain.request());
    }).build();
    ProtektAuth protekt = Tenants.client(tenant).httpClient(theirs).build();
    Users users = protekt.users();
    User user = users.create(UserCreate.builder().email(Tenants.uniqueEmail()).password(PASSWORD)
        .build());
    users.update(user.userId(), UserUpdate.builder().password(PASSWORD + "2").build());
    users.delete(user.userId());

    String everything;
    synchronized (seen) {
      everything = String.join("\n", seen);
    }
    assertTrue(everything.contains("/oauth/token") && everything.contains(USERS), everything);
    assertFalse(everything.contains(tenant.clientSecret()), everything);
    assertFalse(everything.contains(PASSWORD), everything);
  }

  /** The README tells users to tune one logger, so every line about the SDK's HTTP is on it. */
  @Test
  void retriesAndTokenRefreshesAreLoggedOnTheHttpLogger() {
    String log = CapturedLog.of(() -> {
      Users users = Tenants.client(tenant).build().users();
      tenant.faults().failNext(USERS, 1, 401);
      users.list();
      tenant.faults().failNext(USERS, 1, 429, Map.of("Retry-After", "0"));
      users.list();
    });
    assertTrue(log.contains("INFO dev.protekt.http - GET " + tenant.domain() + USERS
        + " answered 401; fetching a new machine token"), log);
    assertTrue(log.contains("INFO dev.protekt.http - GET " + tenant.domain() + USERS
        + " answered 429; retry 1 of 3"), log);
  }
}
