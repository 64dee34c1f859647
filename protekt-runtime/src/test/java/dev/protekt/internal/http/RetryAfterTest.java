package dev.protekt.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.protekt.ProtektApiException;
import dev.protekt.ProtektAuth;
import dev.protekt.testing.LocalTenant;
import dev.protekt.testing.LocalTenantExtension;
import dev.protekt.users.Tenants;
import dev.protekt.users.UserQuery;
import dev.protekt.users.Users;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link ProtektApiException#retryAfter()}: the wait a 429 or 503 the SDK did not wait out asked
 * for, read as the retries read it, against a local tenant's injected faults.
 */
@ExtendWith(LocalTenantExtension.class)
class RetryAfterTest {
  private static final String USERS = "/api/v2/users";

  private final LocalTenant tenant;

  RetryAfterTest(LocalTenant tenant) {
    this.tenant = tenant;
  }

  private Users users(ProtektAuth.Builder builder) {
    ProtektAuth protekt = builder.build();
    protekt.getAccessToken();
    return protekt.users();
  }

  private ProtektApiException listRefused(Users users) {
    return assertThrows(ProtektApiException.class, users::list);
  }

  private static ProtektApiException asyncRefused(Users users) {
    ExecutionException e = assertThrows(ExecutionException.class,
        () -> users.listAsync(UserQuery.builder().build()).get());
    return assertInstanceOf(ProtektApiException.class, e.getCause());
  }

  @Test
  void aRateLimitTooLongToWaitOutTellsTheCallerTheWait() {
    Users users = users(Tenants.client(tenant));
    tenant.faults().failNext(USERS, 1, 429, Map.of("Retry-After", "120"));
    ProtektApiException sync = listRefused(users);
    assertEquals(429, sync.statusCode());
    assertEquals("too_many_requests", sync.errorCode());
    assertEquals(Optional.of(Duration.ofSeconds(120)), sync.retryAfter());

    tenant.faults().failNext(USERS, 1, 429, Map.of("Retry-After", "120"));
    assertEquals(Optional.of(Duration.ofSeconds(120)), asyncRefused(users).retryAfter(), "async");
    assertEquals(2, tenant.requests(USERS).size(), "neither was waited out");
  }

  @Test
  void aRateLimitStillThereAfterTheRetriesTellsItsLastWait() {
    Users users = users(Tenants.client(tenant).retryAttempts(1));
    tenant.faults().failNext(USERS, 2, 429, Map.of("retry-after", "0"), "");
    assertEquals(Optional.of(Duration.ZERO), listRefused(users).retryAfter());
    tenant.faults().failNext(USERS, 2, 429, Map.of("retry-after", "0"), "");
    assertEquals(Optional.of(Duration.ZERO), asyncRefused(users).retryAfter(), "async");
  }

  @Test
  void aServiceUnavailableTellsItsRetryAfterToo() {
    Users users = users(Tenants.client(tenant).retryAttempts(0));
    tenant.faults().failNext(USERS, 1, 503, Map.of("Retry-After", "30"));
    ProtektApiException e = listRefused(users);
    assertEquals(503, e.statusCode());
    assertEquals(Optional.of(Duration.ofSeconds(30)), e.retryAfter());
  }

  @Test
  void anHttpDateIsTheWaitUntilThenByTheConfiguredClock() {
    Clock clock = Clock.fixed(Instant.parse("2026-12-04T12:00:00Z"), ZoneOffset.UTC);
    Users users = users(Tenants.client(tenant).clock(clock));
    tenant.faults().failNext(USERS, 1, 429, Map.of("Retry-After", "Fri, 04 Dec 2026 12:02:00 GMT"));
    assertEquals(Optional.of(Duration.ofMinutes(2)), listRefused(users).retryAfter());
    tenant.faults().failNext(USERS, 1, 503, Map.of("Retry-After", "Fri, 04 Dec 2026 11:00:00 GMT"));
    assertEquals(Optional.of(Duration.ZERO),
        assertThrows(ProtektApiException.class,
            () -> users(Tenants.client(tenant).clock(clock).retryAttempts(0)).list()).retryAfter(),
        "a date gone by is no wait");
  }

  @Test
  void whatTheRetriesIgnoreIsNoWait() {
    Users users = users(Tenants.client(tenant).retryAttempts(0));
    for (String unreadable : new String[] {"-5", "soon", "1.5", ""}) {
      tenant.faults().failNext(USERS, 1, 429, Map.of("Retry-After", unreadable));
      assertEquals(Optional.empty(), listRefused(users).retryAfter(), unreadable);
    }
    for (String unreadable : new String[] {"-5", "soon", "1.5e9", ""}) {
      tenant.faults().failNext(USERS, 1, 429, Map.of("X-RateLimit-Reset", unreadable));
      assertEquals(Optional.empty(), listRefused(users).retryAfter(), unreadable);
    }
  }

