package dev.protekt.internal.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import dev.protekt.ConfigurationException;
import dev.protekt.ProtektUnavailableException;
import dev.protekt.internal.Settings;
import dev.protekt.internal.http.Hosts;
import dev.protekt.internal.http.Urls;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import retrofit2.Response;

/**
 * Finds the tenant's issuer, JWKS and token endpoint by OIDC discovery, once. A successful answer is
 * kept for the life of the client (a tenant's endpoints do not move); a failed one is not, so the
 * next caller tries again. One fetch runs at a time: callers that arrive meanwhile share its
 * outcome, waiting on a future rather than a monitor, so that no lock is held across network I/O
 * (a virtual thread waiting here unmounts) and a waiting caller can be interrupted.
 *
 * <p>The document must name its {@code jwks_uri} and {@code token_endpoint} on the domain's host
 * (or one of {@code allowedEndpointHosts}) and over {@code https} unless they are loopback:
 * otherwise whoever could change the document would choose where keys come from and where the
 * client secret goes ({@link ConfigurationException}).
 *
 * <p>When the discovery document is absent (404) the contract's fallback applies: keys at {@code
 * {base}/.well-known/jwks.json}, tokens at {@code {base}/oauth/token}, and the issuer {@code
 * {base}/}.
 */
public final class Discovery {
  private final Settings settings;
  private final OidcApi api;
  private volatile OidcMetadata metadata;
  private final AtomicReference<CompletableFuture<OidcMetadata>> inFlight = new AtomicReference<>();

  /** Discovery for the tenant at {@code settings.baseUrl()}; nothing is fetched until first use. */
  public Discovery(Settings settings, OkHttpClient http) {
    this.settings = settings;
    this.api = OidcApi.create(http, settings.baseUrl());
  }

  /**
   * The tenant's metadata, fetched on first use.
   *
   * @throws ProtektUnavailableException if discovery fails or its document is unusable
   * @throws ConfigurationException if the document names endpoints the SDK must not use
   */
  public OidcMetadata metadata() {
    OidcMetadata m = metadata;
    if (m != null) {
      return m;
    }
    CompletableFuture<OidcMetadata> mine = new CompletableFuture<>();
    CompletableFuture<OidcMetadata> running = inFlight.compareAndExchange(null, mine);
    if (running != null) {
      return await(running);
    }
    try {
      // A fetch may have finished between the first look and winning this one.
      m = metadata != null ? metadata : fetch();
      metadata = m;
      mine.complete(m);
      return m;
    } catch (RuntimeException e) {
      mine.completeExceptionally(e);
      throw e;
    } finally {
      inFlight.compareAndSet(mine, null);
    }
  }

  /** The tenant's metadata if a fetch succeeded, else {@code null}; never fetches. */
  public OidcMetadata known() {
    return metadata;
  }

  /** Another caller's fetch, bounded by that fetch's own call timeout. */
  private static OidcMetadata await(CompletableFuture<OidcMetadata> running) {
    try {
      return running.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProtektUnavailableException("Interrupted while waiting for OIDC discovery.", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw new ProtektUnavailableException("OIDC discovery failed: " + e.getCause(), e);
    }
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
    String shown = Urls.redact(url);
    Response<JsonNode> response;
    try {
      response = api.configuration(url).execute();
    } catch (IOException e) {
      throw new ProtektUnavailableException("OIDC discovery at " + shown + " failed: " + e, e);
    }
    if (response.code() == 404) {
      return fallback();
    }
    if (!response.isSuccessful()) {
      throw new ProtektUnavailableException("OIDC discovery at " + shown + " answered HTTP "
          + response.code() + ".");
    }
    JsonNode doc = response.body();
    String issuer = text(doc, "issuer");
    HttpUrl jwks = url(doc, "jwks_uri", shown);
    if (issuer == null || jwks == null) {
      throw new ProtektUnavailableException("OIDC discovery at " + shown
          + " lacks a valid issuer or jwks_uri.");
    }
    if (settings.fixedIssuer() != null && !settings.fixedIssuer().equals(issuer)) {
      throw new ProtektUnavailableException("OIDC discovery at " + shown + " names the issuer '"
          + Urls.redact(issuer) + "', but the domain '" + Urls.redact(settings.domain())
          + "' means '" + settings.fixedIssuer() + "': configure the domain as the full URL of the tenant.");
    }
    return new OidcMetadata(issuer, jwks, url(doc, "token_endpoint", shown));
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

  /** The URL in {@code field}, {@code null} if absent or not a URL. */
  private HttpUrl url(JsonNode doc, String field, String shown) {
    String value = text(doc, field);
    HttpUrl url = value == null ? null : HttpUrl.parse(value);
    if (url == null) {
      return null;
    }
    boolean loopback = Hosts.isLoopback(url.host());
    if (!url.isHttps() && !loopback) {
      throw new ConfigurationException("OIDC discovery at " + shown + " names the " + field + " "
          + Urls.redact(url) + " in plain http: outside loopback it must be https, since keys and"
          + " the client secret would travel in the clear. Fix the tenant's discovery document.",
          "domain");
    }
    String host = url.host();
    if (!host.equals(settings.baseUrl().host())
        && !settings.allowedEndpointHosts().contains(host)) {
      throw new ConfigurationException("OIDC discovery at " + shown + " names the " + field + " "
          + Urls.redact(url) + " on the host '" + host + "', not on the domain's host '"
          + settings.baseUrl().host() + "'. If that host is really the tenant's, allow it with"
          + " allowedEndpointHosts(\"" + host + "\") or PROTEKT_ALLOWED_ENDPOINT_HOSTS=" + host
          + ".", "allowedEndpointHosts");
    }
    return url;
  }
}
