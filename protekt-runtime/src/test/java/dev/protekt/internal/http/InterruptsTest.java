package dev.protekt.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.protekt.Eventually;
import dev.protekt.ProtektAuth;
import dev.protekt.ProtektUnavailableException;
import dev.protekt.health.TokenEndpointHealth;
import dev.protekt.http.AuthErrorResponse;
import dev.protekt.testing.LocalTenant;
import dev.protekt.testing.LocalTenantExtension;
import dev.protekt.users.Tenants;
import dev.protekt.users.UserQuery;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An interrupted thread stops waiting for the tenant at once, stays interrupted, and stops no
 * other thread: an executor shutting down, or a server ending a request that took too long, must
 * not wait out the SDK's whole timeout.
 */
@ExtendWith(LocalTenantExtension.class)
class InterruptsTest {
  private static final String USERS = "/api/v2/users";
  private static final String TOKEN = "/oauth/token";
  private static final String DISCOVERY = "/.well-known/openid-configuration";
  /** Far longer than an interrupt may take to end a call. */
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  private final LocalTenant tenant;

  InterruptsTest(LocalTenant tenant) {
    this.tenant = tenant;
  }

  @AfterEach
  void release() {
    tenant.faults().clear();
  }

  private ProtektAuth client() {
    return Tenants.client(tenant).timeout(TIMEOUT).retryAttempts(0).build();
  }

  /** What {@code call} threw on a thread of its own, and whether that thread stayed interrupted. */
  private record Outcome(Object result, Throwable thrown, boolean interrupted) {}

  private static CompletableFuture<Outcome> onItsOwnThread(Supplier<Object> call,
      Thread[] thread) {
    CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    thread[0] = new Thread(() -> {
      try {
        Object result = call.get();
        outcome.complete(new Outcome(result, null, Thread.currentThread().isInterrupted()));
      } catch (RuntimeException e) {
        outcome.complete(new Outcome(null, e, Thread.currentThread().isInterrupted()));
      }
    });
    thread[0].start();
    return outcome;
  }

  @Test
  void aUsersApiCallTheTenantHoldsEndsWhenItsThreadIsInterrupted() throws Exception {
    ProtektAuth protekt = client();
    protekt.getAccessToken();
    tenant.faults().hangNext(USERS, 1);
    Thread[] caller = new Thread[1];
    CompletableFuture<Outcome> outcome =
        onItsOwnThread(() -> protekt.users().list(UserQuery.builder().build()), caller);
    Eventually.holds("the list arrives", () -> tenant.requests(USERS).size() == 1);

    caller[0].interrupt();

    Outcome ended = outcome.get(5, TimeUnit.SECONDS);
    ProtektUnavailableException e = assertInstanceOf(ProtektUnavailableException.class,
        ended.thrown());
    assertTrue(e.getMessage().startsWith("The Users API call GET ")
        && e.getMessage().endsWith(" was interrupted."), e.getMessage());
    assertTrue(ended.interrupted(), "the thread stays interrupted");
  }

  @Test
  void anInterruptedThreadSendsNothing() {
    ProtektAuth protekt = client();
    protekt.getAccessToken();

    Thread.currentThread().interrupt();
    RuntimeException e;
    try {
      e = assertThrows(ProtektUnavailableException.class, () -> protekt.users().get("auth0|nobody"));
      assertTrue(Thread.currentThread().isInterrupted(), "the thread stays interrupted");
    } finally {
      Thread.interrupted();
    }

    assertTrue(e.getMessage().endsWith(" was not sent: the thread is interrupted."),
        e.getMessage());
    assertEquals(0, tenant.requests(USERS + "/auth0|nobody").size());
  }

  /**
   * The thread that runs the machine token request is interrupted while another waits for the
   * same request: the interrupted one stops, the other asks again and gets its token, and the
   * token endpoint is not reported as failing.
   */
  @Test
  void aTokenRequestEndedByAnInterruptIsAskedAgainByItsOtherWaiters() throws Exception {
    ProtektAuth protekt = client();
    TwoCallers callers = secondWaitsForFirst(TOKEN, protekt::getAccessToken,
        protekt::getAccessToken);

    callers.first().interrupt();

    Outcome stopped = callers.firstOutcome().get(5, TimeUnit.SECONDS);
    assertInstanceOf(ProtektUnavailableException.class, stopped.thrown());
    assertTrue(stopped.interrupted(), "the thread stays interrupted");
    Outcome served = callers.secondOutcome().get(10, TimeUnit.SECONDS);
    assertNull(served.thrown(), () -> String.valueOf(served.thrown()));
    assertNotEquals(TokenEndpointHealth.State.FAILING, protekt.health().tokenEndpoint().state());
  }

