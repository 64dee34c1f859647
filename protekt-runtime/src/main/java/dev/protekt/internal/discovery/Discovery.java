package dev.protekt.internal.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.protekt.ProtektUnavailableException;
import dev.protekt.internal.Settings;
import dev.protekt.internal.http.Urls;
import java.io.IOException;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Finds the tenant's issuer, JWKS and token endpoint by OIDC discovery, once. A successful answer is
 * kept for the life of the client (a tenant's endpoints do not move); a failed one is not, so the
 * next caller tries again.
 *
 * <p>When the discovery document is absent (404) the contract's fallback applies: keys at {@code
 * {base}/.well-known/jwks.json}, tokens at {@code {base}/oauth/token}, and the issuer {@code
 * {base}/}.
 */
public final class Discovery {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Settings settings;
  private final OkHttpClient http;
  private volatile OidcMetadata metadata;

  /** Discovery for the tenant at {@code settings.baseUrl()}; nothing is fetched until first use. */
  public Discovery(Settings settings, OkHttpClient http) {
    this.settings = settings;
    this.http = http;
  }

  /**
   * The tenant's metadata, fetched on first use.
   *
   * @throws ProtektUnavailableException if discovery fails or its document is unusable
   */
  public OidcMetadata metadata() {
    OidcMetadata m = metadata;
    if (m == null) {
      synchronized (this) {
        m = metadata;
        if (m == null) {
          m = fetch();
          metadata = m;
        }
      }
    }
    return m;
  }

  /** The audience of the tenant's Users API: {@code {issuer}api/v2/}. */
  public String usersAudience() {
    String issuer = metadata().issuer();
    return issuer + (issuer.endsWith("/") ? "" : "/") + "api/v2/";
  }

  /** The base URL of the tenant's Users API: {@code {base}/api/v2/}. */
  public HttpUrl usersBaseUrl() {
    return settings.baseUrl().newBuilder().addPathSegments("api/v2/").build();
  }

  private OidcMetadata fetch() {
    HttpUrl url = settings.baseUrl().newBuilder()
        .addPathSegments(".well-known/openid-configuration").build();
    Request request = new Request.Builder().url(url).header("Accept", "application/json").build();
    String shown = Urls.redact(url);
    try (Response response = http.newCall(request).execute()) {
      if (response.code() == 404) {
        return fallback();
      }
      if (!response.isSuccessful()) {
        throw new ProtektUnavailableException("OIDC discovery at " + shown + " answered HTTP "
            + response.code() + ".");
      }
      ResponseBody body = response.body();
      JsonNode doc = JSON.readTree(body == null ? "" : body.string());
      String issuer = text(doc, "issuer");
      HttpUrl jwks = url(doc, "jwks_uri");
      if (issuer == null || jwks == null) {
        throw new ProtektUnavailableException("OIDC discovery at " + shown
            + " lacks a valid issuer or jwks_uri.");
      }
      if (settings.fixedIssuer() != null && !settings.fixedIssuer().equals(issuer)) {
        throw new ProtektUnavailableException("OIDC discovery at " + shown + " names the issuer '"
            + issuer + "', but the domain '" + settings.domain() + "' means '"
            + settings.fixedIssuer() + "': configure the domain as the full URL of the tenant.");
      }
      return new OidcMetadata(issuer, jwks, url(doc, "token_endpoint"));
    } catch (IOException e) {
      throw new ProtektUnavailableException("OIDC discovery at " + shown + " failed: " + e, e);
    }
  }

  private OidcMetadata fallback() {
    HttpUrl base = settings.baseUrl();
    String issuer = settings.fixedIssuer() != null ? settings.fixedIssuer() : base + "/";
    if (issuer.endsWith("//")) {
      issuer = issuer.substring(0, issuer.length() - 1);
    }
    return new OidcMetadata(issuer,
        base.newBuilder().addPathSegments(".well-known/jwks.json").build(),
        base.newBuilder().addPathSegments("oauth/token").build());
  }

  private static String text(JsonNode doc, String field) {
    JsonNode node = doc == null ? null : doc.get(field);
    return node != null && node.isTextual() && !node.asText().isBlank() ? node.asText() : null;
  }

  private HttpUrl url(JsonNode doc, String field) {
    String value = text(doc, field);
    HttpUrl url = value == null ? null : HttpUrl.parse(value);
    // A discovery document must not send us to plain http elsewhere than where we already are.
    if (url != null && !url.isHttps() && settings.baseUrl().isHttps()) {
      return null;
    }
    return url;
  }
}
