package dev.protekt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.protekt.testing.LocalTenantExtension;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestExecutionResult.Status;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * What {@link LocalTenantExtension} does about a {@link CurrentUser} a test leaves bound on its
 * thread, seen by running fixture classes with the JUnit Platform launcher.
 */
class CurrentUserLeakTest {
  private static final ProtektUser ADMIN =
      ProtektUser.fromClaims(Map.of("sub", "protekt|admin", "roles", List.of("admin")));

  @Test
  void aTestThatLeavesAUserBoundFailsAndTheNextStartsWithNone() {
    Map<String, TestExecutionResult> results = run(LeavesAUserBound.class);

    assertEquals(Status.SUCCESSFUL, results.get("findsNoUser()").getStatus(), results::toString);
    assertEquals(Status.SUCCESSFUL, results.get("bindsAndClosesAsItShould()").getStatus(), results::toString);
    TestExecutionResult leaked = results.get("bindsWithoutClosing()");
    assertEquals(Status.FAILED, leaked.getStatus(), results::toString);
    Throwable e = leaked.getThrowable().orElseThrow();
    assertEquals(IllegalStateException.class, e.getClass());
    assertTrue(e.getMessage().startsWith("This test left a user bound on its thread: a"
        + " CurrentUser.bind(…) whose Scope was not closed"), e.getMessage());
    assertTrue(e.getMessage().contains("try (var scope = CurrentUser.bind(user)) { … }"), e.getMessage());
    assertEquals(Optional.empty(), CurrentUser.find());
  }

  @Test
  void aUserBoundForTheWholeClassIsNotATestsLeak() {
    Map<String, TestExecutionResult> results = run(BindsForTheWholeClass.class);

    assertEquals(2, results.size(), results::toString);
    results.values().forEach(result -> assertEquals(Status.SUCCESSFUL, result.getStatus(), results::toString));
    assertEquals(Optional.empty(), CurrentUser.find());
  }

  /** Runs {@code fixture} on this thread and answers the result of each of its tests by name. */
  private static Map<String, TestExecutionResult> run(Class<?> fixture) {
    Map<String, TestExecutionResult> results = new ConcurrentHashMap<>();
    LauncherFactory.create().execute(
        LauncherDiscoveryRequestBuilder.request().selectors(selectClass(fixture)).build(),
        new TestExecutionListener() {
          @Override
          public void executionFinished(TestIdentifier test, TestExecutionResult result) {
            if (test.isTest()) {
              results.put(test.getDisplayName(), result);
            }
          }
        });
    return results;
  }

  /** Run only through {@link #run}: the first test binds the admin and never closes the scope. */
  @ExtendWith(LocalTenantExtension.class)
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  static class LeavesAUserBound {
    @Test
    @Order(1)
    @SuppressWarnings("resource") // the mistake under test
    void bindsWithoutClosing() {
      CurrentUser.bind(ADMIN);
    }

    @Test
    @Order(2)
    void findsNoUser() {
      assertEquals(Optional.empty(), CurrentUser.find());
    }

    @Test
    @Order(3)
    void bindsAndClosesAsItShould() {
      try (CurrentUser.Scope scope = CurrentUser.bind(ADMIN)) {
        assertSame(ADMIN, scope.value());
        assertSame(ADMIN, CurrentUser.get());
      }
    }
  }

  /** Run only through {@link #run}: {@code @BeforeAll} binds the admin, {@code @AfterAll} unbinds it. */
  @ExtendWith(LocalTenantExtension.class)
  static class BindsForTheWholeClass {
    private static CurrentUser.Scope scope;

    @BeforeAll
    static void bind() {
      scope = CurrentUser.bind(ADMIN);
    }

    @AfterAll
    static void unbind() {
      scope.close();
    }

    @Test
    void seesTheClassesUser() {
      assertSame(ADMIN, CurrentUser.get());
    }

    @Test
    void seesItToo() {
      assertSame(ADMIN, CurrentUser.get());
    }
  }
}
