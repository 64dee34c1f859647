package dev.protekt.testing.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSSignerOption;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.crypto.opts.AllowWeakRSAKey;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import dev.protekt.testing.SigningAlgorithm;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One key pair of a tenant with its {@code kid} and algorithm: signs JWS input and publishes its
 * public half as a JWK.
 *
 * <p>RSA and EC keys sign through Nimbus; Ed25519 signs through the JDK because Nimbus would need
 * Tink for it, a dependency this project does not take.
 */
public final class SigningKey {
  private static final SecureRandom RANDOM = new SecureRandom();
  /** An Ed25519 public key in X.509 form is a fixed 12-byte prefix followed by the raw 32 bytes. */
  private static final int ED25519_RAW_LENGTH = 32;

  private final String kid;
  private final SigningAlgorithm algorithm;
  private final KeyPair keyPair;

  private SigningKey(String kid, SigningAlgorithm algorithm, KeyPair keyPair) {
    this.kid = kid;
    this.algorithm = algorithm;
    this.keyPair = keyPair;
  }

  /**
   * Generates a new key for an algorithm, RSA keys with 2048 bits.
   *
   * @param algorithm the algorithm
   * @return the key, with a fresh random {@code kid}
   */
  public static SigningKey generate(SigningAlgorithm algorithm) {
    return generate(algorithm, newKid());
  }

  /**
   * Generates a new key for an algorithm with a chosen {@code kid}, RSA keys with 2048 bits.
   *
   * @param algorithm the algorithm
   * @param kid the key id
   * @return the key
   */
  public static SigningKey generate(SigningAlgorithm algorithm, String kid) {
    if (algorithm == SigningAlgorithm.RS256 || algorithm == SigningAlgorithm.PS256) {
      return new SigningKey(kid, algorithm, RsaKeyPool.take());
    }
    return new SigningKey(kid, algorithm, generatePair(algorithm, 0));
  }

  /**
   * Generates an RS256 key of a chosen size, typically a weak one for negative tests.
   *
   * @param bits the modulus size, at least 512
   * @return the key
   */
  public static SigningKey rsa(int bits) {
    if (bits < 512 || bits > 8192) {
      throw new IllegalArgumentException("RSA key size must be between 512 and 8192 bits, was " + bits);
    }
    return new SigningKey(newKid(), SigningAlgorithm.RS256, generatePair(SigningAlgorithm.RS256, bits));
  }

  static KeyPair generatePair(SigningAlgorithm algorithm, int rsaBits) {
    try {
      switch (algorithm) {
        case RS256:
        case PS256:
          KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
          rsa.initialize(rsaBits == 0 ? 2048 : rsaBits);
          return rsa.generateKeyPair();
        case ES256:
          KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
          ec.initialize(new ECGenParameterSpec("secp256r1"));
          return ec.generateKeyPair();
        case EdDSA:
          return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        default:
          throw new IllegalArgumentException("unsupported algorithm " + algorithm);
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK cannot generate " + algorithm + " keys", e);
    }
  }

  private static String newKid() {
    byte[] bytes = new byte[9];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /**
   * A key with the same algorithm and {@code kid} as this one but another key pair: what an
   * attacker who knows the {@code kid} but not the private key would sign with.
   *
   * @return the impostor key
   */
  public SigningKey impostor() {
    int bits = keyPair.getPublic() instanceof RSAPublicKey
        ? ((RSAPublicKey) keyPair.getPublic()).getModulus().bitLength()
        : 0;
    KeyPair pair = bits == 2048 ? RsaKeyPool.take() : generatePair(algorithm, bits);
    return new SigningKey(kid, algorithm, pair);
  }

  /** @return the key id published in the JWKS and put in token headers */
  public String kid() {
    return kid;
  }

  /** @return the algorithm this key signs with */
  public SigningAlgorithm algorithm() {
    return algorithm;
  }

  /** @return the public key in X.509 (SubjectPublicKeyInfo) DER form */
  public byte[] publicKeyBytes() {
    return keyPair.getPublic().getEncoded();
  }

  /**
   * Signs a JWS signing input ({@code base64url(header) "." base64url(payload)}).
   *
   * @param signingInput the ASCII bytes to sign
   * @return the JWS signature
   */
  public byte[] sign(byte[] signingInput) {
    try {
      if (algorithm == SigningAlgorithm.EdDSA) {
        Signature signature = Signature.getInstance("Ed25519");
        signature.initSign(keyPair.getPrivate());
        signature.update(signingInput);
        return signature.sign();
      }
      return nimbusSigner().sign(new JWSHeader(jwsAlgorithm()), signingInput).decode();
    } catch (GeneralSecurityException | JOSEException e) {
      throw new IllegalStateException("could not sign with " + algorithm + " key " + kid, e);
    }
  }

  /**
   * Checks a JWS signature made with this key's algorithm.
   *
   * @param signingInput the signed ASCII bytes
   * @param signature the signature
   * @return whether the signature is valid for this key
   */
  public boolean verify(byte[] signingInput, byte[] signature) {
    try {
      if (algorithm == SigningAlgorithm.EdDSA) {
        Signature verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(keyPair.getPublic());
        verifier.update(signingInput);
        return verifier.verify(signature);
      }
      return nimbusVerifier().verify(new JWSHeader(jwsAlgorithm()), signingInput, Base64URL.encode(signature));
    } catch (GeneralSecurityException | JOSEException e) {
      return false;
    }
  }

  private JWSSigner nimbusSigner() throws JOSEException {
    if (algorithm == SigningAlgorithm.ES256) {
      return new ECDSASigner((ECPrivateKey) keyPair.getPrivate());
    }
    // Weak keys exist on purpose here: they let tests prove that verifiers reject them.
    Set<JWSSignerOption> options = Set.of(AllowWeakRSAKey.getInstance());
    return new RSASSASigner(keyPair.getPrivate(), options);
  }

  private JWSVerifier nimbusVerifier() throws JOSEException {
    if (algorithm == SigningAlgorithm.ES256) {
      return new ECDSAVerifier((ECPublicKey) keyPair.getPublic());
    }
    return new RSASSAVerifier((RSAPublicKey) keyPair.getPublic());
  }

  private JWSAlgorithm jwsAlgorithm() {
    return JWSAlgorithm.parse(algorithm.name());
  }

  /** @return the public JWK of this key, as a JSON object */
  public Map<String, Object> publicJwk() {
    switch (algorithm) {
      case ES256:
        return new ECKey.Builder(Curve.P_256, (ECPublicKey) keyPair.getPublic())
            .keyID(kid).keyUse(KeyUse.SIGNATURE).algorithm(jwsAlgorithm()).build().toJSONObject();
      case EdDSA:
        byte[] encoded = keyPair.getPublic().getEncoded();
        byte[] raw = Arrays.copyOfRange(encoded, encoded.length - ED25519_RAW_LENGTH, encoded.length);
        Map<String, Object> okp = new LinkedHashMap<>();
        okp.put("kty", "OKP");
        okp.put("crv", "Ed25519");
        okp.put("x", Base64.getUrlEncoder().withoutPadding().encodeToString(raw));
        okp.put("kid", kid);
        okp.put("use", "sig");
        okp.put("alg", "EdDSA");
        return okp;
      default:
        return new RSAKey.Builder((RSAPublicKey) keyPair.getPublic())
            .keyID(kid).keyUse(KeyUse.SIGNATURE).algorithm(jwsAlgorithm()).build().toJSONObject();
    }
  }

  @Override
  public String toString() {
    return "SigningKey{" + algorithm + ", kid=" + kid + "}";
  }
}
