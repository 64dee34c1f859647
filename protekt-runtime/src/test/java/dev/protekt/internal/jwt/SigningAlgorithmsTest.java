package dev.protekt.internal.jwt;

import static dev.protekt.internal.jwt.Tokens.assertRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.protekt.Algorithm;
import dev.protekt.InvalidTokenException.Reason;
import dev.protekt.ProtektAuth;
import dev.protekt.ProtektUser;
import dev.protekt.testing.LocalTenant;
import dev.protekt.testing.LocalTenantExtension;
import dev.protekt.testing.SigningAlgorithm;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A valid token of each algorithm the SDK supports is accepted, and a tampered one is not. */
@ExtendWith(LocalTenantExtension.class)
class SigningAlgorithmsTest {
  private final LocalTenant tenant;

  SigningAlgorithmsTest(LocalTenant tenant) {
    this.tenant = tenant;
  }

  @ParameterizedTest
  @EnumSource(SigningAlgorithm.class)
  void acceptsAValidTokenAndRefusesATamperedOne(SigningAlgorithm signing) {
    Algorithm alg = Algorithm.fromJwsName(signing.name());
    ProtektAuth auth = ProtektAuth.builder().domain(tenant.domain()).audience(tenant.apiAudience())
        .algorithms(alg).rolesClaim("https://app.example/roles").cacheEnabled(false).build();
    String kid = tenant.keys().add(signing);
    String token = tenant.token().keyId(kid).subject("protekt|" + signing)
        .claim("https://app.example/roles", List.of("admin")).permissions("read:posts")
        .scope("write:posts").claim("email", "a@b.c").sign();

    ProtektUser user = auth.verifyToken(token);

    assertEquals("protekt|" + signing, user.subject());
    assertTrue(user.hasRole("admin"));
    assertTrue(user.hasPermission("read:posts") && user.hasPermission("write:posts"));
    assertEquals("a@b.c", user.email().orElseThrow());
    assertEquals(List.of(tenant.apiAudience()), user.audiences());

    String[] parts = token.split("\\.");
    byte[] signature = Base64.getUrlDecoder().decode(parts[2]);
    signature[signature.length / 2] ^= 1;
    String flipped = parts[0] + "." + parts[1] + "." + Tokens.encode(signature);
    assertRejected(auth, flipped, Reason.BAD_SIGNATURE);
    String shortened = parts[0] + "." + parts[1] + "."
        + Tokens.encode(Arrays.copyOf(signature, signature.length - 1));
    assertRejected(auth, shortened, Reason.BAD_SIGNATURE);
    String empty = parts[0] + "." + parts[1] + ".";
    assertRejected(auth, empty, Reason.BAD_SIGNATURE);
    if (signing == SigningAlgorithm.ES256) {
      // r = s = 0, the "psychic signature" (CVE-2022-21449).
      assertRejected(auth, empty + Tokens.encode(new byte[64]), Reason.BAD_SIGNATURE);
    }
  }
}
