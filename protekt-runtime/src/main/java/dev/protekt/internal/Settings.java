package dev.protekt.internal;

import dev.protekt.AccessTokenProvider;
import dev.protekt.Algorithm;
import dev.protekt.metrics.ProtektMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * The validated, immutable options of one {@code ProtektAuth}, as its internal components see them.
 * Not part of the public API.
 *
 * @param baseUrl the tenant's base URL, without a trailing slash
 * @param fixedIssuer the issuer implied by a bare-host domain ({@code https://host/}), or {@code
 *     null} when the domain was a full URL and the issuer comes from discovery
 * @param audience the API audience tokens must carry, or {@code null}
 * @param anyAudience {@code true} when the user explicitly opted out of the audience check
 * @param timeout {@code null} when the user brought an HTTP client and set no timeout: theirs apply
 * @param keyFetchWait the longest a verification waits for a key fetch it needs
 * @param allowedEndpointHosts lower-case hosts besides the domain's that discovery may name for
 *     {@code jwks_uri} and {@code token_endpoint}
 * @param httpClient the user's own client, or {@code null}
 * @param tokenProvider the user's own token provider, or {@code null}
 * @param metrics where events are reported; {@link ProtektMetrics#NONE} by default
 */
public record Settings(
    String domain,
    HttpUrl baseUrl,
    String fixedIssuer,
    String clientId,
    String clientSecret,
    String audience,
    boolean anyAudience,
    Set<Algorithm> algorithms,
    boolean cacheEnabled,
    Duration cacheTtl,
    int cacheMaxEntries,
    Duration timeout,
    int retryAttempts,
    Duration retryDelay,
    Duration leeway,
    String rolesClaim,
    String permissionsClaim,
    int maxTokenSize,
    Duration keyFetchWait,
    Set<String> allowedEndpointHosts,
    OkHttpClient httpClient,
    AccessTokenProvider tokenProvider,
    Clock clock,
    ProtektMetrics metrics) {

  /** Never prints the client secret. */
  @Override
  public String toString() {
    return "Settings{domain=" + domain + ", clientId=" + clientId
        + ", clientSecret=" + (clientSecret == null ? "null" : "[redacted]")
        + ", audience=" + audience + ", anyAudience=" + anyAudience
        + ", algorithms=" + algorithms + ", cacheEnabled=" + cacheEnabled
        + ", cacheTtl=" + cacheTtl + ", cacheMaxEntries=" + cacheMaxEntries
        + ", timeout=" + timeout + ", retryAttempts=" + retryAttempts
        + ", retryDelay=" + retryDelay + ", leeway=" + leeway
        + ", rolesClaim=" + rolesClaim + ", permissionsClaim=" + permissionsClaim
        + ", maxTokenSize=" + maxTokenSize + ", keyFetchWait=" + keyFetchWait
        + ", allowedEndpointHosts=" + allowedEndpointHosts + "}";
  }
}
