package dev.protekt.internal.jwt;

import static dev.protekt.internal.jwt.Tokens.assertRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.protekt.CapturedLog;
import dev.protekt.ConfigurationException;
import dev.protekt.Eventually;
import dev.protekt.InvalidTokenException;
import dev.protekt.InvalidTokenException.Reason;
import dev.protekt.KeysUnavailableException;
import dev.protekt.ProtektAuth;
import dev.protekt.ProtektUser;
import dev.protekt.testing.LocalTenant;
import dev.protekt.testing.SigningAlgorithm;
import dev.protekt.testing.TokenBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Several trusted issuers in one client: two real local tenants, each its own issuer with its own
 * keys, and tokens each of them really signed.
 */
class SeveralIssuersTest {
  private static final String DISCOVERY = "/.well-known/openid-configuration";
  private static final String JWKS = "/.well-known/jwks.json";

  private final LocalTenant a = LocalTenant.start();
  private final LocalTenant b = LocalTenant.start();

  @AfterEach
  void stop() {
    a.close();
    b.close();
  }

  /** Waits long for a first discovery or fetch: the machine may be busy, and none hangs here. */
  private ProtektAuth.Builder client() {
    return ProtektAuth.builder().domain(a.domain()).additionalIssuers(b.domain())
        .audience(a.apiAudience()).retryAttempts(0).keyFetchWait(Duration.ofSeconds(10));
  }

  /** Both issuers' keys in hand, and both issuers known; then the request logs start over. */
  private ProtektAuth warm(ProtektAuth auth) {
    auth.verifyToken(a.token().subject("warm-a").sign());
    auth.verifyToken(b.token().subject("warm-b").sign());
    a.clearRequests();
    b.clearRequests();
    return auth;
  }

  private static String randomKid() {
    return UUID.randomUUID().toString();
  }

  @Test
  void eachIssuerIsAcceptedWithItsOwnKeysAndTheUserSaysWhichVerifiedIt() {
    ProtektAuth auth = client().build();
    ProtektUser fromA = auth.verifyToken(a.token().subject("alice").sign());
    ProtektUser fromB = auth.verifyToken(b.token().subject("bob").sign());
    assertEquals(a.issuer(), fromA.issuer());
    assertEquals(b.issuer(), fromB.issuer());
    // Guards go through verifyAuthorization, unchanged.
    assertEquals("bob", auth.verifyAuthorization("Bearer " + b.token().subject("bob").sign())
        .subject());
    assertEquals(1, a.requests(JWKS).size());
    assertEquals(1, b.requests(JWKS).size());
  }

  @ParameterizedTest(name = "cache {0}")
  @ValueSource(booleans = {true, false})
  void aKeyOfOneIssuerNeverVerifiesATokenOfTheOtherEvenWhenTheKidsCollide(boolean cache) {
    for (LocalTenant tenant : List.of(a, b)) {
      tenant.keys().add(SigningAlgorithm.RS256, "shared");
      tenant.keys().use("shared");
    }
    ProtektAuth auth = client().cacheEnabled(cache).build();
    // Signed by B with its "shared" key, claiming to be A's; and the other way round. Before and
    // after each issuer's own tokens (and so its keys, and cache entries) are in hand.
    String aClaimedBySignedB = b.token().issuer(a.issuer()).sign();
    String bClaimedBySignedA = a.token().issuer(b.issuer()).sign();
    for (int round = 0; round < 2; round++) {
      assertRejected(auth, aClaimedBySignedB, Reason.BAD_SIGNATURE);
      assertRejected(auth, bClaimedBySignedA, Reason.BAD_SIGNATURE);
      assertEquals(a.issuer(), auth.verifyToken(a.token().sign()).issuer());
      assertEquals(b.issuer(), auth.verifyToken(b.token().sign()).issuer());
    }
  }

  @Test
  void anUnknownIssuerIsRefusedWithoutAnyRequestToAnyTenant() {
    ProtektAuth auth = warm(client().build());
    LocalTenant evil = LocalTenant.start();
    try {
      // A's own key and kid, an unknown kid, a kid of the other issuer: never a fetch.
      for (String token : List.of(a.token().issuer("https://evil.example/").sign(),
          a.token().issuer(evil.issuer()).header("kid", randomKid()).sign(),
          evil.token().header("kid", b.keys().current()).sign())) {
        InvalidTokenException e = assertRejected(auth, token, Reason.WRONG_ISSUER);
        assertTrue(e.getMessage().contains(a.issuer()) && e.getMessage().contains(b.issuer()),
            e.getMessage());
      }
    } finally {
      evil.close();
    }
    assertEquals(List.of(), a.requests());
    assertEquals(List.of(), b.requests());
  }

