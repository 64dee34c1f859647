package dev.protekt.internal.jwt;

import static dev.protekt.InvalidTokenException.Reason.BAD_SIGNATURE;
import static dev.protekt.InvalidTokenException.Reason.DISALLOWED_ALGORITHM;
import static dev.protekt.InvalidTokenException.Reason.ENCRYPTED;
import static dev.protekt.InvalidTokenException.Reason.EXPIRED;
import static dev.protekt.InvalidTokenException.Reason.KEY_MISMATCH;
import static dev.protekt.InvalidTokenException.Reason.MALFORMED;
import static dev.protekt.InvalidTokenException.Reason.MISSING_CLAIM;
import static dev.protekt.InvalidTokenException.Reason.NOT_YET_VALID;
import static dev.protekt.InvalidTokenException.Reason.TOO_LARGE;
import static dev.protekt.InvalidTokenException.Reason.UNKNOWN_KEY;
import static dev.protekt.InvalidTokenException.Reason.UNSUPPORTED_CRITICAL_HEADER;
import static dev.protekt.InvalidTokenException.Reason.WEAK_KEY;
import static dev.protekt.InvalidTokenException.Reason.WRONG_AUDIENCE;
import static dev.protekt.InvalidTokenException.Reason.WRONG_ISSUER;
import static dev.protekt.InvalidTokenException.Reason.WRONG_TYPE;
import static dev.protekt.internal.jwt.Tokens.assertRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.protekt.Algorithm;
import dev.protekt.InvalidTokenException;
import dev.protekt.ProtektAuth;
import dev.protekt.testing.LocalTenant;
import dev.protekt.testing.LocalTenantExtension;
import dev.protekt.testing.SigningAlgorithm;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** One test per attack on JWT verification, each asserting the reason it is refused. */
@ExtendWith(LocalTenantExtension.class)
class TokenAttacksTest {
  private final LocalTenant tenant;
  private final ProtektAuth auth;
  /** Accepts every algorithm the SDK knows, to show that the key, not the list, stops an attack. */
  private final ProtektAuth permissive;

  TokenAttacksTest(LocalTenant tenant) {
    this.tenant = tenant;
    this.auth = ProtektAuth.builder().domain(tenant.domain()).audience(tenant.apiAudience())
        .cacheEnabled(false).build();
    this.permissive = ProtektAuth.builder().domain(tenant.domain()).audience(tenant.apiAudience())
        .algorithms(Algorithm.values()).cacheEnabled(false).build();
  }

  @AfterEach
  void clearFaults() {
    tenant.faults().clear();
  }

  @Test
  void acceptsAValidToken() {
    var user = auth.verifyToken(tenant.token().subject("protekt|abc").sign());
    assertEquals("protekt|abc", user.subject());
    assertEquals(tenant.issuer(), user.issuer());
  }

  @Test
  void refusesAlgNone() {
    assertRejected(auth, tenant.token().unsigned(), DISALLOWED_ALGORITHM);
    assertRejected(permissive, tenant.token().unsigned(), DISALLOWED_ALGORITHM);
  }

  @Test
  void refusesHmacSignedWithThePublicKey() {
    assertRejected(auth, tenant.token().hmacWithPublicKey(), DISALLOWED_ALGORITHM);
    assertRejected(permissive, tenant.token().hmacWithPublicKey(), DISALLOWED_ALGORITHM);
  }

  @Test
  void refusesAnAlgorithmThatIsNotAllowed() {
    String es256 = tenant.token().algorithm(SigningAlgorithm.ES256).sign();
    assertRejected(auth, es256, DISALLOWED_ALGORITHM);
    permissive.verifyToken(es256);
  }

  @Test
  void refusesASignatureByAForeignKey() {
    assertRejected(auth, tenant.token().signWithForeignKey(), BAD_SIGNATURE);
    Map<String, Object> header = Map.of("alg", "RS256", "typ", "JWT", "kid", tenant.keys().current());
    assertRejected(auth, Tokens.signWithForeignRsa(header, Tokens.claims(tenant.token().sign())),
        BAD_SIGNATURE);
  }

