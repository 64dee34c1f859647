package dev.protekt.internal.http;

import java.util.List;
import java.util.Locale;
import okhttp3.HttpUrl;

/**
 * How the SDK shows a URL in a log line or an exception message: every URL the SDK prints goes
 * through here, so that a credential in one (a password, an authorization {@code code}, a signed
 * query, a token in a fragment) never reaches a log, and so that a URL of a megabyte (a caller's
 * huge id or {@code q}) does not make a message of a megabyte: past {@link #SHOWN} characters a URL
 * is cut, saying how long it was.
 */
public final class Urls {
  /** Parts of query parameter names that mark a credential: api_key, X-Amz-Signature, sig, … */
  private static final List<String> SECRET_NAME_PARTS =
      List.of("token", "secret", "password", "key", "sig", "credential", "auth", "code");
  private static final String MASK = "[redacted]";
  /** The most characters of a URL a message shows: any URL a tenant's contract makes fits. */
  static final int SHOWN = 500;

  private Urls() {}

  /**
   * {@code url} without user info, with the values of secret-looking query parameters masked and
   * the fragment masked (OAuth's implicit flow put tokens there).
   */
  public static String redact(HttpUrl url) {
    HttpUrl.Builder builder = url.newBuilder().username("").password("");
    for (String name : url.queryParameterNames()) {
      String lower = name.toLowerCase(Locale.ROOT);
      if (SECRET_NAME_PARTS.stream().anyMatch(lower::contains)) {
        builder.setQueryParameter(name, MASK);
      }
    }
    if (url.fragment() != null) {
      builder.fragment(MASK);
    }
    return shortened(builder.build().toString());
  }

  /**
   * {@link #redact(HttpUrl)} for a URL held as text, such as a configured domain or an issuer.
   * Text that is not an http(s) URL (an issuer may be any URI) keeps only what comes before a
   * query, a fragment or user info could begin, the rest masked as a whole, and only {@link
   * #printable} (a parsed URL is percent-encoded already).
   */
  public static String redact(String url) {
    HttpUrl parsed = HttpUrl.parse(url);
    if (parsed != null) {
      return redact(parsed);
    }
    int end = url.length();
    for (char c : new char[] {'?', '#'}) {
      int at = url.indexOf(c);
      if (at >= 0 && at < end) {
        end = at;
      }
    }
    int userInfoEnd = url.indexOf('@');
    if (userInfoEnd >= 0 && userInfoEnd < end) {
      int scheme = url.indexOf("://");
      end = scheme >= 0 && scheme < userInfoEnd ? scheme + 3 : 0;
    }
    return shortened(printable(end == url.length() ? url : url.substring(0, end) + MASK));
  }

  /**
   * {@link #redact(String)}, but a URL with nothing to mask is shown as written, only {@link
   * #printable}: an issuer that must be configured exactly is shown as the tenant spells it, not
   * as OkHttp re-encodes it ({@code {tenantid}}, not {@code %7Btenantid%7D}).
   */
  public static String asWritten(String url) {
    HttpUrl parsed = HttpUrl.parse(url);
    boolean nothingToMask = parsed != null && parsed.encodedUsername().isEmpty()
        && parsed.encodedPassword().isEmpty() && parsed.query() == null
        && parsed.fragment() == null;
    return nothingToMask ? shortened(printable(url)) : redact(url);
  }

  /** {@code url}, cut after {@link #SHOWN} characters with how many it had. */
  private static String shortened(String url) {
    return url.length() <= SHOWN
        ? url : url.substring(0, SHOWN) + "...(" + url.length() + " characters)";
  }

  /**
   * Text from the tenant as a message or log line shows it: printable ASCII, any other character
   * {@code ?}, so that a discovery document or key set cannot start a forged log line or send
   * escape sequences to a terminal.
   */
  public static String printable(String text) {
    return text.replaceAll("[^\\x20-\\x7e]", "?");
  }
}