  @Test
  void theIssuerIsTheTopLevelIssInStrictUtf8AndNothingElse() {
    ProtektAuth auth = warm(client().build());
    TokenBuilder signer = a.token();
    byte[] header = ("{\"alg\":\"RS256\",\"kid\":\"" + signer.signingKeyId() + "\"}")
        .getBytes(StandardCharsets.UTF_8);
    String rest = ",\"sub\":\"s\",\"aud\":\"" + a.apiAudience() + "\",\"exp\":"
        + Instant.now().plusSeconds(600).getEpochSecond() + "}";
    Function<String, String> signed =
        claims -> signer.signBytes(header, (claims + rest).getBytes(StandardCharsets.UTF_8));
    String issA = "\"" + a.issuer() + "\"";

    assertRejected(auth, signed.apply("{\"ext\":{\"iss\":" + issA
        + "},\"iss\":\"https://evil.example/\""), Reason.WRONG_ISSUER);
    assertEquals(a.issuer(), auth.verifyToken(signed.apply("{\"i\\u0073s\":" + issA)).issuer());
    assertRejected(auth, signed.apply("{\"iss\":" + issA + ",\"iss\":\"" + b.issuer() + "\""),
        Reason.MALFORMED);
    // In either order, however spelt: the issuer chosen must not depend on which comes first.
    assertRejected(auth, signed.apply("{\"iss\":\"" + b.issuer() + "\",\"iss\":" + issA),
        Reason.MALFORMED);
    assertRejected(auth, signed.apply("{\"iss\":\"" + b.issuer() + "\",\"x\":{\"y\":[1]},"
        + "\"\\u0069ss\":" + issA), Reason.MALFORMED);
    assertRejected(auth, signed.apply("{\"iss\":[" + issA + "]"), Reason.MISSING_CLAIM);
    assertRejected(auth, signed.apply("{\"nbf\":0"), Reason.MISSING_CLAIM);
    assertRejected(auth, signed.apply("{\"iss\":\"\\uD800\""), Reason.MALFORMED);
    // "iss" with an overlong 's' (C1 B3), which a lenient decoder reads as "iss": refused as
    // such before the issuer is looked for.
    byte[] head = "{\"is".getBytes(StandardCharsets.US_ASCII);
    byte[] tail = ("\":\"https://evil.example/\"" + rest).getBytes(StandardCharsets.US_ASCII);
    byte[] overlong = Arrays.copyOf(head, head.length + 2 + tail.length);
    overlong[head.length] = (byte) 0xC1;
    overlong[head.length + 1] = (byte) 0xB3;
    System.arraycopy(tail, 0, overlong, head.length + 2, tail.length);
    assertRejected(auth, signer.signBytes(header, overlong), Reason.MALFORMED);
    assertEquals(List.of(), a.requests());
    assertEquals(List.of(), b.requests());
  }

  @Test
  void anUnknownIssuerIsRefusedAtOnceBeforeAnyDiscoveryHasAnswered() {
    ProtektAuth auth = client().build();
    // A URL issuer's discovery may name no issuer but that URL, so none of these can be theirs,
    // and none waits. Each discovery is asked once, in the background, in case its document names
    // such an iss instead of its URL (which the next such token is then told).
    for (String iss : List.of("https://evil.example/", a.issuer() + "x/", a.domain() + "/a/")) {
      InvalidTokenException e =
          assertRejected(auth, a.token().issuer(iss).sign(), Reason.WRONG_ISSUER);
      assertTrue(e.getMessage().contains(a.domain()) && e.getMessage().contains(b.domain()),
          e.getMessage());
    }
    Eventually.holds("each discovery asked", () -> a.requests().size() + b.requests().size() == 2);
    assertRejected(auth, a.token().issuer("https://evil.example/").sign(), Reason.WRONG_ISSUER);
    assertEquals(List.of(DISCOVERY), a.requests().stream().map(r -> r.path()).toList());
    assertEquals(List.of(DISCOVERY), b.requests().stream().map(r -> r.path()).toList());
    auth.verifyToken(b.token().sign());
    assertEquals(List.of(DISCOVERY), a.requests().stream().map(r -> r.path()).toList(),
        "A's keys are not fetched for a token of B");
  }