  @Test
  void refusesAnExpiredToken() {
    assertRejected(auth, tenant.token().expiresAt(Instant.now().minusSeconds(120)).sign(), EXPIRED);
    // Within the default 60 s of clock skew.
    auth.verifyToken(tenant.token().expiresAt(Instant.now().minusSeconds(30)).sign());
  }

  @Test
  void refusesATokenNotYetValid() {
    assertRejected(auth, tenant.token().notBefore(Instant.now().plusSeconds(300)).sign(),
        NOT_YET_VALID);
    auth.verifyToken(tenant.token().notBefore(Instant.now().plusSeconds(30)).sign());
    // 60.5 s ahead (nbf in whole seconds) by a clock that stands still: refused, and never told
    // as within the 60 s.
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusMillis(500);
    try (ProtektAuth stopped = ProtektAuth.builder().domain(tenant.domain())
        .audience(tenant.apiAudience()).cacheEnabled(false)
        .clock(Clock.fixed(now, ZoneOffset.UTC)).build()) {
      String message = assertRejected(stopped, tenant.token().issuedAt(now)
          .notBefore(now.plusSeconds(61)).sign(), NOT_YET_VALID).getMessage();
      assertEquals("The token is not valid yet: its 'nbf' is 61 s ahead of this server's clock,"
          + " more than the allowed clock skew (60 s).", message);
    }
  }

  @Test
  void refusesAnotherIssuer() {
    assertRejected(auth, tenant.token().issuer("https://evil.example/").sign(), WRONG_ISSUER);
    String withoutSlash = tenant.issuer().substring(0, tenant.issuer().length() - 1);
    assertRejected(auth, tenant.token().issuer(withoutSlash).sign(), WRONG_ISSUER);
  }

  @Test
  void refusesAnotherAudience() {
    assertRejected(auth, tenant.token().audience("https://other.example/").sign(), WRONG_AUDIENCE);
    assertRejected(auth, tenant.token().audience("a", "b").sign(), WRONG_AUDIENCE);
    auth.verifyToken(tenant.token().audience("a", tenant.apiAudience()).sign());
  }

  @Test
  void refusesMissingOrMistypedRequiredClaims() {
    assertEquals("The token has no 'exp' claim, which must be a number of seconds since the epoch,"
        + " between the years 1 and 9999.", assertRejected(auth,
            tenant.token().withoutClaim("exp").sign(), MISSING_CLAIM).getMessage());
    assertEquals("The token's 'exp' claim must be a number of seconds since the epoch, between the"
        + " years 1 and 9999.", assertRejected(auth,
            tenant.token().claim("exp", "9999999999").sign(), MISSING_CLAIM).getMessage());
    assertRejected(auth, tenant.token().claim("exp", 1e300).sign(), MISSING_CLAIM);
    assertRejected(auth, tenant.token().withoutClaim("sub").sign(), MISSING_CLAIM);
    // An empty string names no subject: a guard keyed by subject would lump such tokens together.
    assertRejected(auth, tenant.token().claim("sub", "").sign(), MISSING_CLAIM);
    assertEquals("The token has no 'iss' claim, which must be a string.",
        assertRejected(auth, tenant.token().withoutClaim("iss").sign(), MISSING_CLAIM).getMessage());
    assertRejected(auth, tenant.token().withoutClaim("aud").sign(), MISSING_CLAIM);
    assertRejected(auth, tenant.token().claim("aud", 42).sign(), MISSING_CLAIM);
    assertRejected(auth, tenant.token()
        .claim("aud", Arrays.asList(tenant.apiAudience(), 7)).sign(), MISSING_CLAIM);
    assertRejected(auth, tenant.token()
        .claim("aud", Arrays.asList(tenant.apiAudience(), null)).sign(), MISSING_CLAIM);
    assertRejected(auth, tenant.token().claim("nbf", "now").sign(), MISSING_CLAIM);
    assertRejected(auth, tenant.token().claim("exp", new BigDecimal("1e400")).sign(),
        MISSING_CLAIM);
  }

