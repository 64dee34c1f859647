package dev.protekt.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import okhttp3.ResponseBody;

/**
 * Reads the tenant's error bodies: the Users API's {@code {"statusCode","error","message",
 * "errorCode"}} and the token endpoint's OAuth {@code {"error","error_description"}}. A body that is
 * empty or not JSON (a 429 from a proxy, say) still gives a clear exception with the status.
 */
public final class ErrorBodies {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ErrorBodies() {}

  /** The error code and message of an error answer. */
  public record ApiError(String errorCode, String message) {}

  /** Parses {@code body}; {@code what} names the request for the fallback message. */
  private static ApiError parse(int status, String body, String what) {
    JsonNode json = null;
    try {
      json = body == null || body.isBlank() ? null : JSON.readTree(body);
    } catch (IOException notJson) {
      // Not echoed: the message would quote the body.
    }
    String errorCode = text(json, "errorCode");
    String description = text(json, "error_description");
    if (errorCode == null && description != null) {
      errorCode = text(json, "error");
    }
    if (errorCode == null && status == 429) {
      errorCode = "too_many_requests";
    }
    String message = text(json, "message");
    if (message == null) {
      message = description;
    }
    if (message == null) {
      message = what + " answered HTTP " + status + (errorCode == null ? "" : " " + errorCode) + ".";
    }
    return new ApiError(errorCode, message);
  }

  /**
   * Reads the error body of a Retrofit answer: the one way every Retrofit call of the SDK turns a
   * refusal into a code and a message (see {@link TenantCalls}).
   */
  static ApiError read(retrofit2.Response<?> response, String what) {
    String text;
    try (ResponseBody body = response.errorBody()) {
      text = body == null ? "" : body.string();
    } catch (IOException unreadable) {
      text = "";
    }
    return parse(response.code(), text, what);
  }

  private static String text(JsonNode json, String field) {
    JsonNode node = json == null || !json.isObject() ? null : json.get(field);
    return node != null && node.isTextual() && !node.asText().isBlank() ? node.asText() : null;
  }
}
