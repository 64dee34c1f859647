package dev.protekt.example;

import static dev.protekt.example.ServiceClient.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.protekt.ForbiddenException;
import dev.protekt.MissingTokenException;
import dev.protekt.example.ServiceClient.Answer;
import dev.protekt.http.AuthErrorResponse;
import dev.protekt.testing.LocalTenant;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The example service as its users meet it: started from an environment that points it at a local
 * tenant, called over real HTTP with tokens that tenant signed. Covers every endpoint and every
 * error row of the example's contract (issue 6); outages are in {@link ExampleOutageTest}, the
 * embedded mode and the demo in {@link ExampleEmbeddedTest}.
 */
class ExampleEndToEndTest {
  private static final String REGISTER_PASSWORD = "Example-Passw0rd!";

  private static LocalTenant tenant;
  private static ExampleApp app;
  private static ServiceClient client;

  @BeforeAll
  static void start() throws Exception {
    tenant = LocalTenant.start();
    app = ExampleApp.start(envFor(tenant));
    client = new ServiceClient(app.baseUrl());
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      app.close();
    }
    if (tenant != null) {
      tenant.close();
    }
  }

  @AfterEach
  void forgetFaults() {
    tenant.faults().clear();
  }

  /**
   * The environment a deployment would set, pointing at {@code tenant}, with retries off and short
   * timeouts so that failures answer quickly.
   */
  static Map<String, String> envFor(LocalTenant tenant) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PORT", "0");
    env.put("PROTEKT_DOMAIN", tenant.domain());
    env.put("PROTEKT_CLIENT_ID", tenant.clientId());
    env.put("PROTEKT_CLIENT_SECRET", tenant.clientSecret());
    env.put("PROTEKT_AUDIENCE", tenant.apiAudience());
    env.put("PROTEKT_RETRY_ATTEMPTS", "0");
    env.put("PROTEKT_RETRY_DELAY", "0.01");
    env.put("PROTEKT_TIMEOUT", "2");
    // The first request of each test waits for the first keys; on a loaded machine that fetch
    // (classes loaded, connections made) can outlast the default wait of 1 s.
    env.put("PROTEKT_KEY_FETCH_WAIT", "10");
    return env;
  }

  private static String bearer(String token) {
    return "Bearer " + token;
  }

  private static String tokenWithRoles(String subject, String... roles) {
    return tenant.token().subject(subject).roles(roles).expiresIn(Duration.ofMinutes(5)).sign();
  }

  private static String tokenWithPermissions(String subject, String... permissions) {
    return tenant.token().subject(subject).permissions(permissions)
        .expiresIn(Duration.ofMinutes(5)).sign();
  }

  private static String admin() {
    return bearer(tokenWithRoles("protekt|e2e-admin", "admin"));
  }

  private static String registration(String email) {
    return "{\"email\":\"" + email + "\",\"password\":\"" + REGISTER_PASSWORD + "\","
        + "\"first_name\":\"Grace\",\"last_name\":\"Hopper\",\"company\":\"Navy\"}";
  }

  private static Optional<Map<String, Object>> tenantUserByEmail(String email) {
    return tenant.users().stream().filter(u -> email.equals(u.get("email"))).findFirst();
  }

  // ---- the endpoints ----

  @Test
  void publicEndpointAnswersAnyone() {
    Answer answer = expect(200, client.get("/api/public"));
    assertEquals("This is a public endpoint", answer.json().path("message").asText());
    // A token, even a bad one, does not matter on a public endpoint.
    expect(200, client.get("/api/public", "Bearer not-a-token"));
  }

  @Test
  void profileAnswersWithTheCallersVerifiedClaims() {
    String token = tenant.token().subject("protekt|e2e-profile").claim("email", "p@example.com")
        .claim("nickname", "pro").roles("member").expiresIn(Duration.ofMinutes(5)).sign();

    JsonNode user = expect(200, client.get("/api/profile", bearer(token))).json().path("user");

    assertEquals("protekt|e2e-profile", user.path("sub").asText());
    assertEquals("p@example.com", user.path("email").asText());
    assertEquals("pro", user.path("nickname").asText());
    assertEquals(tenant.issuer(), user.path("iss").asText());
    assertEquals("member", user.path("roles").path(0).asText());
  }

  @Test
  void concurrentCallersEachSeeTheirOwnClaims() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<String>> subjects = new ArrayList<>();
      for (int i = 0; i < 48; i++) {
        String token = tokenWithRoles("protekt|e2e-concurrent-" + i, "member");
        subjects.add(pool.submit(() -> expect(200, client.get("/api/profile", bearer(token)))
            .json().path("user").path("sub").asText()));
      }
      for (int i = 0; i < subjects.size(); i++) {
        assertEquals("protekt|e2e-concurrent-" + i, subjects.get(i).get(30, TimeUnit.SECONDS));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void adminNeedsTheAdminRole() {
    Answer granted = expect(200, client.get("/api/admin", admin()));
    assertEquals("protekt|e2e-admin", granted.json().path("admin").asText());

    for (String token : List.of(tokenWithRoles("protekt|e2e-editor", "editor"),
        tenant.token().subject("protekt|e2e-none").expiresIn(Duration.ofMinutes(5)).sign(),
        tokenWithRoles("protekt|e2e-case", "Admin"))) {
      Answer refused = expect(403, client.get("/api/admin", bearer(token)));
      assertMissingRole(refused, "admin");
    }
  }

  @Test
  void readingPostsNeedsReadPosts() {
    Answer read = expect(200, client.get("/api/posts",
        bearer(tokenWithPermissions("protekt|e2e-reader", "read:posts"))));
    assertTrue(read.json().path("posts").isArray());
    assertFalse(read.json().path("posts").isEmpty(), "the example starts with a post: " + read);

    assertInsufficientScope(expect(403, client.get("/api/posts",
        bearer(tokenWithPermissions("protekt|e2e-writer-only", "write:posts")))), "read:posts");
    // A role named like the permission is not the permission.
    assertInsufficientScope(expect(403, client.get("/api/posts",
        bearer(tokenWithRoles("protekt|e2e-role", "read:posts")))), "read:posts");
  }

  @Test
  void writingAPostNeedsWritePostsAndAnswers201() {
    String writer = bearer(tokenWithPermissions("protekt|e2e-writer", "write:posts", "read:posts"));

    Answer created = expect(201, client.post("/api/posts", writer, "{\"title\":\"From the test\"}"));
    JsonNode post = created.json().path("post");
    assertEquals("From the test", post.path("title").asText());
    assertEquals("protekt|e2e-writer", post.path("author").asText(), "the author is the caller");
    Answer listed = expect(200, client.get("/api/posts", writer));
    assertTrue(listed.json().path("posts").findValuesAsText("title").contains("From the test"));

    String reader = bearer(tokenWithPermissions("protekt|e2e-reader", "read:posts"));
    assertInsufficientScope(expect(403, client.post("/api/posts", reader, "{\"title\":\"No\"}")),
        "write:posts");
    assertEquals("invalid_request",
        expect(400, client.post("/api/posts", writer, "{\"title\":")).error());
    assertEquals("invalid_request", expect(400, client.post("/api/posts", writer, "{}")).error());
  }

  @Test
  void permissionIsCheckedBeforeTheBodyIsRead() {
    // A caller without the permission learns nothing about what the handler would accept.
    String reader = bearer(tokenWithPermissions("protekt|e2e-reader", "read:posts"));
    assertInsufficientScope(expect(403, client.post("/api/posts", reader, "{not json")),
        "write:posts");
    expect(401, client.post("/api/posts", null, "{not json"));
  }

  @Test
  void adminUsersListsTheTenantsUsersThroughTheUsersApi() {
    String seeded = tenant.createUser(Map.of("email", "seeded@example.com",
        "user_metadata", Map.of("first_name", "Seed")));
    int before = tenant.requests("/api/v2/users").size();

    Answer answer = expect(200, client.get("/api/admin/users", admin()));

    assertTrue(tenant.requests("/api/v2/users").size() > before, "the Users API was called");
    JsonNode users = answer.json().path("users");
    JsonNode mine = null;
    for (JsonNode u : users) {
      if (seeded.equals(u.path("user_id").asText())) {
        mine = u;
      }
    }
    assertTrue(mine != null, "the seeded user is listed: " + answer);
    assertEquals("seeded@example.com", mine.path("email").asText());
    assertEquals("Seed", mine.path("user_metadata").path("first_name").asText());
    assertEquals(tenant.users().size(), answer.json().path("total").asInt());

    assertMissingRole(expect(403, client.get("/api/admin/users",
        bearer(tokenWithPermissions("protekt|e2e-nobody", "read:posts")))), "admin");
  }

  @Test
  void registerCreatesTheUserInTheTenant() {
    Answer answer = expect(201, client.post("/api/register", null, registration("grace@example.com")));

    JsonNode user = answer.json().path("user");
    assertEquals("grace@example.com", user.path("email").asText());
    assertEquals("Grace", user.path("user_metadata").path("first_name").asText());
    assertFalse(answer.response().body().contains(REGISTER_PASSWORD), "no password in the answer");
    String id = user.path("user_id").asText();
    Map<String, Object> stored = tenant.user(id).orElseThrow(
        () -> new AssertionError("the tenant has no user " + id));
    assertEquals("grace@example.com", stored.get("email"));
    @SuppressWarnings("unchecked")
    Map<String, Object> metadata = (Map<String, Object>) stored.get("user_metadata");
    assertEquals("Grace", metadata.get("first_name"));
    assertEquals("Hopper", metadata.get("last_name"));
    assertEquals("Navy", metadata.get("company"));
    assertTrue(metadata.containsKey("registration_date"), "registration date stored: " + metadata);
  }

  @Test
  void registerWithoutCompanyLeavesItOut() {
    Answer answer = expect(201, client.post("/api/register", null, "{\"email\":\"nocompany@example.com\","
        + "\"password\":\"" + REGISTER_PASSWORD + "\",\"first_name\":\"No\",\"last_name\":\"Company\"}"));
    Map<String, Object> stored = tenant.user(answer.json().path("user").path("user_id").asText())
        .orElseThrow();
    assertFalse(((Map<?, ?>) stored.get("user_metadata")).containsKey("company"));
  }

  @Test
  void registeringAnEmailTwiceIs409() {
    expect(201, client.post("/api/register", null, registration("twice@example.com")));

    Answer again = expect(409, client.post("/api/register", null, registration("twice@example.com")));

    assertEquals("user_exists", again.error());
    assertEquals(1, tenant.users().stream()
        .filter(u -> "twice@example.com".equals(u.get("email"))).count());
  }

  @ParameterizedTest
  @ValueSource(strings = {"{not json", "", "null", "[]", "\"a string\"", "42",
      "{\"email\":\"bad@example.com\"} trailing"})
  void registerRefusesABodyThatIsNotAJsonObject(String body) {
    int users = tenant.users().size();

    Answer answer = expect(400, client.post("/api/register", null, body));

    assertEquals("invalid_request", answer.error());
    assertEquals(users, tenant.users().size(), "nothing created");
  }

  @ParameterizedTest
  @ValueSource(strings = {" {\"email\":\"second@example.com\"}", " garbage", "}", "[]"})
  void registerRefusesAnythingAfterTheObject(String trailer) {
    // Jackson stops reading after the first value unless told otherwise, which would register
    // whatever the object said while the caller meant something else.
    int users = tenant.users().size();

    Answer answer = expect(400, client.post("/api/register", null,
        registration("trailer@example.com") + trailer));

    assertEquals("invalid_request", answer.error());
    assertEquals(users, tenant.users().size(), "nothing created");
  }

  @Test
  void registerRefusesAMemberGivenTwice() {
    // Which of the two values counts differs from parser to parser: the caller must not have to
    // guess which email was registered.
    int users = tenant.users().size();
    String twice = registration("first@example.com")
        .replace("{", "{\"email\":\"second@example.com\",");

    Answer answer = expect(400, client.post("/api/register", null, twice));

    assertEquals("invalid_request", answer.error());
    assertEquals(users, tenant.users().size(), "nothing created");
  }

  @Test
  void aPostWithAMemberGivenTwiceIs400() {
    String writer = bearer(tokenWithPermissions("protekt|e2e-writer", "write:posts"));

    assertEquals("invalid_request", expect(400,
        client.post("/api/posts", writer, "{\"title\":\"a\",\"title\":\"b\"}")).error());
    assertEquals("invalid_request", expect(400,
        client.post("/api/posts", writer, "{\"title\":\"a\"} {\"title\":\"b\"}")).error());
  }

  static Stream<Arguments> notDeclaredJson() {
    return Stream.of(
        Arguments.of(List.of()),
        // What an HTML form sends across sites without asking the browser's CORS preflight.
        Arguments.of(List.of("text/plain")),
        Arguments.of(List.of("text/plain; charset=utf-8")),
        Arguments.of(List.of("application/x-www-form-urlencoded")),
        Arguments.of(List.of("multipart/form-data; boundary=b")),
        Arguments.of(List.of("text/plain; x=application/json")),
        Arguments.of(List.of("application/jsonp")),
        Arguments.of(List.of("application/json-seq")),
        Arguments.of(List.of("application/+json")),
        Arguments.of(List.of("text/json")),
        Arguments.of(List.of("")),
        Arguments.of(List.of("application/json, text/plain")),
        Arguments.of(List.of("application/json", "text/plain")));
  }

  @ParameterizedTest
  @MethodSource("notDeclaredJson")
  void registerRefusesABodyNotDeclaredJsonWith415(List<String> contentTypes) {
    int users = tenant.users().size();

    Answer answer = expect(415, client.send("POST", "/api/register", null, contentTypes,
        registration("undeclared@example.com")));

    assertEquals("unsupported_media_type", answer.error());
    assertEquals(users, tenant.users().size(), "nothing created");
  }

  @ParameterizedTest
  @ValueSource(strings = {"application/json", "application/json; charset=utf-8",
      "Application/JSON;Charset=UTF-8", "application/merge-patch+json",
      "APPLICATION/VND.EXAMPLE.POST+JSON; v=1"})
  void aBodyDeclaredJsonIsRead(String contentType) {
    String writer = bearer(tokenWithPermissions("protekt|e2e-writer", "write:posts"));

    expect(201, client.send("POST", "/api/posts", writer, List.of(contentType),
        "{\"title\":\"declared\"}"));
  }

  @Test
  void aPostNotDeclaredJsonIs415AfterThePermissionCheck() {
    String writer = bearer(tokenWithPermissions("protekt|e2e-writer", "write:posts"));
    String reader = bearer(tokenWithPermissions("protekt|e2e-reader", "read:posts"));

    assertEquals("unsupported_media_type", expect(415, client.send("POST", "/api/posts", writer,
        List.of("text/plain"), "{\"title\":\"plain\"}")).error());
    assertInsufficientScope(expect(403, client.send("POST", "/api/posts", reader,
        List.of("text/plain"), "{\"title\":\"plain\"}")), "write:posts");
  }

  @Test
  void anOversizedBodyIs400BeforeItIsParsed() {
    String huge = "{\"email\":\"big@example.com\",\"password\":\"" + REGISTER_PASSWORD
        + "\",\"first_name\":\"" + "B".repeat(Json.MAX_BODY_BYTES) + "\",\"last_name\":\"G\"}";

    Answer answer = expect(400, client.post("/api/register", null, huge));

    assertTrue(answer.json().path("error_description").asText().contains("larger"), answer.toString());
    assertTrue(tenantUserByEmail("big@example.com").isEmpty());
  }

  /**
   * Header fields past 32 KiB are answered with 431 and a JSON body, a 1 MB one included, where the
   * JDK server alone would reset the connection; the server goes on answering others.
   */
  @ParameterizedTest
  @ValueSource(ints = {40_000, 500_000, 1_000_000})
  void oversizedHeadersAre431WithAJsonBody(int size) throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    for (String header : List.of("X-Padding", "Authorization")) {
      HttpResponse<String> response = http.send(
          HttpRequest.newBuilder(URI.create(app.baseUrl() + "/api/profile"))
              .header(header, "Bearer " + "a".repeat(size)).build(),
          HttpResponse.BodyHandlers.ofString());

      assertEquals(431, response.statusCode(), response.body());
      assertTrue(response.headers().firstValue("Content-Type").orElse("")
          .startsWith("application/json"), response.headers().toString());
      assertTrue(response.body().contains("\"error\":\"request_header_fields_too_large\""),
          response.body());
    }
    expect(200, client.get("/api/public", null));
  }

  static Stream<Arguments> incompleteRegistrations() {
    String all = "\"email\":\"m@example.com\",\"password\":\"" + REGISTER_PASSWORD + "\","
        + "\"first_name\":\"M\",\"last_name\":\"N\"";
    List<Arguments> cases = new ArrayList<>();
    for (String field : List.of("email", "password", "first_name", "last_name")) {
      String without = ("{" + all + "}").replaceAll("\"" + field + "\":\"[^\"]*\",?", "")
          .replace(",}", "}");
      String blank = ("{" + all + "}").replaceAll("(\"" + field + "\":)\"[^\"]*\"", "$1\" \"");
      String wrongType = ("{" + all + "}").replaceAll("(\"" + field + "\":)\"[^\"]*\"", "$1 7");
      cases.add(Arguments.of(field, without));
      cases.add(Arguments.of(field, blank));
      cases.add(Arguments.of(field, wrongType));
    }
    cases.add(Arguments.of("company", "{" + all + ",\"company\":{\"name\":\"x\"}}"));
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("incompleteRegistrations")
  void registerRefusesAMissingOrMistypedField(String field, String body) {
    int users = tenant.users().size();

    Answer answer = expect(400, client.post("/api/register", null, body));

    assertEquals("invalid_request", answer.error());
    assertTrue(answer.json().path("error_description").asText().contains(field), answer.toString());
    assertEquals(users, tenant.users().size(), "nothing created");
  }

  @Test
  void aPasswordTheTenantRefusesIs400() {
    Answer answer = expect(400, client.post("/api/register", null, "{\"email\":\"weak@example.com\","
        + "\"password\":\"x\",\"first_name\":\"W\",\"last_name\":\"K\"}"));

    assertEquals("password_strength", answer.error(), "the tenant's reason reaches the caller");
    assertTrue(tenantUserByEmail("weak@example.com").isEmpty());
    assertFalse(answer.response().body().contains("\"x\""), answer.toString());
  }

  // ---- RFC 6750 ----

  static Stream<Arguments> guardedEndpoints() {
    return Stream.of(Arguments.of("GET", "/api/profile"), Arguments.of("GET", "/api/admin"),
        Arguments.of("GET", "/api/posts"), Arguments.of("POST", "/api/posts"),
        Arguments.of("GET", "/api/admin/users"));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("guardedEndpoints")
  void noTokenIs401WithABareChallenge(String method, String path) {
    List<String> noBearerToken = new ArrayList<>();
    noBearerToken.add(null);
    noBearerToken.addAll(List.of("", "Bearer", "Bearer ", "Basic dXNlcjpwYXNz", "Digest x=1"));
    // RFC 6750: a valid token without the Bearer scheme, or not as its one credential, is none.
    String token = tokenWithRoles("protekt|e2e-admin", "admin");
    noBearerToken.addAll(List.of(token, "Token " + token, "Bearer" + token,
        "Bearer " + token + " " + token, "Bearer " + token + " x"));
    for (String authorization : noBearerToken) {
      Answer answer = expect(401, client.send(method, path, authorization,
          method.equals("POST") ? "{\"title\":\"t\"}" : null));
      assertEquals(Optional.of("Bearer realm=\"protekt-example\""),
          answer.header("WWW-Authenticate"), "Authorization: " + authorization);
      assertFalse(answer.header("WWW-Authenticate").orElseThrow().contains("error="));
    }
  }

  static Stream<Arguments> invalidTokens() {
    Duration life = Duration.ofMinutes(5);
    Instant longAgo = Instant.now().minus(Duration.ofHours(2));
    return Stream.of(
        Arguments.of("malformed", "not-a-token"),
        Arguments.of("three garbage parts", "abc.def.ghi"),
        Arguments.of("too large", "a".repeat(20_000) + "." + "b".repeat(20) + "." + "c"),
        Arguments.of("expired", tenant.token().subject("protekt|old").issuedAt(longAgo)
            .expiresAt(longAgo.plus(Duration.ofMinutes(5))).sign()),
        Arguments.of("foreign signature", tenant.token().expiresIn(life).signWithForeignKey()),
        Arguments.of("wrong audience", tenant.token().audience("https://other.api.test/")
            .expiresIn(life).sign()),
        Arguments.of("wrong issuer", tenant.token().issuer("https://evil.test/")
            .expiresIn(life).sign()),
        Arguments.of("alg none", tenant.token().expiresIn(life).unsigned()),
        Arguments.of("HMAC with the public key", tenant.token().expiresIn(life)
            .hmacWithPublicKey()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidTokens")
  void anInvalidTokenIs401InvalidToken(String kind, String token) {
    for (Object[] call : new Object[][] {{"GET", "/api/profile"}, {"GET", "/api/admin"},
        {"POST", "/api/posts"}}) {
      Answer answer = expect(401, client.send((String) call[0], (String) call[1], bearer(token),
          "POST".equals(call[0]) ? "{\"title\":\"t\"}" : null));
      assertEquals("invalid_token", answer.error());
      String challenge = answer.header("WWW-Authenticate").orElseThrow(
          () -> new AssertionError("no challenge on " + answer));
      assertTrue(challenge.startsWith("Bearer realm=\"protekt-example\", error=\"invalid_token\""),
          challenge);
      assertFalse(answer.response().body().contains(token), "the token is not echoed");
    }
  }

  @Test
  void anExpiredTokenIsToldApartFromABadSignature() {
    Instant longAgo = Instant.now().minus(Duration.ofHours(2));
    String expired = tenant.token().issuedAt(longAgo).expiresAt(longAgo.plusSeconds(60)).sign();
    String forged = tenant.token().expiresIn(Duration.ofMinutes(5)).signWithForeignKey();

    String expiredWhy = expect(401, client.get("/api/profile", bearer(expired)))
        .json().path("error_description").asText();
    String forgedWhy = expect(401, client.get("/api/profile", bearer(forged)))
        .json().path("error_description").asText();

    assertNotEquals(expiredWhy, forgedWhy);
    assertTrue(expiredWhy.contains("expired"), expiredWhy);
  }

  @ParameterizedTest
  @ValueSource(strings = {"Bearer", "bearer", "BEARER", "bEaReR"})
  void theBearerWordIsCaseInsensitive(String scheme) {
    String token = tenant.token().subject("protekt|e2e-case").roles("admin")
        .expiresIn(Duration.ofMinutes(5)).sign();

    expect(200, client.get("/api/profile", scheme + " " + token));
    expect(200, client.get("/api/admin", scheme + " " + token));
  }

  @Test
  void twoAuthorizationHeadersAreNoTokenAnsweredAs400InvalidRequest() throws Exception {
    // Which one the client meant is unknowable, and a proxy in front may have checked the other.
    String admin = admin();
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(app.baseUrl() + "/api/admin"))
            .header("Authorization", admin)
            .header("Authorization", admin)
            .build(),
        HttpResponse.BodyHandlers.ofString());
    // As the servlet and Spring adapters answer it: the client did send a token.
    assertEquals(400, response.statusCode(), response.body());
    assertTrue(response.headers().firstValue("WWW-Authenticate").orElse("").startsWith(
        "Bearer realm=\"protekt-example\", error=\"invalid_request\", error_description=\"Several"
            + " Authorization headers were sent"), response.headers().toString());
  }

  /** A 403 for a missing permission: the challenge's scope is the one the request needs. */
  private static void assertInsufficientScope(Answer answer, String permission) {
    String challenge = insufficientScopeChallenge(answer);
    assertTrue(challenge.endsWith(", scope=\"" + permission + "\""), challenge);
  }

  /** A 403 for a missing role: named in the description, and no scope, which a role is not. */
  private static void assertMissingRole(Answer answer, String role) {
    assertEquals("Bearer realm=\"protekt-example\", error=\"insufficient_scope\","
        + " error_description=\"Requires the role " + role + ".\"",
        insufficientScopeChallenge(answer));
  }

  private static String insufficientScopeChallenge(Answer answer) {
    assertEquals("insufficient_scope", answer.error());
    String challenge = answer.header("WWW-Authenticate").orElseThrow(
        () -> new AssertionError("no challenge on " + answer));
    assertTrue(challenge.startsWith("Bearer realm=\"protekt-example\", error=\"insufficient_scope\""),
        challenge);
    return challenge;
  }

  // ---- routing ----

  @ParameterizedTest
  @ValueSource(strings = {"/", "/api", "/api/nope", "/api/public/extra", "/api/admin/users/1",
      "/API/public"})
  void anUnknownPathIs404(String path) {
    assertEquals("not_found", expect(404, client.get(path, admin())).error());
  }

  @Test
  void aWrongMethodIs405WithAllow() {
    Answer delete = expect(405, client.send("DELETE", "/api/posts", admin(), null));
    assertEquals(Optional.of("GET, HEAD, POST"), delete.header("Allow"));
    assertEquals("method_not_allowed", delete.error());

    assertEquals(Optional.of("GET, HEAD"),
        expect(405, client.send("POST", "/api/public", null, "{}")).header("Allow"));
    assertEquals(Optional.of("POST"),
        expect(405, client.get("/api/register")).header("Allow"));
    assertEquals(Optional.of("GET, HEAD"),
        expect(405, client.send("PUT", "/api/admin/users", admin(), "{}")).header("Allow"));
    // A CORS preflight too, as README says: the example is no API for browsers of other origins.
    Answer preflight = expect(405, client.send("OPTIONS", "/api/profile", null, null));
    assertEquals(Optional.of("GET, HEAD"), preflight.header("Allow"));
    assertEquals(Optional.empty(), preflight.header("WWW-Authenticate"));
  }

  static Stream<Arguments> headRequests() {
    return Stream.of(
        Arguments.of("/api/public", false, 200),
        Arguments.of("/api/profile", true, 200),
        Arguments.of("/api/profile", false, 401),
        Arguments.of("/api/register", false, 405),
        Arguments.of("/api/nope", false, 404));
  }

  @ParameterizedTest
  @MethodSource("headRequests")
  void headAnswersAsGetWithoutABody(String path, boolean asAdmin, int status) throws Exception {
    String authorization = asAdmin ? admin() : null;
    HttpResponse<String> get = plain("GET", path, authorization);
    HttpResponse<String> head = plain("HEAD", path, authorization);

    assertEquals(status, get.statusCode(), get.body());
    assertEquals(status, head.statusCode(), path);
    assertEquals("", head.body(), path);
    for (String name : List.of("Content-Type", "WWW-Authenticate", "Allow")) {
      assertEquals(get.headers().firstValue(name), head.headers().firstValue(name), name);
    }
    assertEquals(Optional.of(Integer.toString(get.body().getBytes(StandardCharsets.UTF_8).length)),
        head.headers().firstValue("Content-Length"), path);
  }

  @Test
  void anSdkFailureIsAnsweredWithTheHeadersAndBodyAuthErrorResponseGives() throws Exception {
    // As the servlet and Spring adapters answer it: no header of AuthErrorResponse replaced, the
    // charset of Content-Type included.
    assertAnsweredAs(null,
        AuthErrorResponse.from(new MissingTokenException(), ExampleServer.REALM));
    assertAnsweredAs(bearer(tokenWithRoles("protekt|e2e-editor", "editor")), AuthErrorResponse.from(
        new ForbiddenException(ForbiddenException.Kind.ROLE, List.of("admin"), false),
        ExampleServer.REALM));
  }

  private static void assertAnsweredAs(String authorization, AuthErrorResponse expected)
      throws Exception {
    HttpResponse<String> response = plain("GET", "/api/admin", authorization);

    assertEquals(expected.status(), response.statusCode(), response.body());
    expected.headers().forEach((name, value) ->
        assertEquals(List.of(value), response.headers().allValues(name), name));
    assertEquals(expected.body(), response.body());
  }

  @ParameterizedTest
  @ValueSource(strings = {"/api/public", "/api/nope"})
  void theExamplesOwnAnswersSayTheirJsonIsUtf8(String path) throws Exception {
    assertEquals(List.of("application/json; charset=utf-8"),
        plain("GET", path, null).headers().allValues("Content-Type"));
  }

  /** One request without a body, its answer as it came: {@link ServiceClient} wants JSON. */
  private static HttpResponse<String> plain(String method, String path, String authorization)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(app.baseUrl() + path))
        .timeout(Duration.ofSeconds(15)).method(method, HttpRequest.BodyPublishers.noBody());
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  // ---- the Users API failing ----

  @Test
  void theUsersApiFailingIs502() {
    String admin = admin();
    expect(200, client.get("/api/admin/users", admin)); // the machine token is in hand

    for (int status : new int[] {500, 503}) {
      tenant.faults().failNext("/api/v2/users", 1, status);
      Answer failed = expect(502, client.get("/api/admin/users", admin));
      assertEquals("bad_gateway", failed.error());
      assertTrue(failed.header("WWW-Authenticate").isEmpty(), "not the caller's fault: " + failed);
    }
    expect(200, client.get("/api/admin/users", admin)); // and it recovers with the tenant

    tenant.faults().failNext("/api/v2/users", 1, 500);
    assertEquals("bad_gateway",
        expect(502, client.post("/api/register", null, registration("during-outage@example.com")))
            .error());
  }

  // ---- configuration ----

  @Test
  void theRolesClaimComesFromTheEnvironment() throws Exception {
    Map<String, String> env = envFor(tenant);
    env.put("PROTEKT_ROLES_CLAIM", "https://example.com/roles");
    try (ExampleApp custom = ExampleApp.start(env)) {
      ServiceClient customClient = new ServiceClient(custom.baseUrl());
      String namespaced = tenant.token().claim("https://example.com/roles", List.of("admin"))
          .expiresIn(Duration.ofMinutes(5)).sign();

      expect(200, customClient.get("/api/admin", bearer(namespaced)));
      expect(403, customClient.get("/api/admin", admin()));
    }
  }
}
