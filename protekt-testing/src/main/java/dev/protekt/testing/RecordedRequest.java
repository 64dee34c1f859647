package dev.protekt.testing;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A request a {@link LocalTenant} received, as tests assert on it. Its {@link #toString()} shows the
 * method and path only, since headers and body may carry secrets.
 */
public final class RecordedRequest {
  private final String method;
  private final String path;
  private final String query;
  private final Map<String, List<String>> headers;
  private final String body;

  /**
   * @param method the HTTP method
   * @param path the decoded path
   * @param query the raw query string, {@code ""} if none
   * @param headers the headers; looked up without regard to case
   * @param body the body as UTF-8 text, {@code ""} if none
   */
  public RecordedRequest(String method, String path, String query, Map<String, List<String>> headers, String body) {
    this.method = method;
    this.path = path;
    this.query = query == null ? "" : query;
    TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach((name, values) -> copy.merge(name, List.copyOf(values), (a, b) -> {
      List<String> both = new java.util.ArrayList<>(a);
      both.addAll(b);
      return List.copyOf(both);
    }));
    this.headers = Collections.unmodifiableMap(copy);
    this.body = body == null ? "" : body;
  }

  /** @return the HTTP method, such as {@code POST} */
  public String method() {
    return method;
  }

  /** @return the decoded path, such as {@code /api/v2/users/protekt|abc} */
  public String path() {
    return path;
  }

  /** @return the raw (still encoded) query string without {@code ?}, {@code ""} if none */
  public String query() {
    return query;
  }

  /** @return every header, names looked up without regard to case */
  public Map<String, List<String>> headers() {
    return headers;
  }

  /**
   * @param name a header name, in any case
   * @return the header's first value
   */
  public Optional<String> header(String name) {
    List<String> values = headers.get(name);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /** @return the body as UTF-8 text, {@code ""} if none */
  public String body() {
    return body;
  }

  @Override
  public String toString() {
    return method + " " + path;
  }
}
