package dev.protekt.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.protekt.testing.LocalTenant;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The HTTP behaviour every Protekt adapter owes its clients (RFC 6750), checked over real HTTP
 * against a running service. A service under test serves, behind generated guards:
 * {@code GET /api/health} (public), {@code /api/profile} (any valid token; answers the current
 * user's {@code sub} and {@code roles}), {@code /api/admin} (role {@code admin}; answers {@code
 * admin}: the subject), {@code /api/posts} (permission {@code read:posts}), and {@code
 * /outage/profile} (guarded by a client whose tenant is gone).
 */
public abstract class GuardedServiceContract {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** The tenant whose tokens the service accepts. */
  protected abstract LocalTenant tenant();

  /** Where the service listens, such as {@code http://127.0.0.1:8080}. */
  protected abstract String baseUrl();

  /** The realm the service names in its challenges. */
  protected abstract String realm();

  @Test
  void publicHandlerNeedsNoToken() throws Exception {
    HttpResponse<String> r = get("/api/health", null);

    assertEquals(200, r.statusCode());
    assertEquals("ok", json(r).get("status"));
  }

  @Test
  void validTokenReachesTheHandlerWhichSeesTheCurrentUser() throws Exception {
    String token = tenant().token().subject("protekt|alice").roles("editor").sign();

    HttpResponse<String> r = get("/api/profile", "Bearer " + token);

    assertEquals(200, r.statusCode(), r.body());
    assertEquals("protekt|alice", json(r).get("sub"));
    assertEquals(List.of("editor"), json(r).get("roles"));
  }

  @Test
  void theBearerSchemeIsCaseInsensitive() throws Exception {
    String token = tenant().token().subject("protekt|alice").sign();

    assertEquals(200, get("/api/profile", "bEaReR " + token).statusCode());
  }

  @Test
  void missingTokenIs401WithABearerChallenge() throws Exception {
    HttpResponse<String> r = get("/api/profile", null);

    assertEquals(401, r.statusCode(), r.body());
    assertEquals("Bearer realm=\"" + realm() + "\"", challenge(r));
    assertEquals("unauthorized", json(r).get("error"));
    assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
  }

