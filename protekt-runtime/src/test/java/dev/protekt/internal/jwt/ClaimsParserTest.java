package dev.protekt.internal.jwt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.protekt.ProtektUser;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
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
