package dev.protekt.metrics;

import dev.protekt.InvalidTokenException;
import dev.protekt.ProtektAuth;
import dev.protekt.health.Failure;

/**
 * What a {@link ProtektAuth} reports as it works, for metrics: set one with {@link
 * ProtektAuth.Builder#metrics(ProtektMetrics)}, such as {@link MicrometerMetrics#of
 * MicrometerMetrics.of(registry)}. Every method does nothing by default, so an implementation
 * overrides only what it records, and a method added later breaks none.
 *
 * <p>Methods are called on the thread doing the work, synchronously, once per event: they must be
 * fast (a cache hit costs tens of nanoseconds in all, and {@link #tokenCacheHit()} is called on
 * it), must not block, and should not throw. Durations are in nanoseconds. No argument ever holds a
 * token, a secret, a subject or a URL, but for the issuer of a key fetch: one of those configured,
 * masked as in messages.
 *
 * <p>A listener cannot change what the client decides or reports: a {@link RuntimeException} one
 * of these methods throws is caught and ignored (the token is verified or refused, the keys fetched
 * or not, {@link ProtektAuth#health()} reported, as without the listener), and logged once per
 * method as a WARN on {@code dev.protekt.metrics} naming the listener's class, the method, the
 * exception's type and where it was thrown, but not its message. Only {@link #attached} is not
 * guarded: what it throws, {@link ProtektAuth.Builder#build()} throws, so that it may refuse a
 * client.
 */
public interface ProtektMetrics {
  /** Reports nothing: the default. */
  ProtektMetrics NONE = new ProtektMetrics() {};

  /**
   * Called once by {@link ProtektAuth.Builder#build()} with the client these metrics report on, so
   * that gauges can read {@link ProtektAuth#health()}; an exception it throws is thrown by {@code
   * build()}, which refuses the client.
   */
  default void attached(ProtektAuth auth) {}

  /**
   * Called once by {@link ProtektAuth#close()}, so that meters reading {@code auth} can be removed:
   * events may still follow, from calls that were under way.
   */
  default void closed(ProtektAuth auth) {}

  /** A token was found in the verified-token cache: verified at once, its signature not checked. */
  default void tokenCacheHit() {}

  /** A token was not in the verified-token cache (with the cache on); a full check follows. */
  default void tokenCacheMiss() {}

  /** A token was verified by a full check: signature and claims, in {@code nanos}. */
  default void tokenVerified(long nanos) {}

  /** A token was refused for {@code reason} after a check of {@code nanos}. */
  default void tokenRefused(InvalidTokenException.Reason reason, long nanos) {}

  /**
   * A token could not be checked, since the signing keys it needs could not be had (none at all,
   * or its {@code kid} not in hand and not fetched in time), after {@code nanos}.
   */
  default void keysUnavailable(long nanos) {}

  /**
   * A fetch of one trusted issuer's signing keys ended after {@code nanos}: one that went out, to
   * its JWKS, and to its discovery first while no document is in hand (or joining the discovery
   * another call started). A caller refused at once during a pause sends nothing and is no fetch:
   * the pause after a failed fetch, or a discovery's after a {@code Retry-After} or a
   * misconfiguration, whichever call met it first.
   *
   * @param issuer the issuer as configured, as {@link
   *     dev.protekt.health.ProtektHealth#keysByIssuer()} names it: the domain or one of the
   *     additional issuers, with any URL masked
   * @param failure {@code null} when it succeeded, else how it failed; never {@link
   *     Failure.Kind#REFUSED REFUSED}, since these fetches send no credentials
   */
  default void keysFetched(String issuer, Failure.Kind failure, long nanos) {}

  /**
   * A machine-token request to the token endpoint ended after {@code nanos}.
   *
   * @param failure {@code null} when it got a token, else how it failed
   */
  default void machineTokenFetched(Failure.Kind failure, long nanos) {}

  /**
   * A Users API call ended after {@code nanos}, retries included.
   *
   * @param method the HTTP method, such as {@code GET}
   * @param status the final HTTP status, or 0 when no answer came (an I/O failure or timeout)
   */
  default void usersApiCall(String method, int status, long nanos) {}

  /**
   * A call to the tenant (any: discovery, keys, tokens, Users API) is about to be retried.
   *
   * @param status the status of the answer retried, or 0 for an I/O failure
   */
  default void retry(int status) {}

  /** The tenant answered 429 Too Many Requests, whether the call is retried or not. */
  default void rateLimited() {}
}
