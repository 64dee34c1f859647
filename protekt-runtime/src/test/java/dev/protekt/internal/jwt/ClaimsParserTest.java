package dev.protekt.internal.jwt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.protekt.ProtektAuth;
import dev.protekt.ProtektUser;
import dev.protekt.testing.LocalTenant;
import dev.protekt.testing.TokenBuilder;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClaimsParserTest {
  private static final JsonFactory JSON = new JsonFactory();
  private static final String CLAIMS = "{\"iat\":1795925322,\"exp\":1795928922,"
      + "\"iss\":\"https://t.example/\",\"sub\":\"protekt|64f1\",\"aud\":[\"https://api/\",\"x\"],"
      + "\"scope\":\"openid read:posts\",\"permissions\":[\"read:posts\",\"write:posts\"],"
      + "\"roles\":[\"admin\"],\"https://app/tenant\":{\"id\":\"acme\",\"tier\":2.5,\"on\":true,"
      + "\"none\":null,\"big\":123456789012345678901234567890,\"long\":12345678901}}";

  private static VerifiedClaims parse(String json) {
    return ClaimsParser.parse(JSON, json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readsWhatDatabindWouldWithTheSameValueTypes() throws Exception {
    VerifiedClaims claims = parse(CLAIMS);
    assertNotNull(claims);
    assertEquals(new ObjectMapper().readValue(CLAIMS, Map.class), claims);
    Map<?, ?> nested = (Map<?, ?>) claims.get("https://app/tenant");
    assertInstanceOf(Integer.class, claims.get("exp"));
    assertInstanceOf(Long.class, nested.get("long"));
    assertInstanceOf(BigInteger.class, nested.get("big"));
    assertInstanceOf(Double.class, nested.get("tier"));
    assertEquals(List.copyOf(claims.keySet()), List.copyOf(claims.frozen().keySet()));
  }

  @Test
  @SuppressWarnings("unchecked")
  void isUnmodifiableAtEveryDepth() {
    VerifiedClaims claims = parse(CLAIMS);
    assertThrows(UnsupportedOperationException.class, () -> claims.frozen().put("sub", "x"));
    assertThrows(UnsupportedOperationException.class,
        () -> ((List<Object>) claims.get("roles")).add("root"));
    assertThrows(UnsupportedOperationException.class,
        () -> ((Map<String, Object>) claims.get("https://app/tenant")).remove("id"));
  }

  @Test
  void givesTheSameUserAsTheDefensiveCopyWithoutMakingOne() throws Exception {
    VerifiedClaims claims = parse(CLAIMS);
    @SuppressWarnings("unchecked")
    Map<String, Object> databind = new ObjectMapper().readValue(CLAIMS, Map.class);
    ProtektUser fast = ProtektUser.fromClaims(claims);
    ProtektUser copied = ProtektUser.fromClaims(databind);
    assertEquals(copied, fast);
    assertEquals(copied.toString(), fast.toString());
    assertEquals(copied.roles(), fast.roles());
    assertEquals(copied.scopes(), fast.scopes());
    assertEquals(copied.audiences(), fast.audiences());
  }

  @Test
  void aNumberNoDoubleHoldsIsABigDecimalAndTheRestDoubles() {
    VerifiedClaims claims = parse("{\"big\":1e400,\"tiny\":-1e-400,\"subnormal\":4.9e-324,"
        + "\"pi\":3.14,\"zero\":0.0,\"zeros\":0e-400,\"negative\":-0.0,"
        + "\"max\":1.7976931348623157e308}");
    assertEquals(new BigDecimal("1e400"), claims.get("big"));
    assertEquals(new BigDecimal("-1e-400"), claims.get("tiny"));
    assertEquals(new BigDecimal("4.9e-324"), claims.get("subnormal"));
    assertEquals(3.14, claims.get("pi"));
    assertEquals(0.0, claims.get("zero"));
    assertEquals(0.0, claims.get("zeros"));
    assertEquals(-0.0, claims.get("negative"));
    assertEquals(Double.MAX_VALUE, claims.get("max"));
  }

  /** Writes the verified claims back as JSON, as a service returning claims() does. */
  @Test
  void claimsOfASignedTokenWriteBackAsTheSameNumbers() throws Exception {
    try (LocalTenant tenant = LocalTenant.start()) {
      ProtektAuth auth = ProtektAuth.builder().domain(tenant.domain())
          .audience(tenant.apiAudience()).build();
      TokenBuilder signer = tenant.token();
      long now = Instant.now().getEpochSecond();
      String numbers = "{\"big\":1e400,\"tiny\":1e-400,\"negative\":-2.5E+999,"
          + "\"subnormal\":4.9e-324,\"pi\":3.14,\"zero\":0.0}";
      String claims = "{\"iss\":\"" + tenant.issuer() + "\",\"aud\":\"" + tenant.apiAudience()
          + "\",\"sub\":\"protekt|numbers\",\"exp\":" + (now + 600) + ",\"n\":" + numbers + "}";
      String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + signer.signingKeyId()
          + "\"}";
      ProtektUser user = auth.verifyToken(signer.signBytes(
          header.getBytes(StandardCharsets.UTF_8), claims.getBytes(StandardCharsets.UTF_8)));

      ObjectMapper exact = JsonMapper.builder()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();
      String written = new ObjectMapper().writeValueAsString(user.claims().get("n"));
      assertEquals(exact.readTree(numbers), exact.readTree(written), written);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"exp\":1,\"exp\":2}", // a repeated claim
      "{\"aud\":\"a\",\"sub\":\"s\",\"aud\":\"b\"}",
      "{\"x\":{\"a\":null,\"a\":null}}", // repeated at depth, even with null values
      "{\"x\":[{\"a\":1,\"a\":1}]}",
      "[{\"sub\":\"s\"}]", "\"sub\"", "null", "", // not an object
      "{\"sub\":\"s\"} {}", "{\"sub\":\"s\"}]", // trailing content
      "{\"sub\":\"s\"", "{\"a\":[1,2", "{\"a\":", // truncated
      "{'sub':'s'}", "{\"a\":01}", "{\"a\":NaN}" // not JSON
  })
  void refusesAnythingButOneObjectWithoutRepeatedMembers(String json) {
    assertNull(parse(json), json);
  }

  @Test
  void refusesNestingBeyondJacksonsLimitWithoutOverflowingTheStack() {
    String deep = "{\"a\":" + "[".repeat(5000) + "]".repeat(5000) + "}";
    assertNull(parse(deep));
  }
}
