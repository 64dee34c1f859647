package dev.protekt.testing.internal;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An answer of the tenant before it is written.
 *
 * @param status the HTTP status
 * @param headers the headers besides {@code Content-Type}
 * @param contentType the body's media type, {@code null} without a body
 * @param body the body, {@code null} for none
 */
public record Response(int status, Map<String, String> headers, String contentType, byte[] body) {
  /**
   * @param status the status
   * @param body a JSON-able value
   * @return a JSON answer
   */
  public static Response json(int status, Object body) {
    return new Response(status, new LinkedHashMap<>(), "application/json; charset=utf-8", Json.bytes(body));
  }

  /**
   * @param status the status
   * @return an answer without a body
   */
  public static Response empty(int status) {
    return new Response(status, new LinkedHashMap<>(), null, null);
  }

  /**
   * @param error an error
   * @return its JSON answer with its headers
   */
  public static Response of(ApiError error) {
    Response response = json(error.status(), error.body());
    response.headers().putAll(error.headers());
    return response;
  }

  /**
   * @param status the status
   * @param headers the headers
   * @param text the body as is
   * @return an answer with a body a test chose
   */
  public static Response raw(int status, Map<String, String> headers, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    boolean json = text.startsWith("{") || text.startsWith("[");
    return new Response(status, new LinkedHashMap<>(headers),
        bytes.length == 0 ? null : json ? "application/json; charset=utf-8" : "text/plain; charset=utf-8",
        bytes.length == 0 ? null : bytes);
  }
}
