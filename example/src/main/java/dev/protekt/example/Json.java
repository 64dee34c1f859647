package dev.protekt.example;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/** Reads request bodies and writes answers as JSON. */
final class Json {
  /** Bodies larger than this are refused before parsing. */
  static final int MAX_BODY_BYTES = 64 * 1024;

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  /** The request body as a JSON object; {@link BadRequestException} when it is not one. */
  static Map<String, Object> readObject(HttpExchange exchange) {
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readNBytes(MAX_BODY_BYTES + 1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (body.length > MAX_BODY_BYTES) {
      throw new BadRequestException("The request body is larger than " + MAX_BODY_BYTES + " bytes.");
    }
    try {
      Map<String, Object> object = MAPPER.readValue(body, new TypeReference<Map<String, Object>>() {});
      if (object == null) {
        throw new BadRequestException("The request body must be a JSON object.");
      }
      return object;
    } catch (IOException e) {
      throw new BadRequestException("The request body is not a JSON object.");
    }
  }

  /** {@code value} as JSON bytes. */
  static byte[] write(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write the answer as JSON", e);
    }
  }
}
