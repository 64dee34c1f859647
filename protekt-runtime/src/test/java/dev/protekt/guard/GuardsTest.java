package dev.protekt.guard;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.protekt.CapturedLog;
import dev.protekt.ConfigurationException;
import org.junit.jupiter.api.Test;

/**
 * The comparison every guard makes when it is constructed, for each guarded super-interface (its
 * end-to-end tests, with guards compiled and run against other versions of their super-interfaces,
 * are the processor's {@code InheritedGuardsTest}).
 */
class GuardsTest {
  private static final String V1 = "v1:0123456789abcdef0123456789abcdef";

  @Test
  void theSameDigestPasses() {
    assertDoesNotThrow(() -> Guards.requireSameChecks(() -> V1, V1, "lib.Base", "app.ApiGuard"));
  }

  @Test
  void anotherDigestOfTheSameFormatFailsClosed() {
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> Guards.requireSameChecks(() -> "v1:ffff", V1, "lib.Base", "app.ApiGuard"));
    assertEquals("app.ApiGuard was generated against another version of lib.Base: what it"
        + " declares (its methods, its super-interfaces or their Protekt annotations) has changed"
        + " since, so the checks app.ApiGuard copied from it are out of date. Rebuild the module of"
        + " app.ApiGuard against the lib.Base you run with (mvn clean verify); if that does not"
        + " help, the guard of lib.Base is older than lib.Base itself: rebuild its module from"
        + " clean.", e.getMessage());
  }

  @Test
  void noDigestAtAllFailsClosed() {
    assertThrows(ConfigurationException.class,
        () -> Guards.requireSameChecks(() -> null, V1, "lib.Base", "app.ApiGuard"));
  }

  @Test
  void aDigestOfAnotherFormatIsComparedWithNothingAndSaysSo() {
    // Written by a processor that sums up differently: equal or not, the digests say nothing.
    String log = CapturedLog.of(() -> assertDoesNotThrow(
        () -> Guards.requireSameChecks(() -> "v2:ffff", V1, "lib.Base", "app.ApiGuard")));
    assertTrue(log.contains("WARN dev.protekt.guard - app.ApiGuard cannot tell whether lib.Base"
        + " changed since it was generated"), log);
  }

  @Test
  void aGuardOrDigestThatIsGoneFailsClosed() {
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> Guards.requireSameChecks(() -> {
          throw new NoSuchFieldError("CHECKS_DIGEST");
        }, V1, "lib.Base", "app.ApiGuard"));
    assertInstanceOf(NoSuchFieldError.class, e.getCause());
    assertEquals("app.ApiGuard was generated against a version of lib.Base whose guard has a"
        + " checks digest, and the one it runs with has none (java.lang.NoSuchFieldError:"
        + " CHECKS_DIGEST): lib.Base lost its Protekt annotations, or its guard was written by a"
        + " processor without digests, so the checks app.ApiGuard copied from it may be out of"
        + " date. Rebuild the module of app.ApiGuard against the lib.Base you run with (mvn clean"
        + " verify); if that does not help, the guard of lib.Base is older than lib.Base itself:"
        + " rebuild its module from clean.", e.getMessage());
  }
}
