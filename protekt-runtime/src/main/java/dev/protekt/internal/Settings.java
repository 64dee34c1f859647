package dev.protekt.internal;

import dev.protekt.AccessTokenProvider;
import dev.protekt.Algorithm;
import dev.protekt.ClaimPath;
import dev.protekt.metrics.ProtektMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import okhttp3.OkHttpClient;

/**
 * The validated, immutable options of one {@code ProtektAuth}, as its internal components see them.
 * Not part of the public API.
 *
 * @param primaryIssuer the domain: the first trusted issuer, and the tenant of the Users API
 * @param audiences the API audiences of which a token's {@code aud} must hold one; empty when none
 *     is configured
 * @param anyAudience {@code true} when the user explicitly opted out of the audience check
 * @param timeout {@code null} when the user brought an HTTP client and set no timeout: theirs apply
 * @param rolesClaim the paths roles are read from, parsed
 * @param permissionsClaim the paths permissions are read from, parsed
 * @param keyFetchWait the longest a verification waits for a key fetch it needs
 * @param allowedEndpointHosts lower-case hosts besides the domain's that discovery may name for
 *     {@code jwks_uri} and {@code token_endpoint}
 * @param httpClient the user's own client, or {@code null}
 * @param tokenProvider the user's own token provider, or {@code null}
 * @param metrics where events are reported; {@link ProtektMetrics#NONE} by default
 * @param additionalIssuers the issuers trusted besides the domain's, in the configured order
 */
public record Settings(
    IssuerLocation primaryIssuer,
    String clientId,
    String clientSecret,
    List<String> audiences,
    boolean anyAudience,
    Set<Algorithm> algorithms,
    boolean cacheEnabled,
    Duration cacheTtl,
    int cacheMaxEntries,
    Duration timeout,
    int retryAttempts,
    Duration retryDelay,
    Duration leeway,
    List<ClaimPath> rolesClaim,
    List<ClaimPath> permissionsClaim,
    int maxTokenSize,
    Duration keyFetchWait,
    Set<String> allowedEndpointHosts,
    OkHttpClient httpClient,
    AccessTokenProvider tokenProvider,
    Clock clock,
    ProtektMetrics metrics,
    List<IssuerLocation> additionalIssuers) {

  public Settings {
    audiences = audiences == null ? List.of() : List.copyOf(audiences);
    additionalIssuers = additionalIssuers == null ? List.of() : List.copyOf(additionalIssuers);
  }

  /** Never prints the client secret. */
  @Override
  public String toString() {
    return "Settings{domain=" + primaryIssuer.configured() + ", clientId=" + clientId
        + ", clientSecret=" + (clientSecret == null ? "null" : "[redacted]")
        // As PROTEKT_AUDIENCE writes them.
        + ", audience=" + (audiences.isEmpty() ? null : String.join(",", audiences))
        + ", anyAudience=" + anyAudience
        + ", algorithms=" + algorithms + ", cacheEnabled=" + cacheEnabled
        + ", cacheTtl=" + cacheTtl + ", cacheMaxEntries=" + cacheMaxEntries
        + ", timeout=" + timeout + ", retryAttempts=" + retryAttempts
        + ", retryDelay=" + retryDelay + ", leeway=" + leeway
        + ", rolesClaim=" + text(rolesClaim) + ", permissionsClaim=" + text(permissionsClaim)
        + ", maxTokenSize=" + maxTokenSize + ", keyFetchWait=" + keyFetchWait
        + ", allowedEndpointHosts=" + allowedEndpointHosts
        + ", additionalIssuers=" + additionalIssuers.stream()
            .map(IssuerLocation::shown).toList() + "}";
  }

  /** Claim paths as an environment variable would hold them. */
  private static String text(List<ClaimPath> paths) {
    return paths.stream().map(ClaimPath::toString).collect(Collectors.joining(","));
  }
}
