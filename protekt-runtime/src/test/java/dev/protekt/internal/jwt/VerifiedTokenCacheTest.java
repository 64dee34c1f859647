package dev.protekt.internal.jwt;

import static dev.protekt.internal.jwt.Tokens.assertRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.JWK;
import dev.protekt.Eventually;
import dev.protekt.InvalidTokenException;
import dev.protekt.InvalidTokenException.Reason;
import dev.protekt.MissingTokenException;
import dev.protekt.MutableClock;
import dev.protekt.ProtektAuth;
import dev.protekt.ProtektUser;
import dev.protekt.testing.LocalTenant;
import dev.protekt.testing.LocalTenantExtension;
import dev.protekt.testing.SigningAlgorithm;
import java.security.GeneralSecurityException;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The verified-token cache: a hit returns the same user without verifying again, and an entry dies
 * with the token's {@code exp}, the TTL, or its key. A hit is recognized by identity: a fresh
 * verification builds a new {@link ProtektUser}.
 */
@ExtendWith(LocalTenantExtension.class)
class VerifiedTokenCacheTest {
  private final LocalTenant tenant;
  private final MutableClock clock = new MutableClock();

  VerifiedTokenCacheTest(LocalTenant tenant) {
    this.tenant = tenant;
  }

  /** A key for entries put into the cache directly; which key does not matter. */
  private static VerificationKey someKey() throws ParseException, GeneralSecurityException {
    return VerificationKey.of(JWK.parse(
        "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU\","
            + "\"y\":\"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0\"}"));
  }

  private ProtektAuth.Builder client() {
    return ProtektAuth.builder().domain(tenant.domain()).audience(tenant.apiAudience()).clock(clock);
  }

  @Test
  void aTokenSeenAgainIsAHit() {
    ProtektAuth auth = client().build();
    String token = tenant.token().sign();
    ProtektUser first = auth.verifyToken(token);
    assertSame(first, auth.verifyToken(token));
    // Equal text in another String object is the same token.
    assertSame(first, auth.verifyToken(new String(token.toCharArray())));

    ProtektAuth uncached = client().cacheEnabled(false).build();
    assertNotSame(uncached.verifyToken(token), uncached.verifyToken(token));
  }

  @Test
  void anEntryDiesAtExpWhateverTheLeeway() {
    ProtektAuth strict = client().leeway(Duration.ZERO).build();
    String token = tenant.token().expiresAt(Instant.ofEpochMilli(clock.millis()).plusSeconds(30)).sign();
    strict.verifyToken(token);
    clock.advance(Duration.ofSeconds(31));
    assertRejected(strict, token, Reason.EXPIRED);

    ProtektAuth lenient = client().build();
    String other = tenant.token().expiresAt(Instant.ofEpochMilli(clock.millis()).plusSeconds(30)).sign();
    ProtektUser first = lenient.verifyToken(other);
    clock.advance(Duration.ofSeconds(31));
    // Still within the 60 s leeway, so accepted, but verified again and not cached again.
    ProtektUser second = lenient.verifyToken(other);
    assertNotSame(first, second);
    assertNotSame(second, lenient.verifyToken(other));
  }

  @Test
  void anEntryDiesAfterTheTtl() {
    ProtektAuth auth = client().cacheTtl(Duration.ofSeconds(30)).build();
    String token = tenant.token().expiresIn(Duration.ofHours(1)).sign();
    ProtektUser first = auth.verifyToken(token);
    clock.advance(Duration.ofSeconds(29));
    assertSame(first, auth.verifyToken(token));
    clock.advance(Duration.ofSeconds(2));
    ProtektUser again = auth.verifyToken(token);
    assertNotSame(first, again);
    assertSame(again, auth.verifyToken(token));
  }

