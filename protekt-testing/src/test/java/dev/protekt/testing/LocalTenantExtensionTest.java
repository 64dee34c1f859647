package dev.protekt.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestFactory;
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
  void whatATestsSetupPlannedReachesThatTestAndNoOther() {
    TestExecutionSummary summary = run(PlansInItsSetup.class);
    assertEquals(3, summary.getTestsSucceededCount(), () -> failures(summary));
  }

  @Test
  void withOneInstancePerClassTheConstructorsFaultsReachTheFirstTest() {
    TestExecutionSummary summary = run(PlansInItsSetupOncePerClass.class);
    assertEquals(2, summary.getTestsSucceededCount(), () -> failures(summary));
  }

  @Test
  void whatAFailedConstructorPlannedReachesNoOtherTest() {
    TestExecutionSummary summary = run(ConstructorFailsOnce.class);
    assertEquals(1, summary.getTestsFailedCount(), () -> failures(summary));
    assertEquals(1, summary.getTestsSucceededCount(), () -> failures(summary));
  }

  @Test
  void aRequestHeldByAFaultInOneTestIsNeverCarriedOutInTheNext() {
    TestExecutionSummary summary = run(LeavesHeldCreatesBehind.class);
    assertEquals(3, summary.getTestsSucceededCount(), () -> failures(summary));
  }

  @Test
  void theDynamicTestsOfAFactoryShareFaultsAndTheRequestLogTheNextTestDoesNot() {
    TestExecutionSummary summary = run(DynamicTestsShare.class);
    assertEquals(3, summary.getTestsSucceededCount(), () -> failures(summary));
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

  /**
   * Run only through {@link #run}: {@code @BeforeAll} plans two failures of discovery, for the
   * first test only; the constructor, which runs before each test, one of the keys and a request;
   * {@code @BeforeEach} one of the token endpoint.
   */
  @ExtendWith(LocalTenantExtension.class)
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  static class PlansInItsSetup {
    private final LocalTenant tenant;

    PlansInItsSetup(LocalTenant tenant) {
      this.tenant = tenant;
      tenant.faults().failNext("/.well-known/jwks.json", 1, 503);
      new Http(tenant).get("/sent-by-the-constructor");
    }

    @BeforeAll
    static void plansForTheFirstTest(LocalTenant tenant) {
      tenant.faults().failNext("/.well-known/openid-configuration", 2, 500);
    }

    @BeforeEach
    void plansForEachTest() {
      tenant.faults().failNext("/oauth/token", 1, 502);
    }

    @Test
    @Order(1)
    void meetsEveryFaultItsSetupPlanned() {
      assertEquals(List.of("/sent-by-the-constructor"), paths(tenant));
      Http http = new Http(tenant);
      assertEquals(500, http.get("/.well-known/openid-configuration").statusCode());
      assertEquals(503, http.get("/.well-known/jwks.json").statusCode());
      assertEquals(502, http.postJson("/oauth/token", Map.of()).statusCode());
      tenant.faults().failNext("/.well-known/jwks.json", 1, 504);
    }

    @Test
    @Order(2)
    void meetsItsConstructorsAndBeforeEachsButNotTheFirstTestsNorBeforeAllsLeftOver() {
      assertEquals(List.of("/sent-by-the-constructor"), paths(tenant));
      Http http = new Http(tenant);
      assertEquals(200, http.get("/.well-known/openid-configuration").statusCode());
      assertEquals(503, http.get("/.well-known/jwks.json").statusCode());
      assertEquals(200, http.get("/.well-known/jwks.json").statusCode());
      assertEquals(502, http.postJson("/oauth/token", Map.of()).statusCode());
    }

    @Nested
    class Inner {
      @Test
      void meetsWhatTheEnclosingConstructorAndBeforeEachPlanned() {
        Http http = new Http(tenant);
        assertEquals(503, http.get("/.well-known/jwks.json").statusCode());
        assertEquals(502, http.postJson("/oauth/token", Map.of()).statusCode());
        assertEquals(200, http.get("/.well-known/openid-configuration").statusCode());
      }
    }
  }

  /** Run only through {@link #run}: the constructor and {@code @BeforeAll} run once, before the first test. */
  @ExtendWith(LocalTenantExtension.class)
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  static class PlansInItsSetupOncePerClass {
    private final LocalTenant tenant;

    PlansInItsSetupOncePerClass(LocalTenant tenant) {
      this.tenant = tenant;
      tenant.faults().failNext("/.well-known/jwks.json", 2, 503);
    }

    @BeforeAll
    void plansForTheFirstTest() {
      tenant.faults().failNext("/.well-known/openid-configuration", 2, 500);
    }

    @Test
    @Order(1)
    void meetsTheFaultsOfTheConstructorAndBeforeAll() {
      Http http = new Http(tenant);
      assertEquals(503, http.get("/.well-known/jwks.json").statusCode());
      assertEquals(500, http.get("/.well-known/openid-configuration").statusCode());
    }

    @Test
    @Order(2)
    void meetsNone() {
      Http http = new Http(tenant);
      assertEquals(200, http.get("/.well-known/jwks.json").statusCode());
      assertEquals(200, http.get("/.well-known/openid-configuration").statusCode());
    }
  }

  /** Run only through {@link #run}: the constructor plans a fault, and the first time throws. */
  @ExtendWith(LocalTenantExtension.class)
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  static class ConstructorFailsOnce {
    private static int made;
    private final LocalTenant tenant;

    ConstructorFailsOnce(LocalTenant tenant) {
      this.tenant = tenant;
      tenant.faults().failNext("/.well-known/jwks.json", 1, 503);
      if (made++ == 0) {
        throw new IllegalStateException("the first construction fails");
      }
    }

    @Test
    @Order(1)
    void neverRuns() {}

    @Test
    @Order(2)
    void meetsOnlyItsOwnConstructorsFault() {
      assertEquals(503, new Http(tenant).get("/.well-known/jwks.json").statusCode());
      assertEquals(200, new Http(tenant).get("/.well-known/jwks.json").statusCode());
    }
  }

  private static List<String> paths(LocalTenant tenant) {
    return tenant.requests().stream().map(RecordedRequest::path).toList();
  }

  /**
   * Run only through {@link #run}: the first test leaves two creates held by faults, one whose
   * client gave up and one still awaited; the second starts with no users and must keep none, then
   * leaves a delayed create behind although it cleared its faults; the third must see none either.
   */
  @ExtendWith(LocalTenantExtension.class)
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  static class LeavesHeldCreatesBehind {
    private static CompletableFuture<HttpResponse<String>> delayed;

    @BeforeEach
    void noUsers(LocalTenant tenant) {
      tenant.clearUsers();
    }

    @Test
    @Order(1)
    void sendsCreatesThatFaultsHold(LocalTenant tenant) throws InterruptedException {
      tenant.faults().hangNext("/api/v2/users", 1);
      Http http = new Http(tenant);
      HttpRequest.Builder create = http.createUser(http.machineToken(), "hung@example.com");
      assertThrows(HttpTimeoutException.class, () -> HttpClient.newHttpClient().send(
          create.timeout(Duration.ofMillis(500)).build(), HttpResponse.BodyHandlers.ofString()));
      delayed = sendDelayedCreate(tenant, "delayed@example.com");
    }

    @Test
    @Order(2)
    void findsNoUserTheFirstTestSentThenLeavesADelayedCreateAfterClearingItsFaults(LocalTenant tenant)
        throws Exception {
      assertDroppedAndNoUsers(tenant);
      delayed = sendDelayedCreate(tenant, "after-clear@example.com");
      tenant.faults().clear();
    }

    @Test
    @Order(3)
    void findsNoUserTheSecondTestSent(LocalTenant tenant) throws Exception {
      assertDroppedAndNoUsers(tenant);
    }

    private static void assertDroppedAndNoUsers(LocalTenant tenant) throws Exception {
      HttpResponse<String> answer = delayed.get(10, TimeUnit.SECONDS);
      assertEquals(503, answer.statusCode(), answer.body());
      assertEquals("injected_fault", Http.json(answer).get("errorCode").asText());
      assertEquals(List.of(), tenant.users());
    }

    /** @return the answer to a create delayed by 2 s, once the tenant has received it */
    private static CompletableFuture<HttpResponse<String>> sendDelayedCreate(LocalTenant tenant, String email)
        throws InterruptedException {
      Http http = new Http(tenant);
      HttpRequest.Builder create = http.createUser(http.machineToken(), email);
      tenant.faults().delayNext("/api/v2/users", 1, Duration.ofSeconds(2));
      return http.sendUntilReceived(create, "/api/v2/users");
    }
  }

  /**
   * Run only through {@link #run}: the factory's first dynamic test plans a fault and sends a
   * request, which its second meets; the test after the factory meets neither.
   */
  @ExtendWith(LocalTenantExtension.class)
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  static class DynamicTestsShare {
    @TestFactory
    @Order(1)
    Stream<DynamicTest> share(LocalTenant tenant) {
      return Stream.of(
          dynamicTest("plans", () -> {
            tenant.faults().failNext("/.well-known/jwks.json", 2, 503);
            new Http(tenant).get("/sent-by-the-first");
          }),
          dynamicTest("meets", () -> {
            assertEquals(List.of("/sent-by-the-first"), paths(tenant));
            assertEquals(503, new Http(tenant).get("/.well-known/jwks.json").statusCode());
          }));
    }

    @Test
    @Order(2)
    void meetsNeither(LocalTenant tenant) {
      assertEquals(List.of(), tenant.requests());
      assertEquals(200, new Http(tenant).get("/.well-known/jwks.json").statusCode());
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