  /**
   * A 429 with only {@code X-RateLimit-Reset} (epoch seconds) too far off to wait out: the caller
   * learns the wait until then, to the nanosecond of the configured clock, not nothing.
   */
  @Test
  void aRateLimitResetAloneTellsTheWaitUntilThen() {
    Clock clock = Clock.fixed(Instant.parse("2026-12-04T12:00:00.550Z"), ZoneOffset.UTC);
    String twelveOhTwo = Long.toString(Instant.parse("2026-12-04T12:02:00Z").getEpochSecond());
    Users users = users(Tenants.client(tenant).clock(clock));
    tenant.faults().failNext(USERS, 1, 429, Map.of("X-RateLimit-Reset", twelveOhTwo));
    assertEquals(Optional.of(Duration.parse("PT1M59.45S")), listRefused(users).retryAfter());
    tenant.faults().failNext(USERS, 1, 429, Map.of("x-ratelimit-reset", twelveOhTwo));
    assertEquals(Optional.of(Duration.parse("PT1M59.45S")), asyncRefused(users).retryAfter(),
        "async, the name in any case");
    tenant.faults().failNext(USERS, 1, 429,
        Map.of("Retry-After", "90", "X-RateLimit-Reset", twelveOhTwo));
    assertEquals(Optional.of(Duration.ofSeconds(90)), listRefused(users).retryAfter(),
        "Retry-After first");

    Users once = users(Tenants.client(tenant).clock(clock).retryAttempts(0));
    tenant.faults().failNext(USERS, 1, 429, Map.of("X-RateLimit-Reset", "1764849600"));
    assertEquals(Optional.of(Duration.ZERO), listRefused(once).retryAfter(), "a reset gone by");
    tenant.faults().failNext(USERS, 1, 503, Map.of("X-RateLimit-Reset", twelveOhTwo));
    assertEquals(Optional.empty(), listRefused(once).retryAfter(), "a 503 is no rate limit");
  }

  @Test
  void aRetryAfterTooLongForALongIsTheLongestWait() {
    Users users = users(Tenants.client(tenant));
    tenant.faults().failNext(USERS, 1, 429, Map.of("Retry-After", "99999999999999999999"));
    assertEquals(Optional.of(Duration.ofSeconds(Long.MAX_VALUE)), listRefused(users).retryAfter());
  }

  @Test
  void otherStatusesCarryNoWait() {
    Users users = users(Tenants.client(tenant).retryAttempts(0));
    for (int status : new int[] {400, 403, 500, 502}) {
      tenant.faults().failNext(USERS, 1, status, Map.of("Retry-After", "30"));
      assertEquals(Optional.empty(), listRefused(users).retryAfter(), Integer.toString(status));
    }
    assertEquals(Optional.empty(), new ProtektApiException(429, "too_many_requests", "x")
        .retryAfter(), "the three-argument constructor");
  }

  @Test
  void aRateLimitedTokenRequestTellsItsWaitToo() {
    ProtektAuth protekt = Tenants.client(tenant).build();
    tenant.faults().failNext("/oauth/token", 1, 429, Map.of("Retry-After", "120"));
    ProtektApiException e = assertThrows(ProtektApiException.class, protekt::getAccessToken);
    assertEquals(Optional.of(Duration.ofSeconds(120)), e.retryAfter());
    tenant.faults().failNext("/oauth/token", 1, 429, Map.of("Retry-After", "120"));
    Users users = Tenants.client(tenant).build().users();
    assertEquals(Optional.of(Duration.ofSeconds(120)), asyncRefused(users).retryAfter(),
        "a Users API call that needed the token");
  }

  @Test
  void theWaitSurvivesSerialisation() throws Exception {
    ProtektApiException original =
        new ProtektApiException(429, "too_many_requests", "slow down", Duration.ofSeconds(120));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(original);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      ProtektApiException copy = (ProtektApiException) in.readObject();
      assertEquals(Optional.of(Duration.ofSeconds(120)), copy.retryAfter());
      assertEquals(429, copy.statusCode());
    }
  }

  @Test
  void aNegativeWaitIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new ProtektApiException(429, null, "x", Duration.ofSeconds(-1)));
    assertFalse(e.getMessage().isBlank());
  }
}