  @Test
  void whileAnIssuersDiscoveryFailsItsTokensAreAnOutageAndNoOtherTokensWait() {
    b.faults().failNext(DISCOVERY, 1_000, 503);
    ProtektAuth auth = client().build();
    assertEquals("alice", auth.verifyToken(a.token().subject("alice").sign()).subject());
    KeysUnavailableException e =
        assertThrows(KeysUnavailableException.class, () -> auth.verifyToken(b.token().sign()));
    assertTrue(e.getMessage().startsWith("The signing keys of " + b.domain() + " cannot be"
        + " fetched: OIDC discovery at ") && e.getMessage().contains("answered HTTP 503"),
        e.getMessage());
    assertRejected(auth, a.token().issuer("https://evil.example/").sign(), Reason.WRONG_ISSUER);
    assertEquals(0, b.requests(JWKS).size());
    b.faults().clear();
    // A failed discovery is asked again a second later at the soonest.
    Eventually.holds("B's tokens verify once its discovery answers", () -> {
      try {
        return auth.verifyToken(b.token().subject("bob").sign()).subject().equals("bob");
      } catch (KeysUnavailableException stillDown) {
        return false;
      }
    });
  }

  @Test
  void anotherIssuersDiscoveryNamingAnotherIssuerNeverFailsTheDomainsFirstToken() {
    String doc = "{\"issuer\":\"https://other.example/\",\"jwks_uri\":\"" + b.domain() + JWKS
        + "\"}";
    b.faults().failNext(DISCOVERY, 1_000, 200, Map.of("Content-Type", "application/json"), doc);
    ProtektAuth auth = client().build();
    // The very first token, with B's discovery not asked yet: only A's own fetches decide.
    assertEquals("alice", auth.verifyToken(a.token().subject("alice").sign()).subject());
    ConfigurationException e =
        assertThrows(ConfigurationException.class, () -> auth.verifyToken(b.token().sign()));
    assertTrue(e.getMessage().contains("names the issuer 'https://other.example/'"),
        e.getMessage());
    assertEquals("ada", auth.verifyToken(a.token().subject("ada").sign()).subject());
    assertEquals(0, b.requests(JWKS).size());
  }

  @Test
  void anotherIssuersHangingDiscoveryNeverDelaysTheDomainsTokens() {
    b.faults().hangNext(DISCOVERY, 1_000);
    // B's discovery hangs for longer than the request's wait, and does not time out before.
    ProtektAuth auth =
        client().keyFetchWait(Duration.ofSeconds(5)).timeout(Duration.ofSeconds(30)).build();
    long started = System.nanoTime();
    assertEquals("alice", auth.verifyToken(a.token().subject("alice").sign()).subject());
    assertRejected(auth, a.token().issuer("https://evil.example/").sign(), Reason.WRONG_ISSUER);
    long tookMillis = (System.nanoTime() - started) / 1_000_000;
    assertTrue(tookMillis < 4_000, "A's first token took " + tookMillis + " ms");
    // B's own token waits for B's discovery, and the refusal says that is what it waited for.
    KeysUnavailableException e =
        assertThrows(KeysUnavailableException.class, () -> auth.verifyToken(b.token().sign()));
    String waitedForDiscovery = "The signing keys of " + b.domain() + " (whose OIDC discovery has"
        + " not succeeded yet) have not arrived within the request's keyFetchWait (5000 ms): it"
        + " waited ";
    assertTrue(e.getMessage().startsWith(waitedForDiscovery), e.getMessage());
  }

  /**
   * An issuer whose discovery was answered, with an error, has not "not answered": the refusal
   * says its discovery has not succeeded yet, and what its last attempt met.
   */
  @Test
  void anotherIssuersFailingDiscoveryIsSaidNotToHaveSucceededWithItsLastAnswer() {
    // Two attempts answered 503 and the third taken: the retries wait 1 to 2 s, then 2 to 4 s, and
    // the fetch ends within the test, so that it leaves no retry behind to fail on a closed tenant.
    b.faults().failNext(DISCOVERY, 2, 503);
    try (ProtektAuth auth = client().retryAttempts(2).retryDelay(Duration.ofSeconds(2))
        .timeout(Duration.ofSeconds(20)).keyFetchWait(Duration.ofMillis(100)).build()) {
      String token = b.token().sign();
      String[] message = new String[1];
      Eventually.holds("a refusal names the attempt answered 503", () -> {
        message[0] = assertThrows(KeysUnavailableException.class, () -> auth.verifyToken(token))
            .getMessage();
        return message[0].contains("; its last attempt was answered HTTP 503, and it is retried in"
            + " the background.");
      });
      assertTrue(message[0].startsWith("The signing keys of " + b.domain() + " (whose OIDC"
          + " discovery has not succeeded yet) have not arrived"), message[0]);

      KeyFetchWaitTest.warmUp(auth, token);
      assertEquals(3, b.requests(DISCOVERY).size());
    }
  }

