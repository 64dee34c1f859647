package dev.protekt.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/** One tenant per class, the same one in every injection point and nested class, fresh faults per test. */
@ExtendWith(LocalTenantExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalTenantExtensionTest {
  private final LocalTenant fromConstructor;
  private LocalTenant fromBeforeAll;
  private LocalTenant fromBeforeEach;

  LocalTenantExtensionTest(LocalTenant tenant) {
    this.fromConstructor = tenant;
  }

  @BeforeAll
  void beforeAll(LocalTenant tenant) {
    fromBeforeAll = tenant;
  }

  @BeforeEach
  void beforeEach(LocalTenant tenant) {
    fromBeforeEach = tenant;
  }

  @Test
  void everyInjectionPointSeesTheSameRunningTenant(LocalTenant tenant) {
    assertSame(fromConstructor, tenant);
    assertSame(fromBeforeAll, tenant);
    assertSame(fromBeforeEach, tenant);
    assertEquals(200, new Http(tenant).get("/.well-known/jwks.json").statusCode());
  }

  @Nested
  class NestedClass {
    @Test
    void sharesTheEnclosingClassesTenant(LocalTenant tenant) {
      assertSame(fromConstructor, tenant);
    }
  }

  @Test
  void faultsAndTheRequestLogDoNotCarryOverToTheNextTest() {
    TestExecutionSummary summary = run(PlansAFaultThenChecks.class);
    assertEquals(2, summary.getTestsSucceededCount(), () -> failures(summary));
  }

  @Test
  void aMethodAskingForTwoTenantsIsToldHowToStartASecond() {
    TestExecutionSummary summary = run(AsksForTwoTenants.class);
    assertEquals(1, summary.getTestsFailedCount());
    Throwable failure = summary.getFailures().get(0).getException();
    assertEquals(ParameterResolutionException.class, failure.getClass());
    assertTrue(failure.getMessage().contains("one tenant per test class"), failure.getMessage());
    assertTrue(failure.getMessage().contains("LocalTenant.start()"), failure.getMessage());
  }

  private static TestExecutionSummary run(Class<?> fixture) {
    SummaryGeneratingListener listener = new SummaryGeneratingListener();
    LauncherFactory.create().execute(
        LauncherDiscoveryRequestBuilder.request().selectors(selectClass(fixture)).build(), listener);
    return listener.getSummary();
  }

  private static String failures(TestExecutionSummary summary) {
    return summary.getFailures().stream().map(f -> String.valueOf(f.getException())).reduce("", String::concat);
  }

  /** Run only through {@link #run}: the first test plans two faults and uses one. */
  @ExtendWith(LocalTenantExtension.class)
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  static class PlansAFaultThenChecks {
    @Test
    @Order(1)
    void plansTwoFaultsAndUsesOne(LocalTenant tenant) {
      tenant.faults().failNext("/.well-known/jwks.json", 2, 503);
      assertEquals(503, new Http(tenant).get("/.well-known/jwks.json").statusCode());
      tenant.createUser(Map.of("email", "stays@example.com"));
    }

    @Test
    @Order(2)
    void startsWithoutFaultsOrRequestsButWithTheUsers(LocalTenant tenant) {
      assertEquals(List.of(), tenant.requests());
      assertEquals(200, new Http(tenant).get("/.well-known/jwks.json").statusCode());
      assertEquals(1, tenant.users().size());
    }
  }

  /** Run only through {@link #run}. */
  @ExtendWith(LocalTenantExtension.class)
  static class AsksForTwoTenants {
    @Test
    void twoTenants(LocalTenant first, LocalTenant second) {
      first.close();
      second.close();
    }
  }
}
