package dev.protekt.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A small real HTTP client over {@code java.net.http} for the contract tests. */
final class Http {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final LocalTenant tenant;
  private final String base;

  Http(LocalTenant tenant) {
    this.tenant = tenant;
    this.base = tenant.domain();
  }

  /** A machine token for the Users API, from the tenant's token endpoint. */
  String machineToken() {
    return json(postJson("/oauth/token", Map.of("grant_type", "client_credentials",
        "client_id", tenant.clientId(), "client_secret", tenant.clientSecret(), "audience", tenant.usersAudience())))
        .get("access_token").asText();
  }

  /** A Users API create of a user with this email and a strong enough password. */
  HttpRequest.Builder createUser(String token, String email) {
    return request("/api/v2/users").header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"" + email + "\",\"password\":\"correct horse\"}"));
  }

  /** A request to a path below the tenant's domain, with a generous timeout so nothing hangs. */
  HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
  }

  HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Sends {@code request} without waiting for its answer, and returns once the tenant has received
   * it (its log holds one more request to {@code path}): sent is not yet received.
   */
  CompletableFuture<HttpResponse<String>> sendUntilReceived(HttpRequest.Builder request, String path)
      throws InterruptedException {
    int before = tenant.requests(path).size();
    CompletableFuture<HttpResponse<String>> answer =
        CLIENT.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
    for (int i = 0; i < 100 && tenant.requests(path).size() == before; i++) {
      TimeUnit.MILLISECONDS.sleep(50);
    }
    if (tenant.requests(path).size() != before + 1) {
      throw new AssertionError("the tenant did not receive the request to " + path + " within 5 s");
    }
    return answer;
  }

  HttpResponse<String> get(String path) {
    return send(request(path).GET());
  }

  HttpResponse<String> postJson(String path, Object body) {
    return send(request(path).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(text(body))));
  }

  static String text(Object body) {
    try {
      return body instanceof String ? (String) body : JSON.writeValueAsString(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode json(HttpResponse<String> response) {
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + response.body(), e);
    }
  }

  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