  @Test
  void severalAuthorizationHeadersAreNoTokenAnsweredAs400InvalidRequest() throws Exception {
    // Which one the client meant is unknowable, and a proxy in front may have checked the other,
    // so neither is taken; but the client did send a token, so the answer says what is wrong
    // rather than ask for one (RFC 6750 section 3.1).
    String token = tenant().token().subject("protekt|alice").sign();
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + "/api/profile"))
        .header("Authorization", "Bearer " + token)
        .header("Authorization", "Bearer " + token);

    HttpResponse<String> r = send(request.build());

    assertEquals(400, r.statusCode(), r.body());
    String description =
        "Several Authorization headers were sent: send one, 'Authorization: Bearer <token>'.";
    assertEquals("Bearer realm=\"" + realm() + "\", error=\"invalid_request\","
        + " error_description=\"" + description + "\"", challenge(r));
    assertEquals(Map.of("error", "invalid_request", "error_description", description), json(r));
    // A public handler needs no token, so it is not refused for carrying two.
    HttpResponse<String> health = send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/health"))
        .header("Authorization", "Bearer " + token).header("Authorization", "Bearer x").build());
    assertEquals(200, health.statusCode(), health.body());
  }

  /**
   * Two headers a proxy merged into one (RFC 9110 joins repeated fields with a comma): the client
   * sent a token, so it is refused as malformed rather than asked for one, and never taken.
   */
  @Test
  void twoTokensJoinedInOneHeaderAre401InvalidToken() throws Exception {
    String token = tenant().token().subject("protekt|alice").roles("admin").sign();

    HttpResponse<String> r = get("/api/admin", "Bearer " + token + ", Bearer " + token);

    assertEquals(401, r.statusCode(), r.body());
    assertEquals("invalid_token", json(r).get("error"));
    assertTrue(challenge(r).contains("error=\"invalid_token\""), challenge(r));
  }

  @Test
  void anotherSchemeCountsAsNoToken() throws Exception {
    assertEquals(401, get("/api/profile", "Basic dXNlcjpwYXNz").statusCode());
  }

  /**
   * RFC 6750: a valid token sent without the Bearer scheme, or not as its one credential, is no
   * token at all: 401 with a bare challenge, never the token's user.
   */
  @Test
  void aTokenWithoutTheBearerSchemeIs401WithABareChallenge() throws Exception {
    String token = tenant().token().subject("protekt|alice").roles("admin").sign();

    for (String authorization : List.of(token, "Token " + token, "Bearer" + token,
        "Bearer " + token + " " + token)) {
      for (String path : List.of("/api/profile", "/api/admin")) {
        HttpResponse<String> r = get(path, authorization);

        assertEquals(401, r.statusCode(), path + " " + r.body());
        assertEquals("Bearer realm=\"" + realm() + "\"", challenge(r));
        assertEquals("unauthorized", json(r).get("error"));
      }
    }
  }

  /**
   * A header far past the container's limit is answered, not reset: the container refuses it
   * before any filter runs (Jetty 431, Tomcat 400), in its own format; the README says so.
   */
  @Test
  void aOneMegabyteHeaderIsAnsweredNotReset() throws Exception {
    HttpResponse<String> r = get("/api/profile", "Bearer " + "a".repeat(1_000_000));

    assertTrue(r.statusCode() == 431 || r.statusCode() == 400, r.statusCode() + " " + r.body());
  }

  @Test
  void tokenSignedByAnotherKeyIs401InvalidToken() throws Exception {
    String forged = tenant().token().subject("protekt|mallory").roles("admin").signWithForeignKey();

    HttpResponse<String> r = get("/api/admin", "Bearer " + forged);

    assertEquals(401, r.statusCode(), r.body());
    assertTrue(challenge(r).startsWith("Bearer realm=\"" + realm() + "\", error=\"invalid_token\","
        + " error_description=\""), challenge(r));
    assertEquals("invalid_token", json(r).get("error"));
  }

  @Test
  void expiredTokenIs401InvalidTokenSayingSo() throws Exception {
    String expired = tenant().token().subject("protekt|alice")
        .issuedAt(Instant.now().minusSeconds(7200)).expiresAt(Instant.now().minusSeconds(3600))
        .sign();

    HttpResponse<String> r = get("/api/profile", "Bearer " + expired);

    assertEquals(401, r.statusCode());
    assertEquals("The access token expired.", json(r).get("error_description"));
    assertTrue(challenge(r).contains("error_description=\"The access token expired.\""));
  }

  @Test
  void garbageTokenIs401InvalidTokenAndNoStackTrace() throws Exception {
    HttpResponse<String> r = get("/api/profile", "Bearer not.a.jwt");

    assertEquals(401, r.statusCode());
    assertEquals("invalid_token", json(r).get("error"));
    assertFalse(r.body().contains("at dev.protekt"), r.body());
  }

  @Test
  void missingRoleIs403NamingTheRole() throws Exception {
    String token = tenant().token().subject("protekt|bob").roles("editor").sign();

    HttpResponse<String> r = get("/api/admin", "Bearer " + token);

    assertEquals(403, r.statusCode(), r.body());
    assertTrue(challenge(r).contains("error=\"insufficient_scope\""), challenge(r));
    // A role is no OAuth scope (RFC 6750 section 3): the description names it, no scope does.
    assertTrue(challenge(r).endsWith(", error_description=\"Requires the role admin.\""),
        challenge(r));
    assertEquals("insufficient_scope", json(r).get("error"));
  }

  @Test
  void roleGrantsAccess() throws Exception {
    String token = tenant().token().subject("protekt|root").roles("admin").sign();

    HttpResponse<String> r = get("/api/admin", "Bearer " + token);

    assertEquals(200, r.statusCode(), r.body());
    assertEquals("protekt|root", json(r).get("admin"));
  }

  @Test
  void missingPermissionIs403NamingThePermission() throws Exception {
    String token = tenant().token().subject("protekt|bob").permissions("write:posts").sign();

    HttpResponse<String> r = get("/api/posts", "Bearer " + token);

    assertEquals(403, r.statusCode(), r.body());
    assertTrue(challenge(r).endsWith("scope=\"read:posts\""), challenge(r));
  }

  @Test
  void permissionGrantsAccess() throws Exception {
    String token = tenant().token().subject("protekt|reader").permissions("read:posts").sign();

    assertEquals(200, get("/api/posts", "Bearer " + token).statusCode());
  }

  @Test
  void unreachableKeysAre503() throws Exception {
    String token = tenant().token().subject("protekt|alice").sign();

    AtomicReference<HttpResponse<String>> answer = new AtomicReference<>();
    String logged = ConsoleCapture.of(() -> answer.set(get("/outage/profile", "Bearer " + token)));
    HttpResponse<String> r = answer.get();

    assertEquals(503, r.statusCode(), r.body());
    assertEquals("temporarily_unavailable", json(r).get("error"));
    assertTrue(r.headers().firstValue("WWW-Authenticate").isEmpty());
    // Every request of an outage is answered so: no WARN and stack trace for each.
    assertFalse(logged.contains("Answered 503"), logged);
    assertFalse(logged.contains("\tat dev.protekt"), logged);
  }

  @Test
  void aCorsPreflightOfAGuardedPathReachesNoGuardAndIsNotChallenged() throws Exception {
    // A preflight carries no Authorization. The framework answers OPTIONS itself, before any
    // guard runs, and the adapter challenges nothing a guard did not refuse.
    HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/profile"))
        .timeout(Duration.ofSeconds(10))
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
        .header("Origin", "https://app.example.com")
        .header("Access-Control-Request-Method", "GET")
        .header("Access-Control-Request-Headers", "authorization")
        .build());

    assertEquals(200, r.statusCode(), r.body());
    assertEquals("<none>", challenge(r));
  }

  /** The domain of a tenant that has been shut down: its keys cannot be had. */
  protected static String goneDomain() {
    try (LocalTenant gone = LocalTenant.start()) {
      return gone.domain();
    }
  }

  /** {@code GET path}, with {@code authorization} as the header when it is not {@code null}. */
  protected HttpResponse<String> get(String path, String authorization)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path))
        .timeout(Duration.ofSeconds(10));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return send(request.build());
  }

  /** Sends a request built by the test. */
  protected static HttpResponse<String> send(HttpRequest request)
      throws IOException, InterruptedException {
    return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** The {@code WWW-Authenticate} header, or {@code <none>}. */
  protected static String challenge(HttpResponse<?> response) {
    return response.headers().firstValue("WWW-Authenticate").orElse("<none>");
  }

  /** The body as a JSON object. */
  protected static Map<?, ?> json(HttpResponse<String> response) throws IOException {
    return JSON.readValue(response.body(), Map.class);
  }
}
