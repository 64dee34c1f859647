package dev.protekt.internal.http;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** JSON as the tenant's answers are read when they are read as trees. */
public final class StrictJson {
  /**
   * Refuses text after the JSON and a key given twice: which of two {@code access_token}s would
   * the tenant mean? An answer the contract does not allow is then {@code invalid_response}, not
   * a guess.
   */
  public static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();

  private StrictJson() {}
}
