package dev.protekt.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.protekt.ConfigurationException;
import dev.protekt.Eventually;
import dev.protekt.InvalidTokenException;
import dev.protekt.KeysUnavailableException;
import dev.protekt.MutableClock;
import dev.protekt.ProtektApiException;
import dev.protekt.ProtektAuth;
import dev.protekt.UserNotFoundException;
import dev.protekt.health.KeySetHealth;
import dev.protekt.testing.LocalTenant;
import dev.protekt.testing.LocalTenantExtension;
import dev.protekt.testing.TokenBuilder;
import dev.protekt.users.Tenants;
import dev.protekt.users.UserQuery;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Each meter family of {@link MicrometerMetrics}, read after real traffic to the local tenant. */
@ExtendWith(LocalTenantExtension.class)
class MicrometerMetricsTest {
  private static final String JWKS = "/.well-known/jwks.json";
  private static final String USERS = "/api/v2/users";

  private final LocalTenant tenant;
  private final MutableClock clock = new MutableClock();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  MicrometerMetricsTest(LocalTenant tenant) {
    this.tenant = tenant;
  }

  @AfterEach
  void clearFaults() {
    tenant.faults().clear();
  }

  private ProtektAuth.Builder verifier() {
    return ProtektAuth.builder().domain(tenant.domain()).audience(tenant.apiAudience())
        .retryAttempts(0).clock(clock).metrics(MicrometerMetrics.of(registry));
  }

  private ProtektAuth.Builder machine() {
    return Tenants.client(tenant).retryDelay(Duration.ofMillis(1)).clock(clock)
        .metrics(MicrometerMetrics.of(registry));
  }

  private double count(String name, String... tags) {
    Meter meter = registry.find(name).tags(tags).meter();
    if (meter == null) {
      return 0;
    }
    double sum = 0;
    for (var m : meter.measure()) {
      if (m.getStatistic().name().equals("COUNT")) {
        sum += m.getValue();
      }
    }
    return sum;
  }

  private double gauge(String name) {
    return registry.get(name).gauge().value();
  }

  private double keysAge(String issuer) {
    return registry.get("protekt.keys.age").tag("issuer", issuer).gauge().value();
  }

  @Test
  void verifiedTokensCacheHitsAndMissesAndTheVerificationTimer() {
    ProtektAuth auth = verifier().build();
    String a = tenant.token().sign();
    String b = tenant.token().subject("protekt|other").sign();

    auth.verifyToken(a);
    auth.verifyToken(a);
    auth.verifyAuthorization("Bearer " + b);
    auth.verifyAuthorization("Bearer " + b);

    assertEquals(2, count("protekt.tokens.verified", "cached", "false"));
    assertEquals(2, count("protekt.tokens.verified", "cached", "true"));
    assertEquals(2, count("protekt.token.cache.gets", "result", "hit"));
    assertEquals(2, count("protekt.token.cache.gets", "result", "miss"));
    Timer verified = registry.get("protekt.token.verification").tag("outcome", "verified").timer();
    assertEquals(2, verified.count());
    assertTrue(verified.totalTime(TimeUnit.NANOSECONDS) > 0);
    assertEquals(0, count("protekt.token.verification", "outcome", "refused"));
    // a, b, and b's Authorization header as an alias of b.
    assertEquals(3, gauge("protekt.token.cache.size"));
  }

  @Test
  void withTheCacheOffEveryVerificationIsAFullCheckAndNoCacheLookupIsCounted() {
    ProtektAuth auth = verifier().cacheEnabled(false).build();
    String token = tenant.token().sign();

    auth.verifyToken(token);
    auth.verifyToken(token);

    assertEquals(2, count("protekt.tokens.verified", "cached", "false"));
    assertEquals(0, count("protekt.tokens.verified", "cached", "true"));
    assertEquals(0, count("protekt.token.cache.gets", "result", "miss"));
    assertEquals(0, gauge("protekt.token.cache.size"));
  }

