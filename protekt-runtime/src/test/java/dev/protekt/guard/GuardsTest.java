package dev.protekt.guard;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.RETURNS_DEEP_STUBS;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.protekt.CapturedLog;
import dev.protekt.ConfigurationException;
import dev.protekt.CurrentUser;
import dev.protekt.ProtektAuth;
import dev.protekt.ProtektUser;
import dev.protekt.annotations.Match;
import dev.protekt.http.AuthErrorResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The comparison every guard makes when it is constructed, for each guarded super-interface (its
 * end-to-end tests, with guards compiled and run against other versions of their super-interfaces,
 * are the processor's {@code InheritedGuardsTest}), and the check it makes on every call, here
 * against a mocked {@link ProtektAuth} (against real tokens: the processor's {@code
 * GeneratedGuardsTest}).
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

  /**
   * What a user who tests as the Python SDK's users do, by stubbing verifyToken on a mock, gets
   * from a guard wrapped around it: the mock is the subject here, not a stand-in for a real part.
   * Its unstubbed verifyAuthorization answers null, which used to let a @RequiresAuth call run with
   * no token at all and made a @RequiresPermission call fail with a NullPointerException. The call
   * is made as a generated guard makes it ({@code GuardProcessorTest} pins that code).
   */
  @Test
  @SuppressWarnings("try") // the scope is opened as a guard opens it, for its effect
  void aMockedProtektAuthIsRefusedOnEveryCallAsAMisconfigurationNotLetThrough() {
    ProtektAuth protekt = mock(ProtektAuth.class);
    when(protekt.verifyToken(anyString()))
        .thenReturn(ProtektUser.fromClaims(Map.of("sub", "alice", "permissions", List.of("read"))));
    for (GuardPolicy policy : List.of(GuardPolicy.authenticated(),
        GuardPolicy.builder().permissions(Match.ANY, "read").build())) {
      for (String authorization : new String[] {null, "Bearer eyJ.e30.sig"}) {
        AtomicBoolean ran = new AtomicBoolean();
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> {
          try (CurrentUser.Scope scope =
              CurrentUser.bind(Guards.authorize(protekt, policy, authorization))) {
            ran.set(true);
          }
        }, policy + ", " + authorization);
        assertFalse(ran.get(), policy + ", " + authorization);
        assertEquals("ProtektAuth.verifyAuthorization returned no user, so the guard refuses the"
            + " call: a real ProtektAuth returns the verified user or throws, so this one is"
            + " probably a mock. Guards need a real ProtektAuth: test them with tokens from the"
            + " local tenant (protekt-testing's LocalTenant), which it verifies for real.",
            e.getMessage());
        // Answered as the server's fault, not as a 401 that would pass for a missing token.
        AuthErrorResponse answer = AuthErrorResponse.from(e, "posts-api");
        assertEquals(500, answer.status());
        assertEquals("The service's authentication is misconfigured.", answer.description());
      }
    }
    assertFalse(CurrentUser.find().isPresent());
  }

  @Test
  void aMockAnsweringAUserWithoutASubjectIsRefusedToo() {
    // Mockito's deep stubs answer a mocked ProtektUser; a stub may answer fromClaims of nothing.
    ProtektAuth deep = mock(ProtektAuth.class, RETURNS_DEEP_STUBS);
    ProtektAuth empty = mock(ProtektAuth.class);
    when(empty.verifyAuthorization(any())).thenReturn(ProtektUser.fromClaims(Map.of()));
    for (ProtektAuth protekt : List.of(deep, empty)) {
      ConfigurationException e = assertThrows(ConfigurationException.class,
          () -> Guards.authorize(protekt, GuardPolicy.authenticated(), "Bearer eyJ.e30.sig"));
      assertTrue(e.getMessage().startsWith("ProtektAuth.verifyAuthorization returned a user"
          + " without a subject, which no verified token has, so the guard refuses the call"),
          e.getMessage());
    }
  }
}
