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
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
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

    assertEquals(3, results.size(), results::toString);
    results.values().forEach(result -> assertEquals(Status.SUCCESSFUL, result.getStatus(), results::toString));
    assertEquals(Optional.empty(), CurrentUser.find());
  }

  @Test
  void aUserTheConstructorLeavesBoundIsTheTestsLeak() {
    Map<String, TestExecutionResult> results = run(ConstructorLeavesAUserBound.class);

    assertLeaked(results.get("constructedWithTheAdminBound()"), "This test left a user bound");
    assertEquals(Status.SUCCESSFUL, results.get("findsNoUser()").getStatus(), results::toString);
    assertEquals(Status.SUCCESSFUL, results.get("CurrentUserLeakTest$ConstructorLeavesAUserBound").getStatus(), results::toString);
    assertEquals(Optional.empty(), CurrentUser.find());
  }

  @Test
  void aUserTheEnclosingInstancesConstructorLeavesBoundIsTheNestedTestsLeak() {
    Map<String, TestExecutionResult> results = run(EnclosingConstructorLeavesAUserBound.class);

    assertLeaked(results.get("constructedWithTheAdminBound()"), "This test left a user bound");
    assertEquals(Status.SUCCESSFUL, results.get("findsNoUser()").getStatus(), results::toString);
    assertEquals(Optional.empty(), CurrentUser.find());
  }

  @Test
  void withOneInstancePerClassAUserTheConstructorLeavesBoundIsTheClassesLeak() {
    Map<String, TestExecutionResult> results = run(ConstructorLeavesAUserBoundOncePerClass.class);

    assertEquals(Status.SUCCESSFUL, results.get("seesTheClassesUser()").getStatus(), results::toString);
    assertLeaked(results.get("CurrentUserLeakTest$ConstructorLeavesAUserBoundOncePerClass"), "This test class left a user bound");
    assertEquals(Optional.empty(), CurrentUser.find());
  }

  @Test
  void aUserBeforeAllLeavesBoundFailsTheClassAndIsUnbound() {
    Map<String, TestExecutionResult> results = run(BeforeAllLeavesAUserBound.class);

    assertEquals(Status.SUCCESSFUL, results.get("seesTheClassesUser()").getStatus(), results::toString);
    TestExecutionResult leaked = results.get("CurrentUserLeakTest$BeforeAllLeavesAUserBound");
    assertLeaked(leaked, "This test class left a user bound on its thread: a CurrentUser.bind(…) in a"
        + " @BeforeAll method");
    assertTrue(leaked.getThrowable().orElseThrow().getMessage().contains("close it in an @AfterAll method"));
    assertEquals(Optional.empty(), CurrentUser.find());
  }

  @Test
  void afterATestsLeakTheNextStillSeesTheUserTheClassBound() {
    Map<String, TestExecutionResult> results = run(LeaksWithinTheClassesUser.class);

    assertLeaked(results.get("bindsAnotherWithoutClosing()"), "This test left a user bound");
    assertEquals(Status.SUCCESSFUL, results.get("seesTheClassesUser()").getStatus(), results::toString);
    assertEquals(Status.SUCCESSFUL, results.get("seesItToo()").getStatus(), results::toString);
    assertEquals(Status.SUCCESSFUL, results.get("CurrentUserLeakTest$LeaksWithinTheClassesUser").getStatus(), results::toString);
    assertEquals(Optional.empty(), CurrentUser.find());
  }

  private static void assertLeaked(TestExecutionResult result, String start) {
    assertEquals(Status.FAILED, result.getStatus(), result::toString);
    Throwable e = result.getThrowable().orElseThrow();
    assertEquals(IllegalStateException.class, e.getClass());
    assertTrue(e.getMessage().startsWith(start), e.getMessage());
  }

  /**
   * Runs {@code fixture} on this thread and answers the result of each of its tests by name, and
   * that of the class by its name, such as {@code CurrentUserLeakTest$BindsForTheWholeClass}.
   */
  private static Map<String, TestExecutionResult> run(Class<?> fixture) {
    Map<String, TestExecutionResult> results = new ConcurrentHashMap<>();
    LauncherFactory.create().execute(
        LauncherDiscoveryRequestBuilder.request().selectors(selectClass(fixture)).build(),
        new TestExecutionListener() {
          @Override
          public void executionFinished(TestIdentifier test, TestExecutionResult result) {
            if (test.getParentId().isPresent()) {
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

  /** Run only through {@link #run}: the first instance's field initialiser binds the admin for good. */
  @ExtendWith(LocalTenantExtension.class)
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  static class ConstructorLeavesAUserBound extends ConstructorLeavesAUserBoundTests {
    private static int made;
    @SuppressWarnings({"resource", "unused"}) // the mistake under test
    private final CurrentUser.Scope scope = made++ == 0 ? CurrentUser.bind(ADMIN) : null;
  }

  /** The tests of a fixture whose first test instance (or enclosing instance) binds the admin for good. */
  abstract static class ConstructorLeavesAUserBoundTests {
    @Test
    @Order(1)
    void constructedWithTheAdminBound() {
      assertSame(ADMIN, CurrentUser.get());
    }

    @Test
    @Order(2)
    void findsNoUser() {
      assertEquals(Optional.empty(), CurrentUser.find());
    }
  }

  /**
   * Run only through {@link #run}: the first enclosing instance, built for the nested class's first
   * test, binds the admin for good.
   */
  @ExtendWith(LocalTenantExtension.class)
  static class EnclosingConstructorLeavesAUserBound {
    private static int made;
    @SuppressWarnings({"resource", "unused"}) // the mistake under test
    private final CurrentUser.Scope scope = made++ == 0 ? CurrentUser.bind(ADMIN) : null;

    @Nested
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    class Inner extends ConstructorLeavesAUserBoundTests {}
  }

  /** Run only through {@link #run}: the one instance's constructor binds the admin for good. */
  @ExtendWith(LocalTenantExtension.class)
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  static class ConstructorLeavesAUserBoundOncePerClass {
    @SuppressWarnings("resource") // the mistake under test
    ConstructorLeavesAUserBoundOncePerClass() {
      CurrentUser.bind(ADMIN);
    }

    @Test
    void seesTheClassesUser() {
      assertSame(ADMIN, CurrentUser.get());
    }
  }

  /** Run only through {@link #run}: {@code @BeforeAll} binds the admin and nothing unbinds it. */
  @ExtendWith(LocalTenantExtension.class)
  static class BeforeAllLeavesAUserBound {
    @BeforeAll
    @SuppressWarnings("resource") // the mistake under test
    static void bind() {
      CurrentUser.bind(ADMIN);
    }

    @Test
    void seesTheClassesUser() {
      assertSame(ADMIN, CurrentUser.get());
    }
  }

  /**
   * Run only through {@link #run}: as {@link BindsForTheWholeClass}, whose tests it runs after its
   * own first, which binds another user and never closes the scope.
   */
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  static class LeaksWithinTheClassesUser extends BindsForTheWholeClass {
    @Test
    @Order(1)
    @SuppressWarnings("resource") // the mistake under test
    void bindsAnotherWithoutClosing() {
      CurrentUser.bind(ProtektUser.fromClaims(Map.of("sub", "protekt|other")));
    }
  }
}
