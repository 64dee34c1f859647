package dev.protekt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

  @Test
  void aVariableThatIsNoOptionIsNamedInAWarningWithoutItsValue() {
    String log = CapturedLog.of(() -> ProtektAuth.builder().fromEnv(Map.of(
        "PROTEKT_DOMAIN", "x", "PROTEKT_ALGORITHM", "PS256",
        "PROTEKT_CLIENTSECRET", "hunter2-secret", "PROTEKT_DEPLOY_STAGE", "blue")));
    assertTrue(log.contains("PROTEKT_ALGORITHM is not an option of the Protekt SDK and is ignored;"
        + " did you mean PROTEKT_ALGORITHMS?"), log);
    assertTrue(log.contains("PROTEKT_CLIENTSECRET is not an option of the Protekt SDK and is"
        + " ignored; did you mean PROTEKT_CLIENT_SECRET?"), log);
    assertTrue(log.contains("PROTEKT_DEPLOY_STAGE is not an option of the Protekt SDK and is"
        + " ignored."), log);
    assertFalse(log.contains("hunter2") || log.contains("PS256") || log.contains("PROTEKT_DOMAIN"),
        log);
    assertFalse(log.contains("?."), log);
  }
}
