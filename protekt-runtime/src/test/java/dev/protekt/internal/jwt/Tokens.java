package dev.protekt.internal.jwt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.protekt.InvalidTokenException;
import dev.protekt.ProtektAuth;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Takes tokens apart and puts them back together by hand, for attacks the tenant's token builder
 * does not mint, and asserts rejections the same way in every test.
 */
final class Tokens {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final KeyPair FOREIGN_RSA = generate("RSA", 2048);

  private Tokens() {}

  /** Asserts that verifying {@code token} fails for {@code reason}, without the token in the message. */
  static InvalidTokenException assertRejected(
      ProtektAuth auth, String token, InvalidTokenException.Reason reason) {
    InvalidTokenException e =
        assertThrows(InvalidTokenException.class, () -> auth.verifyToken(token));
    assertEquals(reason, e.reason(), e.getMessage());
    assertFalse(token.length() > 20 && e.getMessage().contains(token), "message leaks the token");
    return e;
  }

  static Map<String, Object> header(String token) {
    return json(token.substring(0, token.indexOf('.')));
  }

  static Map<String, Object> claims(String token) {
    String[] parts = token.split("\\.", -1);
    return json(parts[1]);
  }

  /** The token with another header and the original payload and signature. */
  static String withHeader(String token, Map<String, Object> header) {
    return encode(header) + token.substring(token.indexOf('.'));
  }

  /** The token with one header parameter changed, not re-signed. */
  static String withHeaderParam(String token, String name, Object value) {
    Map<String, Object> header = header(token);
    header.put(name, value);
    return withHeader(token, header);
  }

  /** A compact JWS of this header and these claims, signed RS256 with a key that is not the tenant's. */
  static String signWithForeignRsa(Map<String, Object> header, Map<String, Object> claims) {
    String input = encode(header) + "." + encode(claims);
    try {
      Signature s = Signature.getInstance("SHA256withRSA");
      s.initSign(FOREIGN_RSA.getPrivate());
      s.update(input.getBytes(StandardCharsets.US_ASCII));
      return input + "." + ENCODER.encodeToString(s.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The foreign RSA public key as a JWK, to embed in a {@code jwk} header. */
  static Map<String, Object> foreignRsaJwk() {
    var key = (java.security.interfaces.RSAPublicKey) FOREIGN_RSA.getPublic();
    Map<String, Object> jwk = new LinkedHashMap<>();
    jwk.put("kty", "RSA");
    jwk.put("n", ENCODER.encodeToString(unsigned(key.getModulus().toByteArray())));
    jwk.put("e", ENCODER.encodeToString(unsigned(key.getPublicExponent().toByteArray())));
    return jwk;
  }

  /** The foreign RSA key as a JWK with its private parts, as a careless tenant might publish it. */
  static Map<String, Object> foreignRsaJwkWithPrivateParts() {
    var key = (java.security.interfaces.RSAPrivateCrtKey) FOREIGN_RSA.getPrivate();
    Map<String, Object> jwk = foreignRsaJwk();
    jwk.put("d", ENCODER.encodeToString(unsigned(key.getPrivateExponent().toByteArray())));
    jwk.put("p", ENCODER.encodeToString(unsigned(key.getPrimeP().toByteArray())));
    jwk.put("q", ENCODER.encodeToString(unsigned(key.getPrimeQ().toByteArray())));
    jwk.put("dp", ENCODER.encodeToString(unsigned(key.getPrimeExponentP().toByteArray())));
    jwk.put("dq", ENCODER.encodeToString(unsigned(key.getPrimeExponentQ().toByteArray())));
    jwk.put("qi", ENCODER.encodeToString(unsigned(key.getCrtCoefficient().toByteArray())));
    return jwk;
  }

  static String encode(Object json) {
    try {
      return ENCODER.encodeToString(JSON.writeValueAsBytes(json));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String encode(byte[] bytes) {
    return ENCODER.encodeToString(bytes);
  }

  private static Map<String, Object> json(String part) {
    try {
      return JSON.readValue(Base64.getUrlDecoder().decode(part), new TypeReference<LinkedHashMap<String, Object>>() {});
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] unsigned(byte[] twosComplement) {
    return twosComplement[0] == 0
        ? java.util.Arrays.copyOfRange(twosComplement, 1, twosComplement.length)
        : twosComplement;
  }

  private static KeyPair generate(String algorithm, int bits) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
      g.initialize(bits);
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
