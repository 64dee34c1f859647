package dev.protekt.spring;

import dev.protekt.ProtektAuth;
import dev.protekt.health.KeySetHealth;
import dev.protekt.health.ProtektHealth;
import dev.protekt.health.TokenEndpointHealth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Spring Boot Actuator's view of {@link ProtektAuth#health()}, as the {@code protekt} component of
 * {@code /actuator/health}: {@code DOWN} while no token can be verified for want of keys (no
 * signing keys were ever fetched, or none fetched can verify a token), {@code UP} once usable keys
 * are in hand (a missing audience is reported by a WARN at startup instead: an application may use
 * the Users API alone), with
 * {@code stale: true} while they are served although the last fetch failed, a fetch overruns
 * {@code keyFetchWait}, or they are older than the cache TTL. The token endpoint of machine tokens
 * is a detail only: it does not bring the service down.
 *
 * <p>With several trusted issuers it is {@code UP} while any issuer's tokens can be verified
 * ({@link ProtektHealth#canVerify()}): a secondary issuer's outage must not take every instance out
 * of rotation while the others' tokens verify. {@code issuersDown} then names the issuers whose
 * tokens cannot be verified, and {@code keysByIssuer} shows each.
 *
 * <p>Details: {@code keys} ({@code state} NEVER_FETCHED, FRESH, STALE or NO_USABLE_KEYS, {@code
 * lastFetchedAt}, {@code keyCount}, {@code lastFailure}), {@code stale}, {@code tokenEndpoint}
 * ({@code state} NOT_CONFIGURED, UNKNOWN, REACHABLE or FAILING, {@code lastSuccessAt}, {@code
 * lastFailure}) and {@code cachedTokens}; with several trusted issuers, {@code keys} is the issuer
 * in the worst state, {@code stale} is true while any issuer's stale keys are served, {@code
 * keysByIssuer} shows each issuer and {@code issuersDown} (only when not empty) lists those whose
 * tokens cannot be verified. Failures are masked (kind, HTTP status, time), never a URL or a
 * message. A client {@linkplain ProtektAuth#close() closed} (the context shutting down) is {@code
 * OUT_OF_SERVICE} with {@code closed: true}. A client that answers no health at all, as a mocked
 * {@code ProtektAuth} in a test does, is {@code UNKNOWN} with an {@code error} saying so.
 */
public class ProtektHealthIndicator implements HealthIndicator {
  private final ProtektAuth protekt;

  /** The health of {@code protekt}. */
  public ProtektHealthIndicator(ProtektAuth protekt) {
    this.protekt = Objects.requireNonNull(protekt, "protekt");
  }

  @Override
  public Health health() {
    if (protekt.isClosed()) {
      // The application is shutting down: nothing to show, and no traffic to take.
      return Health.outOfService().withDetail("closed", true).build();
    }
    ProtektHealth health = protekt.health();
    if (health == null) {
      // A real client always answers; UNKNOWN leaves the application's aggregate status alone.
      return Health.unknown().withDetail("error", "ProtektAuth.health() returned null, which a"
          + " real client never does: the ProtektAuth bean is probably a mock.").build();
    }
    KeySetHealth keys = health.keys();
    TokenEndpointHealth endpoint = health.tokenEndpoint();
    Map<String, Object> endpointDetails = new LinkedHashMap<>();
    endpointDetails.put("state", endpoint.state().name());
    putIfPresent(endpointDetails, "lastSuccessAt", endpoint.lastSuccessAt());
    putIfPresent(endpointDetails, "lastFailure", endpoint.lastFailure());
    Health.Builder builder = (health.canVerify() ? Health.up() : Health.down())
        .withDetail("keys", details(keys))
        .withDetail("stale", health.keysByIssuer().values().stream()
            .anyMatch(k -> k.state() == KeySetHealth.State.STALE))
        .withDetail("tokenEndpoint", endpointDetails)
        .withDetail("cachedTokens", health.cachedTokens());
    if (health.keysByIssuer().size() > 1) {
      Map<String, Object> byIssuer = new LinkedHashMap<>();
      List<String> down = new ArrayList<>();
      health.keysByIssuer().forEach((issuer, issuerKeys) -> {
        byIssuer.put(issuer, details(issuerKeys));
        if (!issuerKeys.canVerify()) {
          down.add(issuer);
        }
      });
      builder.withDetail("keysByIssuer", byIssuer);
      if (!down.isEmpty()) {
        builder.withDetail("issuersDown", down);
      }
    }
    return builder.build();
  }

  private static Map<String, Object> details(KeySetHealth keys) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("state", keys.state().name());
    putIfPresent(details, "lastFetchedAt", keys.lastFetchedAt());
    details.put("keyCount", keys.keyCount());
    putIfPresent(details, "lastFailure", keys.lastFailure());
    return details;
  }

  /** Absent values are left out, and the rest written as text, whatever JSON mapper shows them. */
  private static void putIfPresent(Map<String, Object> details, String name, Object value) {
    if (value != null) {
      details.put(name, value.toString());
    }
  }
}