  @Test
  void aUrlIssuerIsMatchedBeforeItsDiscoveryHowEverItIsSpeltAndItsIssIsThenComparedExactly() {
    String bHost = b.domain().substring("http://".length());
    for (String spelling : List.of(b.domain() + "/", "HTTP://" + bHost)) {
      b.clearRequests();
      ProtektAuth auth = client().additionalIssuers(spelling).build();
      // Before B's discovery: the configured URL, a trailing slash aside, picks B, and its
      // discovery then names the exact issuer the iss must be.
      String withoutSlash = b.issuer().substring(0, b.issuer().length() - 1);
      assertRejected(auth, b.token().issuer(withoutSlash).sign(), Reason.WRONG_ISSUER);
      assertEquals(1, b.requests(DISCOVERY).size(), spelling);
      assertEquals("bob", auth.verifyToken(b.token().subject("bob").sign()).subject());
      // Once it is known, nothing but it is B's.
      assertRejected(auth, b.token().issuer(withoutSlash).sign(), Reason.WRONG_ISSUER);
      assertEquals(1, b.requests(DISCOVERY).size(), spelling);
      assertEquals(0, a.requests(JWKS).size(), spelling);
    }
  }

  @Test
  void anIssuerWhoseDiscoveryMayNotBeUsedIsAConfigurationErrorAndTheOtherStillWorks() {
    String doc = "{\"issuer\":\"" + b.issuer() + "\",\"jwks_uri\":\"http://localhost:" + b.port()
        + JWKS + "\"}";
    b.faults().failNext(DISCOVERY, 1_000, 200, Map.of("Content-Type", "application/json"), doc);
    ProtektAuth auth = client().build();
    ConfigurationException e =
        assertThrows(ConfigurationException.class, () -> auth.verifyToken(b.token().sign()));
    assertEquals(List.of("allowedEndpointHosts"), e.options(), e.getMessage());
    assertEquals("alice", auth.verifyToken(a.token().subject("alice").sign()).subject());
    assertEquals(0, b.requests(JWKS).size());
  }

  @Test
  void oneIssuersKeyOutageLeavesTheOtherAlone() {
    a.faults().failNext(JWKS, 1_000, 503);
    ProtektAuth auth = client().build();
    String[] message = new String[1];
    String log = CapturedLog.until("WARN dev.protekt.keys - The signing keys of ",
        () -> message[0] = assertThrows(KeysUnavailableException.class,
            () -> auth.verifyToken(a.token().sign())).getMessage());
    // The operator is told which issuer's keys are missing, in the log and in the exception.
    assertTrue(log.contains("The signing keys of " + a.domain() + " cannot be fetched ("), log);
    assertFalse(log.lines().anyMatch(line -> line.contains("WARN") && line.contains(b.domain())),
        log);
    assertTrue(message[0].startsWith("The signing keys of " + a.domain() + " "), message[0]);
    assertEquals("bob", auth.verifyToken(b.token().subject("bob").sign()).subject());
    assertEquals(1, b.requests(JWKS).size());
  }

  @Test
  void withOneIssuerATokenOfAnotherCostsNoKeyFetchEvenWithAnUnknownKid() {
    ProtektAuth auth = ProtektAuth.builder().domain(a.domain()).audience(a.apiAudience())
        .retryAttempts(0).keyFetchWait(Duration.ofSeconds(10)).build();
    auth.verifyToken(a.token().sign());
    a.clearRequests();
    for (int i = 0; i < 5; i++) {
      assertRejected(auth, b.token().sign(), Reason.WRONG_ISSUER);
    }
    assertEquals(List.of(), a.requests());
    // The tenant's own new key is still fetched at once.
    a.keys().rotate(SigningAlgorithm.RS256);
    auth.verifyToken(a.token().sign());
    assertEquals(1, a.requests(JWKS).size());
  }

  @Test
  void eachIssuerHasItsOwnFetchBudgetAndUnknownKidMemory() {
    ProtektAuth auth = warm(client().build());
    // A flood of made-up kids at A spends A's bucket (and A remembers them as unknown) ...
    String remembered = randomKid();
    assertRejected(auth, a.token().header("kid", remembered).sign(), Reason.UNKNOWN_KEY);
    for (int i = 0; i < 10; i++) {
      assertRejected(auth, a.token().header("kid", randomKid()).sign(), Reason.UNKNOWN_KEY);
    }
    assertEquals(JwksKeySource.REFRESH_BURST, a.requests(JWKS).size());
    // ... but B's rotation to a new key, named like the kid A does not know, is taken at once.
    b.keys().add(SigningAlgorithm.RS256, remembered);
    b.keys().use(remembered);
    assertEquals("bob", auth.verifyToken(b.token().subject("bob").sign()).subject());
    assertEquals(1, b.requests(JWKS).size());
  }
}
