package dev.protekt.benchmarks;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import dev.protekt.Algorithm;
import dev.protekt.ProtektAuth;
import dev.protekt.metrics.ProtektMetrics;
import dev.protekt.testing.LocalTenant;
import dev.protekt.testing.SigningAlgorithm;
import dev.protekt.testing.TokenBuilder;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One algorithm's benchmark subject: an in-process local tenant signing with a key of that
 * algorithm, the realistic access token every verifier is measured on, and the public key as the
 * peers are given it. Built once per trial, outside the measurement.
 */
public final class Subject implements AutoCloseable {
  /** The realistic claims beyond iss, aud, iat and exp, which the tenant sets itself. */
  static final String SUBJECT = "protekt|64f1c2a9e8b7d6c5b4a39281";
  static final String[] SCOPE = {"openid", "profile", "read:posts", "write:posts"};
  static final List<String> PERMISSIONS =
      List.of("read:posts", "write:posts", "delete:posts", "read:comments", "moderate:comments");
  static final List<String> ROLES = List.of("admin", "editor");
  static final String NAMESPACED_CLAIM = "https://api.protekt.test/tenant";

  /** X.509 SubjectPublicKeyInfo prefix of an Ed25519 key; Nimbus cannot export OKP keys to JCA. */
  private static final byte[] ED25519_SPKI_PREFIX = {
    0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00
  };

  final Algorithm algorithm;
  final LocalTenant tenant;
  final String kid;
  /** The token every verifier is measured on. */
  public final String token;
  final JWKSet jwks;
  final PublicKey publicKey;

  private Subject(Algorithm algorithm, LocalTenant tenant, String kid, String token, JWKSet jwks,
      PublicKey publicKey) {
    this.algorithm = algorithm;
    this.tenant = tenant;
    this.kid = kid;
    this.token = token;
    this.jwks = jwks;
    this.publicKey = publicKey;
  }

  /** Starts a tenant whose signing key has the given algorithm and mints the token. */
  public static Subject start(Algorithm algorithm) {
    LocalTenant tenant = LocalTenant.start();
    try {
      String kid = algorithm == Algorithm.RS256
          ? null
          : tenant.keys().add(SigningAlgorithm.valueOf(algorithm.name()));
      String token = realistic(tenant, kid).sign();
      String headerKid = header(token).get("kid").toString();
      JWKSet jwks = fetchJwks(tenant);
      JWK jwk = jwks.getKeyByKeyId(headerKid);
      if (jwk == null) {
        throw new IllegalStateException("The tenant does not publish the key " + headerKid);
      }
      return new Subject(algorithm, tenant, kid, token, jwks, toPublicKey(jwk));
    } catch (RuntimeException | Error e) {
      tenant.close();
      throw e;
    }
  }

  /** The claims of the token every verifier is measured on, ready to sign. */
  private static TokenBuilder realistic(LocalTenant tenant, String kid) {
    TokenBuilder b = tenant.token()
        .subject(SUBJECT)
        .scope(SCOPE)
        .permissions(PERMISSIONS.toArray(String[]::new))
        .roles(ROLES.toArray(String[]::new))
        .claim(NAMESPACED_CLAIM, "acme")
        .expiresIn(Duration.ofHours(1));
    return kid == null ? b : b.keyId(kid);
  }

  /**
   * Tokens every verifier under test must refuse, so that no benchmark is fast because it skips a
   * check: a wrong audience, a wrong issuer, an expired token, and a signature by a foreign key.
   */
  Map<String, String> badTokens() {
    Map<String, String> bad = new LinkedHashMap<>();
    bad.put("wrong audience", realistic(tenant, kid).audience("https://other.example/").sign());
    bad.put("wrong issuer", realistic(tenant, kid).issuer("https://evil.example/").sign());
    bad.put("expired", realistic(tenant, kid)
        .issuedAt(Instant.now().minus(Duration.ofHours(2)))
        .expiresAt(Instant.now().minus(Duration.ofHours(1)))
        .sign());
    bad.put("foreign key", realistic(tenant, kid).signWithForeignKey());
    return bad;
  }

