package dev.protekt.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Calls the example service over real HTTP, as a user's client would. Every answer it returns has
 * already been checked for the rules every answer of the example obeys: a JSON body, and for an
 * error, {@code error} and {@code error_description} strings and nothing that betrays the server's
 * insides (an exception class, a stack frame). So every error a test provokes checks those rules,
 * without each test repeating them.
 */
final class ServiceClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String baseUrl;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  ServiceClient(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  /** What the service answered, its body parsed. */
  record Answer(int status, HttpResponse<String> response, JsonNode json) {
    Optional<String> header(String name) {
      return response.headers().firstValue(name);
    }

    /** The {@code error} code of an error body. */
    String error() {
      return json.path("error").asText();
    }

    @Override
    public String toString() {
      return status + " " + response.body();
    }
  }

  Answer get(String path) {
    return send("GET", path, null, null);
  }

  Answer get(String path, String authorization) {
    return send("GET", path, authorization, null);
  }

  Answer post(String path, String authorization, String body) {
    return send("POST", path, authorization, body);
  }

  /**
   * Sends one request, with a JSON body declared {@code application/json}.
   *
   * @param authorization the whole {@code Authorization} header value, or {@code null} for none
   * @param body a JSON body, or {@code null} for none
   */
  Answer send(String method, String path, String authorization, String body) {
    return send(method, path, authorization,
        body == null ? List.of() : List.of("application/json"), body);
  }

  /**
   * Sends one request whose body is declared with one {@code Content-Type} header per element of
   * {@code contentTypes}.
   */
  Answer send(String method, String path, String authorization, List<String> contentTypes,
      String body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
        .timeout(Duration.ofSeconds(15))
        .method(method, body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    contentTypes.forEach(type -> request.header("Content-Type", type));
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + path + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    Answer answer = new Answer(response.statusCode(), response, parse(method, path, response));
    if (answer.status() >= 400) {
      checkErrorBody(method + " " + path, answer);
    }
    return answer;
  }

  private static JsonNode parse(String method, String path, HttpResponse<String> response) {
    String what = method + " " + path + " -> " + response.statusCode();
    assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
        what + ": Content-Type " + response.headers().firstValue("Content-Type"));
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      return fail(what + ": the body is not JSON: " + response.body());
    }
  }

  private static void checkErrorBody(String what, Answer answer) {
    JsonNode json = answer.json();
    assertTrue(json.isObject(), what + ": error body is not an object: " + answer);
    assertTrue(json.path("error").isTextual() && !json.path("error").asText().isBlank(),
        what + ": no error code: " + answer);
    assertTrue(json.path("error_description").isTextual()
        && !json.path("error_description").asText().isBlank(), what + ": no description: " + answer);
    String body = answer.response().body();
    for (String leak : new String[] {"Exception", "at dev.", "at java.", "\tat ", "Caused by"}) {
      assertFalse(body.contains(leak), what + ": the body leaks '" + leak + "': " + body);
    }
  }

  /** Asserts the status, showing the whole answer when it differs. */
  static Answer expect(int status, Answer answer) {
    assertEquals(status, answer.status(), () -> "unexpected answer: " + answer);
    return answer;
  }
}