  @Test
  void anEntryDiesWithItsKey() {
    ProtektAuth auth = client().build();
    String old = tenant.keys().current();
    String token = tenant.token().sign();
    ProtektUser first = auth.verifyToken(token);
    assertSame(first, auth.verifyToken(token));

    tenant.keys().rotate(SigningAlgorithm.RS256);
    tenant.keys().retire(old);
    clock.advance(Duration.ofSeconds(6));
    // A token with the new kid makes the verifier refresh its keys; the old one is gone.
    auth.verifyToken(tenant.token().sign());
    assertRejected(auth, token, Reason.UNKNOWN_KEY);
  }

  /**
   * A hit is a request like any other: past the refresh-ahead point it starts the refresh, so that
   * traffic of cached tokens alone does not keep a withdrawn key verifying until the entries
   * expire. The keys are refreshed ahead from 9 s (a tenth of a 10 s TTL before it ends), and the
   * token is refused before the TTL is over.
   */
  @Test
  void aHitPastTheRefreshAheadPointStartsTheRefreshThatWithdrawsAKey() {
    ProtektAuth auth = client().cacheTtl(Duration.ofSeconds(10)).build();
    String old = tenant.keys().current();
    String token = tenant.token().sign();
    String header = "Bearer " + token;
    ProtektUser first = auth.verifyAuthorization(header);
    tenant.keys().rotate(SigningAlgorithm.RS256);
    tenant.keys().retire(old);

    clock.advance(Duration.ofSeconds(9));
    // The hit that starts the refresh goes on with what is in hand, as any request does.
    assertSame(first, auth.verifyAuthorization(header));
    Eventually.holds("the refresh a hit started withdraws the key", () -> {
      try {
        auth.verifyToken(token);
        return false;
      } catch (InvalidTokenException e) {
        return e.reason() == Reason.UNKNOWN_KEY;
      }
    });
    assertThrows(InvalidTokenException.class, () -> auth.verifyAuthorization(header));
  }

  @Test
  void aHeaderSeenAgainIsAHitThatLivesAndDiesWithItsToken() {
    ProtektAuth auth = client().leeway(Duration.ZERO).build();
    String old = tenant.keys().current();
    String token = tenant.token().expiresAt(Instant.ofEpochMilli(clock.millis()).plusSeconds(60)).sign();
    String header = "Bearer " + token;
    ProtektUser first = auth.verifyAuthorization(header);
    assertSame(first, auth.verifyToken(token));
    // The same header text in another String object, as a server reads it per request.
    assertSame(first, auth.verifyAuthorization(new String(header.toCharArray())));
    assertSame(first, auth.verifyAuthorization("bEaReR " + token));

    clock.advance(Duration.ofSeconds(61));
    assertThrows(InvalidTokenException.class, () -> auth.verifyAuthorization(header));

    ProtektAuth rotating = client().build();
    String fresh = "Bearer " + tenant.token().sign();
    assertSame(rotating.verifyAuthorization(fresh), rotating.verifyAuthorization(fresh));
    tenant.keys().rotate(SigningAlgorithm.RS256);
    tenant.keys().retire(old);
    clock.advance(Duration.ofSeconds(6));
    rotating.verifyToken(tenant.token().sign());
    InvalidTokenException e =
        assertThrows(InvalidTokenException.class, () -> rotating.verifyAuthorization(fresh));
    assertEquals(Reason.UNKNOWN_KEY, e.reason());
  }

  @Test
  void onlyTheCanonicalHeaderGetsAnAliasSoOneTokenCannotFillTheCache() throws Exception {
    VerificationKey key = someKey();
    long now = clock.millis();
    VerifiedTokenCache cache = new VerifiedTokenCache(clock, 60_000, 100);
    ProtektUser user = ProtektUser.fromClaims(Map.of("sub", "x"));
    String token = tenant.token().sign();
    cache.put(token, user, 0, now + 3_600_000, key, at -> { }, now);

    List<String> variants = new ArrayList<>(List.of("bearer " + token, "BEARER " + token,
        "Bearer  " + token, "Bearer " + token + " ", "Bearer " + token.substring(1), token));
    for (int i = 1; i <= 50; i++) {
      variants.add(" ".repeat(i) + "Bearer " + token);
    }
    for (String variant : variants) {
      cache.alias(variant, token);
      assertNull(cache.getByAuthorization(variant), variant);
    }
    assertEquals(1, cache.size());
    cache.alias("Bearer " + token, token);
    assertEquals(2, cache.size());
    assertSame(user, cache.getByAuthorization("Bearer " + token));
  }

