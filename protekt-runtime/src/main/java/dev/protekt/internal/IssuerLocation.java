package dev.protekt.internal;

import dev.protekt.ConfigurationException;
import dev.protekt.ProtektAuth;
import dev.protekt.internal.http.Hosts;
import dev.protekt.internal.http.Urls;
import java.net.IDN;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
  /** A name of letters, digits, hyphens and dots, or a bracketed IPv6 literal; a port at most. */
  private static final Pattern HOST_AND_PORT =
      Pattern.compile("([A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+\\])(:[0-9]{1,5})?");

  /**
   * The key set (JWKS) addresses providers publish, which users copy from a token's provider or
   * its discovery document: Keycloak's ({@code …/realms/acme/protocol/openid-connect/certs}), an
   * Okta authorization server's ({@code …/oauth2/default/v1/keys}) or org's ({@code
   * …/oauth2/v1/keys}), Entra's v2 and v1 ({@code …/<tenant>/discovery/v2.0/keys}, {@code
   * …/discovery/keys}). Group 1 is the part before what to drop.
   */
  private static final Pattern KEYCLOAK_KEYS =
      Pattern.compile("(.+)(/protocol/openid-connect/certs)/?", Pattern.CASE_INSENSITIVE);
  private static final Pattern OKTA_KEYS =
      Pattern.compile("(.+/oauth2/[^/]+)(/v1/keys)/?", Pattern.CASE_INSENSITIVE);
  private static final Pattern OKTA_ORG_KEYS =
      Pattern.compile("(.+)(/oauth2/v1/keys)/?", Pattern.CASE_INSENSITIVE);
  private static final Pattern ENTRA_KEYS =
      Pattern.compile("(.+)(/discovery(?:/v2\\.0)?/keys)/?", Pattern.CASE_INSENSITIVE);
  /** Entra's multi-tenant endpoints, whose template issuer is not supported. */
  private static final Pattern ENTRA_SHARED_TENANT =
      Pattern.compile(".*/(common|organizations|consumers)", Pattern.CASE_INSENSITIVE);

  /**
   * The issuer as configured, for messages, health and logs: as written ({@link Urls#asWritten}),
   * so that {@code https://your-org.okta.com} is not shown with the slash a parser adds.
   */
  public String shown() {
    return Urls.asWritten(configured);
  }

  /**
   * Reads a bare host ({@code your-domain.protekt.dev}: {@code https://}, issuer {@code
   * https://your-domain.protekt.dev/}) or a full http(s) URL (issuer from discovery; plain {@code
   * http} to loopback only).
   *
   * <p>A discovery address ({@code …/.well-known/openid-configuration}, {@code
   * …/.well-known/jwks.json}), or the key set address of Keycloak, Okta or Entra, is refused,
   * naming the issuer it belongs to.
   *
   * <p>A bare host is written as the tenant's issuer names it, so what has one obvious meaning is
   * normalised to that spelling: one trailing slash dropped, the host in lower case, the default
   * port {@code :443} dropped. Anything else that is not a host name (quotes, a list, whitespace or
   * an invisible character, letters outside ASCII, an underscore) is refused rather than turned
   * into an issuer no tenant has, which would only fail at first use.
   *
   * @param text the configured text, not blank
   * @param option the builder option it came from, named in messages
   * @throws ConfigurationException naming {@code option} if the text is neither
   */
  public static IssuerLocation parse(String text, ProtektAuth.Option option) {
    String name = option.builderName();
    String label = name + " (" + option.environmentVariable() + ")";
    String trimmed = text.trim();
    if (hasUserInfo(trimmed)) {
      // Not quoted, here or in any later message: the user info may hold a password.
      throw new ConfigurationException(label + " must not carry a user name or password before"
          + " its host: the SDK authenticates with clientId and clientSecret.", name);
    }
    if (ConfiguredText.quoted(trimmed)) {
      throw new ConfigurationException(label + " " + Urls.redact(trimmed) + " is in quotes,"
          + " which would become part of the host: remove them (a .env file read by something"
          + " other than a shell keeps them).", name);
    }
    refuseWellKnown(trimmed, label, name);
    refuseKeySetAddress(trimmed, label, name);
    HttpUrl baseUrl;
    String fixedIssuer = null;
    if (trimmed.contains("://")) {
      refuseWhatAUrlParserWouldMend(trimmed, label, name);
      baseUrl = HttpUrl.parse(trimmed);
      if (baseUrl == null) {
        throw new ConfigurationException(label + " '" + Urls.redact(trimmed)
            + "' is not a valid http(s) URL: use a bare host such as your-domain.protekt.dev or a"
            + " URL such as https://login.example.com.", name);
      }
      if (baseUrl.query() != null || baseUrl.fragment() != null) {
        throw new ConfigurationException(
            label + " '" + Urls.redact(trimmed) + "' must not have a query or fragment.", name);
      }
      if (!baseUrl.isHttps() && !Hosts.isLoopback(baseUrl.host())) {
        throw new ConfigurationException(label + " '" + Urls.redact(trimmed)
            + "' uses plain http to a host that is not loopback: use https (plain http is allowed"
            + " only for 127.0.0.0/8, ::1 and localhost).", name);
      }
    } else {
      baseUrl = bareHost(trimmed, label, name);
      // As OkHttp spells it: lower case, punycode, no default port, one slash.
      fixedIssuer = baseUrl.toString();
    }
    String path = baseUrl.encodedPath();
    if (path.endsWith("/") && path.length() > 1) {
      baseUrl = baseUrl.newBuilder().encodedPath(path.substring(0, path.length() - 1)).build();
    }
    return new IssuerLocation(trimmed, baseUrl, fixedIssuer);
  }

  /**
   * Refuses a full URL that OkHttp's lenient parser would turn into another one: it skips any
   * number of slashes after the scheme, so {@code https:///realms/acme} (what {@code
   * https://${HOST}/realms/acme} becomes with {@code HOST} unset) would call the host {@code
   * realms}; it reads a backslash as a slash, and encodes whitespace into the path. Each would
   * only fail at first use, as an outage, or reach a host nobody configured.
   */
  private static void refuseWhatAUrlParserWouldMend(String text, String label, String name) {
    int invisible = ConfiguredText.invisibleAt(text);
    if (invisible >= 0) {
      throw new ConfigurationException(label + " is not a URL: it holds whitespace or an"
          + " invisible character (" + ConfiguredText.codePointAt(text, invisible)
          + "); write the issuer's URL alone.", name);
    }
    if (text.indexOf('\\') >= 0) {
      throw new ConfigurationException(label + " '" + Urls.redact(text) + "' holds a backslash:"
          + " a URL's parts are separated by forward slashes.", name);
    }
    String afterScheme = text.substring(text.indexOf("://") + 3);
    if (afterScheme.isEmpty() || "/?#:".indexOf(afterScheme.charAt(0)) >= 0) {
      throw new ConfigurationException(label + " '" + Urls.redact(text) + "' has no host after"
          + " '://' (was a variable it is made from empty?): write the issuer's URL with its host,"
          + " such as https://login.example.com/realms/acme.", name);
    }
  }

  /**
   * Refuses a discovery or JWKS URL where the issuer belongs, which provider consoles show and
   * users copy: discovery would look under it and every request would fail at first use.
   */
  private static void refuseWellKnown(String text, String label, String name) {
    int at = text.toLowerCase(Locale.ROOT).indexOf("/.well-known/");
    if (at >= 0) {
      throw new ConfigurationException(label + " '" + Urls.redact(text) + "' is a discovery"
          + " address, not the issuer: drop '" + Urls.redact(text.substring(at)) + "' and"
          + " configure '" + Urls.redact(text.substring(0, at)) + "'; the SDK finds the"
          + " discovery document and the keys from there.", name);
    }
  }

  /**
   * Refuses a provider's key set address where the issuer belongs: discovery would look under it,
   * and every token would fail at first use with the keys "unavailable".
   */
  private static void refuseKeySetAddress(String text, String label, String name) {
    int end = text.length();
    for (char c : new char[] {'?', '#'}) {
      int at = text.indexOf(c);
      end = at >= 0 ? Math.min(end, at) : end;
    }
    // The issuer has a path, or (Okta's org) no trailing slash: a URL, which a bare host is not.
    String address = (text.contains("://") ? "" : "https://") + text.substring(0, end);
    String issuer;
    Matcher m;
    if ((m = KEYCLOAK_KEYS.matcher(address)).matches()
        || (m = OKTA_KEYS.matcher(address)).matches()
        || (m = OKTA_ORG_KEYS.matcher(address)).matches()) {
      issuer = "configure '" + Urls.asWritten(m.group(1)) + "'";
    } else if ((m = ENTRA_KEYS.matcher(address)).matches()) {
      issuer = ENTRA_SHARED_TENANT.matcher(m.group(1)).matches()
          ? "configure each tenant's own issuer, https://login.microsoftonline.com/<tenant-id>/v2.0"
              + " (several with additionalIssuers): a multi-tenant endpoint's issuer is a template"
          : "configure '" + Urls.asWritten(m.group(1) + "/v2.0") + "' (the issuer of v2.0 tokens)";
    } else {
      return;
    }
    throw new ConfigurationException(label + " '" + Urls.redact(text) + "' is the address of"
        + " the provider's signing keys (its JWKS), not the issuer: drop '" + m.group(2) + "' and "
        + issuer + "; the SDK finds the discovery document and the keys from there.", name);
  }

  /** The {@code https://} URL of a bare {@code host[:port]}, with at most one trailing slash. */
  private static HttpUrl bareHost(String text, String label, String name) {
    String hostAndPort = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    int invisible = ConfiguredText.invisibleAt(hostAndPort);
    if (invisible >= 0) {
      throw new ConfigurationException(label + " is not a host name: it holds whitespace or an"
          + " invisible character (" + ConfiguredText.codePointAt(hostAndPort, invisible)
          + "); write the host name alone.", name);
    }
    for (int i = 0; i < hostAndPort.length(); i = hostAndPort.offsetByCodePoints(i, 1)) {
      int c = hostAndPort.codePointAt(i);
      if (c == ',' || c == ';') {
        throw new ConfigurationException(label + " '" + Urls.redact(text) + "' is not a host"
            + " name: it holds a '" + (char) c + "', and names one host, not a list.", name);
      }
      if (c > 0x7f) {
        // Whether the tenant's issuer spells the host in Unicode or in punycode cannot be known
        // here, and iss is compared exactly: the user says which, as the host or as a full URL.
        throw new ConfigurationException(label + " '" + Urls.redact(text) + "' is not an ASCII"
            + " host name: write the host in its ASCII form" + punycode(hostAndPort) + ", or the"
            + " full https:// URL, whose issuer comes from discovery.", name);
      }
    }
    HttpUrl url = HOST_AND_PORT.matcher(hostAndPort).matches() && validLabels(hostAndPort)
        ? HttpUrl.parse("https://" + hostAndPort) : null;
    if (url == null) {
      throw new ConfigurationException(label + " '" + Urls.redact(text)
          + "' is not a host name: use a bare host such as your-domain.protekt.dev (labels of"
          + " letters, digits and inner hyphens joined by single dots, no trailing dot, an"
          + " optional :port) or a full https:// URL.", name);
    }
    return url;
  }

  /** Every dot-separated label of a name's host part is 1-63 characters, without edge hyphens. */
  private static boolean validLabels(String hostAndPort) {
    if (hostAndPort.startsWith("[")) {
      return true;
    }
    int colon = hostAndPort.indexOf(':');
    String host = colon < 0 ? hostAndPort : hostAndPort.substring(0, colon);
    if (host.length() > 253) {
      return false;
    }
    for (String hostLabel : host.split("\\.", -1)) {
      if (hostLabel.isEmpty() || hostLabel.length() > 63 || hostLabel.startsWith("-")
          || hostLabel.endsWith("-")) {
        return false;
      }
    }
    return true;
  }

  /** " (xn--…)" for a host name {@link IDN} can convert, else nothing. */
  private static String punycode(String hostAndPort) {
    try {
      String ascii = IDN.toASCII(hostAndPort).toLowerCase(Locale.ROOT);
      // Only a host and port are shown: anything else could be part of a query, a credential.
      return HOST_AND_PORT.matcher(ascii).matches() ? " (" + ascii + ")" : "";
    } catch (IllegalArgumentException e) {
      return "";
    }
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
