package dev.protekt.testing.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** The faults a test asked for, consumed one request at a time in the order they were planned. */
public final class FaultPlan {
  /** What a fault does to the request it hits. */
  public enum Kind {
    /** Answer a given status, headers and body instead of handling the request. */
    FAIL,
    /** Wait, then handle the request normally. */
    DELAY,
    /** Close the connection without answering. */
    DROP,
    /** Answer nothing until the plan is cleared or the tenant closes, as a stuck server does. */
    HANG,
    /** Handle the request normally, but send the answer's body one byte at a time. */
    TRICKLE
  }

  /**
   * One planned fault.
   *
   * @param kind what it does
   * @param path the path it applies to, and every path below it
   * @param status the status of a {@link Kind#FAIL}
   * @param headers the headers of a {@link Kind#FAIL}
   * @param body the body of a {@link Kind#FAIL}, or {@code null} for the contract's error body
   * @param delay the wait of a {@link Kind#DELAY}, or between two bytes of a {@link Kind#TRICKLE}
   */
  public record Fault(Kind kind, String path, int status, Map<String, String> headers, String body, Duration delay) {}

  private static final class Planned {
    final Fault fault;
    int remaining;

    Planned(Fault fault, int times) {
      this.fault = fault;
      this.remaining = times;
    }
  }

  /** Held requests can never outlive a test run, even one that forgets to clear its faults. */
  private static final long LONGEST_HANG_MINUTES = 5;

  private final List<Planned> planned = new ArrayList<>();
  private CountDownLatch hung = new CountDownLatch(1);

  /**
   * Plans a fault for the next requests to a path.
   *
   * @param fault the fault
   * @param times for how many requests
   */
  public synchronized void add(Fault fault, int times) {
    if (times < 1) {
      throw new IllegalArgumentException("a fault applies to at least 1 request, was " + times);
    }
    if (fault.path() == null || !fault.path().startsWith("/")) {
      throw new IllegalArgumentException("a fault path starts with '/', was " + fault.path());
    }
    if (fault.path().contains("?") || fault.path().contains("%")) {
      throw new IllegalArgumentException("a fault path is compared with the request's decoded path without its"
          + " query, so one holding '?' or '%' could never match, was " + fault.path()
          + "; give it decoded, such as /api/v2/users/protekt|1");
    }
    planned.add(new Planned(fault, times));
  }

  /**
   * Takes the fault for a request, if one is planned for its path.
   *
   * @param path the request's decoded path
   * @return the fault to apply, now counted as used
   */
  public synchronized Optional<Fault> take(String path) {
    for (Iterator<Planned> it = planned.iterator(); it.hasNext(); ) {
      Planned next = it.next();
      if (covers(next.fault.path(), path)) {
        if (--next.remaining == 0) {
          it.remove();
        }
        return Optional.of(next.fault);
      }
    }
    return Optional.empty();
  }

  /** Forgets every planned fault and lets every hanging request go on. */
  public synchronized void clear() {
    planned.clear();
    hung.countDown();
    hung = new CountDownLatch(1);
  }

  /**
   * Holds the calling request until {@link #clear()} (or at most a few minutes).
   *
   * @throws InterruptedException when the tenant closes
   */
  public void hang() throws InterruptedException {
    CountDownLatch until;
    synchronized (this) {
      until = hung;
    }
    until.await(LONGEST_HANG_MINUTES, TimeUnit.MINUTES);
  }

  /** A fault for {@code /api/v2/users} also hits {@code /api/v2/users/protekt|1}, not {@code /api/v2/usersX}. */
  private static boolean covers(String faultPath, String path) {
    String base = faultPath.endsWith("/") && faultPath.length() > 1
        ? faultPath.substring(0, faultPath.length() - 1) : faultPath;
    return path.equals(base) || path.startsWith(base.equals("/") ? "/" : base + "/");
  }
}
