package dev.protekt.internal.jwt;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.protekt.Algorithm;
import dev.protekt.InvalidTokenException;
import dev.protekt.ProtektAuth;
import dev.protekt.testing.LocalTenant;
import dev.protekt.testing.LocalTenantExtension;
import dev.protekt.testing.SigningAlgorithm;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Thousands of random mutations of valid tokens of every algorithm: bytes flipped, characters
 * inserted and deleted, parts swapped and mixed between tokens, claims and headers edited with and
 * without re-signing by a foreign key, truncation, garbage. None may be accepted, and every
 * rejection must be an {@link InvalidTokenException}. The seed is printed on failure; set {@code
 * -Dprotekt.fuzz.seed=…} to replay it.
 */
@ExtendWith(LocalTenantExtension.class)
class TokenMutationTest {
  private static final int MUTATIONS = 3000;
  private static final String ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  private static final String ODD_CHARS = ".=+/ \t\n%\u00e9\u20ac\u0000";

  private final LocalTenant tenant;

  TokenMutationTest(LocalTenant tenant) {
    this.tenant = tenant;
  }

  @Test
  void noMutationIsAcceptedAndEveryRejectionIsTyped() {
    long seed = Long.getLong("protekt.fuzz.seed", System.nanoTime());
    Random random = new Random(seed);
    ProtektAuth auth = ProtektAuth.builder().domain(tenant.domain()).audience(tenant.apiAudience())
        .algorithms(Algorithm.values()).build();
    List<String> valid = new ArrayList<>();
    for (SigningAlgorithm alg : SigningAlgorithm.values()) {
      // The tenant's own key is RS256; a new one each for the others.
      valid.add(tenant.token().algorithm(alg).roles("admin").permissions("read:posts").sign());
    }
    for (String token : valid) {
      auth.verifyToken(token);
    }

    Map<InvalidTokenException.Reason, Integer> reasons =
        new EnumMap<>(InvalidTokenException.Reason.class);
    int tried = 0;
    for (int i = 0; i < MUTATIONS; i++) {
      String base = valid.get(random.nextInt(valid.size()));
      int operator = random.nextInt(12);
      String mutated = mutate(operator, base, valid, random);
      if (valid.contains(mutated)) {
        continue;
      }
      tried++;
      try {
        auth.verifyToken(mutated);
        fail("mutation #" + i + " (operator " + operator + ") was accepted; seed " + seed);
      } catch (InvalidTokenException e) {
        reasons.merge(e.reason(), 1, Integer::sum);
      } catch (RuntimeException e) {
        throw new AssertionError("mutation #" + i + " (operator " + operator + ") threw "
            + e + " instead of InvalidTokenException; seed " + seed, e);
      }
    }
    assertTrue(tried > MUTATIONS * 9 / 10, "only " + tried + " mutations differed");
    // The mutations must reach deep into verification, not all die in the first check.
    assertTrue(reasons.keySet().containsAll(List.of(InvalidTokenException.Reason.MALFORMED,
        InvalidTokenException.Reason.BAD_SIGNATURE, InvalidTokenException.Reason.UNKNOWN_KEY,
        InvalidTokenException.Reason.DISALLOWED_ALGORITHM)), reasons.toString());
  }

  private String mutate(int operator, String token, List<String> valid, Random random) {
    String[] parts = token.split("\\.", -1);
    switch (operator) {
      case 0: { // flip one bit of one character
        char[] chars = token.toCharArray();
        int at = random.nextInt(chars.length);
        chars[at] ^= (char) (1 << random.nextInt(7));
        return new String(chars);
      }
      case 1: { // replace one character with another of the alphabet
        char[] chars = token.toCharArray();
        chars[random.nextInt(chars.length)] = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
        return new String(chars);
      }
      case 2: { // insert or delete characters
        int at = random.nextInt(token.length());
        return random.nextBoolean()
            ? token.substring(0, at) + ODD_CHARS.charAt(random.nextInt(ODD_CHARS.length()))
                + token.substring(at)
            : token.substring(0, at) + token.substring(at + 1 + random.nextInt(3) % (token.length() - at));
      }
      case 3: { // permute the parts
        List<String> p = new ArrayList<>(Arrays.asList(parts));
        java.util.Collections.shuffle(p, random);
        return String.join(".", p);
      }
      case 4: { // mix parts of different valid tokens
        String[] a = valid.get(random.nextInt(valid.size())).split("\\.");
        String[] b = valid.get(random.nextInt(valid.size())).split("\\.");
        return parts[0] + "." + a[1] + "." + b[2];
      }
      case 5: // truncate
        return token.substring(0, random.nextInt(token.length()));
      case 6: { // edit a claim, keep the signature
        Map<String, Object> claims = Tokens.claims(token);
        editClaim(claims, random);
        return parts[0] + "." + Tokens.encode(claims) + "." + parts[2];
      }
      case 7: { // edit a claim and re-sign with a foreign key under the tenant's kid
        Map<String, Object> claims = Tokens.claims(token);
        editClaim(claims, random);
        Map<String, Object> header = new LinkedHashMap<>(Tokens.header(token));
        if (random.nextBoolean()) {
          header.put("alg", "RS256");
        }
        return Tokens.signWithForeignRsa(header, claims);
      }
      case 8: { // another header over the same payload and signature
        Map<String, Object> header = new LinkedHashMap<>(Tokens.header(token));
        Object[] values = {"none", "None", "HS256", "RS256", "PS256", "ES256", "EdDSA", "RS512",
            "", 7, null, List.of("RS256"), Map.of()};
        String[] names = {"alg", "kid", "typ", "crit", "cty", "enc", "jku", "jwk", "zip"};
        header.put(names[random.nextInt(names.length)], values[random.nextInt(values.length)]);
        return Tokens.encode(header) + "." + parts[1] + "." + parts[2];
      }
      case 9: { // random base64url garbage in one part
        byte[] junk = new byte[random.nextInt(300)];
        random.nextBytes(junk);
        parts[random.nextInt(3)] = Tokens.encode(junk);
        return String.join(".", parts);
      }
      case 10: { // extra or missing parts
        return random.nextBoolean()
            ? token + "." + parts[random.nextInt(3)]
            : parts[random.nextInt(3)] + "." + parts[random.nextInt(3)];
      }
      default: { // characters from anywhere
        char[] chars = new char[random.nextInt(400)];
        for (int i = 0; i < chars.length; i++) {
          chars[i] = (char) (random.nextInt(4) == 0 ? '.' : random.nextInt(0x250));
        }
        return new String(chars);
      }
    }
  }

  private static void editClaim(Map<String, Object> claims, Random random) {
    Object[] values = {"protekt|attacker", List.of("admin", "root"), 9_999_999_999L, -1, 1.5e300,
        null, true, Map.of("a", 1), List.of(), "https://evil.example/"};
    String[] names = {"sub", "roles", "exp", "nbf", "iss", "aud", "permissions", "scope", "iat"};
    claims.put(names[random.nextInt(names.length)], values[random.nextInt(values.length)]);
  }
}
