package dev.protekt.guard;

import java.util.Enumeration;
import java.util.List;

/**
 * Reads the access token out of what a caller sent.
 *
 * <p>Two readings, for two kinds of input. A request's {@code Authorization} header is held to RFC
 * 6750: {@link #bearerCredentials(List)} takes it only when it names the {@code Bearer} scheme, so
 * {@code Authorization: eyJ…} without a scheme is a request without a token (401 with a bare
 * challenge). The generated guards of {@code HttpExchange} and {@code HttpServletRequest}
 * parameters, the Servlet filter and the Spring Boot adapter read headers this way. A value your
 * own code hands over ({@code @BearerToken} parameters, {@link BearerTokenSource}, {@code
 * ProtektAuth.verifyAuthorization}, {@link TokenContext#bind(String)}) is read by {@link
 * #fromAuthorization(String)}, which also takes a bare token: it may come from a cookie, a query
 * parameter or a message, where there is no scheme to name. Pass a header there through {@link
 * #bearerCredentials(List)} first to hold it to the RFC.
 */
public final class BearerTokens {
  private static final String SCHEME = "bearer";

  private BearerTokens() {}

  /**
   * The token in an {@code Authorization} header value ({@code Bearer eyJ…}, the scheme matched
   * case-insensitively as RFC 7235 requires) or a bare token; {@code null} when the value is {@code
   * null}, blank, names another scheme ({@code Basic …}), has no token after the scheme, or more
   * than one word after it. Words joined by a comma ({@code Bearer A, Bearer B}, what a proxy makes
   * of two headers) are returned whole, from after the scheme if it leads: a token was sent, which
   * the verifier refuses as malformed, saying why, rather than the caller being asked for one. What
   * this returns reads the same when passed in again, as a {@code @TokenFromContext} guard does
   * with what {@link TokenContext#bind(String)} took.
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
    boolean bearer = space == SCHEME.length() && v.regionMatches(true, 0, SCHEME, 0, space);
    if (!bearer) {
      // Read again, "A, Bearer B" is one word, then its comma; another scheme's parameters
      // (Digest username="…", realm="…") hold commas too, after the scheme's word, and are no
      // token.
      int comma = v.indexOf(',');
      return comma > 0 && v.substring(0, comma).trim().indexOf(' ') < 0 ? v : null;
    }
    String token = v.substring(space + 1).trim();
    if (token.indexOf(',') >= 0) {
      return token;
    }
    return !token.isEmpty() && token.indexOf(' ') < 0 ? token : null;
  }

  /**
   * A request's bearer credentials (RFC 6750 section 2.1): its only {@code Authorization} value
   * when that starts with the {@code Bearer} scheme (any case) and a space, {@code null} otherwise.
   * Null are: no value; a value without a scheme (a bare token); another scheme; and two or more
   * values, since which token the client meant is unknowable, and a proxy in front may have checked
   * the other, so none is taken and the call fails closed. The rest, exactly one token after the
   * scheme, is {@link #fromAuthorization(String)}'s to check, and the token's form the verifier's.
   *
   * @param values the header's values, as {@code com.sun.net.httpserver.Headers.get} gives them;
   *     may be {@code null}
   */
  public static String bearerCredentials(List<String> values) {
    return values == null || values.size() != 1 ? null : bearerScheme(values.get(0));
  }

  /**
   * {@link #bearerCredentials(List)} for the values as {@code HttpServletRequest.getHeaders} gives
   * them.
   */
  public static String bearerCredentials(Enumeration<String> values) {
    if (values == null || !values.hasMoreElements()) {
      return null;
    }
    String first = values.nextElement();
    return values.hasMoreElements() ? null : bearerScheme(first);
  }

  /** {@code value} if it names the Bearer scheme; a prefix check, as guards call it per request. */
  private static String bearerScheme(String value) {
    return value != null && value.length() > SCHEME.length()
        && value.regionMatches(true, 0, SCHEME, 0, SCHEME.length())
        && value.charAt(SCHEME.length()) == ' ' ? value : null;
  }
}
