package dev.protekt.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.protekt.CapturedLog;
import dev.protekt.Eventually;
import dev.protekt.KeysUnavailableException;
import dev.protekt.ProtektAuth;
import dev.protekt.metrics.MicrometerMetrics;
import dev.protekt.testing.LocalTenant;
import dev.protekt.testing.LocalTenantExtension;
import dev.protekt.users.Tenants;
import dev.protekt.users.User;
import dev.protekt.users.UserCreate;
import dev.protekt.users.Users;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Each attempt ends within connect + write + read timeouts, its answer's body read included: a
 * body the tenant trickles a byte at a time, each byte within the read timeout, fails as a timeout
 * and is retried as one, and what an attempt's log line and metric time includes the body.
 */
@ExtendWith(LocalTenantExtension.class)
class AttemptBoundTest {
  private static final String USERS = "/api/v2/users";
  private static final String JWKS = "/.well-known/jwks.json";
  /** The bound of one attempt with {@code timeout(1 s)}: connect, write and read. */
  private static final long ATTEMPT_MILLIS = 3_000;

  private final LocalTenant tenant;

  AttemptBoundTest(LocalTenant tenant) {
    this.tenant = tenant;
  }

  private User someone(Users users) {
    return users.create(UserCreate.builder().email(Tenants.uniqueEmail())
        .password("SecurePassword123!").build());
  }

  /** A user's answer (a few hundred bytes) at 100 ms a byte would take half a minute. */
  @Test
  void aTrickledUsersAnswerEndsWithinTheAttemptsBoundAndIsRetried() {
    Users users = Tenants.client(tenant).timeout(Duration.ofSeconds(1)).retryAttempts(1)
        .retryDelay(Duration.ZERO).build().users();
    User user = someone(users);
    tenant.clearRequests();
    tenant.faults().trickleNext(USERS, 1, Duration.ofMillis(100));

    long start = System.nanoTime();
    assertEquals(user.userId(), users.get(user.userId()).userId());
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

    assertEquals(2, tenant.requests(USERS + "/" + user.userId()).size(),
        "the trickled attempt timed out and was retried");
    assertTrue(millis < 3 * ATTEMPT_MILLIS, "ended after " + millis + " ms");
  }

  /**
   * The key set trickled: its attempt ends within the bound and is retried, so the one key fetch
   * in flight does not hold every later one back for the better part of a minute.
   */
  @Test
  void aTrickledKeySetEndsWithinTheAttemptsBoundAndIsRetried() {
    ProtektAuth auth = Tenants.client(tenant).audience(tenant.apiAudience())
        .timeout(Duration.ofSeconds(1)).retryAttempts(1).retryDelay(Duration.ZERO)
        .keyFetchWait(Duration.ZERO).build();
    String token = tenant.token().sign();
    tenant.faults().trickleNext(JWKS, 1, Duration.ofMillis(100));

    assertThrows(KeysUnavailableException.class, () -> auth.verifyToken(token));
    // Eventually waits ten seconds at most: more than 3 × the attempt's bound.
    Eventually.holds("the keys arrive", () -> {
      try {
        return auth.verifyToken(token) != null;
      } catch (KeysUnavailableException stillFetching) {
        return false;
      }
    });
    assertEquals(2, tenant.requests(JWKS).size(), "the trickled attempt timed out and was retried");
  }

  /**
   * An attempt's DEBUG line and the Users API metric count reading the body: at 10 ms a byte, a
   * user's answer of a few hundred bytes takes seconds, well within the attempt's bound of 15 s.
   */
  @Test
  void theLogLineAndTheMetricOfAnAttemptTimeItsBody() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Users users = Tenants.client(tenant).timeout(Duration.ofSeconds(5)).retryAttempts(0)
        .metrics(MicrometerMetrics.of(registry)).build().users();
    User user = someone(users);
    tenant.faults().trickleNext(USERS, 1, Duration.ofMillis(10));

    String log = CapturedLog.of(() -> users.get(user.userId()));

    Matcher line = Pattern.compile("GET \\S+/api/v2/users/\\S+ -> 200 \\((\\d+) ms\\)").matcher(log);
    assertTrue(line.find(), log);
    assertTrue(Long.parseLong(line.group(1)) >= 1_000, line.group());
    double metricMillis = registry.get("protekt.users.requests").tag("method", "GET").timer()
        .totalTime(TimeUnit.MILLISECONDS);
    assertTrue(metricMillis >= 1_000, metricMillis + " ms");
  }
}
