package dev.protekt.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code POST /oauth/token} as the contract describes it, over real HTTP. */
@ExtendWith(LocalTenantExtension.class)
class TokenEndpointContractTest {
  private final LocalTenant tenant;
  private final Http http;

  TokenEndpointContractTest(LocalTenant tenant) {
    this.tenant = tenant;
    this.http = new Http(tenant);
  }

  private Map<String, String> credentials(String audience) {
    return Map.of("grant_type", "client_credentials", "client_id", tenant.clientId(),
        "client_secret", tenant.clientSecret(), "audience", audience);
  }

  @Test
  void jsonBodyGetsASignedMachineTokenWithEveryUsersScope() throws Exception {
    HttpResponse<String> response = http.postJson("/oauth/token", credentials(tenant.usersAudience()));
    assertEquals(200, response.statusCode());
    JsonNode body = Http.json(response);
    assertEquals("Bearer", body.get("token_type").asText());
    assertEquals(86400, body.get("expires_in").asInt());
    assertEquals("read:users create:users update:users delete:users", body.get("scope").asText());
    SignedJWT jwt = SignedJWT.parse(body.get("access_token").asText());
    RSAKey key = (RSAKey) JWKSet.parse(http.get("/.well-known/jwks.json").body()).getKeyByKeyId(jwt.getHeader().getKeyID());
    assertTrue(jwt.verify(new RSASSAVerifier(key)));
    assertEquals(tenant.clientId() + "@clients", jwt.getJWTClaimsSet().getSubject());
    assertEquals(List.of(tenant.usersAudience()), jwt.getJWTClaimsSet().getAudience());
    assertEquals(tenant.issuer(), jwt.getJWTClaimsSet().getIssuer());
    assertEquals(tenant.clientId(), jwt.getJWTClaimsSet().getStringClaim("azp"));
  }