  @Test
  void readsADateNoDoubleHoldsAsADoubleWouldRoundIt() {
    // 1e-400 seconds is the epoch, long past: no reason to refuse it, nor to say it is no date.
    auth.verifyToken(tenant.token().claim("nbf", new BigDecimal("1e-400")).sign());
    auth.verifyToken(tenant.token().claim("iat", new BigDecimal("1.0000000000000000000000001e9"))
        .sign());
    // Its exact value would cost what its exponent says, or not fit at all.
    auth.verifyToken(tenant.token().claim("iat", new BigDecimal("1e-1000000000")).sign());
    auth.verifyToken(tenant.token().claim("nbf", new BigDecimal("-1e-1000000000")).sign());
  }

  @Test
  void refusesATypeOtherThanJwtOrAccessToken() {
    assertRejected(auth, tenant.token().header("typ", "JWE").sign(), WRONG_TYPE);
    assertRejected(auth, tenant.token().header("typ", "dpop+jwt").sign(), WRONG_TYPE);
    assertRejected(auth, tenant.token().header("typ", 1).sign(), MALFORMED);
    for (String typ : List.of("JWT", "jwt", "at+jwt", "application/at+JWT", "Application/JWT")) {
      auth.verifyToken(tenant.token().header("typ", typ).sign());
    }
    auth.verifyToken(tenant.token().header("typ", null).sign());
  }

  @Test
  void refusesKeycloakTokensOfOtherKindsWhoseAudienceIsTheConfiguredOne() {
    // Keycloak's shapes: each token says its kind in a typ claim, an access token "Bearer".
    Map<String, String> kinds = Map.of("ID", "an ID token", "Refresh", "a refresh token",
        "Offline", "an offline token", "Logout", "a logout token");
    kinds.forEach((typ, kind) -> {
      InvalidTokenException e = assertRejected(auth,
          tenant.token().claim("typ", typ).claim("azp", "posts-api").sign(), WRONG_TYPE);
      assertEquals("The token is " + kind + " (its 'typ' claim is '" + typ + "'), not an access"
          + " token: send the access token.", e.getMessage());
    });
    auth.verifyToken(tenant.token().claim("typ", "Bearer").sign());
    auth.verifyToken(tenant.token().claim("typ", "id").sign());
  }

  @Test
  void refusesABackChannelLogoutToken() {
    String logout = "http://schemas.openid.net/event/backchannel-logout";
    assertRejected(auth, tenant.token().claim("events", Map.of(logout, Map.of()))
        .claim("sid", "08a5019c").sign(), WRONG_TYPE);
    // Other events, and an events claim of another shape, carry no such meaning.
    auth.verifyToken(tenant.token()
        .claim("events", Map.of("https://schemas.openid.net/secevent/caep/event-type/x", Map.of()))
        .sign());
    auth.verifyToken(tenant.token().claim("events", List.of(logout)).sign());
  }

  @Test
  void aRefusalShowsAnOddHeaderValueEscapedAndBounded() {
    String token = tenant.token().sign();
    Map<String, String> shownTyps = Map.of(
        "", "(empty)",
        "at+JWT ", "'at+JWT\\u0020'",
        "caf\u00e9", "'caf\\u00e9'",
        "JWT\u0000", "'JWT\\u0000'",
        "it's\\", "'it\\'s\\\\'",
        "x".repeat(8000), "'" + "x".repeat(32) + "'\u2026(8000 characters)");
    shownTyps.forEach((typ, shown) -> {
      InvalidTokenException e =
          assertRejected(auth, Tokens.withHeaderParam(token, "typ", typ), WRONG_TYPE);
      assertEquals("The token's typ " + shown + " is not an access token type: expected JWT or"
          + " at+jwt.", e.getMessage());
    });
    InvalidTokenException e =
        assertRejected(auth, Tokens.withHeaderParam(token, "alg", "RS256 "), DISALLOWED_ALGORITHM);
    assertTrue(e.getMessage().startsWith("The token's algorithm 'RS256\\u0020' is not allowed"),
        e.getMessage());
  }

