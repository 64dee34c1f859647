package dev.protekt.testing.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An error answer of the tenant, thrown by a handler and written by {@link TenantServer}: the
 * status, the JSON body the contract gives for it, and any extra headers.
 */
public final class ApiError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final transient Map<String, Object> body;
  private final transient Map<String, String> headers = new LinkedHashMap<>();

  private ApiError(int status, Map<String, Object> body) {
    super(status + " " + body, null, false, false);
    this.status = status;
    this.body = body;
  }

  /**
   * A Management API error: {@code {"statusCode","error","message","errorCode"}}.
   *
   * @param status the HTTP status
   * @param errorCode the machine-readable code, such as {@code inexistent_user}
   * @param message the human-readable message
   * @return the error
   */
  public static ApiError management(int status, String errorCode, String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("statusCode", status);
    body.put("error", reason(status));
    body.put("message", message);
    body.put("errorCode", errorCode);
    return new ApiError(status, body);
  }

  /**
   * An OAuth error of the token endpoint: {@code {"error","error_description"}}.
   *
   * @param status the HTTP status
   * @param error the OAuth error code, such as {@code access_denied}
   * @param description the human-readable description
   * @return the error
   */
  public static ApiError oauth(int status, String error, String description) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", error);
    body.put("error_description", description);
    return new ApiError(status, body);
  }

  /**
   * An error in the shape the contract gives for a path: OAuth's under {@code /oauth/}, the
   * Management API's elsewhere.
   *
   * @param path the request's decoded path
   * @param status the HTTP status
   * @param errorCode the Management API code; under {@code /oauth/} the OAuth code follows from the
   *     status as the contract gives it ({@code access_denied} for a 401, {@code unauthorized_client}
   *     for a 403, {@code too_many_requests} for a 429, {@code server_error} for a 5xx, otherwise
   *     {@code invalid_request})
   * @param message the human-readable message
   * @return the error
   */
  public static ApiError at(String path, int status, String errorCode, String message) {
    if (!path.startsWith("/oauth/")) {
      return management(status, errorCode, message);
    }
    String error = status >= 500 ? "server_error"
        : status == 401 ? "access_denied"
        : status == 403 ? "unauthorized_client"
        : status == 429 ? "too_many_requests"
        : "invalid_request";
    return oauth(status, error, message);
  }

  /**
   * @param name a header name
   * @param value its value
   * @return this error, answering with that header too
   */
  public ApiError withHeader(String name, String value) {
    headers.put(name, value);
    return this;
  }

  /** @return the HTTP status */
  public int status() {
    return status;
  }

  /** @return the JSON body */
  public Map<String, Object> body() {
    return body;
  }

  /** @return the extra headers */
  public Map<String, String> headers() {
    return headers;
  }

  /**
   * @param status an HTTP status
   * @return its reason phrase, as the Management API's {@code error} field carries it
   */
  public static String reason(int status) {
    switch (status) {
      case 400: return "Bad Request";
      case 401: return "Unauthorized";
      case 403: return "Forbidden";
      case 404: return "Not Found";
      case 405: return "Method Not Allowed";
      case 408: return "Request Timeout";
      case 409: return "Conflict";
      case 410: return "Gone";
      case 413: return "Payload Too Large";
      case 415: return "Unsupported Media Type";
      case 429: return "Too Many Requests";
      case 500: return "Internal Server Error";
      case 502: return "Bad Gateway";
      case 503: return "Service Unavailable";
      case 504: return "Gateway Timeout";
      default: return status >= 500 ? "Server Error" : status >= 400 ? "Client Error" : "Error";
    }
  }
}
