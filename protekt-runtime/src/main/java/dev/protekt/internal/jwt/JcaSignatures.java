package dev.protekt.internal.jwt;

import dev.protekt.Algorithm;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;

/**
 * JCA signature verification with one {@link Signature} object per thread and algorithm: looking
 * one up through the providers costs more than verifying an RS256 signature's hash, and the objects
 * are not thread-safe. Each use re-initializes the object with the key, which also clears any
 * state an earlier failure left behind.
 */
final class JcaSignatures {
  private static final PSSParameterSpec PS256 =
      new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1);

  private static final ThreadLocal<Signature[]> PER_THREAD =
      ThreadLocal.withInitial(() -> new Signature[Algorithm.values().length]);

  private JcaSignatures() {}

  /**
   * Whether {@code signature} is valid for {@code len} bytes of {@code data} from offset 0.
   *
   * @throws GeneralSecurityException if the signature or key is unusable, which callers treat as
   *     a bad signature
   */
  static boolean verify(Algorithm alg, PublicKey key, byte[] data, int len, byte[] signature)
      throws GeneralSecurityException {
    Signature[] mine = PER_THREAD.get();
    Signature s = mine[alg.ordinal()];
    if (s == null) {
      s = create(alg);
      mine[alg.ordinal()] = s;
    }
    s.initVerify(key);
    s.update(data, 0, len);
    return s.verify(signature);
  }

  private static Signature create(Algorithm alg) throws GeneralSecurityException {
    return switch (alg) {
      case RS256 -> Signature.getInstance("SHA256withRSA");
      case PS256 -> {
        Signature pss = Signature.getInstance("RSASSA-PSS");
        pss.setParameter(PS256);
        yield pss;
      }
      case ES256 -> Signature.getInstance("SHA256withECDSAinP1363Format");
      case EdDSA -> Signature.getInstance("Ed25519");
    };
  }
}
