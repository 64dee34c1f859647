package dev.protekt.testing;

import dev.protekt.testing.internal.FaultPlan;
import dev.protekt.testing.internal.FaultPlan.Fault;
import dev.protekt.testing.internal.FaultPlan.Kind;
import dev.protekt.testing.internal.Lifecycle;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Makes a {@link LocalTenant} misbehave on purpose, to test retries, back-off and timeouts.
 *
 * <p>A fault applies to the next {@code n} requests whose decoded path is the given path or lies
 * below it ({@code "/api/v2/users"} also covers {@code "/api/v2/users/protekt|1"}). Faults are
 * applied before normal handling, in the order they were planned, one per request; the requests
 * they hit still appear in {@link LocalTenant#requests()}. A path is compared with the request's
 * decoded path, without the query: give {@code /api/v2/users/protekt|1}, never
 * {@code protekt%7C1} or a {@code ?query}; such paths are refused, as they could never match.
 * A tenant with an {@link LocalTenant.Builder#issuerPath issuer path} gets requests below it, so a
 * path starts with it: {@code /realms/acme/api/v2/users}.
 * Once the tenant is closed, planning a fault throws {@link IllegalStateException}.
 */
public final class Faults {
  private final FaultPlan plan;
  private final Lifecycle lifecycle;

  Faults(FaultPlan plan, Lifecycle lifecycle) {
    this.plan = plan;
    this.lifecycle = lifecycle;
  }

  /**
   * Answers the next {@code n} requests with a status and the contract's error body for it
   * ({@code {"error","error_description"}} under {@code /oauth}, the Management API shape elsewhere),
   * in the endpoint's place: the request is logged but has no effect, so a failed create stores no
   * user. For an outcome the client cannot know, use {@link #delayNext} or {@link #hangNext}.
   * A 429 carries the headers the contract gives it, asking for no wait so that tests stay fast:
   * {@code Retry-After: 0}, {@code X-RateLimit-Limit: 100}, {@code X-RateLimit-Remaining: 0} and
   * {@code X-RateLimit-Reset} at the time the fault was planned. To send other headers, or none,
   * use {@link #failNext(String, int, int, Map)}, which sends exactly the headers given.
   *
   * @param path the path
   * @param n how many requests
   * @param status the HTTP status, such as 503
   * @return these faults
   */
  public Faults failNext(String path, int n, int status) {
    Map<String, String> headers = status != 429 ? Map.of() : Map.of(
        "Retry-After", "0",
        "X-RateLimit-Limit", "100",
        "X-RateLimit-Remaining", "0",
        "X-RateLimit-Reset", Long.toString(Instant.now().getEpochSecond()));
    return failNext(path, n, status, headers, null);
  }

  /**
   * Answers the next {@code n} requests with a status, exactly these headers (such as
   * {@code Retry-After} with a 429) and the contract's error body.
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
   * @param status the HTTP status, 200 to 599 (a 1xx is no final answer)
   * @param headers the response headers; names and values without line breaks
   * @param body the body, sent as is ({@code ""} for an empty body); {@code null} for the contract's
   *     error body
   * @return these faults
   */
  public Faults failNext(String path, int n, int status, Map<String, String> headers, String body) {
    // A 1xx is no final answer: the client would wait for another one that never comes.
    if (status < 200 || status > 599) {
      throw new IllegalArgumentException("status must be 200-599, was " + status);
    }
    if (headers == null) {
      throw new IllegalArgumentException("headers must not be null; use Map.of()");
    }
    headers.forEach((name, value) -> {
      if (name == null || name.isBlank() || value == null || (name + value).matches("(?s).*[\\r\\n].*")) {
        throw new IllegalArgumentException("a header needs a name and a value, neither with a line break, was "
            + name + ": " + value);
      }
    });
    return plan(new Fault(Kind.FAIL, path, status, Map.copyOf(headers), body, Duration.ZERO), n);
  }

  /**
   * Delays the next {@code n} requests, then handles them normally, whether the client still waits
   * or not; {@link #clearAndDropHeld()} ends the wait and answers 503 instead, carrying nothing out.
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
    return plan(new Fault(Kind.DELAY, path, 0, Map.of(), null, delay), n);
  }

  /**
   * Closes the connection of the next {@code n} requests without answering anything.
   *
   * @param path the path
   * @param n how many requests
   * @return these faults
   */
  public Faults dropNext(String path, int n) {
    return plan(new Fault(Kind.DROP, path, 0, Map.of(), null, Duration.ZERO), n);
  }

  /**
   * Holds the next {@code n} requests without answering, as a stuck server does, until {@link
   * #clear()}, {@link #clearAndDropHeld()} or the tenant's {@code close()}; then they are handled
   * normally after {@code clear()}, answered 503 without being carried out after {@code
   * clearAndDropHeld()}, and dropped when the tenant closes. The request is read and logged first,
   * so a test sees it arrive.
   *
   * @param path the path
   * @param n how many requests
   * @return these faults
   */
  public Faults hangNext(String path, int n) {
    return plan(new Fault(Kind.HANG, path, 0, Map.of(), null, Duration.ZERO), n);
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
    return plan(new Fault(Kind.TRICKLE, path, 0, Map.of(), null, perByte), n);
  }

  private Faults plan(Fault fault, int n) {
    lifecycle.requireOpen();
    plan.add(fault, n);
    return this;
  }

  /** Forgets every fault not yet applied and lets every hanging request go on. */
  public void clear() {
    plan.clear();
  }

  /**
   * Forgets every fault not yet applied and ends every request received so far that is not yet
   * carried out, such as one that {@link #hangNext} or {@link #delayNext} holds: it is answered 503
   * ({@code injected_fault}) and never carried out, so a create whose client gave up stores no user
   * later. Returns once the requests being carried out are done, so that what was sent before can
   * change nothing afterwards. {@link LocalTenantExtension} does this after each test method.
   */
  public void clearAndDropHeld() {
    plan.clearAndDropHeld();
  }
}
