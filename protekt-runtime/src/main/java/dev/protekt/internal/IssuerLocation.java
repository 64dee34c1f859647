package dev.protekt.internal;

import dev.protekt.ConfigurationException;
import dev.protekt.internal.http.Hosts;
import dev.protekt.internal.http.Urls;
import okhttp3.HttpUrl;

/**
 * Where one trusted issuer lives, read from how the user wrote it: the {@code domain}, or one of
 * the {@code additionalIssuers}. Not part of the public API.
 *
 * @param configured the text as configured, trimmed
 * @param baseUrl the base URL discovery starts from, without a trailing slash
 * @param fixedIssuer the issuer implied by a bare host ({@code https://host/}), or {@code null}
 *     when the text was a full URL and the issuer comes from discovery
 */
public record IssuerLocation(String configured, HttpUrl baseUrl, String fixedIssuer) {

  /** The issuer as configured, masked as URLs are in messages, health and logs. */
  public String shown() {
    return Urls.redact(configured);
  }

  /**
   * Reads a bare host ({@code your-domain.protekt.dev}: {@code https://}, issuer {@code
   * https://your-domain.protekt.dev/}) or a full http(s) URL (issuer from discovery; plain {@code
   * http} to loopback only).
   *
   * @param text the configured text, not blank
   * @param option the builder option it came from, named in messages
   * @throws ConfigurationException naming {@code option} if the text is neither
   */
  public static IssuerLocation parse(String text, String option) {
    String trimmed = text.trim();
    if (hasUserInfo(trimmed)) {
      // Not quoted, here or in any later message: the user info may hold a password.
      throw new ConfigurationException(option + " must not carry a user name or password before"
          + " its host: the SDK authenticates with clientId and clientSecret.", option);
    }
    HttpUrl baseUrl;
    String fixedIssuer = null;
    if (trimmed.contains("://")) {
      baseUrl = HttpUrl.parse(trimmed);
      if (baseUrl == null) {
        throw new ConfigurationException(option + " '" + Urls.redact(trimmed)
            + "' is not a valid http(s) URL: use a bare host such as your-domain.protekt.dev or a"
            + " URL such as https://login.example.com.", option);
      }
      if (baseUrl.query() != null || baseUrl.fragment() != null) {
        throw new ConfigurationException(
            option + " '" + Urls.redact(trimmed) + "' must not have a query or fragment.", option);
      }
      if (!baseUrl.isHttps() && !Hosts.isLoopback(baseUrl.host())) {
        throw new ConfigurationException(option + " '" + Urls.redact(trimmed)
            + "' uses plain http to a host that is not loopback: use https (plain http is allowed"
            + " only for 127.0.0.0/8, ::1 and localhost).", option);
      }
    } else {
      baseUrl = HttpUrl.parse("https://" + trimmed);
      // Anything but host[:port] would become a path (OkHttp reads a backslash as a slash), a
      // query or a fragment of the URL.
      if (baseUrl == null || !baseUrl.encodedPath().equals("/") || baseUrl.query() != null
          || baseUrl.fragment() != null || trimmed.matches(".*\\s.*")) {
        throw new ConfigurationException(option + " '" + Urls.redact(trimmed)
            + "' is not a host name: use a bare host such as your-domain.protekt.dev or a full"
            + " https:// URL.", option);
      }
      fixedIssuer = "https://" + trimmed + "/";
    }
    String path = baseUrl.encodedPath();
    if (path.endsWith("/") && path.length() > 1) {
      baseUrl = baseUrl.newBuilder().encodedPath(path.substring(0, path.length() - 1)).build();
    }
    return new IssuerLocation(trimmed, baseUrl, fixedIssuer);
  }

  /** Whether the authority ({@code user:password@host:port}) has an {@code @}. */
  private static boolean hasUserInfo(String text) {
    int scheme = text.indexOf("://");
    int start = scheme < 0 ? 0 : scheme + 3;
    int end = start;
    while (end < text.length() && "/?#".indexOf(text.charAt(end)) < 0) {
      end++;
    }
    return text.substring(start, end).indexOf('@') >= 0;
  }
}
