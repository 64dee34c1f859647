package dev.protekt.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import okhttp3.ResponseBody;

/**
 * Reads the tenant's error answers: the Users API's {@code {"statusCode","error","message",
 * "errorCode"}} and the token endpoint's OAuth {@code {"error","error_description"}} bodies, and
 * the {@code Retry-After} of a 429 or 503. A body that is empty or not JSON (a 429 from a proxy,
 * say) still gives a clear exception with the status.
 */
public final class ErrorBodies {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ErrorBodies() {}

  /**
   * The error code, message and requested wait of an error answer.
   *
   * @param errorCode the contract's error code, or {@code null} when the answer has none
   * @param message the tenant's description, or one naming the request and status
   * @param retryAfter what a 429's or 503's {@code Retry-After} asks for, or {@code null}
   */
  public record ApiError(String errorCode, String message, Duration retryAfter) {}

  /** Parses {@code body}; {@code what} names the request for the fallback message. */
  private static ApiError parse(int status, String body, String what, Duration retryAfter) {
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
    return new ApiError(errorCode, message, retryAfter);
  }

  /**
   * Reads the error answer of a Retrofit call: the one way every Retrofit call of the SDK turns a
   * refusal into a code, a message and, for a 429 or 503 only (the statuses that ask a client to
   * come back later), the wait its {@code Retry-After} asks for, counted from now by {@code clock}
   * (see {@link TenantCalls}). What the request carried as a credential is masked where the answer
   * quotes it ({@link SentSecrets}).
   */
  static ApiError read(retrofit2.Response<?> response, String what, Clock clock) {
    String text;
    try (ResponseBody body = response.errorBody()) {
      text = body == null ? "" : body.string();
    } catch (IOException unreadable) {
      text = "";
    }
    ApiError error = parse(response.code(), text, what, RetryAfter.askedBy(response, clock));
    SentSecrets sent = SentSecrets.of(response.raw().request());
    return new ApiError(sent.masked(error.errorCode()), sent.masked(error.message()),
        error.retryAfter());
  }

  private static String text(JsonNode json, String field) {
    JsonNode node = json == null || !json.isObject() ? null : json.get(field);
    return node != null && node.isTextual() && !node.asText().isBlank() ? node.asText() : null;
  }
}
