package dev.protekt.internal;

import dev.protekt.InvalidTokenException;
import dev.protekt.ProtektAuth;
import dev.protekt.health.Failure;
import dev.protekt.metrics.ProtektMetrics;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metrics listener as the SDK calls it: an exception the user's listener throws is caught and
 * ignored, so that what the SDK verifies, refuses, fetches and reports in health never depends on
 * it (a listener throwing in {@code keysFetched} made a successful fetch a failed one, in {@code
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

  /** Calls {@code event} on the listener; what it throws is logged once for {@code method}. */
  private void report(String method, Consumer<ProtektMetrics> event) {
    try {
      event.accept(listener);
    } catch (RuntimeException e) {
      if (warned.add(method)) {
        StackTraceElement[] trace = e.getStackTrace();
        log.warn("The metrics listener {} threw {} from {}(){}; the SDK ignores it and carries on,"
            + " and logs no more of that method's failures: fix the listener.",
            listener.getClass().getName(), e.getClass().getName(), method,
            trace.length == 0 ? "" : " at " + trace[0]);
      }
    }
  }

  @Override
  public void attached(ProtektAuth auth) {
    listener.attached(auth);
  }

  @Override
  public void closed(ProtektAuth auth) {
    report("closed", m -> m.closed(auth));
  }

  @Override
  public void tokenCacheHit() {
    report("tokenCacheHit", ProtektMetrics::tokenCacheHit);
  }

  @Override
  public void tokenCacheMiss() {
    report("tokenCacheMiss", ProtektMetrics::tokenCacheMiss);
  }

  @Override
  public void tokenVerified(long nanos) {
    report("tokenVerified", m -> m.tokenVerified(nanos));
  }

  @Override
  public void tokenRefused(InvalidTokenException.Reason reason, long nanos) {
    report("tokenRefused", m -> m.tokenRefused(reason, nanos));
  }

  @Override
  public void keysUnavailable(long nanos) {
    report("keysUnavailable", m -> m.keysUnavailable(nanos));
  }

  @Override
  public void keysFetched(String issuer, Failure.Kind failure, long nanos) {
    report("keysFetched", m -> m.keysFetched(issuer, failure, nanos));
  }

  @Override
  public void machineTokenFetched(Failure.Kind failure, long nanos) {
    report("machineTokenFetched", m -> m.machineTokenFetched(failure, nanos));
  }

  @Override
  public void usersApiCall(String method, int status, long nanos) {
    report("usersApiCall", m -> m.usersApiCall(method, status, nanos));
  }

  @Override
  public void retry(int status) {
    report("retry", m -> m.retry(status));
  }

  @Override
  public void rateLimited() {
    report("rateLimited", ProtektMetrics::rateLimited);
  }
}
