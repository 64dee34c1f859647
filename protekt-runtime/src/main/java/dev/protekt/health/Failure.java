package dev.protekt.health;

import java.time.Instant;
import java.util.Objects;

/**
 * A failed call to the tenant, masked: its kind, the HTTP status when the tenant answered one, and
 * when it ended. The exception behind it is logged by the SDK where it happens; it is not kept here,
 * so that a health endpoint showing this shows no URL, token or message text.
 *
 * @param kind what went wrong
 * @param status the HTTP status the tenant answered, or 0 when there was none or it is not known
 * @param at when the failure ended
 */
public record Failure(Kind kind, int status, Instant at) {
  /** What went wrong, coarsely enough for an alert and a metric tag. */
  public enum Kind {
    /** No answer: the connection failed or was dropped. */
    UNREACHABLE,
    /**
     * No answer in time: an HTTP timeout, or a warm-up's time ran out while the call goes on and
     * none of its attempts has failed yet.
     */
    TIMED_OUT,
    /**
     * An answer the SDK cannot use: an error status, a document that does not fit the contract, or
     * a key set without a key that can verify a token of the allowed algorithms.
     */
    BAD_ANSWER,
    /**
     * The token endpoint refused the client's credentials (HTTP 401 or 403). Discovery and the
     * keys take no credentials: a 401 or 403 from them is a {@link #BAD_ANSWER}.
     */
    REFUSED,
    /**
     * The configuration cannot work, such as a discovery document naming a host not allowed, an
     * address that answers 404 (a domain without its issuer's path), or a server that does not
     * speak TLS where the domain asks for it.
     */
    MISCONFIGURED
  }

  /** @throws NullPointerException if {@code kind} or {@code at} is null */
  public Failure {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(at, "at");
  }

  /** Such as {@code BAD_ANSWER (HTTP 503) at 2026-12-04T15:40:00Z}. */
  @Override
  public String toString() {
    return kind + (status == 0 ? "" : " (HTTP " + status + ")") + " at " + at;
  }
}
