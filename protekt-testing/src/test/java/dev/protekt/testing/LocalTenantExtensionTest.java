package dev.protekt.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
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
  void aRequestHeldByAFaultInOneTestIsNeverCarriedOutInTheNext() {
    TestExecutionSummary summary = run(LeavesHeldCreatesBehind.class);
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

  /**
   * Run only through {@link #run}: the first test leaves two creates held by faults, one whose
   * client gave up and one still awaited; the second starts with no users and must keep none.
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
      Http http = new Http(tenant);
      String token = Http.json(http.postJson("/oauth/token", Map.of("grant_type", "client_credentials",
          "client_id", tenant.clientId(), "client_secret", tenant.clientSecret(), "audience", tenant.usersAudience())))
          .get("access_token").asText();
      tenant.faults().hangNext("/api/v2/users", 1).delayNext("/api/v2/users", 1, Duration.ofSeconds(2));
      HttpClient client = HttpClient.newHttpClient();
      assertThrows(HttpTimeoutException.class, () -> client.send(create(http, token, "hung@example.com")
          .timeout(Duration.ofMillis(500)).build(), HttpResponse.BodyHandlers.ofString()));
      delayed = client.sendAsync(create(http, token, "delayed@example.com").build(), HttpResponse.BodyHandlers.ofString());
      // Sent is not yet received: this test ends once the tenant holds both.
      for (int i = 0; i < 100 && tenant.requests("/api/v2/users").size() < 2; i++) {
        TimeUnit.MILLISECONDS.sleep(50);
      }
      assertEquals(2, tenant.requests("/api/v2/users").size());
    }

    @Test
    @Order(2)
    void findsNoUserTheFirstTestSent(LocalTenant tenant) throws Exception {
      HttpResponse<String> answer = delayed.get(10, TimeUnit.SECONDS);
      assertEquals(503, answer.statusCode(), answer.body());
      assertEquals("injected_fault", Http.json(answer).get("errorCode").asText());
      assertEquals(List.of(), tenant.users());
    }

    private static HttpRequest.Builder create(Http http, String token, String email) {
      return http.request("/api/v2/users").header("Authorization", "Bearer " + token)
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"" + email + "\",\"password\":\"correct horse\"}"));
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
