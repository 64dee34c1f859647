package dev.protekt.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Users API as the contract describes it, over real HTTP with real machine tokens. Each test starts with no users. */
@ExtendWith(LocalTenantExtension.class)
class UsersApiContractTest {
  private final LocalTenant tenant;
  private final Http http;
  private String token;

  UsersApiContractTest(LocalTenant tenant) {
    this.tenant = tenant;
    this.http = new Http(tenant);
  }

  @BeforeEach
  void emptyStoreAndFreshMachineToken() {
    tenant.clearUsers();
    HttpResponse<String> response = http.postJson("/oauth/token", Map.of("grant_type", "client_credentials",
        "client_id", tenant.clientId(), "client_secret", tenant.clientSecret(), "audience", tenant.usersAudience()));
    token = Http.json(response).get("access_token").asText();
  }

  private HttpRequest.Builder authed(String path) {
    return http.request(path).header("Authorization", "Bearer " + token);
  }

  private HttpResponse<String> create(Object body) {
    return http.send(authed("/api/v2/users").header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(Http.text(body))));
  }

  private HttpResponse<String> get(String id) {
    return http.send(authed("/api/v2/users/" + Http.encode(id)).GET());
  }

  private HttpResponse<String> patch(String id, Object body) {
    return http.send(authed("/api/v2/users/" + Http.encode(id)).header("Content-Type", "application/json")
        .method("PATCH", HttpRequest.BodyPublishers.ofString(Http.text(body))));
  }

  private HttpResponse<String> delete(String id) {
    return http.send(authed("/api/v2/users/" + Http.encode(id)).DELETE());
  }

  private HttpResponse<String> list(String query) {
    return http.send(authed("/api/v2/users?" + query).GET());
  }

  private String createdId(String email) {
    HttpResponse<String> response = create(Map.of("email", email, "password", "correct horse"));
    assertEquals(201, response.statusCode(), response.body());
    return Http.json(response).get("user_id").asText();
  }

  @Test
  void createAnswers201WithGeneratedIdDefaultsAndNoPassword() {
    Map<String, Object> body = new HashMap<>();
    body.put("email", "john@example.com");
    body.put("password", "correct horse battery");
    body.put("name", "John Doe");
    body.put("user_metadata", Map.of("first_name", "John"));
    body.put("favourite_colour", Map.of("name", "teal"));
    HttpResponse<String> response = create(body);
    assertEquals(201, response.statusCode(), response.body());
    JsonNode user = Http.json(response);
    assertTrue(user.get("user_id").asText().matches("protekt\\|[0-9a-f]{24}"), user.toString());
    assertEquals("john@example.com", user.get("email").asText());
    assertFalse(user.get("email_verified").asBoolean());
    assertFalse(user.get("blocked").asBoolean());
    assertEquals("John Doe", user.get("name").asText());
    assertEquals("{\"first_name\":\"John\"}", user.get("user_metadata").toString());
    assertEquals("{}", user.get("app_metadata").toString());
    assertEquals("{\"name\":\"teal\"}", user.get("favourite_colour").toString());
    assertTrue(user.get("created_at").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"));
    assertEquals(user.get("created_at"), user.get("updated_at"));
    assertFalse(response.body().contains("password"));
    assertFalse(response.body().contains("correct horse"));

    HttpResponse<String> read = get(user.get("user_id").asText());
    assertEquals(200, read.statusCode());
    assertEquals(user, Http.json(read));
    assertFalse(read.body().contains("correct horse"));
  }

  @Test
  void createErrorsFollowTheContract() {
    assertError(create(Map.of("password", "long enough")), 400, "invalid_body");
    assertError(create(Map.of("email", "a@b.c")), 400, "invalid_body");
    assertError(create(Map.of("email", "not-an-email", "password", "long enough")), 400, "invalid_body");
    assertError(create(Map.of("email", "a@b.c", "password", "short")), 400, "password_strength");
    assertError(create(Map.of("email", "a@b.c", "password", "long enough", "blocked", "yes")), 400, "invalid_body");
    assertError(create("[]"), 400, "invalid_body");
    assertError(create("{oops"), 400, "invalid_body");
    createdId("a@b.c");
    assertError(create(Map.of("email", "A@B.C", "password", "long enough")), 409, "user_exists");
    HttpResponse<String> social = create(Map.of("email", "s@b.c", "connection", "github"));
    assertEquals(201, social.statusCode(), "only the default connection needs a password");
  }

  @Test
  void anEmailWithWhiteSpaceIsRefusedSoThatNoTwoUsersShareAnAddress() {
    String id = createdId("sp@example.com");
    for (String email : List.of(" sp@example.com", "sp@example.com ", "sp@example.com\n", "s\tp@example.com", "s p@example.com")) {
      assertError(create(Map.of("email", email, "password", "correct horse")), 400, "invalid_body");
      assertError(patch(id, Map.of("email", email)), 400, "invalid_body");
    }
    assertEquals(1, tenant.users().size());
    assertEquals("sp@example.com", tenant.user(id).orElseThrow().get("email"));
  }

  @Test
  void bodiesAreReadAsStrictJson() {
    assertError(createRaw("application/json", "{\"email\":\"tg@example.com\",\"password\":\"correct horse\"} xyz"),
        400, "invalid_body");
    assertError(createRaw("application/json",
        "{\"email\":\"d1@example.com\",\"email\":\"d2@example.com\",\"password\":\"correct horse\"}"),
        400, "invalid_body");
    String good = "{\"email\":\"ok@example.com\",\"password\":\"correct horse\"}";
    assertError(createRaw("application/jsonx", good), 400, "invalid_body");
    assertError(createRaw("application/json-patch+json", good), 400, "invalid_body");
    assertEquals(List.of(), tenant.users());
    assertEquals(201, createRaw("application/json;charset=utf-8", good).statusCode());
    HttpResponse<String> huge = createRaw("application/json", "a".repeat((1 << 20) + 1));
    assertError(huge, 413, "payload_too_large");
    assertEquals("Payload Too Large", Http.json(huge).get("error").asText());
  }

  @Test
  void aTooLargeBodyIsRefusedOnlyAfterTheTokenAndThePath() {
    String huge = "a".repeat((1 << 20) + 1);
    assertError(http.send(http.request("/api/v2/users").header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(huge))), 401, "invalid_token");
    assertError(http.send(authed("/nope").header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(huge))), 404, "not_found");
    assertError(createRaw("application/json", huge), 413, "payload_too_large");
  }

  @Test
  void bodiesTheTenantWouldChangeAreRefusedWithTheReason() {
    byte[] latin1 = "{\"email\":\"u8@example.com\",\"password\":\"correct horse\",\"name\":\"Jos\u00e9\"}"
        .getBytes(StandardCharsets.ISO_8859_1);
    for (String contentType : List.of("application/json", "application/json; charset=ISO-8859-1")) {
      HttpResponse<String> response = http.send(authed("/api/v2/users").header("Content-Type", contentType)
          .POST(HttpRequest.BodyPublishers.ofByteArray(latin1)));
      assertError(response, 400, "invalid_body");
      String message = Http.json(response).get("message").asText();
      assertTrue(message.startsWith("Payload validation error: The body is not valid UTF-8 (byte 0xE9 at offset 64)"),
          message);
      assertEquals(contentType.contains("ISO-8859-1"), message.contains("charset=ISO-8859-1"), message);
    }
    assertError(http.send(http.request("/api/v2/users").header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(latin1))), 401, "invalid_token");
    HttpResponse<String> token = http.send(http.request("/oauth/token").header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray("{\"grant_type\":\"client_credentials\",\"client_id\":\"\u00e9\"}"
            .getBytes(StandardCharsets.ISO_8859_1))));
    assertEquals(400, token.statusCode(), token.body());
    assertEquals("invalid_request", Http.json(token).get("error").asText());
    assertTrue(Http.json(token).get("error_description").asText().contains("UTF-8"), token.body());

    String user = "{\"email\":\"n@example.com\",\"password\":\"correct horse\",\"user_metadata\":{\"a\":%s}}";
    Map<String, String> refused = Map.of(
        "1e999999", "/user_metadata/a is too large for a double; the tenant would store it as Infinity",
        "-2.5E400", "/user_metadata/a is too large",
        "1e-999999", "/user_metadata/a is too small for a double; the tenant would store it as 0",
        "1" + "0".repeat(1999), "beyond what the tenant reads: Number value length (2000) exceeds the maximum allowed");
    refused.forEach((number, reason) -> {
      HttpResponse<String> response = createRaw("application/json", String.format(user, number));
      assertError(response, 400, "invalid_body");
      assertTrue(Http.json(response).get("message").asText().contains(reason), response.body());
    });
    assertEquals(List.of(), tenant.users(), "nothing was stored");
    String id = Http.json(createRaw("application/json", String.format(user, "0.0e99999"))).get("user_id").asText();
    assertEquals(0.0, ((Map<?, ?>) tenant.user(id).orElseThrow().get("user_metadata")).get("a"), "a zero stays 0");
    assertError(http.send(authed("/api/v2/users/" + Http.encode(id)).header("Content-Type", "application/json")
        .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"user_metadata\":{\"b\":[1,2e999]}}"))), 400, "invalid_body");
    assertEquals(200, patch(id, Map.of("user_metadata", Map.of("b", 1.5e300))).statusCode());
  }

  @Test
  void loneSurrogatesAreRefusedNotStored() {
    String user = "{\"email\":\"ls@example.com\",\"password\":\"correct horse\",%s}";
    Map<String, String> refused = Map.of(
        "\"name\":\"\\ud800\"", "lone surrogate \\uD800 in the string at /name:",
        "\"name\":\"a\\udc00b\"", "lone surrogate \\uDC00 in the string at /name:",
        "\"name\":\"\\ude00\\ud83d\"", "lone surrogate \\uDE00 in the string at /name:",
        "\"user_metadata\":{\"tags\":[\"ok\",\"\\udbff\"]}", "lone surrogate \\uDBFF in the string at /user_metadata/tags/1:",
        "\"user_metadata\":{\"\\ud800\":1}", "lone surrogate \\uD800 in a member name in /user_metadata:",
        "\"\\udfff\":1", "lone surrogate \\uDFFF in a member name in the top-level object:");
    refused.forEach((member, reason) -> {
      HttpResponse<String> response = createRaw("application/json", String.format(user, member));
      assertError(response, 400, "invalid_body");
      assertTrue(Http.json(response).get("message").asText().contains(reason), response.body());
    });
    String before = "{\"email\":\"ls@example.com\",\"password\":\"correct horse\",\"name\":\"";
    byte[] encodedSurrogate = (before + "ED_\"}").getBytes(StandardCharsets.US_ASCII);
    int at = before.length();
    // U+D800 in UTF-8's three-byte form, which UTF-8 forbids (RFC 3629 section 3).
    encodedSurrogate[at] = (byte) 0xED;
    encodedSurrogate[at + 1] = (byte) 0xA0;
    encodedSurrogate[at + 2] = (byte) 0x80;
    HttpResponse<String> bytes = http.send(authed("/api/v2/users").header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(encodedSurrogate)));
    assertError(bytes, 400, "invalid_body");
    assertTrue(Http.json(bytes).get("message").asText().contains("not valid UTF-8 (byte 0xED at offset " + at + ")"),
        bytes.body());
    String seeded = assertThrows(IllegalArgumentException.class,
        () -> tenant.createUser(Map.of("email", "seed@example.com", "name", "\ud800"))).getMessage();
    assertTrue(seeded.contains("lone surrogate \\uD800 in the string at /name"), seeded);
    assertEquals(List.of(), tenant.users(), "nothing was stored");

    HttpResponse<String> pair = createRaw("application/json", String.format(user, "\"name\":\"\\ud83d\\ude00\""));
    assertEquals(201, pair.statusCode(), pair.body());
    assertEquals("\ud83d\ude00", Http.json(pair).get("name").asText(), "a surrogate pair is one character");
    String id = Http.json(pair).get("user_id").asText();
    HttpResponse<String> patched = http.send(authed("/api/v2/users/" + Http.encode(id))
        .header("Content-Type", "application/json")
        .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"name\":\"\\ud800\"}")));
    assertError(patched, 400, "invalid_body");
    assertEquals("\ud83d\ude00", tenant.user(id).orElseThrow().get("name"));
  }

  @Test
  void compressedBodiesAre415NotAnEncodingPuzzle() throws Exception {
    byte[] good = "{\"email\":\"gz@example.com\",\"password\":\"correct horse\"}".getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gzipped)) {
      out.write(good);
    }
    for (String coding : List.of("gzip", "GZIP", "br", "identity, gzip")) {
      HttpResponse<String> response = http.send(authed("/api/v2/users").header("Content-Type", "application/json")
          .header("Content-Encoding", coding).POST(HttpRequest.BodyPublishers.ofByteArray(gzipped.toByteArray())));
      assertError(response, 415, "unsupported_content_encoding");
      assertEquals("Unsupported Media Type", Http.json(response).get("error").asText());
      String message = Http.json(response).get("message").asText();
      assertTrue(message.contains("Content-Encoding " + coding.replace("identity, ", "")), message);
      assertFalse(message.contains("UTF-8"), message);
      assertEquals("identity", response.headers().firstValue("Accept-Encoding").orElse(""));
    }
    assertError(http.send(http.request("/api/v2/users").header("Content-Type", "application/json")
        .header("Content-Encoding", "gzip").POST(HttpRequest.BodyPublishers.ofByteArray(gzipped.toByteArray()))),
        401, "invalid_token");
    HttpResponse<String> token = http.send(http.request("/oauth/token").header("Content-Type", "application/json")
        .header("Content-Encoding", "gzip").POST(HttpRequest.BodyPublishers.ofByteArray(gzipped.toByteArray())));
    assertEquals(415, token.statusCode(), token.body());
    assertEquals("invalid_request", Http.json(token).get("error").asText());
    assertEquals(List.of(), tenant.users(), "nothing was stored");
    HttpResponse<String> identity = http.send(authed("/api/v2/users").header("Content-Type", "application/json")
        .header("Content-Encoding", "identity").POST(HttpRequest.BodyPublishers.ofByteArray(good)));
    assertEquals(201, identity.statusCode(), identity.body());
  }

  private HttpResponse<String> createRaw(String contentType, String body) {
    return http.send(authed("/api/v2/users").header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  @Test
  void getUnknownUserIs404InexistentUser() {
    HttpResponse<String> response = get("protekt|000000000000000000000000");
    assertError(response, 404, "inexistent_user");
    assertEquals("{\"statusCode\":404,\"error\":\"Not Found\",\"message\":\"The user does not exist.\",\"errorCode\":\"inexistent_user\"}",
        response.body());
    String id = tenant.createUser(Map.of("email", "fffd@example.com", "user_id", "protekt|Jos\ufffd"));
    assertEquals(200, get(id).statusCode());
    // Latin-1's %E9 decoded leniently would be the replacement character, and find that user.
    assertError(http.send(authed("/api/v2/users/protekt%7CJos%E9").GET()), 404, "inexistent_user");
  }

  @Test
  void aPathStartingWithTwoSlashesIsRoutedAsSent() {
    createdId("slash@example.com");
    for (String path : List.of("//api/v2/users", "///api/v2/users", "//x/.well-known/jwks.json", "//api/v2/users/x")) {
      HttpResponse<String> response = http.send(authed(path).GET());
      assertError(response, 404, "not_found");
      assertEquals("No such endpoint: GET " + path, Http.json(response).get("message").asText());
      assertEquals(1, tenant.requests(path).size(), "logged under the path sent");
    }
  }

  @Test
  void theUsersApiAnswersHeadAsGetWithoutABody() {
    String id = createdId("head@example.com");
    for (String path : List.of("/api/v2/users", "/api/v2/users?include_totals=true", "/api/v2/users/" + Http.encode(id))) {
      HttpResponse<String> get = http.send(authed(path).GET());
      HttpResponse<String> head = http.send(authed(path).method("HEAD", HttpRequest.BodyPublishers.noBody()));
      assertEquals(200, head.statusCode(), path);
      assertEquals("", head.body(), path);
      assertEquals(get.headers().firstValue("Content-Type"), head.headers().firstValue("Content-Type"), path);
      assertEquals(Integer.toString(get.body().getBytes(StandardCharsets.UTF_8).length),
          head.headers().firstValue("Content-Length").orElse(""), path);
    }
    assertEquals(401, http.send(http.request("/api/v2/users").method("HEAD", HttpRequest.BodyPublishers.noBody()))
        .statusCode(), "the token is checked as for GET");
    HttpResponse<String> put = http.send(authed("/api/v2/users").PUT(HttpRequest.BodyPublishers.noBody()));
    assertEquals("GET, HEAD, POST", put.headers().firstValue("Allow").orElse(""));
    put = http.send(authed("/api/v2/users/" + Http.encode(id)).PUT(HttpRequest.BodyPublishers.noBody()));
    assertEquals("GET, HEAD, PATCH, DELETE", put.headers().firstValue("Allow").orElse(""));
  }

  @Test
  void aChosenUserIdIsKeptAsGivenToMatchATokensSubject() {
    assertEquals("alice", tenant.createUser(Map.of("user_id", "alice", "email", "alice@example.com")));
    assertEquals("alice@example.com", tenant.user("alice").orElseThrow().get("email"));
    assertEquals("github|7", tenant.createUser(Map.of("user_id", "github|7", "email", "gh@example.com")));
    HttpResponse<String> created = create(Map.of("user_id", "bob", "email", "bob@example.com", "password", "correct horse"));
    assertEquals("bob", Http.json(created).get("user_id").asText(), created.body());
    assertEquals(200, get("bob").statusCode());
  }

  @Test
  void updateMergesMetadataAtTopLevelAndNullClears() throws Exception {
    Map<String, Object> body = new HashMap<>();
    body.put("email", "m@example.com");
    body.put("password", "long enough");
    body.put("name", "Old Name");
    body.put("nickname", "oldie");
    body.put("user_metadata", Map.of("first_name", "John", "last_name", "Doe", "address", Map.of("city", "Oslo", "zip", "0150")));
    body.put("app_metadata", Map.of("roles", List.of("admin")));
    body.put("custom", "kept");
    String id = Http.json(create(body)).get("user_id").asText();
    String createdAt = Http.json(get(id)).get("created_at").asText();

    Map<String, Object> metadata = new HashMap<>();
    metadata.put("last_name", null);
    metadata.put("nick", "JD");
    metadata.put("address", Map.of("city", "Bergen"));
    Map<String, Object> update = new HashMap<>();
    update.put("user_metadata", metadata);
    update.put("name", "New Name");
    update.put("nickname", null);
    update.put("email_verified", true);
    update.put("password", "a new long password");
    HttpResponse<String> response = patch(id, update);
    assertEquals(200, response.statusCode(), response.body());
    JsonNode user = Http.json(response);
    assertEquals(Http.JSON.readTree("{\"first_name\":\"John\",\"address\":{\"city\":\"Bergen\"},\"nick\":\"JD\"}"),
        user.get("user_metadata"));
    assertEquals("{\"roles\":[\"admin\"]}", user.get("app_metadata").toString(), "absent field is unchanged");
    assertEquals("New Name", user.get("name").asText());
    assertFalse(user.has("nickname"), "null clears");
    assertTrue(user.get("email_verified").asBoolean());
    assertEquals("kept", user.get("custom").asText(), "unknown fields survive");
    assertEquals(createdAt, user.get("created_at").asText());
    assertFalse(response.body().contains("password"));
    assertEquals(user, Http.json(get(id)));

    Map<String, Object> clearAll = new HashMap<>();
    clearAll.put("app_metadata", null);
    clearAll.put("custom", null);
    clearAll.put("email_verified", null);
    JsonNode cleared = Http.json(patch(id, clearAll));
    assertEquals("{}", cleared.get("app_metadata").toString());
    assertFalse(cleared.has("custom"));
    assertFalse(cleared.get("email_verified").asBoolean(true), "a boolean cleared is false, its default");
  }

  @Test
  void updateAcceptsTheUserItReadAndRefusesChangedServerFields() {
    String id = createdId("round@trip.dev");
    JsonNode user = Http.json(get(id));
    assertEquals(200, patch(id, user).statusCode(), "a read user sent back unchanged is accepted");
    assertError(patch(id, Map.of("user_id", "protekt|other")), 400, "invalid_body");
    assertError(patch(id, Map.of("user_metadata", "flat")), 400, "invalid_body");
    assertError(patch(id, Map.of("password", "short")), 400, "password_strength");
    assertError(patch(id, "[1]"), 400, "invalid_body");
    assertError(patch("protekt|missing", Map.of("name", "x")), 404, "inexistent_user");
    createdId("taken@example.com");
    assertError(patch(id, Map.of("email", "TAKEN@example.com")), 409, "user_exists");
    assertEquals("round@trip.dev", Http.json(get(id)).get("email").asText(), "a refused update changes nothing");
    assertEquals(200, patch(id, Map.of("email", "free@example.com")).statusCode());
    assertEquals(201, create(Map.of("email", "round@trip.dev", "password", "long enough")).statusCode(),
        "the old email is free again");
  }

  @Test
  void deleteIs204EvenWhenAlreadyGone() {
    String id = createdId("gone@example.com");
    HttpResponse<String> first = delete(id);
    assertEquals(204, first.statusCode());
    assertEquals("", first.body());
    assertEquals(204, delete(id).statusCode());
    assertError(get(id), 404, "inexistent_user");
  }

  @Test
  void listPaginatesWithTotalsAndBareArrays() {
    for (int i = 0; i < 7; i++) {
      tenant.createUser(Map.of("email", "user" + i + "@example.com", "name", "User " + (6 - i)));
    }
    JsonNode totals = Http.json(list("page=1&per_page=3&include_totals=true"));
    assertEquals(3, totals.get("start").asInt());
    assertEquals(3, totals.get("limit").asInt());
    assertEquals(3, totals.get("length").asInt());
    assertEquals(7, totals.get("total").asInt());
    assertEquals("user3@example.com", totals.get("users").get(0).get("email").asText());
    JsonNode last = Http.json(list("page=2&per_page=3&include_totals=true"));
    assertEquals(1, last.get("length").asInt());
    JsonNode bare = Http.json(list("per_page=2"));
    assertTrue(bare.isArray());
    assertEquals(2, bare.size());
    assertEquals(7, Http.json(list("")).size(), "per_page defaults to 50");
    JsonNode sorted = Http.json(list("sort=name%3A1&per_page=1"));
    assertEquals("user6@example.com", sorted.get(0).get("email").asText());
    JsonNode reversed = Http.json(list("sort=email:-1&per_page=1"));
    assertEquals("user6@example.com", reversed.get(0).get("email").asText());
  }

  @Test
  void listFiltersWithFieldValueTerms() {
    tenant.createUser(Map.of("email", "a@b.c", "name", "Ann Lee", "app_metadata", Map.of("roles", List.of("admin"))));
    tenant.createUser(Map.of("email", "b@b.c", "name", "Bob", "blocked", true));
    assertEquals(List.of("a@b.c"), emails(list("q=" + Http.encode("email:\"a@b.c\""))));
    assertEquals(List.of("a@b.c"), emails(list("q=" + Http.encode("name:\"Ann Lee\""))));
    assertEquals(List.of("a@b.c"), emails(list("q=" + Http.encode("app_metadata.roles:admin"))));
    assertEquals(List.of("b@b.c"), emails(list("q=" + Http.encode("blocked:true"))));
    assertEquals(List.of("a@b.c", "b@b.c"), emails(list("q=" + Http.encode("email:*@b.c"))));
    assertEquals(List.of(), emails(list("q=" + Http.encode("email:a@b.c name:Bob"))));
    assertError(list("q=" + Http.encode("just words")), 400, "invalid_query_string");
    assertError(list("q=" + Http.encode("email:")), 400, "invalid_query_string");
    assertError(list("q=" + Http.encode("email: a@b.c")), 400, "invalid_query_string");
    assertError(list("q=" + Http.encode("name:\"Ann")), 400, "invalid_query_string");
    assertError(list("q=" + Http.encode("email:a@b.c OR name:Bob")), 400, "invalid_query_string");
    HttpResponse<String> latin1 = list("q=name:Ann%E9");
    assertError(latin1, 400, "invalid_query_string");
    assertTrue(Http.json(latin1).get("message").asText().contains("URL-encoded UTF-8"), latin1.body());
    assertEquals(List.of(), emails(list("q=name:Ann%C3%A9")), "the same name in UTF-8 is a search");
    assertError(list("q=" + Http.encode("created_at:[2026 TO 2027]")), 400, "invalid_query_string");
    assertEquals(List.of("a@b.c"), emails(list("q=" + Http.encode("name:\"ann *\" email:A*"))));
  }

  @Test
  void manyWildcardsAgainstALongValueAnswerAtOnce() {
    // A tenant of its own: a search that never ends holds the store's lock, and would hang the class.
    try (LocalTenant own = LocalTenant.start()) {
      Http ownHttp = new Http(own);
      String ownToken = own.token().audience(own.usersAudience()).scope("read:users").sign();
      Function<String, List<String>> search = q -> emails(ownHttp.send(ownHttp.request("/api/v2/users?q=" + Http.encode(q))
          .header("Authorization", "Bearer " + ownToken).GET()));
      String email = "a".repeat(200) + "@x.io";
      own.createUser(Map.of("email", email, "name", "Ann"));
      assertEquals(List.of(email), search.apply("name:ann"), "a warm tenant before the clock starts");
      // A regex made of these backtracks for hours before it says no; each must answer in milliseconds.
      List<String> found = assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
        List<String> answers = new ArrayList<>(search.apply("email:" + "*a".repeat(30) + "*b"));
        answers.addAll(search.apply("email:" + "*A".repeat(30) + "*@X.io"));
        answers.addAll(search.apply("email:" + "*a".repeat(201) + "*"));
        return answers;
      });
      assertEquals(List.of(email), found, "only the second matches: 201 a's are not there");
      assertEquals(List.of(email), search.apply("email:aa*a*@*.io"));
      assertEquals(List.of(), search.apply("email:a*@x.i"), "a value matches whole");
    }
  }

  @Test
  void aQuotedValueEscapesBackslashQuoteAndStar() {
    tenant.createUser(Map.of("email", "a*b@x.io"));
    tenant.createUser(Map.of("email", "aab@x.io"));
    tenant.createUser(Map.of("email", "\"q\\\"@x.io"));
    assertEquals(List.of("a*b@x.io", "aab@x.io"), emails(list("q=" + Http.encode("email:\"a*b@x.io\""))));
    assertEquals(List.of("a*b@x.io"), emails(list("q=" + Http.encode("email:\"a\\*b@x.io\""))), "an escaped star is a star");
    assertEquals(List.of(), emails(list("q=" + Http.encode("email:\"\\*\""))), "a star alone, escaped, is no wildcard");
    assertEquals(List.of("\"q\\\"@x.io"), emails(list("q=" + Http.encode("email:\"\\\"q\\\\\\\"@x.io\""))));
    assertError(list("q=" + Http.encode("email:\"a\\b\"")), 400, "invalid_query_string");
    assertError(list("q=" + Http.encode("email:\"a\\")), 400, "invalid_query_string");
  }

  @Test
  void listRefusesBadQueriesAndThePastTheCap() {
    assertError(list("per_page=101"), 400, "invalid_query_string");
    assertError(list("per_page=0"), 400, "invalid_query_string");
    assertError(list("page=-1"), 400, "invalid_query_string");
    assertError(list("page=abc"), 400, "invalid_query_string");
    assertError(list("include_totals=yes"), 400, "invalid_query_string");
    assertError(list("sort=name"), 400, "invalid_query_string");
    assertError(list("sort=nope:1"), 400, "invalid_query_string");
    assertError(list("sort=created_at:1:1"), 400, "invalid_query_string");
    assertError(list("sort=user_metadata:1"), 400, "invalid_query_string");
    assertError(list("sort=" + Http.encode("app_metadata.roles:1")), 400, "invalid_query_string");
    assertTrue(Http.json(list("sort=nope:1")).get("message").asText().contains("created_at"));
    assertError(list("per_page=500&per_page=1"), 400, "invalid_query_string");
    assertError(list("page=0&page=0"), 400, "invalid_query_string");
    HttpResponse<String> misspelt = list("perpage=1");
    assertError(misspelt, 400, "invalid_query_string");
    assertTrue(Http.json(misspelt).get("message").asText().contains("perpage is unknown"), misspelt.body());
    assertError(list("page=0&fields=email"), 400, "invalid_query_string");
    assertEquals(200, list("page=0&&per_page=1&").statusCode(), "an empty pair is no parameter");
    assertEquals(200, list("page=9&per_page=100").statusCode(), "the last page within 1,000 results");
    assertError(list("page=10&per_page=100"), 400, "invalid_query_string");
    assertError(list("page=20&per_page=50"), 400, "invalid_query_string");
  }

  @Test
  void searchNeverReachesBeyondAThousandUsers() {
    for (int i = 0; i < 1005; i++) {
      tenant.createUser(Map.of("email", "bulk" + i + "@example.com"));
    }
    JsonNode page = Http.json(list("page=33&per_page=30&include_totals=true"));
    assertEquals(990, page.get("start").asInt());
    assertEquals(10, page.get("length").asInt(), "the page is cut at the 1,000th user");
    assertEquals(1005, page.get("total").asInt());
  }

  @Test
  void exactlyOneOfManyConcurrentCreatesWithTheSameEmailWins() throws Exception {
    int parallel = 16;
    ExecutorService pool = Executors.newFixedThreadPool(parallel);
    try {
      List<Callable<Integer>> creates = new ArrayList<>();
      for (int i = 0; i < parallel; i++) {
        creates.add(() -> create(Map.of("email", "race@example.com", "password", "long enough")).statusCode());
      }
      List<Integer> statuses = new ArrayList<>();
      for (Future<Integer> status : pool.invokeAll(creates)) {
        statuses.add(status.get());
      }
      assertEquals(1, statuses.stream().filter(s -> s == 201).count(), statuses.toString());
      assertEquals(parallel - 1, statuses.stream().filter(s -> s == 409).count(), statuses.toString());
      assertEquals(1, tenant.users().size());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void missingExpiredForgedOrForeignTokensAre401() {
    String path = "/api/v2/users";
    assertError(http.get(path), 401, "invalid_token");
    assertTrue(http.get(path).headers().firstValue("WWW-Authenticate").isPresent());
    List<String> bad = List.of(
        "not-a-jwt",
        tenant.token().audience(tenant.usersAudience()).scope("read:users").expiresAt(Instant.now().minusSeconds(5)).sign(),
        tenant.token().audience(tenant.usersAudience()).scope("read:users").notBefore(Instant.now().plusSeconds(600)).sign(),
        tenant.token().audience(tenant.usersAudience()).scope("read:users").withoutClaim("exp").sign(),
        tenant.token().audience(tenant.usersAudience()).scope("read:users").signWithForeignKey(),
        tenant.token().audience(tenant.usersAudience()).scope("read:users").unsigned(),
        tenant.token().audience(tenant.usersAudience()).scope("read:users").hmacWithPublicKey(),
        tenant.token().audience(tenant.usersAudience()).scope("read:users").issuer("https://other.example/").sign(),
        tenant.token().scope("read:users").sign());
    for (String jwt : bad) {
      assertError(http.send(http.request(path).header("Authorization", "Bearer " + jwt).GET()), 401, "invalid_token");
    }
    String good = tenant.token().audience("x", tenant.usersAudience()).scope("read:users").sign();
    assertEquals(200, http.send(http.request(path).header("Authorization", "bearer " + good).GET()).statusCode());
    String retiredKid = tenant.keys().current();
    tenant.keys().rotate(SigningAlgorithm.ES256);
    tenant.keys().retire(retiredKid);
    assertError(http.send(authed(path).GET()), 401, "invalid_token");
  }

  @Test
  void machineTokensSayWhatIsWrongWithTheirExpiryAndRefuseOtherTypesAndCrit() {
    Map<String, TokenBuilder> refused = new java.util.LinkedHashMap<>();
    refused.put("Invalid token: exp is missing", machineToken().withoutClaim("exp"));
    refused.put("Invalid token: exp is not a number", machineToken().claim("exp", "tomorrow"));
    refused.put("Expired token", machineToken().expiresAt(Instant.now().minusSeconds(5)));
    refused.put("Invalid token: typ must be JWT or at+jwt", machineToken().header("typ", "JOSE"));
    refused.put("Invalid token: the header has crit, which this tenant does not support",
        machineToken().header("crit", List.of("exp")).header("exp", 1));
    refused.forEach((message, jwt) -> {
      HttpResponse<String> response = http.send(http.request("/api/v2/users")
          .header("Authorization", "Bearer " + jwt.sign()).GET());
      assertError(response, 401, "invalid_token");
      assertEquals(message, Http.json(response).get("message").asText());
    });
    for (String typ : List.of("at+jwt", "application/at+jwt", "jwt")) {
      String jwt = machineToken().header("typ", typ).sign();
      assertEquals(200, http.send(http.request("/api/v2/users").header("Authorization", "Bearer " + jwt).GET())
          .statusCode(), typ);
    }
  }

  private TokenBuilder machineToken() {
    return tenant.token().audience(tenant.usersAudience()).scope("read:users");
  }

  @Test
  void everyCallNeedsItsOwnScope() {
    String id = createdId("scoped@example.com");
    Map<String, HttpRequest.Builder> calls = new java.util.LinkedHashMap<>();
    for (String scope : List.of("read:users", "create:users", "update:users", "delete:users")) {
      String others = String.join(" ", List.of("read:users", "create:users", "update:users", "delete:users")
          .stream().filter(s -> !s.equals(scope)).toArray(String[]::new));
      String lacking = tenant.token().audience(tenant.usersAudience()).scope(others).expiresIn(Duration.ofMinutes(1)).sign();
      String enc = "/api/v2/users/" + Http.encode(id);
      HttpRequest.Builder call;
      switch (scope) {
        case "read:users": call = http.request(enc).GET(); break;
        case "create:users": call = http.request("/api/v2/users").header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"n@e.w\",\"password\":\"long enough\"}")); break;
        case "update:users": call = http.request(enc).header("Content-Type", "application/json")
            .method("PATCH", HttpRequest.BodyPublishers.ofString("{}")); break;
        default: call = http.request(enc).DELETE();
      }
      HttpResponse<String> response = http.send(call.header("Authorization", "Bearer " + lacking));
      assertError(response, 403, "insufficient_scope");
      assertTrue(Http.json(response).get("message").asText().contains(scope));
      calls.put(scope, call);
    }
    String listLacking = tenant.token().audience(tenant.usersAudience()).scope("create:users").sign();
    assertError(http.send(http.request("/api/v2/users").header("Authorization", "Bearer " + listLacking).GET()),
        403, "insufficient_scope");
    assertEquals(4, calls.size());
    assertEquals(200, get(id).statusCode(), "the user is untouched by refused calls");
  }

  @Test
  void unknownRoutesAndMethodsAnswerJsonErrors() {
    assertError(http.send(authed("/api/v2/users").method("PUT", HttpRequest.BodyPublishers.noBody())), 405, "method_not_allowed");
    assertError(http.get("/api/v2/roles"), 404, "not_found");
    assertError(http.send(authed("/api/v2/users/a/b").GET()), 404, "not_found");
  }

  private static List<String> emails(HttpResponse<String> response) {
    assertEquals(200, response.statusCode(), response.body());
    List<String> emails = new ArrayList<>();
    Http.json(response).forEach(user -> emails.add(user.get("email").asText()));
    return emails;
  }

  static void assertError(HttpResponse<String> response, int status, String errorCode) {
    assertEquals(status, response.statusCode(), response.body());
    assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
    JsonNode body = Http.json(response);
    assertEquals(status, body.get("statusCode").asInt());
    assertTrue(body.get("error").isTextual() && !body.get("error").asText().isEmpty());
    assertTrue(body.get("message").isTextual() && !body.get("message").asText().isEmpty());
    assertEquals(errorCode, body.get("errorCode").asText());
    if (errorCode.equals("invalid_body")) {
      assertTrue(body.get("message").asText().startsWith("Payload validation error: "), "one form: " + body);
    }
  }
}