  @Test
  void refusedTokensByReasonIncludingUnknownKids() {
    ProtektAuth auth = verifier().build();
    String expired = tenant.token().expiresAt(Instant.now().minus(Duration.ofHours(1))).sign();
    String wrongAudience = tenant.token().audience("https://elsewhere.example").sign();
    String forged = tenant.token().signWithForeignKey();
    String unknownKid = tenant.token().header("kid", "no-such-key").sign();

    for (String token : new String[] {expired, wrongAudience, forged, unknownKid, unknownKid,
        "not-a-jwt"}) {
      assertThrows(InvalidTokenException.class, () -> auth.verifyToken(token));
    }

    assertEquals(1, count("protekt.tokens.refused", "reason", "expired"));
    assertEquals(1, count("protekt.tokens.refused", "reason", "wrong_audience"));
    assertEquals(1, count("protekt.tokens.refused", "reason", "bad_signature"));
    assertEquals(2, count("protekt.tokens.refused", "reason", "unknown_key"));
    assertEquals(1, count("protekt.tokens.refused", "reason", "malformed"));
    assertEquals(6, count("protekt.token.verification", "outcome", "refused"));
    assertEquals(0, count("protekt.tokens.verified", "cached", "false"));
    // Refusals are never cached: each was a miss.
    assertEquals(6, count("protekt.token.cache.gets", "result", "miss"));
  }

  @Test
  void keyFetchesByResultAndTheAgeOfTheKeysInUse() {
    tenant.faults().failNext(JWKS, 1, 503);
    ProtektAuth auth = verifier().build();
    assertTrue(Double.isNaN(gauge("protekt.keys.age")), "no keys yet");

    String token = tenant.token().sign();
    assertThrows(KeysUnavailableException.class, () -> auth.verifyToken(token));
    assertEquals(1, count("protekt.tokens.refused", "reason", "keys_unavailable"));
    assertEquals(1, count("protekt.token.verification", "outcome", "keys_unavailable"));
    assertEquals(1, count("protekt.keys.fetches", "result", "bad_answer"));

    clock.advance(Duration.ofSeconds(2));
    auth.verifyToken(token);
    Timer fetches = registry.get("protekt.keys.fetches").tag("result", "success").timer();
    assertEquals(1, fetches.count());
    assertTrue(fetches.totalTime(TimeUnit.NANOSECONDS) > 0);
    assertEquals(0, gauge("protekt.keys.age"));
    clock.advance(Duration.ofSeconds(42));
    assertEquals(42, gauge("protekt.keys.age"));
    // Fetches of keys send no credentials: none is ever refused, and no timer says otherwise.
    assertNull(registry.find("protekt.keys.fetches").tag("result", "refused").timer());
    assertNotNull(registry.find("protekt.machine.token.fetches").tag("result", "refused").timer());
  }

  @Test
  void withSeveralIssuersEachHasItsOwnKeysAgeAndKeyFetches() {
    try (LocalTenant other = LocalTenant.start()) {
      other.faults().failNext(JWKS, 1, 503);
      ProtektAuth auth = verifier().additionalIssuers(other.domain()).build();
      auth.warmUp(Duration.ofSeconds(20));
      clock.advance(Duration.ofSeconds(42));
      String mine = tenant.domain();
      String theirs = other.domain();

      assertEquals(42, keysAge(mine));
      assertTrue(Double.isNaN(keysAge(theirs)), "never fetched");
      assertEquals(1, count("protekt.keys.fetches", "issuer", mine, "result", "success"));
      assertEquals(0, count("protekt.keys.fetches", "issuer", mine, "result", "bad_answer"));
      assertEquals(1, count("protekt.keys.fetches", "issuer", theirs, "result", "bad_answer"));
      assertEquals(0, count("protekt.keys.fetches", "issuer", theirs, "result", "success"));

      auth.verifyToken(other.token().sign());
      clock.advance(Duration.ofSeconds(8));
      assertEquals(50, keysAge(mine));
      assertEquals(8, keysAge(theirs));
      assertEquals(1, count("protekt.keys.fetches", "issuer", theirs, "result", "success"));
      for (Meter meter : registry.find("protekt.keys.fetches").meters()) {
        assertTrue(List.of(mine, theirs).contains(meter.getId().getTag("issuer")),
            meter.getId().toString());
      }
    }
  }

