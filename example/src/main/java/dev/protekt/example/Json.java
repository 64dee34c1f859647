package dev.protekt.example;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** Reads request bodies and writes answers as JSON. */
final class Json {
  /** Bodies larger than this are refused before parsing. */
  static final int MAX_BODY_BYTES = 64 * 1024;

  /**
   * Strict where Jackson is lenient by default: a body with more after its object, or with a member
   * named twice, is ambiguous (which object, which value?), and another parser in front of the
   * service could read it differently.
   */
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();

  /** A structured syntax suffix type (RFC 6839), such as application/merge-patch+json. */
  private static final Pattern JSON_SUFFIX_TYPE =
      Pattern.compile("[a-z0-9][a-z0-9!#$&^_.+-]*/[a-z0-9][a-z0-9!#$&^_.+-]*\\+json");

  private Json() {}

  /**
   * The request body as a JSON object; {@link UnsupportedMediaTypeException} when it is not
   * declared as JSON, {@link BadRequestException} when it is not one.
   */
  static Map<String, Object> readObject(HttpExchange exchange) {
    requireDeclaredJson(exchange);
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
      throw new BadRequestException(
          "The request body is not exactly one JSON object with each member named once.");
    }
  }

  /**
   * Refuses a body not declared as JSON, even one that parses. A browser sends a text/plain, form
   * or multipart body to another site without asking it first (no CORS preflight), so any web page
   * could otherwise register users here. One declared as JSON it sends only after a preflight,
   * which this service never grants.
   */
  private static void requireDeclaredJson(HttpExchange exchange) {
    List<String> declared = exchange.getRequestHeaders().get("Content-Type");
    if (declared == null || declared.size() != 1 || !isJson(declared.get(0))) {
      throw new UnsupportedMediaTypeException(
          "The request body must be JSON, declared with one Content-Type: application/json.");
    }
  }

  /** Whether the media type, parameters aside, is application/json or ends in +json. */
  private static boolean isJson(String contentType) {
    String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    return type.equals("application/json") || JSON_SUFFIX_TYPE.matcher(type).matches();
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
