package dev.protekt.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.protekt.Algorithm;
import dev.protekt.ClaimPath;
import dev.protekt.ProtektApiException;
import dev.protekt.ConfigurationException;
import dev.protekt.ProtektAuth;
import dev.protekt.ProtektUnavailableException;
import dev.protekt.internal.IssuerLocation;
import dev.protekt.internal.Settings;
import dev.protekt.metrics.ProtektMetrics;
import dev.protekt.testing.LocalTenant;
import dev.protekt.testing.LocalTenantExtension;
import dev.protekt.users.Tenants;
import dev.protekt.users.User;
import dev.protekt.users.UserCreate;
import dev.protekt.users.UserQuery;
import dev.protekt.users.UserUpdate;
import dev.protekt.users.UsersPage;
import dev.protekt.users.Users;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLException;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The contract's retry, timeout and 401 rules, against a local tenant's injected faults. */
@ExtendWith(LocalTenantExtension.class)
class RetryTest {
  private static final String USERS = "/api/v2/users";

  private final LocalTenant tenant;

  RetryTest(LocalTenant tenant) {
    this.tenant = tenant;
  }

  /** A client whose machine token is already cached, so only Users API requests follow. */
  private Users warmUsers(ProtektAuth.Builder builder) {
    ProtektAuth protekt = builder.build();
    protekt.getAccessToken();
    tenant.clearRequests();
    return protekt.users();
  }

  private long count(String method, String path) {
    return tenant.requests(path).stream().filter(r -> r.method().equals(method)).count();
  }

  private static UserCreate newUser() {
    return UserCreate.builder().email(Tenants.uniqueEmail()).password("SecurePassword123!").build();
  }

  @Test
  void tooManyRequestsWithRetryAfterIsRetriedAfterThatWait() {
    assertRetriedAfter(warmUsers(Tenants.client(tenant)), "1", 900, "waited the Retry-After");
  }

  @Test
  void aRetryAfterWithLeadingZerosIsTheWaitItSpells() {
    // RFC 9110's delay-seconds is 1*DIGIT: twenty digits that mean one second are one second.
    assertRetriedAfter(warmUsers(Tenants.client(tenant)), "00000000000000000001", 900,
        "waited the one second the header says");
  }