  @Test
  void formBodyAndBasicAuthWorkToo() {
    String form = "grant_type=client_credentials&client_id=" + Http.encode(tenant.clientId())
        + "&client_secret=" + Http.encode(tenant.clientSecret()) + "&audience=" + Http.encode(tenant.usersAudience())
        + "&scope=read%3Ausers";
    HttpResponse<String> response = http.send(http.request("/oauth/token")
        .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)));
    assertEquals(200, response.statusCode(), response.body());
    assertEquals("read:users", Http.json(response).get("scope").asText());

    String basic = Base64.getEncoder().encodeToString(
        (tenant.clientId() + ":" + tenant.clientSecret()).getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> viaBasic = http.send(http.request("/oauth/token").header("Authorization", "Basic " + basic)
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
            Http.text(Map.of("grant_type", "client_credentials", "audience", tenant.usersAudience())))));
    assertEquals(200, viaBasic.statusCode(), viaBasic.body());
  }

  @Test
  void wrongCredentialsAre401AccessDenied() {
    Map<String, String> wrongSecret = new java.util.HashMap<>(credentials(tenant.usersAudience()));
    wrongSecret.put("client_secret", "nope");
    assertOauthError(http.postJson("/oauth/token", wrongSecret), 401, "access_denied", "Unauthorized");
    Map<String, String> unknownClient = new java.util.HashMap<>(credentials(tenant.usersAudience()));
    unknownClient.put("client_id", "nobody");
    assertOauthError(http.postJson("/oauth/token", unknownClient), 401, "access_denied", "Unauthorized");
  }

  @Test
  void audienceTheClientMayNotUseIs403UnauthorizedClient() {
    assertOauthError(http.postJson("/oauth/token", credentials("https://elsewhere.example/")), 403, "unauthorized_client", null);
  }

  @Test
  void registeredClientsGetOnlyTheirGrants() throws Exception {
    tenant.registerClient("reader", "reader-secret-123", tenant.usersAudience(), "read:users");
    HttpResponse<String> response = http.postJson("/oauth/token", Map.of("grant_type", "client_credentials",
        "client_id", "reader", "client_secret", "reader-secret-123", "audience", tenant.usersAudience()));
    assertEquals(200, response.statusCode());
    assertEquals("read:users", Http.json(response).get("scope").asText());
    HttpResponse<String> more = http.postJson("/oauth/token", Map.of("grant_type", "client_credentials",
        "client_id", "reader", "client_secret", "reader-secret-123", "audience", tenant.usersAudience(),
        "scope", "read:users delete:users"));
    assertEquals(200, more.statusCode(), "a scope not granted is left out, as RFC 6749 section 3.3 allows");
    assertEquals("read:users", Http.json(more).get("scope").asText());
    try (LocalTenant other = LocalTenant.builder().clientId("main").clientSecret("main-secret")
        .usersClient("creator", "creator-secret", "create:users").client("api", "api-secret", "https://api.example/", "read:posts")
        .start()) {
      Http otherHttp = new Http(other);
      assertEquals("main", other.clientId());
      HttpResponse<String> creator = otherHttp.postJson("/oauth/token", Map.of("grant_type", "client_credentials",
          "client_id", "creator", "client_secret", "creator-secret", "audience", other.usersAudience()));
      assertEquals("create:users", Http.json(creator).get("scope").asText());
      HttpResponse<String> api = otherHttp.postJson("/oauth/token", Map.of("grant_type", "client_credentials",
          "client_id", "api", "client_secret", "api-secret", "audience", "https://api.example/"));
      assertEquals("read:posts", Http.json(api).get("scope").asText());
    }
  }

  @Test
  void malformedRequestsAre400() {
    assertOauthError(http.postJson("/oauth/token", Map.of("client_id", "x")), 400, "invalid_request", null);
    assertOauthError(http.postJson("/oauth/token", Map.of("grant_type", "password")), 400, "unsupported_grant_type", null);
    assertOauthError(http.postJson("/oauth/token", "[1,2]"), 400, "invalid_request", null);
    assertOauthError(http.postJson("/oauth/token", "{not json"), 400, "invalid_request", null);
    HttpResponse<String> text = http.send(http.request("/oauth/token").header("Content-Type", "text/plain")
        .POST(HttpRequest.BodyPublishers.ofString("hi")));
    assertOauthError(text, 400, "invalid_request", null);
    assertEquals(405, http.get("/oauth/token").statusCode());
  }

  @Test
  void repeatedParametersAndTwoSetsOfCredentialsAre400() {
    String form = "grant_type=client_credentials&client_id=" + Http.encode(tenant.clientId())
        + "&client_secret=wrong&client_secret=" + Http.encode(tenant.clientSecret())
        + "&audience=" + Http.encode(tenant.usersAudience());
    assertOauthError(post("application/x-www-form-urlencoded", form), 400, "invalid_request",
        "Parameter client_secret is repeated.");
    String json = "{\"grant_type\":\"client_credentials\",\"client_id\":\"" + tenant.clientId()
        + "\",\"client_secret\":\"wrong\",\"client_secret\":\"" + tenant.clientSecret()
        + "\",\"audience\":\"" + tenant.usersAudience() + "\"}";
    assertOauthError(post("application/json", json), 400, "invalid_request", null);

    String basic = Base64.getEncoder().encodeToString(
        (tenant.clientId() + ":" + tenant.clientSecret()).getBytes(StandardCharsets.UTF_8));
    for (Map<String, String> body : List.of(
        Map.of("grant_type", "client_credentials", "client_id", "other", "audience", tenant.usersAudience()),
        Map.of("grant_type", "client_credentials", "client_secret", "bad", "audience", tenant.usersAudience()))) {
      HttpResponse<String> twice = http.send(http.request("/oauth/token").header("Authorization", "Basic " + basic)
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(Http.text(body))));
      assertOauthError(twice, 400, "invalid_request", null);
    }
  }

  @Test
  void jsonIsReadStrictlyAndOnlyAsApplicationJson() {
    String good = Http.text(credentials(tenant.usersAudience()));
    assertEquals(200, post("application/json; charset=UTF-8", good).statusCode());
    assertOauthError(post("application/json", good + " {}"), 400, "invalid_request",
        "The body goes on after its JSON value.");
    assertOauthError(post("application/json", good + " xyz"), 400, "invalid_request", null);
    assertOauthError(post("application/jsonx", good), 400, "invalid_request", null);
    assertOauthError(post("application/json-patch+json", good), 400, "invalid_request", null);
    assertOauthError(post("application/x-www-form-urlencodedx", "grant_type=client_credentials"), 400,
        "invalid_request", null);
  }

  @Test
  void unreadableBodiesSayWhatIsWrongWithThem() {
    byte[] latin1 = "grant_type=client_credentials&client_id=Jos\u00e9".getBytes(StandardCharsets.ISO_8859_1);
    HttpResponse<String> form = http.send(http.request("/oauth/token")
        .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofByteArray(latin1)));
    assertOauthError(form, 400, "invalid_request",
        "The body is not valid UTF-8 (byte 0xE9 at offset 43): the tenant reads bodies as UTF-8 only.");
    for (String broken : List.of("grant_type=%zz", "grant_type=client_credentials&client_id=Jos%E9")) {
      assertOauthError(post("application/x-www-form-urlencoded", broken), 400, "invalid_request",
          "The form body is not properly URL-encoded UTF-8.");
    }
    assertOauthError(post("application/json", "{\"grant_type\":\"client_credentials\",\"client_id\":\"\\ud800\"}"),
        400, "invalid_request", "The body has a lone surrogate \\uD800 in the string at /client_id: "
            + "half a character, not Unicode text.");
    HttpResponse<String> gzip = http.send(http.request("/oauth/token").header("Content-Type", "application/json")
        .header("Content-Encoding", "gzip").POST(HttpRequest.BodyPublishers.ofString("{}")));
    assertOauthError(gzip, 415, "invalid_request", null);
  }

  @Test
  void errorsOfTheTokenEndpointHaveTheOauthShape() {
    HttpResponse<String> get = http.get("/oauth/token");
    assertOauthError(get, 405, "invalid_request", null);
    assertEquals("POST", get.headers().firstValue("Allow").orElse(""));
    HttpResponse<String> huge = post("application/json", "a".repeat((1 << 20) + 1));
    assertOauthError(huge, 413, "invalid_request", "The body exceeds 1 MiB.");
  }

  private HttpResponse<String> post(String contentType, String body) {
    return http.send(http.request("/oauth/token").header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  private static void assertOauthError(HttpResponse<String> response, int status, String error, String description) {
    assertEquals(status, response.statusCode(), response.body());
    assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
    JsonNode body = Http.json(response);
    assertEquals(error, body.get("error").asText());
    assertTrue(body.get("error_description").isTextual());
    assertEquals(2, body.size(), () -> "only error and error_description: " + body);
    if (description != null) {
      assertEquals(description, body.get("error_description").asText());
    }
  }
}