  @Test
  void aHeaderIsNeverTakenForAToken() {
    ProtektAuth auth = client().build();
    String token = tenant.token().sign();
    auth.verifyAuthorization("Bearer " + token);
    // The cached header must not make verifyToken accept text that is not a JWS.
    assertRejected(auth, "Bearer " + token, Reason.MALFORMED);
  }

  @Test
  void noTokenInTheHeaderIsMissingWhateverTheConfiguration() {
    ProtektAuth noAudience = ProtektAuth.builder().domain(tenant.domain()).clock(clock).build();
    for (String header : new String[] {null, "", "Bearer", "Bearer ", "Basic dXNlcjpwYXNz"}) {
      assertThrows(MissingTokenException.class, () -> noAudience.verifyAuthorization(header));
      assertThrows(MissingTokenException.class, () -> client().build().verifyAuthorization(header));
    }
  }

  @Test
  void onlySuccessesAreCached() {
    ProtektAuth auth = client().build();
    String wrongAudience = tenant.token().audience("https://other.example/").sign();
    assertRejected(auth, wrongAudience, Reason.WRONG_AUDIENCE);
    assertRejected(auth, wrongAudience, Reason.WRONG_AUDIENCE);
  }

  @Test
  void isSafeUnderConcurrency() throws Exception {
    ProtektAuth auth = client().cacheMaxEntries(20).build();
    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      tokens.add(tenant.token().subject("protekt|" + i).sign());
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> results = new ArrayList<>();
      for (int round = 0; round < 20; round++) {
        for (int i = 0; i < tokens.size(); i++) {
          int n = i;
          results.add(pool.submit(() ->
              assertEquals("protekt|" + n, auth.verifyToken(tokens.get(n)).subject())));
        }
      }
      for (Future<?> f : results) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void staysWithinItsBounds() throws Exception {
    VerificationKey key = someKey();
    long now = clock.millis();
    VerifiedTokenCache cache = new VerifiedTokenCache(clock, 60_000, 100);
    ProtektUser user = ProtektUser.fromClaims(Map.of("sub", "x"));
    for (int i = 0; i < 1000; i++) {
      cache.put("token-" + i, user, 0, now + 3_600_000, key, at -> { }, now);
      assertTrue(cache.size() <= 100, "size " + cache.size());
    }
    String huge = "t".repeat(VerifiedTokenCache.MAX_TOKEN_CHARS + 1);
    cache.put(huge, user, 0, now + 3_600_000, key, at -> { }, now);
    assertNull(cache.get(huge));

    String big = "b".repeat(VerifiedTokenCache.MAX_TOKEN_CHARS - 8);
    VerifiedTokenCache byMemory = new VerifiedTokenCache(clock, 60_000, 1_000_000);
    long perEntry = VerifiedTokenCache.weight(big + 0, 0, user);
    for (int i = 0; i < 2 * VerifiedTokenCache.MAX_BYTES / perEntry; i++) {
      byMemory.put(big + i, user, 0, now + 3_600_000, key, at -> { }, now);
    }
    assertTrue(byMemory.size() > VerifiedTokenCache.MAX_BYTES / perEntry / 2,
        "size " + byMemory.size());
    assertTrue(byMemory.size() * perEntry <= VerifiedTokenCache.MAX_BYTES, "size " + byMemory.size());

    cache.put("retired", user, 0, now + 3_600_000, key, at -> { }, now);
    assertSame(user, cache.get("retired"));
    key.retire();
    assertNull(cache.get("retired"));
  }
}
