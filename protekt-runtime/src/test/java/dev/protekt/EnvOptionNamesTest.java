package dev.protekt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A variable of the environment that cannot be read names its option, as the builder's do. */
class EnvOptionNamesTest {
  @Test
  void unreadableTextNamesTheOption() {
    Map<String, String> options = Map.of("PROTEKT_TIMEOUT", "timeout",
        "PROTEKT_RETRY_ATTEMPTS", "retryAttempts", "PROTEKT_RETRY_DELAY", "retryDelay",
        "PROTEKT_CACHE_ENABLED", "cacheEnabled");
    options.forEach((variable, option) -> {
      ConfigurationException e = assertThrows(ConfigurationException.class, () ->
          ProtektAuth.builder().fromEnv(Map.of("PROTEKT_DOMAIN", "x", variable, "3.0e")).build());
      assertEquals(List.of(option), e.options(), variable);
    });
  }
}
