package dev.protekt.guard;

import java.util.Enumeration;
import java.util.List;

/** Reads the access token out of what a caller sent. */
public final class BearerTokens {
  private static final String SCHEME = "bearer";

  private BearerTokens() {}

  /**
   * The token in an {@code Authorization} header value ({@code Bearer eyJ…}, the scheme matched
   * case-insensitively as RFC 7235 requires) or a bare token; {@code null} when the value is {@code
   * null}, blank, names another scheme ({@code Basic …}) or has no token after the scheme.
   */
  public static String fromAuthorization(String value) {
    if (value == null) {
      return null;
    }
    String v = value.trim();
    if (v.isEmpty()) {
      return null;
    }
    int space = v.indexOf(' ');
    if (space < 0) {
      // One word: a bare token, unless it is the scheme alone.
      return v.equalsIgnoreCase(SCHEME) ? null : v;
    }
    if (!v.regionMatches(true, 0, SCHEME, 0, space) || space != SCHEME.length()) {
      return null;
    }
    String token = v.substring(space + 1).trim();
    return token.isEmpty() || token.indexOf(' ') >= 0 ? null : token;
  }

  /**
   * The only value a request carries for a header ({@code Authorization}), or {@code null} when it
   * carries none or more than one: with two tokens, which one the client meant is unknowable, and a
   * proxy in front may have checked the other, so none is taken and the call fails closed.
   *
   * @param values the header's values, as {@code com.sun.net.httpserver.Headers.get} gives them;
   *     may be {@code null}
   */
  public static String onlyValue(List<String> values) {
    return values == null || values.size() != 1 ? null : values.get(0);
  }

  /**
   * {@link #onlyValue(List)} for the values as {@code HttpServletRequest.getHeaders} gives them.
   */
  public static String onlyValue(Enumeration<String> values) {
    if (values == null || !values.hasMoreElements()) {
      return null;
    }
    String first = values.nextElement();
    return values.hasMoreElements() ? null : first;
  }
}
