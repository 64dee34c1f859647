package dev.protekt.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import java.math.BigInteger;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.EdECPoint;
import java.security.spec.EdECPublicKeySpec;
import java.security.spec.NamedParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Discovery, JWKS, key rotation and token minting, checked the way a verifier would: over HTTP with Nimbus. */
@ExtendWith(LocalTenantExtension.class)
class KeysAndTokensTest {
  private final LocalTenant tenant;
  private final Http http;

  KeysAndTokensTest(LocalTenant tenant) {
    this.tenant = tenant;
    this.http = new Http(tenant);
  }

  @Test
  void discoveryNamesIssuerJwksAndTokenEndpoint() {
    JsonNode doc = Http.json(http.get("/.well-known/openid-configuration"));
    assertEquals(tenant.issuer(), doc.get("issuer").asText());
    assertEquals(tenant.domain() + "/.well-known/jwks.json", doc.get("jwks_uri").asText());
    assertEquals(tenant.domain() + "/oauth/token", doc.get("token_endpoint").asText());
    assertTrue(doc.get("id_token_signing_alg_values_supported").toString().contains("RS256"));
    assertTrue(tenant.domain().startsWith("http://127.0.0.1:"));
    assertEquals(tenant.issuer() + "api/v2/", tenant.usersAudience());
  }

  @Test
  void discoveryAndKeysAnswerHeadAsGetWithoutABody() {
    for (String path : List.of("/.well-known/openid-configuration", "/.well-known/jwks.json")) {
      HttpResponse<String> get = http.get(path);
      HttpResponse<String> head = http.send(http.request(path).method("HEAD", BodyPublishers.noBody()));

      assertEquals(200, head.statusCode(), path);
      assertEquals("", head.body(), path);
      assertEquals(get.headers().firstValue("Content-Type"), head.headers().firstValue("Content-Type"), path);
      assertEquals(Optional.of(Integer.toString(get.body().getBytes(StandardCharsets.UTF_8).length)),
          head.headers().firstValue("Content-Length"), path);

      HttpResponse<String> post = http.postJson(path, Map.of());
      assertEquals(405, post.statusCode(), path);
      assertEquals("GET, HEAD", post.headers().firstValue("Allow").orElse(""), path);
    }
  }

  @Test
  void defaultTokenVerifiesAgainstPublishedRsa2048Key() throws Exception {
    String jwt = tenant.token().subject("protekt|abc").roles("admin").permissions("read:posts")
        .scope("read:posts", "write:posts").claim("email", "a@b.c").expiresIn(Duration.ofMinutes(5)).sign();
    SignedJWT parsed = SignedJWT.parse(jwt);
    assertEquals("RS256", parsed.getHeader().getAlgorithm().getName());
    assertEquals("JWT", parsed.getHeader().getType().toString());
    JWK jwk = jwks().getKeyByKeyId(parsed.getHeader().getKeyID());
    assertEquals(2048, ((RSAKey) jwk).size());
    assertTrue(parsed.verify(new RSASSAVerifier((RSAKey) jwk)));
    Map<String, Object> claims = parsed.getJWTClaimsSet().getClaims();
    assertEquals(tenant.issuer(), claims.get("iss"));
    assertEquals("protekt|abc", claims.get("sub"));
    assertEquals(List.of(tenant.apiAudience()), parsed.getJWTClaimsSet().getAudience());
    assertEquals(tenant.clientId(), claims.get("azp"));
    assertEquals(List.of("admin"), claims.get("roles"));
    assertEquals(List.of("read:posts"), claims.get("permissions"));
    assertEquals("read:posts write:posts", claims.get("scope"));
    assertEquals("a@b.c", claims.get("email"));
    long lifetime = parsed.getJWTClaimsSet().getExpirationTime().getTime() - parsed.getJWTClaimsSet().getIssueTime().getTime();
    assertEquals(300_000, lifetime);
  }

