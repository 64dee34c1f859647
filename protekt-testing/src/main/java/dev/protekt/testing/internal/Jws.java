package dev.protekt.testing.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** JWS compact serialization: assembling tokens (well-formed or deliberately not) and checking them. */
public final class Jws {
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private Jws() {}

  /**
   * Assembles a compact JWS.
   *
   * @param header the protected header
   * @param claims the payload claims
   * @param signer turns the signing input into the signature bytes (empty for {@code alg: none})
   * @return {@code header.payload.signature}
   */
  public static String compact(Map<String, Object> header, Map<String, Object> claims, UnaryOperator<byte[]> signer) {
    return compact(Json.bytes(header), Json.bytes(claims), signer);
  }

  /**
   * Assembles a compact JWS of header and payload bytes as they are.
   *
   * @param header the protected header's bytes
   * @param payload the payload's bytes
   * @param signer turns the signing input into the signature bytes
   * @return {@code header.payload.signature}
   */
  public static String compact(byte[] header, byte[] payload, UnaryOperator<byte[]> signer) {
    String signingInput = ENCODER.encodeToString(header) + "." + ENCODER.encodeToString(payload);
    byte[] signature = signer.apply(signingInput.getBytes(StandardCharsets.US_ASCII));
    return signingInput + "." + ENCODER.encodeToString(signature);
  }

  /**
   * A JWS whose signature verified.
   *
   * @param header its protected header
   * @param claims its payload
   */
  public record Verified(ObjectNode header, ObjectNode claims) {}

  /**
   * Parses a compact JWS and checks its signature against a tenant's published keys. Claims and
   * header parameters other than {@code alg} and {@code kid} are not checked here.
   *
   * @param token the compact JWS
   * @param keys the tenant's keys
   * @return the header and claims, or empty when the token is malformed, names no published key,
   *     uses another algorithm than its key, or its signature does not verify
   */
  public static Optional<Verified> verify(String token, KeyRing keys) {
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      return Optional.empty();
    }
    try {
      JsonNode header = Json.MAPPER.readTree(DECODER.decode(parts[0]));
      JsonNode claims = Json.MAPPER.readTree(DECODER.decode(parts[1]));
      if (header == null || !header.isObject() || claims == null || !claims.isObject()) {
        return Optional.empty();
      }
      Optional<SigningKey> key = keys.findPublished(header.path("kid").asText(""));
      if (key.isEmpty() || !key.get().algorithm().name().equals(header.path("alg").asText(""))) {
        return Optional.empty();
      }
      byte[] input = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
      if (!key.get().verify(input, DECODER.decode(parts[2]))) {
        return Optional.empty();
      }
      return Optional.of(new Verified((ObjectNode) header, (ObjectNode) claims));
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