  /** Lists through one 429 with {@code retryAfter}, retried after at least {@code millis}. */
  private void assertRetriedAfter(Users users, String retryAfter, long millis, String why) {
    tenant.faults().failNext(USERS, 1, 429, Map.of("Retry-After", retryAfter));
    long start = System.nanoTime();
    users.list();
    assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() >= millis, why);
    assertEquals(2, count("GET", USERS));
  }

  @Test
  void tooManyRequestsWithLowerCaseHeadersAndNoBodyIsRetried() {
    Users users = warmUsers(Tenants.client(tenant));
    tenant.faults().failNext(USERS, 1, 429,
        Map.of("retry-after", "0", "x-ratelimit-limit", "10", "x-ratelimit-remaining", "0"), "");
    users.list();
    assertEquals(2, count("GET", USERS));
  }

  @Test
  void rateLimitResetIsHonouredWithoutRetryAfter() {
    Users users = warmUsers(Tenants.client(tenant));
    long now = System.currentTimeMillis() / 1000;
    tenant.faults().failNext(USERS, 1, 429, Map.of("X-RateLimit-Reset", Long.toString(now)));
    users.list();
    assertEquals(2, count("GET", USERS));
  }

  @Test
  void aRetryAfterBeyondTheCapIsNotWaitedOut() {
    Users users = warmUsers(Tenants.client(tenant));
    tenant.faults().failNext(USERS, 1, 429, Map.of("Retry-After", "3600"));
    ProtektApiException e = assertThrows(ProtektApiException.class, users::list);
    assertEquals(429, e.statusCode());
    assertEquals("too_many_requests", e.errorCode());
    assertEquals(1, count("GET", USERS));
  }

  @Test
  void cancellingAnAsyncCallEndsItsWaitBeforeARetry() throws Exception {
    OkHttpClient own = new OkHttpClient();
    Users users = warmUsers(Tenants.client(tenant).httpClient(own));
    tenant.faults().failNext(USERS, 1, 429, Map.of("Retry-After", "30"));
    CompletableFuture<UsersPage> page = users.listAsync(UserQuery.builder().build());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (count("GET", USERS) == 0 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertEquals(1, count("GET", USERS), "the 429 arrived; the call now waits 30 s");
    page.cancel(true);
    // The cancelled call must give back its dispatcher slot (5 per host) now, not in 30 s.
    while (own.dispatcher().runningCallsCount() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertEquals(0, own.dispatcher().runningCallsCount());
    assertEquals(1, count("GET", USERS), "not retried after the cancel");
  }

  @Test
  void aNegativeRetryAfterIsUnreadableSoTheBackoffApplies() {
    assertRetriedAfter(warmUsers(Tenants.client(tenant).retryDelay(Duration.ofMillis(400))), "-5",
        190, "waited the backoff (400 ms × [0.5, 1]), not 0");
  }

  @Test
  void aRetryAfterTooLongForALongIsNotWaitedOut() {
    Users users = warmUsers(Tenants.client(tenant));
    tenant.faults().failNext(USERS, 1, 429, Map.of("Retry-After", "99999999999999999999"));
    assertEquals(429, assertThrows(ProtektApiException.class, users::list).statusCode());
    assertEquals(1, count("GET", USERS));
  }

  @Test
  void serviceUnavailableTwiceThenSuccess() {
    Users users = warmUsers(Tenants.client(tenant));
    tenant.faults().failNext(USERS, 2, 503);
    users.list();
    assertEquals(3, count("GET", USERS));
  }

  @Test
  void createAnswered503IsNotRepeated() {
    Users users = warmUsers(Tenants.client(tenant));
    tenant.faults().failNext(USERS, 1, 503);
    ProtektApiException e = assertThrows(ProtektApiException.class, () -> users.create(newUser()));
    assertEquals(503, e.statusCode());
    assertEquals(1, count("POST", USERS));
  }

  @Test
  void createAnswered429IsRetried() {
    Users users = warmUsers(Tenants.client(tenant));
    tenant.faults().failNext(USERS, 1, 429, Map.of("Retry-After", "0"));
    User created = users.create(newUser());
    assertTrue(created.userId().startsWith("protekt|"));
    assertEquals(2, count("POST", USERS));
  }

  @Test
  void createWhoseConnectionDroppedIsNotRepeated() {
    Users users = warmUsers(Tenants.client(tenant));
    tenant.faults().dropNext(USERS, 1);
    assertThrows(ProtektUnavailableException.class, () -> users.create(newUser()));
    assertEquals(1, count("POST", USERS), "sent once: it reached the tenant, which may have acted");
  }

  @Test
  void getWhoseConnectionDroppedIsRetried() {
    Users users = warmUsers(Tenants.client(tenant));
    tenant.faults().dropNext(USERS, 2);
    UserQuery nobody = UserQuery.builder().q("email:\"nobody@example.com\"").build();
    assertEquals(List.of(), users.list(nobody).users());
    assertEquals(3, count("GET", USERS), "the first attempt and two retries");
  }

  @Test
  void retriesStopAtTheConfiguredCount() {
    Users users = warmUsers(Tenants.client(tenant).retryAttempts(2));
    tenant.faults().failNext(USERS, 5, 502);
    ProtektApiException e = assertThrows(ProtektApiException.class, users::list);
    assertEquals(502, e.statusCode());
    assertEquals(3, count("GET", USERS));
  }

  @Test
  void zeroRetryAttemptsDisablesRetries() {
    Users users = warmUsers(Tenants.client(tenant).retryAttempts(0));
    tenant.faults().failNext(USERS, 1, 429, Map.of("Retry-After", "0"));
    assertEquals(429, assertThrows(ProtektApiException.class, users::list).statusCode());
    tenant.faults().failNext(USERS, 1, 503);
    assertEquals(503, assertThrows(ProtektApiException.class, users::list).statusCode());
    assertEquals(2, count("GET", USERS));
  }

  @Test
  void patchAndDeleteAreRetriedAfter5xx() {
    Users users = warmUsers(Tenants.client(tenant));
    User created = users.create(newUser());
    String userPath = USERS + "/" + created.userId();
    tenant.clearRequests();
    tenant.faults().failNext(userPath, 1, 500);
    users.update(created.userId(), UserUpdate.builder().name("x").build());
    tenant.faults().failNext(userPath, 1, 504);
    assertTrue(users.delete(created.userId()));
    assertEquals(2, count("PATCH", userPath));
    assertEquals(2, count("DELETE", userPath));
  }

  @Test
  void anInjected401CausesOneTokenRefresh() {
    Users users = warmUsers(Tenants.client(tenant));
    tenant.faults().failNext(USERS, 1, 401);
    users.list();
    assertEquals(1, tenant.requests("/oauth/token").size());
    assertEquals(2, count("GET", USERS));
    assertTrue(tenant.requests(USERS).get(1).header("Authorization").orElseThrow()
        .startsWith("Bearer "));
  }

  @Test
  void a401AfterTheRefreshIsTheAnswer() {
    Users users = warmUsers(Tenants.client(tenant));
    tenant.faults().failNext(USERS, 2, 401);
    ProtektApiException e = assertThrows(ProtektApiException.class, users::list);
    assertEquals(401, e.statusCode());
    assertEquals(1, tenant.requests("/oauth/token").size());
    assertEquals(2, count("GET", USERS));
  }

  @Test
  void aSlowServerTripsTheTimeoutWithinItsBound() {
    Users users = warmUsers(Tenants.client(tenant).timeout(Duration.ofMillis(300)).retryAttempts(0));
    tenant.faults().delayNext(USERS, 1, Duration.ofSeconds(3));
    long start = System.nanoTime();
    assertThrows(ProtektUnavailableException.class, users::list);
    long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
    assertTrue(millis < 2_000, "gave up after " + millis + " ms");
  }

  @Test
  void aCallThatFetchesItsMachineTokenFirstGetsTheBoundsOfThoseFetchesToo() {
    Users users =
        Tenants.client(tenant).timeout(Duration.ofSeconds(3)).retryAttempts(0).build().users();
    // Each step well within the timeout (room for a loaded machine), the three together over it.
    Duration slow = Duration.ofSeconds(2);
    tenant.faults().delayNext("/.well-known/openid-configuration", 1, slow)
        .delayNext("/oauth/token", 1, slow).delayNext(USERS, 1, slow);

    users.list();
    assertEquals(1, count("GET", USERS));
  }

  @Test
  void aCallWithItsMachineTokenInHandKeepsItsOwnBound() {
    Users users = warmUsers(Tenants.client(tenant).timeout(Duration.ofSeconds(1)).retryAttempts(0));
    String id = users.create(newUser()).userId();
    // A byte every 200 ms: no read times out, and the whole user takes longer than 3 s, what a
    // call that fetched its token would get.
    tenant.faults().trickleNext(USERS + "/" + id, 1, Duration.ofMillis(200));
    long start = System.nanoTime();
    assertThrows(ProtektUnavailableException.class, () -> users.get(id));
    long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
    assertTrue(millis < 2_000, "gave up after " + millis + " ms");
  }

  @Test
  void aTokenEndpointThatHangsIsNamedAsTheStepThatTimedOut() {
    Users users =
        Tenants.client(tenant).timeout(Duration.ofSeconds(1)).retryAttempts(0).build().users();
    tenant.faults().hangNext("/oauth/token", 1);

    ProtektUnavailableException e = assertThrows(ProtektUnavailableException.class, users::list);
    assertTrue(e.getMessage().contains("/oauth/token"), e.getMessage());
    assertEquals(0, count("GET", USERS));
  }

  @Test
  void aCreateThatTimedOutIsNotRepeated() {
    Users users = warmUsers(Tenants.client(tenant).timeout(Duration.ofMillis(300)));
    tenant.faults().delayNext(USERS, 1, Duration.ofSeconds(2));
    assertThrows(ProtektUnavailableException.class, () -> users.create(newUser()));
    assertEquals(1, count("POST", USERS));
  }

  @Test
  void ownHttpClientKeepsRetriesAndItsTimeouts() {
    OkHttpClient mine = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(7)).build();
    Users users = warmUsers(ProtektAuth.builder().domain(tenant.domain())
        .clientId(tenant.clientId()).clientSecret(tenant.clientSecret())
        .retryDelay(Duration.ofMillis(10)).httpClient(mine));
    tenant.faults().failNext(USERS, 2, 503);
    users.list();
    assertEquals(3, count("GET", USERS));
    assertTrue(mine.interceptors().isEmpty(), "the user's client is left untouched");
  }

  @Test
  void aPostIsRetriedWhenTheConnectionWasRefused() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    AtomicInteger connects = new AtomicInteger();
    OkHttpClient counting = new OkHttpClient.Builder().proxy(Proxy.NO_PROXY)
        .protocols(List.of(Protocol.HTTP_1_1))
        .eventListener(new EventListener() {
          @Override
          public void connectStart(Call call, InetSocketAddress address, Proxy proxy) {
            connects.incrementAndGet();
          }
        }).build();
    HttpUrl url = HttpUrl.get("http://127.0.0.1:" + closedPort + "/api/v2/users");
    Settings settings = new Settings(new IssuerLocation(url.toString(), url, null), null, null,
        null, false, Set.of(Algorithm.RS256), true, Duration.ofMinutes(10), 10_000,
        Duration.ofSeconds(2), 2,
        Duration.ofMillis(1), Duration.ofSeconds(60), List.of(ClaimPath.of("roles")),
        List.of(ClaimPath.of("permissions")), 16_384, Duration.ofMillis(500), Set.of(), counting,
        null, Clock.systemUTC(), ProtektMetrics.NONE,
        List.of());
    Request post = new Request.Builder().url(url)
        .post(RequestBody.create("{}", MediaType.get("application/json"))).build();
    assertThrows(ConnectException.class,
        () -> HttpStack.create(settings, () -> null).newCall(post).execute());
    assertEquals(3, connects.get(), "the first attempt and two retries");
  }

  /**
   * A bare host means https: against a server that serves plain http, the TLS handshake meets an
   * answer in plain text (a 400, as nginx or Jetty send to bytes they cannot read as a request),
   * and so would every retry.
   */
  @Test
  void aHandshakeAnsweredInPlainTextIsNotRetried() throws Exception {
    AtomicInteger connections = new AtomicInteger();
    try (ServerSocket plain = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread server = new Thread(() -> {
        while (!plain.isClosed()) {
          try (Socket socket = plain.accept()) {
            connections.incrementAndGet();
            socket.getInputStream().read(new byte[4096]);
            socket.getOutputStream().write(("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n"
                + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
          } catch (IOException closed) {
            // The test is over, or the client gave up.
          }
        }
      });
      server.setDaemon(true);
      server.start();
      ProtektAuth protekt = ProtektAuth.builder()
          .domain("127.0.0.1:" + plain.getLocalPort())
          .clientId("client").clientSecret("secret-of-the-client")
          .retryAttempts(3).retryDelay(Duration.ZERO).build();

      // Certain to repeat, and a mistake of the configuration's (NotTlsTest says which).
      ConfigurationException e =
          assertThrows(ConfigurationException.class, protekt::getAccessToken);
      assertInstanceOf(SSLException.class, e.getCause(), e.getMessage());
      assertEquals(1, connections.get(), "no retry");
    }
  }
}
