package dev.protekt.internal.jwt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.protekt.Algorithm;
import dev.protekt.CapturedLog;
import dev.protekt.InvalidTokenException.Reason;
import dev.protekt.ProtektAuth;
import dev.protekt.testing.LocalTenant;
import dev.protekt.testing.SigningAlgorithm;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Keys of different types may share a {@code kid} (RFC 7517, section 4.5): the token's {@code alg}
 * picks the one of its type. Two keys of one type under one {@code kid} stay a guess the SDK does
 * not make: the first is used.
 */
class SharedKidTest {
  private static ProtektAuth client(LocalTenant tenant) {
    return ProtektAuth.builder().domain(tenant.domain()).audience(tenant.apiAudience())
        .algorithms(Algorithm.RS256, Algorithm.ES256).retryAttempts(0).build();
  }

  /** A token with {@code genuine}'s header (but {@code alg}) and claims, signed by the foreign RSA key. */
  private static String signedByForeignRsa(String genuine) {
    Map<String, Object> header = Tokens.header(genuine);
    header.put("alg", "RS256");
    return Tokens.signWithForeignRsa(header, Tokens.claims(genuine));
  }

  @Test
  void anRsaKeyListedAfterAnEcKeyOfTheSameKidVerifiesRs256Tokens() {
    try (LocalTenant tenant = LocalTenant.builder().algorithm(SigningAlgorithm.ES256).start()) {
      Map<String, Object> rsa = Tokens.foreignRsaJwk();
      rsa.put("kid", tenant.keys().current());
      tenant.keys().publishJwk(rsa);
      ProtektAuth auth = client(tenant);

      String log = CapturedLog.of(() -> {
        String es256 = tenant.token().subject("protekt|ec").sign();
        assertEquals("protekt|ec", auth.verifyToken(es256).subject());
        String rs256 = signedByForeignRsa(tenant.token().subject("protekt|rsa").sign());
        assertEquals("protekt|rsa", auth.verifyToken(rs256).subject());
      });
      assertFalse(log.contains("WARN"), log);
    }
  }

  @Test
  void twoKeysOfOneTypeUnderOneKidKeepTheFirstWithAWarning() {
    try (LocalTenant tenant = LocalTenant.start()) {
      Map<String, Object> second = Tokens.foreignRsaJwk();
      second.put("kid", tenant.keys().current());
      tenant.keys().publishJwk(second);
      ProtektAuth auth = client(tenant);

      String log = CapturedLog.of(() -> {
        auth.verifyToken(tenant.token().sign());
        Tokens.assertRejected(auth, signedByForeignRsa(tenant.token().sign()),
            Reason.BAD_SIGNATURE);
      });
      assertTrue(log.contains("has several keys of one type with kid="
          + tenant.keys().current() + "; using the first."), log);
    }
  }
}