  @Test
  void refusesAnyCriticalHeader() {
    assertRejected(auth, tenant.token().header("crit", List.of("exp")).sign(),
        UNSUPPORTED_CRITICAL_HEADER);
    assertRejected(auth, tenant.token().header("b64", false).header("crit", List.of("b64")).sign(),
        UNSUPPORTED_CRITICAL_HEADER);
  }

  @Test
  void refusesAnEncryptedToken() {
    String jwe = Tokens.encode(Map.of("alg", "RSA-OAEP-256", "enc", "A256GCM"))
        + ".AAAA.AAAAAAAAAAAAAAAA.AAAA.AAAAAAAAAAAAAAAAAAAAAA";
    assertRejected(auth, jwe, ENCRYPTED);
    assertRejected(auth, tenant.token().header("enc", "A256GCM").sign(), ENCRYPTED);
  }

  @Test
  void refusesANestedToken() {
    assertRejected(auth, tenant.token().header("cty", "JWT").sign(), ENCRYPTED);
    assertRejected(auth, tenant.token().header("cty", "application/jwt").sign(), ENCRYPTED);
  }

  @Test
  void refusesAWeakRsaKey() {
    String kid = tenant.keys().rsa(1024);
    assertRejected(auth, tenant.token().keyId(kid).sign(), WEAK_KEY);
  }

  @Test
  void refusesAnOversizeTokenBeforeParsingIt() {
    assertRejected(auth, tenant.token().claim("padding", "x".repeat(20_000)).sign(), TOO_LARGE);
    // Not even split: garbage that long is too large, not malformed.
    assertRejected(auth, "%".repeat(20_000), TOO_LARGE);
    ProtektAuth small = ProtektAuth.builder().domain(tenant.domain())
        .audience(tenant.apiAudience()).maxTokenSize(300).build();
    assertRejected(small, tenant.token().claim("padding", "x".repeat(300)).sign(), TOO_LARGE);
  }

  @Test
  void ignoresHeadersThatPointAtOtherKeys() {
    String elsewhere = tenant.domain() + "/attacker/jwks.json";
    tenant.clearRequests();
    String token = tenant.token()
        .header("jku", elsewhere).header("x5u", elsewhere)
        .header("jwk", Tokens.foreignRsaJwk()).header("x5c", List.of("MIIBkTCB+wIJAKHBfpegPjMCMA0G"))
        .sign();
    auth.verifyToken(token);
    assertTrue(tenant.requests().stream().noneMatch(r -> r.path().startsWith("/attacker")),
        "the verifier fetched a URL from the token");

    // Signed by the key in its own jwk header: that key is never trusted.
    Map<String, Object> header = new java.util.LinkedHashMap<>(Tokens.header(token));
    assertRejected(auth, Tokens.signWithForeignRsa(header, Tokens.claims(token)), BAD_SIGNATURE);
    header.remove("kid");
    assertRejected(auth, Tokens.signWithForeignRsa(header, Tokens.claims(token)), UNKNOWN_KEY);
    header.put("kid", "attacker");
    assertRejected(auth, Tokens.signWithForeignRsa(header, Tokens.claims(token)), UNKNOWN_KEY);
  }

  @Test
  void refusesATokenWithoutKidWithoutLookingForAKey() {
    // A tenant of its own, with a single RS256 key: the only key a kid-less token could mean.
    try (LocalTenant single = LocalTenant.start()) {
      ProtektAuth client = ProtektAuth.builder().domain(single.domain())
          .audience(single.apiAudience()).build();
      String message = assertRejected(client, single.token().header("kid", null).sign(),
          UNKNOWN_KEY).getMessage();
      assertTrue(message.startsWith("The token's header has no kid"), message);
      assertEquals(List.of(), single.requests());
      // Its kid put back, the same token verifies.
      client.verifyToken(single.token().sign());
    }
  }

