package dev.protekt.testing.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** The one Jackson mapper of the tenant; thread-safe once configured. */
public final class Json {
  /**
   * The shared mapper. It reads strictly, as a careful server does: a repeated member or anything
   * after the value is an error, never a silent "last one wins" or an ignored tail.
   */
  public static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();

  private Json() {}

  /**
   * @param value a JSON-able value (maps, lists, strings, numbers, booleans, Jackson nodes)
   * @return its compact JSON text as UTF-8
   */
  public static byte[] bytes(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("value cannot be written as JSON: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * @param value a JSON-able value
   * @return its compact JSON text
   */
  public static String text(Object value) {
    return new String(bytes(value), StandardCharsets.UTF_8);
  }

  /**
   * @param contentType a {@code Content-Type} header, or {@code null}
   * @return whether it is {@code application/json}, with or without parameters such as
   *     {@code charset}; {@code application/jsonx} or {@code application/json-patch+json} are not
   */
  static boolean isJson(String contentType) {
    return "application/json".equals(mediaType(contentType));
  }

  /**
   * @param contentType a {@code Content-Type} header, or {@code null}
   * @return its type and subtype in lower case, without parameters; {@code ""} for none
   */
  static String mediaType(String contentType) {
    if (contentType == null) {
      return "";
    }
    int semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
  }

  /**
   * Fields given in Java, checked as the tenant checks them in a request body, so that a test
   * cannot seed what a client could not send.
   *
   * @param fields a JSON-able map
   * @return the fields as an object
   * @throws IllegalArgumentException with a sentence for the caller when the body would be refused
   */
  public static ObjectNode storable(Object fields) {
    return object(text(fields));
  }

  /**
   * Reads a request body that must be one JSON object.
   *
   * @param text the body
   * @return the object
   * @throws IllegalArgumentException with a sentence for the client when it is anything else
   */
  static ObjectNode object(String text) {
    JsonNode node;
    try {
      node = MAPPER.readTree(text);
    } catch (StreamConstraintsException e) {
      // Valid JSON, but longer or deeper than the tenant reads: say so, not "not valid JSON".
      throw new IllegalArgumentException("The body is beyond what the tenant reads: "
          + String.valueOf(e.getOriginalMessage()).replaceAll(", from `[^`]*`", "") + ".", e);
    } catch (JsonProcessingException e) {
      String problem = String.valueOf(e.getOriginalMessage());
      throw new IllegalArgumentException(problem.startsWith("Duplicate field")
          ? "The body repeats a member: " + problem.substring("Duplicate field ".length()) + "."
          : problem.startsWith("Trailing token") ? "The body goes on after its JSON value."
          : "The body is not valid JSON.", e);
    }
    if (!(node instanceof ObjectNode)) {
      throw new IllegalArgumentException("The body must be a JSON object.");
    }
    requireStorable(text);
    return (ObjectNode) node;
  }

  /**
   * Refuses what the tenant would store changed or could not answer: a number that a double, as
   * the tenant keeps it, cannot hold ({@code 1e999999} would be stored as Infinity and
   * {@code 1e-999999} as 0), and a lone surrogate (an escape from {@code d800} to {@code dfff}
   * without its pair), valid JSON but no Unicode text, which no UTF-8 answer can carry.
   *
   * @param text a body already read as valid JSON
   */
  private static void requireStorable(String text) {
    try (JsonParser parser = MAPPER.createParser(text)) {
      for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
        if (token == JsonToken.FIELD_NAME || token == JsonToken.VALUE_STRING) {
          requireWholeCharacters(parser, token);
        }
        if (token != JsonToken.VALUE_NUMBER_FLOAT) {
          continue;
        }
        double value = parser.getDoubleValue();
        if (Double.isInfinite(value) || value == 0 && hasNonZeroDigit(parser.getText())) {
          throw new IllegalArgumentException("The number " + abbreviated(parser.getText()) + " at "
              + parser.getParsingContext().pathAsPointer() + " is too " + (value == 0 ? "small" : "large")
              + " for a double; the tenant would store it as " + (value == 0 ? "0" : "Infinity") + ".");
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("the body was read once already", e);
    }
  }

  private static void requireWholeCharacters(JsonParser parser, JsonToken token) throws IOException {
    String value = parser.getText();
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        // The pointer of a member name would hold the surrogate itself: name the object instead.
        String object = parser.getParsingContext().getParent().pathAsPointer().toString();
        String at = token == JsonToken.FIELD_NAME
            ? "a member name in " + (object.isEmpty() ? "the top-level object" : object)
            : "the string at " + parser.getParsingContext().pathAsPointer();
        throw new IllegalArgumentException(String.format(
            "The body has a lone surrogate \\u%04X in %s: half a character, not Unicode text.",
            (int) c, at));
      }
    }
  }

  /** @return whether the mantissa of a JSON number is other than zero */
  private static boolean hasNonZeroDigit(String number) {
    for (int i = 0; i < number.length() && number.charAt(i) != 'e' && number.charAt(i) != 'E'; i++) {
      if (number.charAt(i) >= '1' && number.charAt(i) <= '9') {
        return true;
      }
    }
    return false;
  }

  private static String abbreviated(String number) {
    return number.length() <= 40 ? number : number.substring(0, 20) + "..." + number.substring(number.length() - 12);
  }
}
