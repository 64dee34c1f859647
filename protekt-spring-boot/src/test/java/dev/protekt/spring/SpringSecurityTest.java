package dev.protekt.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.protekt.spring.secured.SecuredApplication;
import dev.protekt.testing.LocalTenant;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A Spring Security resource server using Protekt as its JwtDecoder, on a real port, with tokens of
 * the local tenant: Spring's own 401 and 403 answers (RFC 6750), {@code @PreAuthorize} on the
 * authorities mapped from roles and permissions, and a generated guard behind the same chain.
 */
@SpringBootTest(classes = SecuredApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SpringSecurityTest {
  static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final LocalTenant TENANT = LocalTenant.start();

  @LocalServerPort
  int port;

  @Autowired
  MeterRegistry registry;

  @DynamicPropertySource
  static void protekt(DynamicPropertyRegistry registry) {
    registry.add("protekt.domain", TENANT::domain);
    registry.add("protekt.audience", TENANT::apiAudience);
    registry.add("protekt.retry-attempts", () -> "0");
    registry.add("protekt.realm", () -> "reports");
    // The first key fetch of a cold JVM on a busy machine can take seconds.
    registry.add("protekt.key-fetch-wait", () -> "30");
  }

  @AfterAll
  static void stopTenant() {
    TENANT.close();
  }

  @Test
  void aRequestWithoutATokenIsChallenged() throws Exception {
    HttpResponse<String> r = get("/me", null);

    assertThat(r.statusCode()).isEqualTo(401);
    // RFC 6750 3.1: no error code when the request carried no token (Spring Security 7 also names
    // its RFC 9728 resource metadata).
    assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow())
        .startsWith("Bearer").doesNotContain("error=");
  }

  @Test
  void anInvalidTokenIsRefusedWithTheFixedDescriptionOfItsReason() throws Exception {
    String wrongKid = TENANT.token().header("kid", "kid-the-caller-made-up").sign();

    assertInvalid(get("/me", "not-a-jwt"), "The access token is malformed.");
    assertInvalid(get("/me", TENANT.token().signWithForeignKey()),
        "The access token's signature is invalid.");
    HttpResponse<String> r = get("/me", wrongKid);
    assertInvalid(r, "The access token is signed with an unknown key.");
    assertThat(r.headers().allValues("WWW-Authenticate").toString())
        .doesNotContain("kid-the-caller-made-up");
  }

  @Test
  void anExpiredTokenIsRefused() throws Exception {
    String expired = TENANT.token().expiresAt(Instant.now().minus(Duration.ofHours(1))).sign();

    assertInvalid(get("/me", expired), "The access token expired.");
  }

  @Test
  void aTokenForAnotherApiIsRefused() throws Exception {
    String other = TENANT.token().audience("https://other.example.com").sign();

    assertInvalid(get("/me", other), "The access token is not meant for this API.");
  }

  @Test
  void aValidTokenReachesTheControllerAsAProtektJwt() throws Exception {
    String token = TENANT.token().subject("protekt|ada").roles("editor").sign();

    HttpResponse<String> r = get("/me", token);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.body()).contains("\"sub\":\"protekt|ada\"").contains("\"roles\":[\"editor\"]");
  }

  @Test
  void preAuthorizeSeesPermissionsAndScopesAsScopeAuthorities() throws Exception {
    assertThat(get("/posts", TENANT.token().permissions("read:posts").sign()).statusCode())
        .isEqualTo(200);
    assertThat(get("/posts", TENANT.token().scope("read:posts").sign()).statusCode())
        .isEqualTo(200);

    assertInsufficientScope(get("/posts", TENANT.token().permissions("write:posts").sign()));
    // A role of the same name is not a permission.
    assertInsufficientScope(get("/posts", TENANT.token().roles("read:posts").sign()));
  }

  @Test
  void preAuthorizeSeesRolesAsRoleAuthorities() throws Exception {
    assertThat(get("/admin", TENANT.token().roles("admin").sign()).statusCode()).isEqualTo(200);

    assertInsufficientScope(get("/admin", TENANT.token().roles("editor").sign()));
    assertInsufficientScope(get("/admin", TENANT.token().permissions("admin").sign()));
  }

  @Test
  void aGeneratedGuardWorksBehindTheSameChain() throws Exception {
    HttpResponse<String> ok = get("/reports", TENANT.token().subject("protekt|eve")
        .roles("auditor").sign());
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    assertThat(ok.body()).contains("protekt|eve");

    HttpResponse<String> forbidden = get("/reports", TENANT.token().roles("editor").sign());
    assertThat(forbidden.statusCode()).isEqualTo(403);
    assertThat(forbidden.headers().firstValue("WWW-Authenticate").orElseThrow())
        .startsWith("Bearer realm=\"reports\", error=\"insufficient_scope\"")
        .endsWith(", error_description=\"Requires the role auditor.\"");  // a role is no scope

    // Spring Security refuses before the guard is reached.
    assertThat(get("/reports", null).statusCode()).isEqualTo(401);
  }

  @Test
  void theAuthorizationHeaderIsReadAsTheRestOfTheSdkReadsIt() throws Exception {
    String admin = TENANT.token().roles("admin").sign();
    String editor = TENANT.token().roles("editor").sign();

    // Two headers are no token, whichever comes first: a proxy may have checked the other one.
    // They are an invalid request (400), as the Protekt filter answers them.
    Map<String, List<String>> cases = Map.of(
        "admin, editor", List.of("Bearer " + admin, "Bearer " + editor),
        "editor, admin", List.of("Bearer " + editor, "Bearer " + admin),
        "admin, garbage", List.of("Bearer " + admin, "garbage"));
    for (Map.Entry<String, List<String>> headers : cases.entrySet()) {
      HttpResponse<String> r = send("/admin", headers.getValue());
      assertThat(r.statusCode()).as(headers.getKey()).isEqualTo(400);
      assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow())
          .startsWith("Bearer").contains("error=\"invalid_request\"",
              "error_description=\"Several Authorization headers were sent: send one,"
                  + " 'Authorization: Bearer <token>'.\"");
    }
    // No header is no token, challenged without an error code.
    HttpResponse<String> none = send("/admin", List.of());
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.headers().firstValue("WWW-Authenticate").orElseThrow())
        .startsWith("Bearer").doesNotContain("error=");
    // The scheme in any case, and spaces around the token, as the Protekt filter takes them.
    assertThat(send("/admin", List.of("bearer " + admin)).statusCode()).isEqualTo(200);
    assertThat(send("/admin", List.of("Bearer  " + admin)).statusCode()).isEqualTo(200);
  }

  @Test
  void theClientsMetersAreInTheApplicationsRegistry() throws Exception {
    double refusedBefore = registry.find("protekt.tokens.refused").tag("reason", "expired")
        .counters().stream().mapToDouble(Counter::count).sum();
    String expired = TENANT.token().expiresAt(Instant.now().minus(Duration.ofHours(1))).sign();

    assertThat(get("/me", expired).statusCode()).isEqualTo(401);

    assertThat(registry.get("protekt.tokens.refused").tag("reason", "expired").counter().count())
        .isEqualTo(refusedBefore + 1);
  }

  private static void assertInvalid(HttpResponse<String> r, String description) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(401);
    assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow())
        .startsWith("Bearer error=\"invalid_token\"")
        .contains("error_description=\"" + description + "\"");
  }

  private static void assertInsufficientScope(HttpResponse<String> r) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
    assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow())
        .startsWith("Bearer error=\"insufficient_scope\"");
  }

  /** One component of an {@code /actuator/health} answer. */
  static Map<String, Object> component(HttpResponse<String> health, String name)
      throws IOException {
    return object(object(JSON.readValue(health.body(), Map.class).get("components")).get(name));
  }

  /** A JSON object as Jackson reads it. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> object(Object json) {
    return (Map<String, Object>) json;
  }

  private HttpResponse<String> get(String path, String token)
      throws IOException, InterruptedException {
    return get(port, path, token);
  }

  /** {@code GET path} with an {@code Authorization} header for each of {@code authorization}. */
  private HttpResponse<String> send(String path, List<String> authorization)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10));
    authorization.forEach(value -> request.header("Authorization", value));
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** {@code GET path} on {@code port}, with {@code token} as the bearer token unless null. */
  static HttpResponse<String> get(int port, String path, String token)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
