package dev.protekt.internal.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import dev.protekt.Algorithm;
import dev.protekt.InvalidTokenException.Reason;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;

/**
 * One signing key of the tenant, converted once from its JWK to a JCA {@link PublicKey} so that
 * verifying a token costs no key parsing. A JWK this SDK cannot use (another curve, an {@code oct}
 * key) or one not meant for signatures ({@code use} other than {@code sig}, or {@code key_ops}
 * without {@code verify}, as the RSA-OAEP key Keycloak publishes beside its signing key) is still
 * kept under its {@code kid}, without a key, so that a token naming it is rejected as {@link
 * Reason#KEY_MISMATCH} rather than as an unknown key (which would spend a fetch for it), and it
 * never verifies a token nor counts as a usable key.
 */
final class VerificationKey {
  /** The minimum RSA modulus; NIST SP 800-131A disallows less since 2013. */
  static final int MIN_RSA_BITS = 2048;

  /** The DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410), followed by the 32 key bytes. */
  private static final byte[] ED25519_SPKI_PREFIX = {
    0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00
  };

  private final String kid;
  private final String jwkAlg;
  private final Family family;
  private final PublicKey publicKey;
  private final boolean weak;
  private final JWK jwk;
  private volatile boolean retired;

  /**
   * The type and curve a token's algorithm must fit; {@code NOT_FOR_SIGNATURES} fits none, and is
   * a type of its own so that it never hides a signing key that shares its {@code kid}.
   */
  private enum Family { RSA, P256, ED25519, UNUSABLE, NOT_FOR_SIGNATURES }

  private VerificationKey(
      JWK jwk, Family family, PublicKey publicKey, boolean weak) {
    this.kid = jwk.getKeyID();
    this.jwkAlg = jwk.getAlgorithm() == null ? null : jwk.getAlgorithm().getName();
    this.family = family;
    this.publicKey = publicKey;
    this.weak = weak;
    this.jwk = jwk;
  }

  /**
   * Converts a JWK; one not meant for signatures ({@code use} other than {@code sig}, or {@code
   * key_ops} without {@code verify}) is kept without its key material being read.
   *
   * @throws GeneralSecurityException if the key material is invalid, or the JWK holds private key
   *     parts; the message never holds key material
   */
  static VerificationKey of(JWK jwk) throws GeneralSecurityException {
    if (jwk.isPrivate() && (jwk instanceof RSAKey || jwk instanceof ECKey
        || jwk instanceof OctetKeyPair)) {
      // Published, the private key is known to whoever reads the key set, and any token it signs
      // could be a forgery. (An oct key is a secret by nature; no accepted algorithm uses one.)
      throw new GeneralSecurityException("it publishes its private key, so anyone can sign with"
          + " it; no token it signs is trusted until the tenant replaces it");
    }
    if (jwk.getKeyUse() != null && !KeyUse.SIGNATURE.equals(jwk.getKeyUse())
        || jwk.getKeyOperations() != null
        && jwk.getKeyOperations().stream().noneMatch(op -> op.identifier().equals("verify"))) {
      return new VerificationKey(jwk, Family.NOT_FOR_SIGNATURES, null, false);
    }
    try {
      if (jwk instanceof RSAKey rsa) {
        var key = rsa.toRSAPublicKey();
        return new VerificationKey(jwk, Family.RSA, key, key.getModulus().bitLength() < MIN_RSA_BITS);
      }
      if (jwk instanceof ECKey ec && Curve.P_256.equals(ec.getCurve())) {
        return new VerificationKey(jwk, Family.P256, ec.toECPublicKey(), false);
      }
      if (jwk instanceof OctetKeyPair okp && Curve.Ed25519.equals(okp.getCurve())) {
        byte[] x = okp.getDecodedX();
        if (x.length != 32) {
          throw new GeneralSecurityException("an Ed25519 key has 32 bytes, this one " + x.length);
        }
        byte[] spki = new byte[ED25519_SPKI_PREFIX.length + 32];
        System.arraycopy(ED25519_SPKI_PREFIX, 0, spki, 0, ED25519_SPKI_PREFIX.length);
        System.arraycopy(x, 0, spki, ED25519_SPKI_PREFIX.length, 32);
        return new VerificationKey(jwk, Family.ED25519,
            KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki)), false);
      }
    } catch (JOSEException e) {
      throw new GeneralSecurityException(e.getMessage(), e);
    }
    return new VerificationKey(jwk, Family.UNUSABLE, null, false);
  }

  /** Whether the tenant publishes this key for signatures, not for encryption only. */
  boolean forSignatures() {
    return family != Family.NOT_FOR_SIGNATURES;
  }

  /** The {@code kid}, or {@code null}. */
  String kid() {
    return kid;
  }

  /** The JCA key; only call after {@link #check(Algorithm)} returned {@code null}. */
  PublicKey publicKey() {
    return publicKey;
  }

  /**
   * Why this key cannot verify a token signed with {@code alg}, or {@code null} if it can: its type
   * or curve must fit the algorithm, its own {@code alg} (if any) must name it, and an RSA key must
   * be strong enough.
   */
  Reason check(Algorithm alg) {
    if (!fits(alg)) {
      return Reason.KEY_MISMATCH;
    }
    return weak ? Reason.WEAK_KEY : null;
  }

  /** Whether the key's type, curve and {@code alg} fit the algorithm, ignoring its strength. */
  boolean fits(Algorithm alg) {
    boolean family = switch (alg) {
      case RS256, PS256 -> this.family == Family.RSA;
      case ES256 -> this.family == Family.P256;
      case EdDSA -> this.family == Family.ED25519;
    };
    return family && (jwkAlg == null || jwkAlg.equals(alg.name())
        || (alg == Algorithm.EdDSA && jwkAlg.equals("Ed25519")));
  }

  /**
   * Whether {@code other} is of this key's type and curve: keys of different types may share a
   * {@code kid} (RFC 7517, section 4.5), since a token's {@code alg} tells them apart.
   */
  boolean sameType(VerificationKey other) {
    return family == other.family;
  }

  /** Whether this is the same published key as {@code other}, so cached verifications stay valid. */
  boolean sameAs(VerificationKey other) {
    return jwk.equals(other.jwk);
  }

  /** Marks the key as no longer published: tokens it verified must be verified again. */
  void retire() {
    retired = true;
  }

  /** Whether a refresh of the key set dropped this key. */
  boolean retired() {
    return retired;
  }

  @Override
  public String toString() {
    return "VerificationKey{kid=" + kid + ", family=" + family + ", alg=" + jwkAlg
        + (weak ? ", weak" : "") + (retired ? ", retired" : "") + "}";
  }
}
