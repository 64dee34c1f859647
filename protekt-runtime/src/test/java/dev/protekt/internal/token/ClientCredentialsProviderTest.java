package dev.protekt.internal.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.protekt.Algorithm;
import dev.protekt.ClaimPath;
import dev.protekt.ConfigurationException;
import dev.protekt.LoopbackServers;
import dev.protekt.ProtektApiException;
import dev.protekt.ProtektAuth;
import dev.protekt.internal.IssuerLocation;
import dev.protekt.internal.Settings;
import dev.protekt.internal.discovery.Discovery;
import dev.protekt.health.TokenEndpointHealth;
import dev.protekt.internal.http.HttpStack;
import dev.protekt.metrics.ProtektMetrics;
import dev.protekt.testing.LocalTenant;
import dev.protekt.testing.LocalTenantExtension;
import dev.protekt.users.Tenants;
import dev.protekt.users.UserQuery;
import dev.protekt.users.Users;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import okhttp3.Dispatcher;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Machine tokens from the client-credentials grant, against a local tenant. */
@ExtendWith(LocalTenantExtension.class)
class ClientCredentialsProviderTest {
  private final LocalTenant tenant;

  ClientCredentialsProviderTest(LocalTenant tenant) {
    this.tenant = tenant;
  }

  @Test
  void requestsTheUsersAudienceWithAJsonGrant() throws Exception {
    String token = Tenants.client(tenant).build().getAccessToken();
    assertFalse(token.isBlank());
    JsonNode grant = new ObjectMapper().readTree(tenant.requests("/oauth/token").get(0).body());
    assertEquals("client_credentials", grant.get("grant_type").asText());
    assertEquals(tenant.usersAudience(), grant.get("audience").asText());
    assertTrue(tenant.requests("/oauth/token").get(0).header("Content-Type").orElseThrow()
        .startsWith("application/json"));
  }