  /**
   * A caller interrupted while it waits for a discovery or a token request that another thread
   * runs stops with the interrupt's own exception: the adapters answer it 503, as the service's
   * own trouble, not 502 as the tenant's.
   */
  @Test
  void aCallerInterruptedWhileItWaitsForDiscoveryStopsAsInterrupted() throws Exception {
    ProtektAuth protekt = client();
    // A token for another audience is another request, which waits for the same discovery.
    assertSecondStopsAsInterrupted(protekt, secondWaitsForFirst(DISCOVERY, protekt::getAccessToken,
        () -> protekt.getAccessToken(tenant.apiAudience())));
  }

  @Test
  void aCallerInterruptedWhileAnotherThreadsTokenRequestRunsStopsAsInterrupted()
      throws Exception {
    ProtektAuth protekt = client();
    assertSecondStopsAsInterrupted(protekt, secondWaitsForFirst(TOKEN, protekt::getAccessToken,
        protekt::getAccessToken));
  }

  /**
   * The caller that runs discovery itself stops when it is interrupted, as a Users API call does,
   * instead of waiting out the timeout; the tenant is not reported failing, and a caller that
   * waited for that discovery asks again and is served.
   */
  @Test
  void aDiscoveryItsCallerRunsEndsWithThatCallersInterruptAndItsWaitersAskAgain()
      throws Exception {
    ProtektAuth protekt = client();
    TwoCallers callers = secondWaitsForFirst(DISCOVERY, protekt::getAccessToken,
        () -> protekt.getAccessToken(tenant.apiAudience()));

    callers.first().interrupt();

    Outcome stopped = callers.firstOutcome().get(5, TimeUnit.SECONDS);
    assertInstanceOf(CallInterruptedException.class, stopped.thrown());
    assertTrue(stopped.interrupted(), "the thread stays interrupted");
    Outcome served = callers.secondOutcome().get(10, TimeUnit.SECONDS);
    assertNull(served.thrown(), () -> String.valueOf(served.thrown()));
    assertEquals(2, tenant.requests(DISCOVERY).size(), "the waiter asked again");
    assertNotEquals(TokenEndpointHealth.State.FAILING, protekt.health().tokenEndpoint().state());
  }

  /** Two callers on threads of their own, the second waiting for what the first made. */
  private record TwoCallers(Thread first, CompletableFuture<Outcome> firstOutcome, Thread second,
      CompletableFuture<Outcome> secondOutcome) {}

  /**
   * Holds the next request to {@code held}, starts {@code first}, which makes it, then {@code
   * second}, and returns once the second waits.
   */
  private TwoCallers secondWaitsForFirst(String held, Supplier<Object> first,
      Supplier<Object> second) {
    tenant.faults().hangNext(held, 1);
    Thread[] firstThread = new Thread[1];
    CompletableFuture<Outcome> firstOutcome = onItsOwnThread(first, firstThread);
    Eventually.holds("the first caller's request arrives",
        () -> tenant.requests(held).size() == 1);
    Thread[] secondThread = new Thread[1];
    CompletableFuture<Outcome> secondOutcome = onItsOwnThread(second, secondThread);
    Eventually.holds("the second caller waits",
        () -> secondThread[0].getState() == Thread.State.WAITING
            || secondThread[0].getState() == Thread.State.TIMED_WAITING);
    return new TwoCallers(firstThread[0], firstOutcome, secondThread[0], secondOutcome);
  }

  /** Interrupts the second caller, which stops at once as interrupted; the first is served. */
  private void assertSecondStopsAsInterrupted(ProtektAuth protekt, TwoCallers callers)
      throws Exception {
    callers.second().interrupt();

    Outcome stopped = callers.secondOutcome().get(5, TimeUnit.SECONDS);
    assertInstanceOf(CallInterruptedException.class, stopped.thrown());
    assertTrue(stopped.interrupted(), "the thread stays interrupted");
    AuthErrorResponse answer = AuthErrorResponse.from(stopped.thrown(), "api");
    assertEquals(503, answer.status(), answer.description());
    tenant.faults().clear();
    Outcome served = callers.firstOutcome().get(10, TimeUnit.SECONDS);
    assertNull(served.thrown(), () -> String.valueOf(served.thrown()));
    assertNotEquals(TokenEndpointHealth.State.FAILING, protekt.health().tokenEndpoint().state());
  }
}
