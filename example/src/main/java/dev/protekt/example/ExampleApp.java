package dev.protekt.example;

import dev.protekt.ConfigurationException;
import dev.protekt.ProtektAuth;
import dev.protekt.UserExistsException;
import dev.protekt.testing.LocalTenant;
import dev.protekt.users.UserCreate;
import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the example service. Configuration comes from the environment: {@code PROTEKT_DOMAIN},
 * {@code PROTEKT_CLIENT_ID}, {@code PROTEKT_CLIENT_SECRET}, {@code PROTEKT_AUDIENCE}, {@code
 * PROTEKT_ROLES_CLAIM} (and every other {@code PROTEKT_*} option of {@link ProtektAuth.Builder}),
 * {@code PORT} (default 8080) and {@code HOST} (default 127.0.0.1).
 *
 * <p>Without {@code PROTEKT_DOMAIN} it starts a local tenant in the same process, configured for
 * it (any other {@code PROTEKT_*} variable is ignored, with a warning), seeds two users through
 * the Users API, and prints ready-to-paste {@code curl} lines with tokens. With {@code
 * --demo} it then calls every endpoint itself, prints what each answered, and exits.
 */
public final class ExampleApp implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ExampleApp.class);

  private final LocalTenant tenant;
  private final ExampleServer server;
  private final Map<String, String> tokens;

  private ExampleApp(LocalTenant tenant, ExampleServer server, Map<String, String> tokens) {
    this.tenant = tenant;
    this.server = server;
    this.tokens = tokens;
  }

  /**
   * Runs the service until the JVM is stopped, or with {@code --demo} runs {@link #demo} and exits
   * 0 when every endpoint answered as expected, 1 otherwise; 2, with one line on standard error,
   * when an argument is not {@code --demo}, the configuration is unusable or the port is taken.
   */
  public static void main(String[] args) throws Exception {
    ExampleServer.raiseJdkHeaderLimit();
    Map<String, String> env = new LinkedHashMap<>(System.getenv());
    try {
      requireKnownArguments(args);
      if (Arrays.asList(args).contains("--demo")) {
        System.exit(demo(env, System.out) == 0 ? 0 : 1);
        return;
      }
      ExampleApp app = start(env);
      app.printWelcome(System.out);
      Runtime.getRuntime().addShutdownHook(new Thread(app::close));
    } catch (ConfigurationException e) {
      System.err.println("Cannot start: " + e.getMessage());
      System.exit(2);
      return;
    } catch (BindException e) {
      System.err.println("Cannot start: " + env.getOrDefault("HOST", "127.0.0.1") + ":"
          + env.getOrDefault("PORT", "8080") + " is taken (" + e.getMessage()
          + "). Set PORT to a free port, or to 0 to pick one.");
      System.exit(2);
      return;
    }
    Thread.currentThread().join();
  }

  /**
   * What {@code --demo} does, apart from exiting: starts the service as {@code env} configures it
   * (on a free port unless {@code PORT} says otherwise), calls every endpoint, prints each answer
   * to {@code out} and stops the service. Kept apart from {@link #main} so that it can run inside
   * a test's JVM.
   *
   * @return how many endpoints answered other than expected
   * @throws ConfigurationException if the configuration is unusable or names a tenant
   */
  static int demo(Map<String, String> env, PrintStream out) throws IOException, InterruptedException {
    if (!embedded(env)) {
      // The demo's tokens are minted by the embedded tenant; against another tenant every guarded
      // call would go out without one and the demo would report failures that are not.
      throw new ConfigurationException(
          "--demo runs on the embedded local tenant, which signs its tokens: unset PROTEKT_DOMAIN.");
    }
    Map<String, String> demoEnv = new LinkedHashMap<>(env);
    demoEnv.putIfAbsent("PORT", "0");
    try (ExampleApp app = start(demoEnv)) {
      // Tokens and curl lines would be for a service that stops when the demo ends: not printed.
      out.println("Protekt example service on " + app.baseUrl() + ", with a local tenant at "
          + app.tenant.domain() + ". Calling every endpoint:");
      return app.runDemo(out);
    }
  }

  /**
   * Starts the service as {@code env} configures it, with a local tenant when {@code
   * PROTEKT_DOMAIN} is absent.
   *
   * @throws ConfigurationException if the configuration is unusable
   * @throws java.net.BindException if the port is taken
   */
  public static ExampleApp start(Map<String, String> env) throws IOException {
    String host = env.getOrDefault("HOST", "127.0.0.1");
    int port = parsePort(env.getOrDefault("PORT", "8080"));
    if (!embedded(env)) {
      ProtektAuth protekt = ProtektAuth.builder().fromEnv(env).build();
      return new ExampleApp(null, ExampleServer.start(protekt, host, port), Map.of());
    }
    ignoredSettings(env).ifPresent(log::warn);
    LocalTenant tenant = LocalTenant.start();
    try {
      ProtektAuth protekt = ProtektAuth.builder()
          .domain(tenant.domain())
          .clientId(tenant.clientId())
          .clientSecret(tenant.clientSecret())
          .audience(tenant.apiAudience())
          .build();
      seed(protekt);
      return new ExampleApp(tenant, ExampleServer.start(protekt, host, port), mintTokens(tenant));
    } catch (IOException | RuntimeException e) {
      // The tenant's server thread would keep the JVM alive after main gave up.
      tenant.close();
      throw e;
    }
  }

  /** The service's base URL. */
  public String baseUrl() {
    return server.baseUrl();
  }

  /** The embedded tenant, or {@code null} when the service uses {@code PROTEKT_DOMAIN}. */
  public LocalTenant tenant() {
    return tenant;
  }

  /** Demo tokens by name ({@code user}, {@code reader}, {@code writer}, {@code admin}); empty without an embedded tenant. */
  public Map<String, String> tokens() {
    return tokens;
  }

  @Override
  public void close() {
    server.close();
    if (tenant != null) {
      tenant.close();
    }
  }

  private static void seed(ProtektAuth protekt) {
    for (String[] user : new String[][] {
        {"jane@example.com", "Jane", "Doe"}, {"admin@example.com", "Ada", "Admin"}}) {
      try {
        protekt.users().create(UserCreate.builder()
            .email(user[0])
            // A demo value: these users live only on the embedded local tenant of the example.
            .password("Example-Passw0rd!")
            .userMetadata("first_name", user[1])
            .userMetadata("last_name", user[2])
            .build());
      } catch (UserExistsException alreadySeeded) {
        // A fixed tenant port can mean a tenant that outlived an earlier run; its users are fine.
      }
    }
  }

  private static Map<String, String> mintTokens(LocalTenant tenant) {
    Map<String, String> tokens = new LinkedHashMap<>();
    Duration life = Duration.ofHours(1);
    tokens.put("user", tenant.token().subject("protekt|user").claim("email", "jane@example.com")
        .expiresIn(life).sign());
    tokens.put("reader", tenant.token().subject("protekt|reader").permissions("read:posts")
        .expiresIn(life).sign());
    tokens.put("writer", tenant.token().subject("protekt|writer")
        .permissions("read:posts", "write:posts").expiresIn(life).sign());
    tokens.put("admin", tenant.token().subject("protekt|admin").claim("email", "admin@example.com")
        .roles("admin").permissions("read:posts", "write:posts").expiresIn(life).sign());
    return tokens;
  }

  private void printWelcome(PrintStream out) {
    out.println("Protekt example service on " + baseUrl());
    if (tenant == null) {
      return;
    }
    out.println("Using a local tenant at " + tenant.domain() + " (tokens below are valid for an hour).");
    out.println();
    out.println("Paste these into a shell:");
    tokens.forEach((name, token) ->
        out.println("  " + name.toUpperCase() + "_TOKEN=" + token));
    String base = baseUrl();
    out.println("  curl " + base + "/api/public");
    out.println("  curl -H \"Authorization: Bearer $USER_TOKEN\" " + base + "/api/profile");
    out.println("  curl -H \"Authorization: Bearer $READER_TOKEN\" " + base + "/api/posts");
    out.println("  curl -X POST -H \"Authorization: Bearer $WRITER_TOKEN\""
        + " -H 'Content-Type: application/json' -d '{\"title\":\"Hello\"}' " + base + "/api/posts");
    out.println("  curl -H \"Authorization: Bearer $ADMIN_TOKEN\" " + base + "/api/admin");
    out.println("  curl -H \"Authorization: Bearer $ADMIN_TOKEN\" " + base + "/api/admin/users");
    out.println("  curl -X POST -H 'Content-Type: application/json' -d '{\"email\":\"new@example.com\","
        + "\"password\":\"Example-Passw0rd!\",\"first_name\":\"New\",\"last_name\":\"User\"}' "
        + base + "/api/register");
    out.println("  curl -i -H \"Authorization: Bearer $USER_TOKEN\" " + base
        + "/api/admin    # 403 insufficient_scope");
    out.println();
  }

  /** Calls every endpoint as the demo users and prints each answer; returns how many surprised. */
  private int runDemo(PrintStream out) throws IOException, InterruptedException {
    record Call(String method, String path, String token, String body, int expected) {}
    List<Call> calls = List.of(
        new Call("GET", "/api/public", null, null, 200),
        new Call("GET", "/api/profile", null, null, 401),
        new Call("GET", "/api/profile", "not-a-token", null, 401),
        new Call("GET", "/api/profile", tokens.get("user"), null, 200),
        new Call("GET", "/api/admin", tokens.get("user"), null, 403),
        new Call("GET", "/api/admin", tokens.get("admin"), null, 200),
        new Call("GET", "/api/posts", tokens.get("reader"), null, 200),
        new Call("POST", "/api/posts", tokens.get("reader"), "{\"title\":\"Hi\"}", 403),
        new Call("POST", "/api/posts", tokens.get("writer"), "{\"title\":\"Hi\"}", 201),
        new Call("GET", "/api/admin/users", tokens.get("admin"), null, 200),
        new Call("POST", "/api/register", null, "{\"email\":\"demo@example.com\","
            + "\"password\":\"Example-Passw0rd!\",\"first_name\":\"Demo\",\"last_name\":\"User\"}",
            201),
        new Call("POST", "/api/register", null, "{\"email\":\"demo@example.com\","
            + "\"password\":\"Example-Passw0rd!\",\"first_name\":\"Demo\",\"last_name\":\"User\"}",
            409),
        new Call("POST", "/api/register", null, "{not json", 400));
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    int failures = 0;
    for (Call call : calls) {
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + call.path()))
          .timeout(Duration.ofSeconds(10))
          .method(call.method(), call.body() == null
              ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofString(call.body()));
      if (call.token() != null) {
        request.header("Authorization", "Bearer " + call.token());
      }
      if (call.body() != null) {
        request.header("Content-Type", "application/json");
      }
      HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      boolean asExpected = response.statusCode() == call.expected();
      failures += asExpected ? 0 : 1;
      String who = call.token() == null ? "anonymous" : tokenName(call.token());
      String body = response.body().length() > 110 ? response.body().substring(0, 107) + "..." : response.body();
      out.printf("%s %-6s %-18s as %-9s -> %d %s%n", asExpected ? "ok  " : "FAIL", call.method(),
          call.path(), who, response.statusCode(), body);
    }
    out.println(failures == 0 ? "Every endpoint answered as expected." : failures + " unexpected answers.");
    return failures;
  }

  private String tokenName(String token) {
    return tokens.entrySet().stream().filter(e -> e.getValue().equals(token))
        .map(Map.Entry::getKey).findFirst().orElse("bad-token");
  }

  /**
   * A mistyped {@code --demo} ({@code -demo}, {@code --Demo}) would otherwise start the
   * long-running service on 8080 instead of the demo.
   *
   * @throws ConfigurationException for any argument but {@code --demo}
   */
  private static void requireKnownArguments(String[] args) {
    for (String arg : args) {
      if (!arg.equals("--demo")) {
        throw new ConfigurationException("unknown argument '" + arg + "'. The only argument is --demo;"
            + " the rest comes from the environment (PORT, HOST, PROTEKT_DOMAIN, ...).");
      }
    }
  }

  /**
   * The warning that the {@code PROTEKT_*} variables set in {@code env} are not used, for the
   * embedded tenant: they describe the tenant {@code PROTEKT_DOMAIN} names (its roles claim, its
   * algorithms, its audience), and applied to the embedded one they would only make the example
   * fail in ways that say nothing of the cause.
   */
  static Optional<String> ignoredSettings(Map<String, String> env) {
    List<String> set = env.entrySet().stream()
        .filter(e -> e.getKey().startsWith("PROTEKT_") && e.getValue() != null
            && !e.getValue().isBlank())
        .map(Map.Entry::getKey).sorted().toList();
    return set.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", set)
        + (set.size() == 1 ? " is" : " are") + " set without PROTEKT_DOMAIN: the example runs on"
        + " its embedded local tenant, configured for it, and ignores "
        + (set.size() == 1 ? "it" : "them") + ". Set PROTEKT_DOMAIN to use your tenant.");
  }

  /** Whether {@code env} leaves the tenant to the example, which then starts a local one. */
  private static boolean embedded(Map<String, String> env) {
    String domain = env.get("PROTEKT_DOMAIN");
    return domain == null || domain.isBlank();
  }

  private static int parsePort(String value) {
    try {
      int port = Integer.parseInt(value.trim());
      if (port < 0 || port > 65535) {
        throw new NumberFormatException();
      }
      return port;
    } catch (NumberFormatException e) {
      throw new ConfigurationException("PORT must be a port number from 0 to 65535, was '" + value + "'.");
    }
  }
}