  @Test
  void hundredConcurrentCallersCauseOneTokenRequest() throws Exception {
    ProtektAuth protekt = Tenants.client(tenant).build();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(100);
    try {
      Callable<String> call = () -> {
        start.await();
        return protekt.getAccessToken();
      };
      List<Future<String>> futures = IntStream.range(0, 100).mapToObj(i -> pool.submit(call))
          .collect(Collectors.toList());
      start.countDown();
      Set<String> tokens = ConcurrentHashMap.newKeySet();
      for (Future<String> f : futures) {
        tokens.add(f.get());
      }
      assertEquals(1, tokens.size());
      assertEquals(1, tenant.requests("/oauth/token").size());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aTokenAboutToExpireIsRenewed() throws Exception {
    MutableClock clock = new MutableClock();
    ProtektAuth protekt = Tenants.client(tenant).clock(clock).build();
    String first = protekt.getAccessToken();
    clock.advance(Duration.ofHours(1));
    assertEquals(first, protekt.getAccessToken(), "still fresh: cached");
    assertEquals(1, tenant.requests("/oauth/token").size());

    // The tenant's tokens live 24 h; 30 s before expiry is inside the 60 s renewal margin.
    clock.advance(Duration.ofHours(23).minusSeconds(30));
    assertEquals(first, protekt.getAccessToken(), "still valid: used while it is renewed");
    String second = awaitNewToken(protekt, first);
    assertEquals(2, tenant.requests("/oauth/token").size());
    assertEquals(second, protekt.getAccessToken());
  }

  @Test
  void aHangingTokenEndpointDoesNotStallCallsWhileTheTokenIsValid() throws Exception {
    MutableClock clock = new MutableClock();
    ProtektAuth protekt = Tenants.client(tenant).clock(clock).timeout(Duration.ofSeconds(3))
        .retryAttempts(0).build();
    Users users = protekt.users();
    String first = protekt.getAccessToken();
    clock.advance(Duration.ofHours(24).minusSeconds(30));
    tenant.faults().hangNext("/oauth/token", 10);
    long start = System.nanoTime();
    for (int i = 0; i < 5; i++) {
      users.list();
    }
    long took = Duration.ofNanos(System.nanoTime() - start).toMillis();
    assertTrue(took < 1500, "5 calls with a valid token took " + took + " ms");
    assertEquals(2, tenant.requests("/oauth/token").size(), "one renewal at a time");
    tenant.faults().clear();
    awaitNewToken(protekt, first);
  }

  @Test
  void aRenewalTheUsersDispatcherNeverRunsIsRunByTheCallerThatNeedsIt() throws Exception {
    // A user's dispatcher whose one thread is busy: the background renewal waits in its queue.
    ExecutorService busy = Executors.newSingleThreadExecutor();
    CountDownLatch release = new CountDownLatch(1);
    busy.execute(() -> {
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    try {
      MutableClock clock = new MutableClock();
      ProtektAuth protekt = Tenants.client(tenant).clock(clock)
          .httpClient(new OkHttpClient.Builder().dispatcher(new Dispatcher(busy)).build())
          .build();
      String first = protekt.getAccessToken();
      clock.advance(Duration.ofHours(24).minusSeconds(30));
      assertEquals(first, protekt.getAccessToken(), "valid: the renewal is queued");
      clock.advance(Duration.ofSeconds(60));
      // Expired: this caller must not wait forever for the queued renewal.
      String second = assertTimeoutPreemptively(Duration.ofSeconds(10),
          () -> protekt.getAccessToken());
      assertNotEquals(first, second);
      assertEquals(2, tenant.requests("/oauth/token").size());
    } finally {
      release.countDown();
      busy.shutdown();
    }
  }

  @Test
  void aRenewalThatFailsTransientlyKeepsTheValidToken() throws Exception {
    for (int status : new int[] {429, 502, 503}) {
      MutableClock clock = new MutableClock();
      ProtektAuth protekt = Tenants.client(tenant).clock(clock).retryAttempts(0).build();
      String first = protekt.getAccessToken();
      clock.advance(Duration.ofHours(24).minusSeconds(30));
      tenant.faults().failNext("/oauth/token", 1, status);
      assertEquals(first, protekt.getAccessToken(), status + ": the valid token");
      awaitState(protekt, TokenEndpointHealth.State.FAILING);
      assertEquals(first, protekt.getAccessToken(), status + ": still the valid token");
      protekt.users().list();
      awaitNewToken(protekt, first);
    }
  }

  @Test
  void aRenewalRefusedFailsClosed() throws Exception {
    MutableClock clock = new MutableClock();
    ProtektAuth protekt = Tenants.client(tenant).clock(clock).build();
    String first = protekt.getAccessToken();
    clock.advance(Duration.ofHours(24).minusSeconds(30));
    // The credentials were revoked: the background renewal and the next fetch are refused.
    tenant.faults().failNext("/oauth/token", 2, 401);
    assertEquals(first, protekt.getAccessToken(), "valid until the refusal arrives");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    ProtektApiException refused = null;
    while (refused == null && System.nanoTime() < deadline) {
      try {
        assertEquals(first, protekt.getAccessToken());
        Thread.sleep(10);
      } catch (ProtektApiException e) {
        refused = e;
      }
    }
    assertEquals(401, refused == null ? 0 : refused.statusCode(), "the token was dropped");
  }

  @Test
  void anAccessTokenThatCannotBeSentIsAnInvalidAnswer() {
    for (String bad : new String[] {"abc\\ndef", "t\\u00f8ken", "two words"}) {
      tenant.faults().failNext("/oauth/token", 1, 200, Map.of("Content-Type", "application/json"),
          "{\"access_token\":\"" + bad + "\",\"token_type\":\"Bearer\",\"expires_in\":86400}");
      ProtektAuth protekt = Tenants.client(tenant).build();
      ProtektApiException e = assertThrows(ProtektApiException.class, protekt::getAccessToken);
      assertEquals("invalid_response", e.errorCode(), bad);
      assertFalse(e.getMessage().contains("def") || e.getMessage().contains("words"), bad);
    }
    tenant.faults().failNext("/oauth/token", 1, 200, Map.of("Content-Type", "application/json"),
        "{\"access_token\":\"abc\\ndef\",\"token_type\":\"Bearer\",\"expires_in\":86400}");
    Users users = Tenants.client(tenant).build().users();
    assertEquals("invalid_response",
        assertThrows(ProtektApiException.class, () -> users.get("protekt|x")).errorCode());
  }

  @Test
  void anExpiresInThatIsNoPositiveNumberIsAnInvalidAnswer() {
    for (String expiresIn : new String[] {"0", "-5", "\"soon\"", "true", "0.5"}) {
      answerTokenWith("\"expires_in\":" + expiresIn);
      ProtektApiException e = assertThrows(ProtektApiException.class,
          Tenants.client(tenant).build()::getAccessToken, expiresIn);
      assertEquals("invalid_response", e.errorCode(), expiresIn);
      assertTrue(e.getMessage().contains("expires_in"), e.getMessage());
    }
  }

  @Test
  void anExpiresInOfDigitsInAStringIsItsLifetime() {
    MutableClock clock = new MutableClock();
    answerTokenWith("\"expires_in\":\"3600\"");
    ProtektAuth protekt = Tenants.client(tenant).clock(clock).build();
    String first = protekt.getAccessToken();
    clock.advance(Duration.ofMinutes(50));
    assertEquals(first, protekt.getAccessToken(), "kept for its hour, not a minute");
    assertEquals(1, tenant.requests("/oauth/token").size());
  }

  @Test
  void anExpiresInBeyondALongIsCappedNotRefused() {
    for (String expiresIn : new String[] {"1e20", "\"123456789012345678901234567890\""}) {
      MutableClock clock = new MutableClock();
      answerTokenWith("\"expires_in\":" + expiresIn);
      ProtektAuth protekt = Tenants.client(tenant).clock(clock).build();
      String first = protekt.getAccessToken();
      clock.advance(Duration.ofDays(20));
      assertEquals(first, protekt.getAccessToken(), expiresIn);
    }
  }

  @Test
  void aShortTokenIsRenewedAtLeastASecondBeforeItExpires() throws Exception {
    // The tenant counts exp from the start of its clock's second: a 3 s token may live 2 s.
    try (LocalTenant brief =
        LocalTenant.builder().machineTokenLifetime(Duration.ofSeconds(3)).start()) {
      MutableClock clock = new MutableClock();
      ProtektAuth protekt = Tenants.client(brief).clock(clock).build();
      String first = protekt.getAccessToken();
      clock.advance(Duration.ofMillis(2_100));
      protekt.getAccessToken();
      awaitNewToken(protekt, first);
      assertEquals(2, brief.requests("/oauth/token").size());
    }
  }

  @Test
  void aSecretTheTenantEchoesIsMaskedInTheRefusal() {
    tenant.faults().failNext("/oauth/token", 1, 400, Map.of("Content-Type", "application/json"),
        "{\"error\":\"invalid_request\",\"error_description\":\"bad client_secret "
            + tenant.clientSecret() + "\"}");
    ProtektApiException e = assertThrows(ProtektApiException.class,
        Tenants.client(tenant).build()::getAccessToken);
    assertEquals(400, e.statusCode());
    assertEquals("The token endpoint answered HTTP 400: bad client_secret [redacted]",
        e.getMessage());

    // As a JSON string writes it, where the answer quotes the body it was sent.
    String secret = "se\"cr\\et";
    tenant.faults().failNext("/oauth/token", 1, 400, Map.of("Content-Type", "application/json"),
        "{\"error\":\"invalid_request\",\"error_description\":"
            + "\"bad body {\\\"client_secret\\\":\\\"se\\\\\\\"cr\\\\\\\\et\\\"}\"}");
    ProtektApiException escaped = assertThrows(ProtektApiException.class,
        Tenants.client(tenant).clientSecret(secret).build()::getAccessToken);
    assertEquals("The token endpoint answered HTTP 400: bad body"
        + " {\"client_secret\":\"[redacted]\"}", escaped.getMessage());
  }

  /**
   * A Users API call whose token was refused (401) and whose new token the token endpoint then
   * refuses gets that refusal, named as the token endpoint's: the tenant's words alone would read
   * as the Users API's.
   */
  @Test
  void aTokenEndpointRefusalReachingAUsersApiCallNamesTheTokenEndpoint() {
    ProtektAuth protekt = Tenants.client(tenant).build();
    protekt.getAccessToken();
    tenant.faults().failNext("/api/v2/users", 1, 401).failNext("/oauth/token", 4, 500);

    ProtektApiException e = assertThrows(ProtektApiException.class,
        () -> protekt.users().list(UserQuery.builder().build()));

    assertEquals(500, e.statusCode());
    assertTrue(e.getMessage().startsWith("The token endpoint answered HTTP 500: "),
        e.getMessage());
  }

  /** An answer the contract does not allow is not guessed at, as a Users API answer is not. */
  @Test
  void aTokenAnswerWithTrailingTextOrARepeatedKeyIsInvalid() {
    for (String answer : List.of(
        "{\"access_token\":\"abc\",\"token_type\":\"Bearer\",\"expires_in\":60} x",
        "{\"access_token\":\"abc\",\"access_token\":\"def\",\"expires_in\":60}")) {
      tenant.faults().failNext("/oauth/token", 1, 200, Map.of("Content-Type", "application/json"),
          answer);
      ProtektApiException e = assertThrows(ProtektApiException.class,
          Tenants.client(tenant).build()::getAccessToken);
      assertEquals("invalid_response", e.errorCode(), e.getMessage());
      assertFalse(e.getMessage().contains("abc"), e.getMessage());
    }
  }

  /** The next token request is answered 200 with a token and {@code expiresIn} as its member. */
  private void answerTokenWith(String expiresIn) {
    tenant.faults().failNext("/oauth/token", 1, 200, Map.of("Content-Type", "application/json"),
        "{\"access_token\":\"abc.def\",\"token_type\":\"Bearer\"," + expiresIn + "}");
  }

  @Test
  void aRelativeTokenEndpointIsReportedAsNotAbsolute() throws Exception {
    HttpServer server = LoopbackServers.start(exchange -> {
      try (exchange) {
        byte[] doc = ("{\"issuer\":\"" + LoopbackServers.domain(exchange.getHttpContext()
            .getServer()) + "/\",\"jwks_uri\":\"" + LoopbackServers.domain(exchange
            .getHttpContext().getServer()) + "/.well-known/jwks.json\","
            + "\"token_endpoint\":\"/oauth/token\"}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, doc.length);
        exchange.getResponseBody().write(doc);
      }
    });
    try {
      ProtektAuth protekt = ProtektAuth.builder().domain(LoopbackServers.domain(server))
          .clientId("id").clientSecret("secret").retryAttempts(0).build();
      ConfigurationException e =
          assertThrows(ConfigurationException.class, protekt::getAccessToken);
      assertTrue(e.getMessage().contains(
          "names the token_endpoint '/oauth/token', which is not an absolute https URL"),
          e.getMessage());
    } finally {
      server.stop(0);
    }
  }

  /** The token once the background renewal has replaced {@code old}, within 5 s. */
  private static String awaitNewToken(ProtektAuth protekt, String old) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    String token = protekt.getAccessToken();
    while (token.equals(old) && System.nanoTime() < deadline) {
      Thread.sleep(10);
      token = protekt.getAccessToken();
    }
    assertNotEquals(old, token, "renewed in the background");
    return token;
  }

  private static void awaitState(ProtektAuth protekt, TokenEndpointHealth.State state)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (protekt.health().tokenEndpoint().state() != state && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertEquals(state, protekt.health().tokenEndpoint().state());
  }

  @Test
  void anAbsurdlyLongLifetimeIsCappedInsteadOfOverflowing() {
    // A tenant that means "never expires" by the largest number it can write.
    try (LocalTenant forever =
        LocalTenant.builder().machineTokenLifetime(Duration.ofSeconds(Long.MAX_VALUE)).start()) {
      MutableClock clock = new MutableClock();
      ProtektAuth protekt = Tenants.client(forever).clock(clock).build();
      String first = protekt.getAccessToken();
      assertEquals(first, protekt.getAccessToken(), "cached");
      clock.advance(Duration.ofDays(400));
      protekt.getAccessToken();
      assertEquals(2, forever.requests("/oauth/token").size(), "renewed within the cap");
    }
  }

  @Test
  void eachAudienceHasItsOwnToken() {
    ProtektAuth protekt = Tenants.client(tenant).build();
    String users = protekt.getAccessToken();
    String api = protekt.getAccessToken(tenant.apiAudience());
    assertNotEquals(users, api);
    assertEquals(api, protekt.getAccessToken(tenant.apiAudience()));
    assertEquals(2, tenant.requests("/oauth/token").size());
  }

  @Test
  void wrongCredentialsFailClearlyWithoutRetry() {
    ProtektAuth protekt = Tenants.client(tenant).clientSecret("wrong-secret").build();
    ProtektApiException e = assertThrows(ProtektApiException.class, protekt::getAccessToken);
    assertEquals(401, e.statusCode());
    assertEquals("access_denied", e.errorCode());
    assertFalse(e.getMessage().contains("wrong-secret"));
    assertEquals(1, tenant.requests("/oauth/token").size());
  }

  @Test
  void missingCredentialsAreAConfigurationError() {
    ProtektAuth protekt = ProtektAuth.builder().domain(tenant.domain()).build();
    assertThrows(ConfigurationException.class, protekt::getAccessToken);
    assertThrows(ConfigurationException.class, () -> protekt.users().get("protekt|x"));
    assertTrue(tenant.requests("/oauth/token").isEmpty());
  }

  @Test
  void invalidateDropsOnlyThatToken() {
    Settings settings = new Settings(
        new IssuerLocation(tenant.domain(), HttpUrl.get(tenant.domain()), null),
        tenant.clientId(), tenant.clientSecret(), null, false, Set.of(Algorithm.RS256), true,
        Duration.ofMinutes(10), 10_000, Duration.ofSeconds(2), 3, Duration.ofMillis(10),
        Duration.ofSeconds(60), List.of(ClaimPath.of("roles")), List.of(ClaimPath.of("permissions")),
        16_384, Duration.ofMillis(500), Set.of(), null, null, Clock.systemUTC(), ProtektMetrics.NONE,
        List.of());
    OkHttpClient http = HttpStack.create(settings, () -> null);
    ClientCredentialsProvider provider =
        new ClientCredentialsProvider(settings, new Discovery(settings, http), http);
    String audience = tenant.usersAudience();
    String token = provider.getAccessToken(audience);
    provider.invalidate(audience, "some-older-token");
    assertEquals(token, provider.getAccessToken(audience));
    assertEquals(1, tenant.requests("/oauth/token").size());
    provider.invalidate(audience, token);
    provider.getAccessToken(audience);
    assertEquals(2, tenant.requests("/oauth/token").size());
  }

  @Test
  void tokenRequestIsRetriedAfter503() {
    tenant.faults().failNext("/oauth/token", 2, 503);
    assertFalse(Tenants.client(tenant).build().getAccessToken().isBlank());
    assertEquals(3, tenant.requests("/oauth/token").size());
  }

  /** A clock tests move by hand. */
  static final class MutableClock extends Clock {
    private volatile Instant now = Instant.now();

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
