package dev.protekt.testing.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

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
  /** Read-held while a request is carried out, write-held by {@link #clearAndDropHeld()}, which waits for them. */
  private final ReentrantReadWriteLock carrying = new ReentrantReadWriteLock();
  /** Counted down by the next clear: lets the hangs of the requests that arrived before it go on. */
  private CountDownLatch released = new CountDownLatch(1);
  /** Counted down by the next {@link #clearAndDropHeld()}: ends the requests that arrived before it. */
  private CountDownLatch dropped = new CountDownLatch(1);

  /** A request as it arrived: the fault it took, if any, and the clears that end its wait. */
  public static final class Arrival {
    private final Optional<Fault> fault;
    private final CountDownLatch released;
    private final CountDownLatch dropped;

    private Arrival(Optional<Fault> fault, CountDownLatch released, CountDownLatch dropped) {
      this.fault = fault;
      this.released = released;
      this.dropped = dropped;
    }

    /** @return the fault to apply to the request, now counted as used */
    public Optional<Fault> fault() {
      return fault;
    }

    /**
     * Holds a {@link Kind#HANG} request until a clear (or at most a few minutes).
     *
     * @throws InterruptedException when the tenant closes
     */
    public void hang() throws InterruptedException {
      released.await(LONGEST_HANG_MINUTES, TimeUnit.MINUTES);
    }

    /**
     * Holds a {@link Kind#DELAY} request for its delay, or until {@link #clearAndDropHeld()}.
     *
     * @param delay the delay
     * @throws InterruptedException when the tenant closes
     */
    public void delay(Duration delay) throws InterruptedException {
      dropped.await(delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** @return whether {@link #clearAndDropHeld()} came after the request arrived */
    boolean dropped() {
      return dropped.getCount() == 0;
    }
  }

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
    requireDecodedPath(fault.path(), "a fault path");
    planned.add(new Planned(fault, times));
  }

  /**
   * Refuses a path that could never match a request's: what faults and {@code
   * LocalTenant.requests(path)} compare with the request's decoded path, without its query.
   *
   * @param path the path given
   * @param what what it is, to begin the message with: {@code "a fault path"}
   * @throws IllegalArgumentException if it is null, does not start with '/' or holds '?' or '%'
   */
  public static void requireDecodedPath(String path, String what) {
    if (path == null || !path.startsWith("/")) {
      throw new IllegalArgumentException(what + " starts with '/', was " + path);
    }
    if (path.contains("?") || path.contains("%")) {
      throw new IllegalArgumentException(what + " is compared with the request's decoded path without its"
          + " query, so one holding '?' or '%' could never match, was " + path
          + "; give it decoded, such as /api/v2/users/protekt|1");
    }
  }

  /**
   * Notes a request's arrival and takes the fault for it, if one is planned for its path.
   *
   * @param path the request's decoded path
   * @return the arrival, with the fault to apply now counted as used
   */
  public synchronized Arrival arrive(String path) {
    for (Iterator<Planned> it = planned.iterator(); it.hasNext(); ) {
      Planned next = it.next();
      if (covers(next.fault.path(), path)) {
        if (--next.remaining == 0) {
          it.remove();
        }
        return new Arrival(Optional.of(next.fault), released, dropped);
      }
    }
    return new Arrival(Optional.empty(), released, dropped);
  }

  /**
   * Carries out a request, unless {@link #clearAndDropHeld()} came after it arrived.
   *
   * @param <T> the answer's type
   * @param arrival the request's arrival
   * @param request what carrying it out answers
   * @return the answer, or empty when the request must not be carried out
   */
  public <T> Optional<T> carryOut(Arrival arrival, Supplier<T> request) {
    carrying.readLock().lock();
    try {
      return arrival.dropped() ? Optional.empty() : Optional.of(request.get());
    } finally {
      carrying.readLock().unlock();
    }
  }

  /** Forgets every planned fault and lets every hanging request go on. */
  public synchronized void clear() {
    planned.clear();
    released.countDown();
    released = new CountDownLatch(1);
  }

  /**
   * Forgets every planned fault and ends every request received so far that is not yet carried
   * out, a hanging or delayed one above all, so that it is never carried out; returns once the
   * requests being carried out are done. What a test sent can then change nothing after it.
   */
  public void clearAndDropHeld() {
    carrying.writeLock().lock();
    try {
      synchronized (this) {
        dropped.countDown();
        dropped = new CountDownLatch(1);
        clear();
      }
    } finally {
      carrying.writeLock().unlock();
    }
  }

  /** A fault for {@code /api/v2/users} also hits {@code /api/v2/users/protekt|1}, not {@code /api/v2/usersX}. */
  private static boolean covers(String faultPath, String path) {
    String base = faultPath.endsWith("/") && faultPath.length() > 1
        ? faultPath.substring(0, faultPath.length() - 1) : faultPath;
    return path.equals(base) || path.startsWith(base.equals("/") ? "/" : base + "/");
  }
}
