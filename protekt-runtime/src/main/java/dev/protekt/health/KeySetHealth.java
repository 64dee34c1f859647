package dev.protekt.health;

import java.time.Instant;
import java.util.Objects;

/**
 * One issuer's signing keys as the verifier holds them (the tenant's, with one issuer).
 *
 * @param state whether tokens can be verified and with how recent keys
 * @param lastFetchedAt when the keys in hand were fetched (with {@link State#NO_USABLE_KEYS}, the
 *     set without a usable key), or {@code null} before any were
 * @param keyCount how many keys in hand can verify a token of an allowed algorithm; keys the
 *     verifier would refuse (another type or curve, RSA under 2048 bits) do not count
 * @param lastFailure while a fetch is being retried, what its last attempt met; else the failure of
 *     the last fetch (a set without a usable key included), or {@code null} when it succeeded or
 *     none ended yet
 */
public record KeySetHealth(State state, Instant lastFetchedAt, int keyCount, Failure lastFailure) {
  /** The key set's state. */
  public enum State {
    /** No keys were ever fetched: no token can be verified yet. */
    NEVER_FETCHED,
    /**
     * Usable keys are in hand, younger than the cache TTL, and the last fetch succeeded. With a
     * zero TTL, keys are due for a refresh at every verification and health check (as the refresh
     * budget allows) and stay fresh until a refresh fails: older than the TTL from the start, they
     * would otherwise never be anything but stale.
     */
    FRESH,
    /**
     * Keys are in hand and in use, but the last fetch failed, a fetch has been running for longer
     * than {@code keyFetchWait}, or they are older than the cache TTL: tokens are verified, and a
     * key the tenant has added since is not known yet.
     */
    STALE,
    /**
     * Keys were fetched, but none can verify a token of an allowed algorithm (an empty set, or only
     * keys the verifier refuses): no token can be verified until the tenant publishes one, since
     * such a set drops the keys fetched before it. Not {@link #STALE}, which verifies tokens, nor
     * {@link #NEVER_FETCHED}, since fetching works.
     */
    NO_USABLE_KEYS
  }

  /** @throws NullPointerException if {@code state} is null */
  public KeySetHealth {
    Objects.requireNonNull(state, "state");
  }

  /** Whether these keys can verify tokens now: usable keys are in hand, fresh or stale. */
  public boolean canVerify() {
    return state == State.FRESH || state == State.STALE;
  }
}