  @Test
  void eachIssuersGaugeReadsThatIssuersKeysAlone() {
    try (LocalTenant other = LocalTenant.start()) {
      ProtektAuth auth = verifier().cacheTtl(Duration.ofMinutes(10))
          .additionalIssuers(other.domain()).build();
      auth.warmUp(Duration.ofSeconds(20));
      String mine = tenant.domain();
      String theirs = other.domain();
      clock.advance(Duration.ofMinutes(10));

      // A gauge read refreshes keys due, as health does, but only the keys it reads.
      assertEquals(600, keysAge(mine));
      Eventually.holds("the refresh its gauge started", () -> keysAge(mine) == 0);
      assertEquals(2, tenant.requests(JWKS).size());
      assertEquals(1, other.requests(JWKS).size(), "the other issuer's keys were refreshed");
      assertEquals(600, keysAge(theirs));
      Eventually.holds("the refresh its gauge started", () -> keysAge(theirs) == 0);
      assertEquals(2, other.requests(JWKS).size());
      assertEquals(KeySetHealth.State.FRESH, auth.health().keys().state());
    }
  }

  @Test
  void usersApiCallsByMethodAndStatusAndMachineTokenFetches() {
    ProtektAuth auth = machine().build();
    String id = tenant.createUser(Map.of("email", Tenants.uniqueEmail()));

    auth.users().get(id);
    auth.users().list(UserQuery.builder().build());
    assertThrows(UserNotFoundException.class, () -> auth.users().get("protekt|missing"));
    auth.users().delete(id);

    assertEquals(2, count("protekt.users.requests", "method", "GET", "status", "200"));
    assertEquals(1, count("protekt.users.requests", "method", "GET", "status", "404"));
    assertEquals(1, count("protekt.users.requests", "method", "DELETE", "status", "204"));
    assertEquals(1, count("protekt.machine.token.fetches", "result", "success"));
  }

  @Test
  void retriesBy429And5xxAndIoErrorsAndEvery429() {
    ProtektAuth auth = machine().build();
    auth.getAccessToken();
    tenant.faults()
        .failNext(USERS, 1, 429, Map.of("Retry-After", "0"))
        .failNext(USERS, 1, 503)
        // OkHttp itself may send a request again once when a pooled connection drops it.
        .dropNext(USERS, 2);

    auth.users().list(UserQuery.builder().build());

    assertEquals(1, count("protekt.http.retries", "cause", "rate_limited"));
    assertEquals(1, count("protekt.http.retries", "cause", "server_error"));
    assertTrue(count("protekt.http.retries", "cause", "io_error") >= 1);
    assertEquals(1, count("protekt.http.rate.limited"));
    assertEquals(1, count("protekt.users.requests", "method", "GET", "status", "200"));

    // A 429 asking for a wait past a minute is answered at once, not retried, and still counted.
    tenant.faults().failNext(USERS, 1, 429, Map.of("Retry-After", "3600"));
    assertThrows(ProtektApiException.class, () -> auth.users().list(UserQuery.builder().build()));
    assertEquals(2, count("protekt.http.rate.limited"));
    assertEquals(1, count("protekt.http.retries", "cause", "rate_limited"));
    assertEquals(1, count("protekt.users.requests", "method", "GET", "status", "429"));
  }

  @Test
  void aUsersCallWithoutAMachineTokenIsNoUsersApiRequest() {
    tenant.faults().failNext("/oauth/token", 1, 401);
    ProtektAuth auth = machine().retryAttempts(0).build();
    assertThrows(ProtektApiException.class, () -> auth.users().list(UserQuery.builder().build()));
    assertEquals(1, count("protekt.machine.token.fetches", "result", "refused"));
    assertEquals(0, count("protekt.users.requests"), "nothing was sent to the Users API");
  }

