package dev.protekt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.protekt.metrics.MicrometerMetrics;
import dev.protekt.testing.LocalTenant;
import dev.protekt.testing.LocalTenantExtension;
import dev.protekt.users.Tenants;
import dev.protekt.users.User;
import dev.protekt.users.UserQuery;
import dev.protekt.users.Users;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;

/** {@link ProtektAuth#close()}: what it lets go, and what a closed client does, on a real tenant. */
@ExtendWith(LocalTenantExtension.class)
class CloseTest {
  private static final String CLOSED = "This ProtektAuth was closed.";
  private static final String JWKS = "/.well-known/jwks.json";
  private static final String USERS = "/api/v2/users";
  private static final String USER_X = "/api/v2/users/protekt|x";

  private final LocalTenant tenant;

  CloseTest(LocalTenant tenant) {
    this.tenant = tenant;
  }

  private ProtektAuth.Builder client() {
    return Tenants.client(tenant).audience(tenant.apiAudience()).retryAttempts(0);
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static double verifiedUncached(SimpleMeterRegistry registry, String... tags) {
    return registry.get("protekt.tokens.verified").tags(tags).tag("cached", "false")
        .functionCounter().count();
  }

  @Test
  void aClientReplacingAClosedOneTakesTheSameRegistryAndTagsAndTheOldMetersAreGone() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    String token = tenant.token().sign();
    for (Tags tags : List.of(Tags.empty(), Tags.of("tenant", "acme"))) {
      ProtektAuth old = client().metrics(MicrometerMetrics.of(registry, tags)).build();
      old.verifyToken(token);
      assertEquals(1, verifiedUncached(registry));
      old.close();
      assertEquals(List.of(), registry.getMeters(), "the closed client's meters are removed");

      ProtektAuth next = client().metrics(MicrometerMetrics.of(registry, tags)).build();
      next.verifyToken(token);
      next.verifyToken(token);
      assertEquals(1, verifiedUncached(registry), "the new client's counter, not the old one's");
      assertEquals(1, registry.get("protekt.token.cache.size").gauge().value());
      next.close();
      assertEquals(List.of(), registry.getMeters());
    }
  }

