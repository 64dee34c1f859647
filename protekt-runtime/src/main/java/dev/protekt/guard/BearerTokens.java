package dev.protekt.guard;

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
}