  @Test
  void refusesAnUnknownKid() {
    String token = tenant.token().sign();
    assertRejected(auth, Tokens.withHeaderParam(token, "kid", "no-such-kid"), UNKNOWN_KEY);
    assertRejected(auth, Tokens.withHeaderParam(token, "kid", 42), MALFORMED);
  }

  @Test
  void refusesAKeyOfAnotherTypeThanTheAlgorithm() {
    String ecKid = tenant.keys().add(SigningAlgorithm.ES256);
    String rsaToken = tenant.token().sign();
    // An RS256 token naming the EC key, and an ES256 token naming the RSA key.
    assertRejected(permissive, Tokens.withHeaderParam(rsaToken, "kid", ecKid), KEY_MISMATCH);
    String esToken = tenant.token().keyId(ecKid).sign();
    assertRejected(permissive, Tokens.withHeaderParam(esToken, "kid", tenant.keys().current()),
        KEY_MISMATCH);
    // PS256 with a key whose JWK says RS256.
    assertRejected(permissive, Tokens.withHeaderParam(rsaToken, "alg", "PS256"), KEY_MISMATCH);
  }

  @Test
  void refusesMalformedTokens() {
    String token = tenant.token().sign();
    String[] parts = token.split("\\.");
    for (String bad : List.of("", "abc", "a.b", parts[0] + "." + parts[1],
        parts[0] + "." + parts[1] + "." + parts[2] + ".", token + "=", token.replace('.', ' '),
        parts[0] + "." + parts[1] + "." + parts[2] + "==",
        Tokens.encode("[1]".getBytes()) + "." + parts[1] + "." + parts[2],
        Tokens.encode("{\"alg\":\"RS256\",\"alg\":\"none\"}".getBytes()) + ".e30.AAAA",
        Tokens.encode("{\"alg\":\"RS256\"} {}".getBytes()) + ".e30.AAAA",
        "\u00e9" + token, " " + token)) {
      assertRejected(auth, bad, MALFORMED);
    }
  }

  @Test
  void aWholeAuthorizationHeaderIsRefusedWithTheWayOut() {
    String token = tenant.token().sign();
    for (String header : List.of("Bearer " + token, "bearer " + token, "DPoP " + token)) {
      String message = assertRejected(auth, header, MALFORMED).getMessage();
      assertTrue(message.contains("pass the token alone") && message.contains(
          "verifyAuthorization"), message);
    }
    assertFalse(assertRejected(auth, "%" + token.substring(1), MALFORMED).getMessage()
        .contains("Bearer"));
  }

  @Test
  void twoJoinedTokensAndATabAfterTheSchemeAreToldForWhatTheyAre() {
    String token = tenant.token().sign();
    // What a proxy makes of two Authorization headers: five parts, as a JWE has, but a comma.
    for (String joined : List.of(token + "," + token, token + ",", token + "," + token + "," + token,
        token + ", Bearer " + token, token + ", " + token, token + " ,Bearer " + token)) {
      String message = refusedAuthorization("Bearer " + joined);
      assertTrue(message.endsWith(": it has a comma, as two tokens have when a proxy merged two"
          + " Authorization headers into one; send one token, in one header."), message);
    }
    String message = refusedAuthorization("Bearer\t" + token);
    assertTrue(message.startsWith("The token's header is not valid unpadded base64url: it has a"
        + " tab"), message);
  }

  /** The message of the MALFORMED refusal of an Authorization value. */
  private String refusedAuthorization(String authorization) {
    var e = assertThrows(InvalidTokenException.class,
        () -> auth.verifyAuthorization(authorization));
    assertEquals(MALFORMED, e.reason(), e.getMessage());
    assertFalse(e.getMessage().contains(authorization.substring(7, 27)), "message leaks the token");
    return e.getMessage();
  }
}