  @ParameterizedTest
  @EnumSource(SigningAlgorithm.class)
  void everyAlgorithmSignsWithAPublishedKey(SigningAlgorithm algorithm) throws Exception {
    String kid = tenant.keys().add(algorithm);
    assertTrue(tenant.keys().published().contains(kid));
    String jwt = tenant.token().keyId(kid).sign();
    SignedJWT parsed = SignedJWT.parse(jwt);
    assertEquals(algorithm.name(), parsed.getHeader().getAlgorithm().getName());
    assertEquals(kid, parsed.getHeader().getKeyID());
    assertTrue(verifies(jwt, jwks().getKeyByKeyId(kid)));
    assertFalse(verifies(tenant.token().keyId(kid).signWithForeignKey(), jwks().getKeyByKeyId(kid)));
  }

  @Test
  void rotationPublishesFirstSignsNextAndRetiresLast() throws Exception {
    String old = tenant.keys().current();
    String next = tenant.keys().add(SigningAlgorithm.ES256);
    assertEquals(old, SignedJWT.parse(tenant.token().sign()).getHeader().getKeyID());
    tenant.keys().use(next);
    assertEquals(next, SignedJWT.parse(tenant.token().sign()).getHeader().getKeyID());
    assertThrows(IllegalStateException.class, () -> tenant.keys().retire(next));
    tenant.keys().retire(old);
    assertFalse(jwksKids().contains(old));
    assertTrue(jwksKids().contains(next));
    assertEquals(old, SignedJWT.parse(tenant.token().keyId(old).sign()).getHeader().getKeyID());
    assertThrows(IllegalArgumentException.class, () -> tenant.keys().use(old));
    String rotated = tenant.keys().rotate(SigningAlgorithm.RS256);
    assertEquals(rotated, tenant.keys().current());
    assertTrue(jwksKids().containsAll(List.of(next, rotated)));
  }

  @Test
  void weakRsaKeyIsPublishedWithItsSize() throws Exception {
    String kid = tenant.keys().rsa(1024);
    RSAKey jwk = (RSAKey) jwks().getKeyByKeyId(kid);
    assertEquals(1024, jwk.size());
    assertTrue(verifies(tenant.token().keyId(kid).sign(), jwk));
  }

  @Test
  void brokenTokensAreBrokenTheWayTheyClaim() throws Exception {
    String kid = tenant.keys().current();
    String[] none = tenant.token().unsigned().split("\\.", -1);
    assertEquals(3, none.length);
    assertEquals("", none[2]);
    assertEquals("none", header(none[0]).get("alg").asText());

    String hmac = tenant.token().hmacWithPublicKey();
    SignedJWT parsed = SignedJWT.parse(hmac);
    assertEquals("HS256", parsed.getHeader().getAlgorithm().getName());
    assertEquals(kid, parsed.getHeader().getKeyID());
    byte[] publicKey = ((RSAKey) jwks().getKeyByKeyId(kid)).toPublicKey().getEncoded();
    assertTrue(parsed.verify(new com.nimbusds.jose.crypto.MACVerifier(publicKey)));

    String foreign = tenant.token().signWithForeignKey();
    assertEquals(kid, SignedJWT.parse(foreign).getHeader().getKeyID());
    assertFalse(verifies(foreign, jwks().getKeyByKeyId(kid)));
  }

  @Test
  void headersAndClaimsCanBeReplacedOrLeftOut() throws Exception {
    Instant past = Instant.now().minusSeconds(120);
    String jwt = tenant.token().header("typ", "at+jwt").header("kid", null).withoutClaim("exp").withoutClaim("azp")
        .audience("a", "b").notBefore(past).issuedAt(past).issuer("https://evil.example/").sign();
    String[] parts = jwt.split("\\.");
    JsonNode header = header(parts[0]);
    assertEquals("at+jwt", header.get("typ").asText());
    assertFalse(header.has("kid"));
    JsonNode claims = header(parts[1]);
    assertFalse(claims.has("exp"));
    assertFalse(claims.has("azp"));
    assertEquals("[\"a\",\"b\"]", claims.get("aud").toString());
    assertEquals(past.getEpochSecond(), claims.get("nbf").asLong());
    assertEquals(past.getEpochSecond(), claims.get("iat").asLong());
    assertEquals("https://evil.example/", claims.get("iss").asText());
    assertThrows(IllegalArgumentException.class, () -> tenant.token().audience());
    assertThrows(IllegalArgumentException.class, () -> tenant.token().keyId("nope").sign());
  }