  @Test
  void failedMachineTokenFetchesByKind() {
    tenant.faults().failNext("/oauth/token", 1, 401);
    ProtektAuth auth = machine().retryAttempts(0).build();
    assertThrows(ProtektApiException.class, auth::getAccessToken);
    assertEquals(1, count("protekt.machine.token.fetches", "result", "refused"));

    tenant.faults().failNext("/oauth/token", 1, 503);
    assertThrows(ProtektApiException.class, auth::getAccessToken);
    assertEquals(1, count("protekt.machine.token.fetches", "result", "bad_answer"));
    auth.getAccessToken();
    assertEquals(1, count("protekt.machine.token.fetches", "result", "success"));
  }

  @Test
  void oneMicrometerMetricsServesOneClient() {
    MicrometerMetrics metrics = MicrometerMetrics.of(registry);
    verifier().metrics(metrics).build();

    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> verifier().metrics(metrics).build());
    assertEquals(List.of("metrics"), e.options());
  }

  @Test
  void twoClientsWithTheSameTagsInOneRegistryAreRefusedAndOtherTagsTellThemApart() {
    ProtektAuth first = verifier().build();
    ConfigurationException untagged =
        assertThrows(ConfigurationException.class, () -> verifier().build());
    assertEquals(List.of("metrics"), untagged.options());
    assertTrue(untagged.getMessage().contains("without tags"), untagged.getMessage());
    assertTrue(untagged.getMessage().contains("Tags.of("), untagged.getMessage());

    MicrometerMetrics acme = MicrometerMetrics.of(registry, Tags.of("tenant", "acme"));
    ProtektAuth second = verifier().metrics(acme).build();
    ConfigurationException sameTags = assertThrows(ConfigurationException.class,
        () -> verifier().metrics(MicrometerMetrics.of(registry, Tags.of("tenant", "acme")))
            .build());
    assertTrue(sameTags.getMessage().contains("tenant=acme"), sameTags.getMessage());

    second.verifyToken(tenant.token().sign());
    assertEquals(1, count("protekt.tokens.verified", "cached", "false", "tenant", "acme"));
    assertEquals(0, first.health().cachedTokens());
    assertEquals(1, registry.get("protekt.token.cache.size").tag("tenant", "acme").gauge()
        .value());

    // The registry's own common tags (Spring Boot's management.metrics.tags) tell no client apart.
    SimpleMeterRegistry common = new SimpleMeterRegistry();
    common.config().commonTags("application", "orders");
    verifier().metrics(MicrometerMetrics.of(common)).build();
    assertThrows(ConfigurationException.class,
        () -> verifier().metrics(MicrometerMetrics.of(common)).build());
  }

  @Test
  void noTagHoldsATokenASecretASubjectOrAUrlButTheIssuerAndCommonTagsApply() {
    SimpleMeterRegistry tagged = new SimpleMeterRegistry();
    ProtektAuth auth = Tenants.client(tenant).audience(tenant.apiAudience())
        .metrics(MicrometerMetrics.of(tagged, Tags.of("tenant", "acme"))).build();
    String token = tenant.token().sign();
    auth.verifyToken(token);
    assertThrows(InvalidTokenException.class,
        () -> auth.verifyToken(tenant.token().header("kid", "kid-of-" + token.length()).sign()));
    auth.users().list(UserQuery.builder().q("email:\"x@example.com\"").build());

    assertFalse(tagged.getMeters().isEmpty());
    for (Meter meter : tagged.getMeters()) {
      Meter.Id id = meter.getId();
      assertTrue(id.getName().matches("protekt(\\.[a-z]+)+"), id.getName());
      assertEquals("acme", id.getTag("tenant"), id.toString());
      for (Tag tag : id.getTags()) {
        String value = tag.getValue();
        if (tag.getKey().equals("issuer")) {
          // The one URL: the issuer as configured, fixed at build time.
          assertTrue(List.of("protekt.keys.age", "protekt.keys.fetches").contains(id.getName()),
              id.toString());
          assertEquals(tenant.domain(), value);
          continue;
        }
        assertFalse(value.contains(token) || value.contains(tenant.clientSecret())
            || value.contains(TokenBuilder.DEFAULT_SUBJECT) || value.contains("kid-of")
            || value.contains("://") || value.contains("/") || value.contains("email"),
            id.toString());
      }
    }
  }
}