  @Test
  void metricsMadeWhileTheOldClientStillHeldTheTagsAreRefusedEvenOnceItIsClosed() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    ProtektAuth old = client().metrics(MicrometerMetrics.of(registry)).build();
    // Made too early: its counters are the old client's, which close() takes out of the registry.
    MicrometerMetrics early = MicrometerMetrics.of(registry);
    old.close();

    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> client().metrics(early).build());
    assertEquals(List.of("metrics"), e.options());
    assertTrue(e.getMessage().contains("close() it before making"), e.getMessage());
    assertEquals(List.of(), registry.getMeters(), "the refusal registers nothing");
    client().metrics(MicrometerMetrics.of(registry)).build().verifyToken(tenant.token().sign());
    assertEquals(1, verifiedUncached(registry));
  }

  @Test
  void aClosedClientAcceptsNoTokenAndSendsNothing() throws Exception {
    ProtektAuth auth = client().build();
    String token = tenant.token().sign();
    auth.verifyToken(token);
    Users users = auth.users();
    assertFalse(auth.isClosed());
    auth.close();
    assertTrue(auth.isClosed());
    tenant.clearRequests();

    List<Executable> calls = List.of(
        () -> auth.verifyToken(token), // cached: a closed client must not answer from its cache
        () -> auth.verifyAuthorization("Bearer " + token),
        auth::getAccessToken,
        () -> auth.getAccessToken(tenant.apiAudience()),
        auth::warmUp,
        auth::health,
        auth::users,
        () -> users.list(UserQuery.builder().build()));
    for (Executable call : calls) {
      assertEquals(CLOSED, assertThrows(IllegalStateException.class, call).getMessage());
    }
    // The SDK's own client's threads are gone: the async call fails as the sync one, unsent, and
    // not as an outage of the tenant would.
    ExecutionException async = assertThrows(ExecutionException.class,
        () -> users.getAsync("protekt|x").get(10, TimeUnit.SECONDS));
    assertEquals(CLOSED, assertInstanceOf(IllegalStateException.class, async.getCause())
        .getMessage());
    assertEquals(List.of(), tenant.requests(), "nothing is sent after close()");
    assertEquals(tenant.domain(), auth.domain());
    assertTrue(auth.toString().startsWith("ProtektAuth{"), auth.toString());
  }

  @Test
  void theCallsOfUsersHadBeforeFailWithTheSameExceptionSyncAndAsyncThroughAClientOfYours()
      throws Exception {
    ProtektAuth auth = client().httpClient(new OkHttpClient()).build();
    Users users = auth.users();
    users.list(UserQuery.builder().build());
    auth.close();
    tenant.clearRequests();

    assertEquals(CLOSED, assertThrows(IllegalStateException.class,
        () -> users.get("protekt|x")).getMessage());
    ExecutionException async = assertThrows(ExecutionException.class,
        () -> users.getAsync("protekt|x").get(10, TimeUnit.SECONDS));
    assertEquals(CLOSED, assertInstanceOf(IllegalStateException.class, async.getCause())
        .getMessage());
    assertEquals(List.of(), tenant.requests());
  }

  /**
   * A key fetch whose attempt hangs when the client is closed ends with that attempt: the read
   * timeout ends it, and no retry follows (retryDelay 0 would send one at once), through the
   * SDK's own client, whose release does not reach a fetching thread, or through yours, which is
   * not released at all.
   */
  @Test
  void aKeyFetchUnderWayAtCloseIsNotRetried() throws Exception {
    String token = tenant.token().sign();
    for (OkHttpClient yours : Arrays.asList(null, new OkHttpClient())) {
      ProtektAuth auth = Tenants.client(tenant).audience(tenant.apiAudience())
          .httpClient(yours).timeout(Duration.ofSeconds(1)).retryDelay(Duration.ZERO)
          .keyFetchWait(Duration.ZERO).build();
      tenant.clearRequests();
      tenant.faults().hangNext(JWKS, 10);
      // keyFetchWait 0: refused at once, while the fetch goes on in the background.
      assertThrows(KeysUnavailableException.class, () -> auth.verifyToken(token));
      Eventually.holds("the key fetch reaches the tenant", () -> tenant.requests(JWKS).size() == 1);

      // Three times the attempt's read timeout: a retry, were there one, would have come, and
      // the stopped fetch ended. Nothing to warn of: the application closed the client.
      String logged = CapturedLog.of(() -> {
        auth.close();
        sleep(Duration.ofSeconds(3));
      });
      assertEquals(1, tenant.requests(JWKS).size(), "no attempt after close()");
      assertFalse(logged.contains("WARN"), logged);
      tenant.faults().clearAndDropHeld();
    }
  }

  /**
   * A verification waiting for the keys when the client closes ends with the closed client's
   * refusal, as a call after the close does, not with an outage announcing a next fetch that the
   * close called off.
   */
  @Test
  void aVerificationWaitingForTheKeysAtCloseEndsWithTheRefusal() throws Exception {
    ProtektAuth auth = client().retryAttempts(3).retryDelay(Duration.ZERO)
        .timeout(Duration.ofSeconds(1)).keyFetchWait(Duration.ofSeconds(20)).build();
    tenant.faults().hangNext(JWKS, 10);
    String token = tenant.token().sign();
    CompletableFuture<ProtektUser> waiting =
        CompletableFuture.supplyAsync(() -> auth.verifyToken(token));
    Eventually.holds("the key fetch reaches the tenant", () -> tenant.requests(JWKS).size() == 1);

    auth.close();

    ExecutionException e = assertThrows(ExecutionException.class,
        () -> waiting.get(20, TimeUnit.SECONDS));
    assertEquals(CLOSED, assertInstanceOf(IllegalStateException.class, e.getCause()).getMessage());
    tenant.faults().clearAndDropHeld();
  }

  /**
   * A Users API call waiting to retry a 500 when the client is closed ends at once with the closed
   * client's refusal, as a call made after the close does, instead of retrying for seconds more.
   */
  @Test
  void aUsersCallWaitingToRetryAtCloseEndsWithTheRefusal() throws Exception {
    ProtektAuth auth = client().retryAttempts(3).retryDelay(Duration.ofSeconds(10)).build();
    Users users = auth.users();
    users.list(UserQuery.builder().build()); // the machine token, in hand
    tenant.clearRequests();
    tenant.faults().failNext(USERS, 10, 500);
    CompletableFuture<?> call = CompletableFuture.supplyAsync(() -> users.get("protekt|x"));
    Eventually.holds("the first attempt is answered", () -> tenant.requests(USER_X).size() == 1);

    auth.close();

    ExecutionException e = assertThrows(ExecutionException.class,
        () -> call.get(20, TimeUnit.SECONDS));
    assertEquals(CLOSED, assertInstanceOf(IllegalStateException.class, e.getCause()).getMessage());
    assertEquals(1, tenant.requests(USER_X).size(), "no attempt after close()");
  }

  @Test
  void closingAgainOrFromSeveralThreadsAtOnceDoesNothingMore() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    ProtektAuth auth = client().metrics(MicrometerMetrics.of(registry)).build();
    auth.verifyToken(tenant.token().sign());
    CountDownLatch start = new CountDownLatch(1);
    List<CompletableFuture<Void>> closes = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      closes.add(CompletableFuture.runAsync(() -> {
        try {
          start.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        auth.close();
      }));
    }
    start.countDown();
    CompletableFuture.allOf(closes.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
    auth.close();
    assertEquals(List.of(), registry.getMeters());
    assertThrows(IllegalStateException.class, auth::health);
  }

  @Test
  void theSdksOwnClientIsShutDownAndItsConnectionsClosed() throws Exception {
    ProtektAuth auth = Tenants.client(tenant).build();
    auth.users().listAsync(UserQuery.builder().build()).get(10, TimeUnit.SECONDS);
    assertTrue(auth.http.connectionPool().connectionCount() > 0, "a connection kept alive");

    auth.close();

    ThreadPoolExecutor threads = (ThreadPoolExecutor) auth.http.dispatcher().executorService();
    Eventually.holds("the dispatcher's idle threads end", () -> threads.getPoolSize() == 0);
    assertEquals(0, auth.http.connectionPool().connectionCount());
  }

  /**
   * A client never closed does not hold the JVM up long after its last async call: the SDK's
   * dispatcher threads are not daemons, so an idle one must end within seconds (OkHttp's own
   * pool keeps them a minute).
   */
  @Test
  void anUnclosedClientsIdleDispatcherThreadsEndWithinSeconds() throws Exception {
    ProtektAuth auth = Tenants.client(tenant).build();
    try {
      auth.users().listAsync(UserQuery.builder().build()).get(10, TimeUnit.SECONDS);
      ThreadPoolExecutor threads = (ThreadPoolExecutor) auth.http.dispatcher().executorService();
      assertTrue(threads.getLargestPoolSize() > 0, "the call ran on the dispatcher");
      Eventually.holds("the idle dispatcher threads end", () -> threads.getPoolSize() == 0);
    } finally {
      auth.close();
    }
  }

  /**
   * Async calls queued behind calls under way when the client closes each fail with its refusal,
   * as the same calls made synchronously do. Run on the caller's thread, each would have run the
   * next one queued within its own end, thousands deep, until the stack overflowed and the calls
   * left were never completed.
   */
  @Test
  void asyncCallsQueuedAtCloseAllFailWithTheRefusal() throws Exception {
    ProtektAuth auth = client().retryAttempts(0).timeout(Duration.ofSeconds(5)).build();
    Users users = auth.users();
    users.list(UserQuery.builder().build()); // the machine token, in hand
    tenant.faults().hangNext(USERS, 5);
    List<CompletableFuture<User>> calls = new ArrayList<>();
    for (int i = 0; i < 3_000; i++) {
      calls.add(users.getAsync("protekt|x"));
    }
    Eventually.holds("five calls reach the tenant", () -> tenant.requests(USER_X).size() == 5);

    auth.close();
    tenant.faults().clearAndDropHeld();

    int refused = 0;
    for (CompletableFuture<User> call : calls) {
      ExecutionException e = assertThrows(ExecutionException.class,
          () -> call.get(30, TimeUnit.SECONDS));
      refused += e.getCause() instanceof IllegalStateException ? 1 : 0;
    }
    // The five under way end as their dropped requests make them; none is left pending.
    assertTrue(refused >= calls.size() - 5, refused + " of " + calls.size() + " refused");
  }

  @Test
  void aClientOfYoursKeepsItsThreadsAndConnectionsAndWorksOn() throws Exception {
    OkHttpClient mine = new OkHttpClient();
    ProtektAuth auth = client().httpClient(mine).build();
    auth.verifyToken(tenant.token().sign());
    auth.users().listAsync(UserQuery.builder().build()).get(10, TimeUnit.SECONDS);
    int connections = mine.connectionPool().connectionCount();
    assertTrue(connections > 0, "the SDK's calls share your pool");

    auth.close();

    assertFalse(mine.dispatcher().executorService().isShutdown());
    assertEquals(connections, mine.connectionPool().connectionCount());
    Request jwks = new Request.Builder()
        .url(tenant.issuer() + ".well-known/jwks.json").build();
    try (Response response = mine.newCall(jwks).execute()) {
      assertEquals(200, response.code());
    }
    CompletableFuture<Integer> async = new CompletableFuture<>();
    mine.newCall(jwks).enqueue(new okhttp3.Callback() {
      @Override
      public void onFailure(okhttp3.Call call, java.io.IOException e) {
        async.completeExceptionally(e);
      }

      @Override
      public void onResponse(okhttp3.Call call, Response response) {
        try (response) {
          async.complete(response.code());
        }
      }
    });
    assertEquals(200, async.get(10, TimeUnit.SECONDS));
  }
}
