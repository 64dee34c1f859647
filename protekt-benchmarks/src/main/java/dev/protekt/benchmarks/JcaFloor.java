package dev.protekt.benchmarks;

import dev.protekt.Algorithm;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;

/**
 * The floor every verifier is compared with: the JDK's own signature check of the signing input,
 * with the input and signature already decoded and nothing else done. One per thread, because a
 * {@link Signature} is stateful.
 */
final class JcaFloor {
  private final Signature signature;
  private final PublicKey key;
  private final byte[] signingInput;
  private final byte[] signatureBytes;

  JcaFloor(Subject subject) {
    this.signature = newSignature(subject.algorithm);
    this.key = subject.publicKey;
    this.signingInput = subject.signingInput();
    this.signatureBytes = subject.signature();
    try {
      if (!verify()) {
        throw new IllegalStateException("The JCA floor refuses the " + subject.algorithm + " token");
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("The JCA floor cannot verify " + subject.algorithm, e);
    }
  }

  /**
   * Verifies once. {@code initVerify} is included because every real verifier must at least bind
   * the token's key before it checks.
   */
  boolean verify() throws GeneralSecurityException {
    signature.initVerify(key);
    signature.update(signingInput);
    return signature.verify(signatureBytes);
  }

  private static Signature newSignature(Algorithm algorithm) {
    try {
      switch (algorithm) {
        case RS256:
          return Signature.getInstance("SHA256withRSA");
        case PS256:
          Signature pss = Signature.getInstance("RSASSA-PSS");
          pss.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
          return pss;
        case ES256:
          // JWS carries R||S, which this JDK algorithm takes as is: no DER conversion in the floor.
          return Signature.getInstance("SHA256withECDSAinP1363Format");
        case EdDSA:
          return Signature.getInstance("Ed25519");
        default:
          throw new IllegalArgumentException("No JCA floor for " + algorithm);
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("This JDK cannot verify " + algorithm, e);
    }
  }
}