  @Test
  void algorithmPicksOrPublishesAKeyOfThatKind() throws Exception {
    String jwt = tenant.token().algorithm(SigningAlgorithm.EdDSA).sign();
    SignedJWT parsed = SignedJWT.parse(jwt);
    assertEquals("EdDSA", parsed.getHeader().getAlgorithm().getName());
    assertTrue(verifies(jwt, jwks().getKeyByKeyId(parsed.getHeader().getKeyID())));
  }

  private JWKSet jwks() throws Exception {
    return JWKSet.parse(http.get("/.well-known/jwks.json").body());
  }

  private List<String> jwksKids() throws Exception {
    return jwks().getKeys().stream().map(JWK::getKeyID).collect(java.util.stream.Collectors.toList());
  }

  private static JsonNode header(String part) throws Exception {
    return Http.JSON.readTree(Base64.getUrlDecoder().decode(part));
  }

  /** Verifies with Nimbus for RSA and EC, and with the JDK for Ed25519 (Nimbus would need Tink). */
  private static boolean verifies(String jwt, JWK jwk) throws Exception {
    SignedJWT parsed = SignedJWT.parse(jwt);
    if ("OKP".equals(jwk.getKeyType().getValue())) {
      Map<String, Object> json = jwk.toJSONObject();
      assertEquals("Ed25519", json.get("crv"));
      byte[] raw = Base64.getUrlDecoder().decode((String) json.get("x"));
      assertEquals(32, raw.length);
      Signature signature = Signature.getInstance("Ed25519");
      signature.initVerify(ed25519(raw));
      signature.update(parsed.getSigningInput());
      return signature.verify(parsed.getSignature().decode());
    }
    JWSVerifier verifier = jwk instanceof ECKey ? new ECDSAVerifier((ECKey) jwk) : new RSASSAVerifier((RSAKey) jwk);
    return parsed.verify(verifier);
  }

  /** Rebuilds an Ed25519 public key from its RFC 8032 encoding: little-endian y, x's parity in the top bit. */
  private static PublicKey ed25519(byte[] raw) throws Exception {
    byte[] reversed = new byte[raw.length];
    for (int i = 0; i < raw.length; i++) {
      reversed[i] = raw[raw.length - 1 - i];
    }
    boolean xOdd = (reversed[0] & 0x80) != 0;
    reversed[0] &= 0x7f;
    EdECPoint point = new EdECPoint(xOdd, new BigInteger(1, reversed));
    return KeyFactory.getInstance("Ed25519").generatePublic(new EdECPublicKeySpec(NamedParameterSpec.ED25519, point));
  }

  /**
   * Tenants start and close one after another, a second close is harmless, and a closed tenant
   * answers nothing. How fast a start is was asserted here once; a timed test fails on a busy
   * machine and proves nothing on a quiet one, so it is not.
   */
  @Test
  void startsAndClosesCleanly() {
    for (int i = 0; i < 3; i++) {
      LocalTenant other = LocalTenant.start();
      Http http = new Http(other);
      try {
        assertEquals(200, http.get("/.well-known/jwks.json").statusCode());
        assertFalse(other.toString().contains(other.clientSecret()));
      } finally {
        other.close();
        other.close();
      }
      assertThrows(java.io.UncheckedIOException.class, () -> http.get("/.well-known/jwks.json"));
    }
  }
}
