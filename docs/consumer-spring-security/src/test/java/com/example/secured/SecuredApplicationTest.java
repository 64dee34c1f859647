package com.example.secured;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.protekt.testing.LocalTenant;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Spring Security with Protekt as its JwtDecoder, on a real port, against a local tenant. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SecuredApplicationTest {
  private static final LocalTenant TENANT = LocalTenant.start();
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  @Value("${local.server.port}")
  int port;

  @DynamicPropertySource
  static void protekt(DynamicPropertyRegistry registry) {  // in production: application.properties
    registry.add("protekt.domain", TENANT::domain);
    registry.add("protekt.audience", TENANT::apiAudience);
  }

  @AfterAll
  static void stopTenant() {
    TENANT.close();
  }

  @Test
  void aCallerWithoutATokenIsChallenged() throws Exception {
    HttpResponse<String> response = get("/posts", null);

    assertEquals(401, response.statusCode());
    // Spring Security 7 adds the RFC 9728 resource_metadata parameter; no error code either way.
    String challenge = response.headers().firstValue("WWW-Authenticate").orElse("");
    assertTrue(challenge.startsWith("Bearer") && !challenge.contains("error="), challenge);
    assertTrue(response.headers().allValues("Set-Cookie").isEmpty(), "no session is opened");
  }

  @Test
  void aPostIsAnsweredOnItsTokenAndOpensNoSession() throws Exception {
    HttpResponse<String> none = send(post("/posts"));
    assertEquals(401, none.statusCode());
    assertTrue(none.headers().allValues("Set-Cookie").isEmpty(), "no session is opened");

    String token = TENANT.token().permissions("read:posts").sign();
    HttpResponse<String> twice = send(post("/posts")
        .header("Authorization", "Bearer " + token).header("Authorization", "Bearer " + token));
    assertEquals(400, twice.statusCode());
    assertTrue(twice.headers().firstValue("WWW-Authenticate").orElse("")
        .contains("error=\"invalid_request\""), twice.headers().toString());
    assertTrue(twice.headers().allValues("Set-Cookie").isEmpty(), "no session is opened");
  }

  @Test
  void anExpiredTokenIsAnInvalidToken() throws Exception {
    String token = TENANT.token().expiresAt(Instant.now().minusSeconds(3600)).sign();

    HttpResponse<String> response = get("/posts", token);
    assertEquals(401, response.statusCode());
    assertTrue(response.headers().firstValue("WWW-Authenticate").orElse("")
        .contains("error=\"invalid_token\""), response.headers().toString());
  }

  @Test
  void aReaderReadsPostsButIsNoAdmin() throws Exception {
    String token = TENANT.token().subject("protekt|bob").permissions("read:posts").sign();

    assertEquals(200, get("/posts", token).statusCode());
    HttpResponse<String> admin = get("/admin", token);
    assertEquals(403, admin.statusCode());
    assertTrue(admin.headers().firstValue("WWW-Authenticate").orElse("")
        .contains("error=\"insufficient_scope\""), admin.headers().toString());
  }

  @Test
  void anAdminIsLetInAndSeesWhoItIs() throws Exception {
    String token = TENANT.token().subject("protekt|ada").roles("admin").sign();

    assertEquals(200, get("/admin", token).statusCode());
    HttpResponse<String> me = get("/me", token);
    assertEquals(200, me.statusCode());
    assertTrue(me.body().contains("protekt|ada") && me.body().contains("admin"), me.body());
  }

  private HttpResponse<String> get(String path, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return send(request);
  }

  private HttpRequest.Builder post(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .POST(HttpRequest.BodyPublishers.ofString("{}"));
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
