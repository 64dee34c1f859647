package dev.protekt.internal;

import dev.protekt.InvalidTokenException;
import dev.protekt.ProtektAuth;
import dev.protekt.health.Failure;
import dev.protekt.metrics.ProtektMetrics;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metrics listener as the SDK calls it: an exception the user's listener throws (a checked
 * one too, which Kotlin or {@code @SneakyThrows} code throws undeclared) is caught and ignored, so
 * that what the SDK verifies, refuses, fetches and reports in health never depends on it (a
 * listener throwing in {@code keysFetched} made a successful fetch a failed one, in {@code
 * tokenRefused} turned a 401 into a 500). Each listener method that throws is logged once, as a
 * WARN on {@code dev.protekt.metrics}: the listener's class, the method, the exception's type and
 * where it was thrown, but not its message, which the SDK cannot vouch for. Only {@link
 * #attached} is not guarded: it may refuse the client, and {@code build()} throws what it throws.
 * Not part of the public API.
 */
public final class IsolatedMetrics implements ProtektMetrics {
  private static final Logger log = LoggerFactory.getLogger("dev.protekt.metrics");

  private final ProtektMetrics listener;
  /** The methods whose failure was logged: each is logged once, not once per event. */
  private final Set<String> warned = ConcurrentHashMap.newKeySet();

  private IsolatedMetrics(ProtektMetrics listener) {
    this.listener = listener;
  }

  /** {@code listener} guarded, or {@link ProtektMetrics#NONE} itself, which costs nothing. */
  public static ProtektMetrics of(ProtektMetrics listener) {
    return listener == ProtektMetrics.NONE ? listener : new IsolatedMetrics(listener);
  }

  /**
   * Logs what the listener threw from {@code method}, once per method. Each call site catches for
   * itself, rather than pass the event as a lambda, so that no event allocates on the hot path.
   */
  private void failed(String method, Exception e) {
    if (warned.add(method)) {
      StackTraceElement[] trace = e.getStackTrace();
      log.warn("The metrics listener {} threw {} from {}(){}; the SDK ignores it and carries on,"
          + " and logs no more of that method's failures: fix the listener.",
          listener.getClass().getName(), e.getClass().getName(), method,
          trace.length == 0 ? "" : " at " + trace[0]);
    }
  }

  @Override
  public void attached(ProtektAuth auth) {
    listener.attached(auth);
  }

  @Override
  public void closed(ProtektAuth auth) {
    try {
      listener.closed(auth);
    } catch (Exception e) {
      failed("closed", e);
    }
  }

  @Override
  public void tokenCacheHit() {
    try {
      listener.tokenCacheHit();
    } catch (Exception e) {
      failed("tokenCacheHit", e);
    }
  }

  @Override
  public void tokenCacheMiss() {
    try {
      listener.tokenCacheMiss();
    } catch (Exception e) {
      failed("tokenCacheMiss", e);
    }
  }

  @Override
  public void tokenVerified(long nanos) {
    try {
      listener.tokenVerified(nanos);
    } catch (Exception e) {
      failed("tokenVerified", e);
    }
  }

  @Override
  public void tokenRefused(InvalidTokenException.Reason reason, long nanos) {
    try {
      listener.tokenRefused(reason, nanos);
    } catch (Exception e) {
      failed("tokenRefused", e);
    }
  }

  @Override
  public void keysUnavailable(long nanos) {
    try {
      listener.keysUnavailable(nanos);
    } catch (Exception e) {
      failed("keysUnavailable", e);
    }
  }

  @Override
  public void keysFetched(String issuer, Failure.Kind failure, long nanos) {
    try {
      listener.keysFetched(issuer, failure, nanos);
    } catch (Exception e) {
      failed("keysFetched", e);
    }
  }

  @Override
  public void machineTokenFetched(Failure.Kind failure, long nanos) {
    try {
      listener.machineTokenFetched(failure, nanos);
    } catch (Exception e) {
      failed("machineTokenFetched", e);
    }
  }

  @Override
  public void usersApiCall(String method, int status, long nanos) {
    try {
      listener.usersApiCall(method, status, nanos);
    } catch (Exception e) {
      failed("usersApiCall", e);
    }
  }

  @Override
  public void retry(int status) {
    try {
      listener.retry(status);
    } catch (Exception e) {
      failed("retry", e);
    }
  }

  @Override
  public void rateLimited() {
    try {
      listener.rateLimited();
    } catch (Exception e) {
      failed("rateLimited", e);
    }
  }
}
