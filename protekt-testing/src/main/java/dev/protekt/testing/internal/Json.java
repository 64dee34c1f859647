package dev.protekt.testing.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;

/** The one Jackson mapper of the tenant; thread-safe once configured. */
public final class Json {
  /** The shared mapper. */
  public static final ObjectMapper MAPPER = new ObjectMapper();

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
}
