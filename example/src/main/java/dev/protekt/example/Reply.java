package dev.protekt.example;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a handler answers: a status and a body that the server writes as JSON.
 *
 * @param status the HTTP status
 * @param body a JSON-serializable value (maps, lists, strings, numbers, or Jackson-annotated types)
 */
public record Reply(int status, Object body) {
  /** 200 with this body. */
  public static Reply ok(Object body) {
    return new Reply(200, body);
  }

  /** 201 with this body. */
  public static Reply created(Object body) {
    return new Reply(201, body);
  }

  /** An error answer with the JSON shape every error of the example uses. */
  public static Reply error(int status, String error, String description) {
    // Ordered like the SDK's own error bodies, error first.
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", error);
    body.put("error_description", description);
    return new Reply(status, body);
  }
}
