package com.example.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.protekt.testing.LocalTenant;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The application on a real port, against a local tenant on 127.0.0.1. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PostsApplicationTest {
  private static final LocalTenant TENANT = LocalTenant.start();
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  @Value("${local.server.port}")
  int port;

  @DynamicPropertySource
  static void protekt(DynamicPropertyRegistry registry) {  // in production: application.properties
    registry.add("protekt.domain", TENANT::domain);
    registry.add("protekt.audience", TENANT::apiAudience);
    registry.add("protekt.client-id", TENANT::clientId);
    registry.add("protekt.client-secret", TENANT::clientSecret);
  }

  @AfterAll
  static void stopTenant() {
    TENANT.close();
  }

  @Test
  void anyoneSeesHealth() throws Exception {
    assertEquals(200, get("/api/health", null).statusCode());
  }

  @Test
  void aCallerWithoutATokenIsChallenged() throws Exception {
    HttpResponse<String> response = get("/api/profile", null);

    assertEquals(401, response.statusCode());
    assertTrue(response.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
  }

  @Test
  void aReaderReadsPostsButIsNoAdmin() throws Exception {
    String token = TENANT.token().subject("protekt|bob").permissions("read:posts").sign();

    HttpResponse<String> posts = get("/api/posts", token);
    assertEquals(200, posts.statusCode());
    assertTrue(posts.body().contains("\"title\":\"Hello\""), posts.body());
    HttpResponse<String> post = get("/api/posts/Hello", token);
    assertEquals(200, post.statusCode(), post.body());
    assertEquals(404, get("/api/posts/Goodbye", token).statusCode());
    assertEquals(403, get("/api/admin", token).statusCode());
  }

  @Test
  void anAdminIsLetIn() throws Exception {
    String token = TENANT.token().subject("protekt|ada").roles("admin").sign();

    HttpResponse<String> admin = get("/api/admin", token);
    assertEquals(200, admin.statusCode());
    assertTrue(admin.body().contains("protekt|ada"), admin.body());
  }

  private HttpResponse<String> get(String path, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
