package dev.protekt.testing;

import dev.protekt.testing.internal.FaultPlan;
import dev.protekt.testing.internal.FaultPlan.Fault;
import dev.protekt.testing.internal.FaultPlan.Kind;
import java.time.Duration;
import java.util.Map;

/**
 * Makes a {@link LocalTenant} misbehave on purpose, to test retries, back-off and timeouts.
 *
 * <p>A fault applies to the next {@code n} requests whose decoded path is the given path or lies
 * below it ({@code "/api/v2/users"} also covers {@code "/api/v2/users/protekt|1"}). Faults are
 * applied before normal handling, in the order they were planned, one per request; the requests
 * they hit still appear in {@link LocalTenant#requests()}.
 */
public final class Faults {
  private final FaultPlan plan;

  Faults(FaultPlan plan) {
    this.plan = plan;
  }

  /**
   * Answers the next {@code n} requests with a status and the contract's error body for it
   * ({@code {"error","error_description"}} under {@code /oauth}, the Management API shape elsewhere).
   *
   * @param path the path
   * @param n how many requests
   * @param status the HTTP status, such as 503
   * @return these faults
   */
  public Faults failNext(String path, int n, int status) {
    return failNext(path, n, status, Map.of(), null);
  }

  /**
   * Answers the next {@code n} requests with a status, headers (such as {@code Retry-After} with a
   * 429) and the contract's error body.
   *
   * @param path the path
   * @param n how many requests
   * @param status the HTTP status
   * @param headers the response headers
   * @return these faults
   */
  public Faults failNext(String path, int n, int status, Map<String, String> headers) {
    return failNext(path, n, status, headers, null);
  }

  /**
   * Answers the next {@code n} requests with a status, headers and an exact body.
   *
   * @param path the path
   * @param n how many requests
   * @param status the HTTP status
   * @param headers the response headers
   * @param body the body, sent as is ({@code ""} for an empty body); {@code null} for the contract's
   *     error body
   * @return these faults
   */
  public Faults failNext(String path, int n, int status, Map<String, String> headers, String body) {
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("status must be 100-599, was " + status);
    }
    if (headers == null) {
      throw new IllegalArgumentException("headers must not be null; use Map.of()");
    }
    plan.add(new Fault(Kind.FAIL, path, status, Map.copyOf(headers), body, Duration.ZERO), n);
    return this;
  }

  /**
   * Delays the next {@code n} requests, then handles them normally.
   *
   * @param path the path
   * @param n how many requests
   * @param delay how long to wait before answering
   * @return these faults
   */
  public Faults delayNext(String path, int n, Duration delay) {
    if (delay == null || delay.isNegative()) {
      throw new IllegalArgumentException("delay must be zero or positive, was " + delay);
    }
    plan.add(new Fault(Kind.DELAY, path, 0, Map.of(), null, delay), n);
    return this;
  }

  /**
   * Closes the connection of the next {@code n} requests without answering anything.
   *
   * @param path the path
   * @param n how many requests
   * @return these faults
   */
  public Faults dropNext(String path, int n) {
    plan.add(new Fault(Kind.DROP, path, 0, Map.of(), null, Duration.ZERO), n);
    return this;
  }

  /**
   * Holds the next {@code n} requests without answering, as a stuck server does, until {@link
   * #clear()} or the tenant's {@code close()}; then they are handled normally (or dropped, when the
   * tenant closes). The request is read and logged first, so a test sees it arrive.
   *
   * @param path the path
   * @param n how many requests
   * @return these faults
   */
  public Faults hangNext(String path, int n) {
    plan.add(new Fault(Kind.HANG, path, 0, Map.of(), null, Duration.ZERO), n);
    return this;
  }

  /**
   * Handles the next {@code n} requests normally but sends each answer's body one byte at a time,
   * as a server at the end of a congested link does: every read gets a byte before any read
   * timeout, yet the whole answer takes its body's length times {@code perByte}.
   *
   * @param path the path
   * @param n how many requests
   * @param perByte the wait after each byte of the body
   * @return these faults
   */
  public Faults trickleNext(String path, int n, Duration perByte) {
    if (perByte == null || perByte.isNegative() || perByte.isZero()) {
      throw new IllegalArgumentException("perByte must be positive, was " + perByte);
    }
    plan.add(new Fault(Kind.TRICKLE, path, 0, Map.of(), null, perByte), n);
    return this;
  }

  /** Forgets every fault not yet applied and lets every hanging request go on. */
  public void clear() {
    plan.clear();
  }
}
