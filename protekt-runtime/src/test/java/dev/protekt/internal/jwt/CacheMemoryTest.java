package dev.protekt.internal.jwt;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.protekt.ProtektAuth;
import dev.protekt.testing.LocalTenant;
import dev.protekt.testing.LocalTenantExtension;
import java.lang.ref.Reference;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The verified-token cache's memory bound, measured: a cache filled with tokens of one claims
 * shape, each as large as the cache takes, twice over what its bound should let it hold, must
 * retain no more heap than the bound (heap in use after full GCs, before and after, with a
 * tolerance for what GC measurement cannot settle), and at least a quarter of it, so the bound is
 * not so conservative that the cache holds next to nothing. The shapes are those whose JSON is
 * cheapest for the heap it costs.
 */
@ExtendWith(LocalTenantExtension.class)
class CacheMemoryTest {
  private static final long TOLERANCE = 4L * 1024 * 1024;

  private final LocalTenant tenant;

  CacheMemoryTest(LocalTenant tenant) {
    this.tenant = tenant;
  }

  static Stream<Arguments> shapes() {
    return Stream.of(
        shape("empty objects", n -> Collections.nCopies(n, Map.of())),
        shape("empty arrays", n -> Collections.nCopies(n, List.of())),
        shape("one-character strings", n -> Collections.nCopies(n, "a")),
        shape("numbers", n -> Collections.nCopies(n, 1.5)),
        shape("big integers", n -> Collections.nCopies(n, new BigInteger("9".repeat(30)))),
        // Beyond a double: a BigDecimal, its mantissa just too long for its compact form.
        shape("big decimals", n -> Collections.nCopies(n, new BigDecimal("9".repeat(20) + "e400"))),
        shape("members", n -> {
          Map<String, Object> members = new LinkedHashMap<>();
          for (int i = 0; i < n; i++) {
            members.put(Integer.toString(i, 36), 0);
          }
          return members;
        }),
        shape("nested objects", n -> {
          Object nested = Map.of();
          for (int i = 0; i < Math.min(n, 900); i++) {
            nested = Map.of("a", nested);
          }
          return nested;
        }),
        // Each name split out of the string is a string of its own, which the claims do not hold.
        Arguments.of("space-separated roles", "roles", (IntFunction<Object>) n -> String.join(" ",
            IntStream.range(0, n).mapToObj(i -> Integer.toString(i, 36)).toList())));
  }

  private static Arguments shape(String name, IntFunction<Object> claim) {
    return Arguments.of(name, "x", claim);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shapes")
  void retainsNoMoreThanItsBound(String name, String claimName, IntFunction<Object> claim) {
    int items = 4000;
    while (token(claimName, claim, items, 0).length() > VerifiedTokenCache.MAX_TOKEN_CHARS) {
      items = items * 9 / 10;
    }
    String sample = token(claimName, claim, items, 0);
    byte[] payload = Base64.getUrlDecoder().decode(sample.split("\\.")[1]);
    VerifiedClaims parsed = ClaimsParser.parse(TokenVerifier.CLAIMS_JSON, payload);
    assertNotNull(parsed);
    long count = 2 * VerifiedTokenCache.MAX_BYTES / (parsed.retainedBytes() + sample.length()) + 20;

    ProtektAuth auth = ProtektAuth.builder().domain(tenant.domain())
        .audience(tenant.apiAudience()).cacheMaxEntries(1_000_000).build();
    auth.verifyToken(sample);
    long before = usedAfterGc();
    for (int i = 1; i <= count; i++) {
      auth.verifyToken(token(claimName, claim, items, i));
    }
    long retained = usedAfterGc() - before;
    Reference.reachabilityFence(auth);

    String measured = name + ": " + count + " tokens of " + sample.length() + " characters ("
        + items + " items) retain " + retained / 1024 + " KiB; the bound is "
        + VerifiedTokenCache.MAX_BYTES / 1024 + " KiB";
    System.out.println(measured);
    assertTrue(retained <= VerifiedTokenCache.MAX_BYTES + TOLERANCE, measured);
    assertTrue(retained >= VerifiedTokenCache.MAX_BYTES / 4, measured);
  }

  private String token(String claimName, IntFunction<Object> claim, int items, int serial) {
    return tenant.token().claim(claimName, claim.apply(items)).claim("jti", "t" + serial).sign();
  }

  /** Heap in use after full collections, the least of several to settle what GC leaves behind. */
  private static long usedAfterGc() {
    Runtime runtime = Runtime.getRuntime();
    long least = Long.MAX_VALUE;
    for (int i = 0; i < 4; i++) {
      System.gc();
      least = Math.min(least, runtime.totalMemory() - runtime.freeMemory());
    }
    return least;
  }
}