  /**
   * Fails the trial unless {@code verifier} accepts the token and refuses every {@linkplain
   * #badTokens() bad token}.
   */
  void requireSameChecks(String name, Verifier verifier) {
    try {
      if (verifier.verify(token) == null) {
        throw new IllegalStateException(name + " returned null for the good token");
      }
    } catch (Exception e) {
      throw new IllegalStateException(name + " refuses the benchmark token", e);
    }
    for (Map.Entry<String, String> bad : badTokens().entrySet()) {
      boolean accepted;
      try {
        accepted = verifier.verify(bad.getValue()) != null;
      } catch (Exception expected) {
        accepted = false;
      }
      if (accepted) {
        throw new IllegalStateException(name + " accepts a token with a " + bad.getKey()
            + ": it would be measured doing less than the others");
      }
    }
  }

  /** Our client for this tenant, allowing only this subject's algorithm. */
  ProtektAuth protekt(boolean cacheEnabled) {
    return protekt(cacheEnabled, ProtektMetrics.NONE);
  }

  /** Our client for this tenant, allowing only this subject's algorithm, reporting to metrics. */
  ProtektAuth protekt(boolean cacheEnabled, ProtektMetrics metrics) {
    ProtektAuth protekt = ProtektAuth.builder()
        .domain(tenant.domain())
        .audience(tenant.apiAudience())
        .algorithms(algorithm)
        .cacheEnabled(cacheEnabled)
        .metrics(metrics)
        .build();
    requireSameChecks("ProtektAuth " + algorithm, protekt::verifyToken);
    return protekt;
  }

  /** The ASCII bytes of {@code header.payload}, what the signature covers. */
  byte[] signingInput() {
    return token.substring(0, token.lastIndexOf('.')).getBytes(StandardCharsets.US_ASCII);
  }

  /** The decoded signature, in the JWS encoding (R||S for ECDSA). */
  byte[] signature() {
    return Base64.getUrlDecoder().decode(token.substring(token.lastIndexOf('.') + 1));
  }

  @Override
  public void close() {
    tenant.close();
  }

  private static Map<String, Object> header(String token) {
    try {
      return com.nimbusds.jose.util.JSONObjectUtils.parse(new String(
          Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))),
          StandardCharsets.UTF_8));
    } catch (java.text.ParseException e) {
      throw new IllegalStateException("The tenant minted a token with an unreadable header", e);
    }
  }

  private static JWKSet fetchJwks(LocalTenant tenant) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(tenant.domain() + "/.well-known/jwks.json")).build();
    try {
      HttpResponse<String> response =
          HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
      return JWKSet.parse(response.body());
    } catch (IOException | java.text.ParseException e) {
      throw new IllegalStateException("Cannot read the tenant's JWKS", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while reading the tenant's JWKS", e);
    }
  }

  private static PublicKey toPublicKey(JWK jwk) {
    try {
      if (jwk instanceof RSAKey) {
        return ((RSAKey) jwk).toPublicKey();
      }
      if (jwk instanceof ECKey) {
        return ((ECKey) jwk).toPublicKey();
      }
      if (jwk instanceof OctetKeyPair) {
        byte[] x = ((OctetKeyPair) jwk).getX().decode();
        byte[] spki = new byte[ED25519_SPKI_PREFIX.length + x.length];
        System.arraycopy(ED25519_SPKI_PREFIX, 0, spki, 0, ED25519_SPKI_PREFIX.length);
        System.arraycopy(x, 0, spki, ED25519_SPKI_PREFIX.length, x.length);
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
      }
    } catch (com.nimbusds.jose.JOSEException | GeneralSecurityException e) {
      throw new IllegalStateException("Cannot convert the tenant's " + jwk.getKeyType() + " key", e);
    }
    throw new IllegalStateException("Unexpected key type " + jwk.getKeyType());
  }

  /** A verifier under test, as seen by {@link #requireSameChecks}. */
  @FunctionalInterface
  interface Verifier {
    Object verify(String token) throws Exception;
  }
}
