package dev.protekt.internal.http;

import dev.protekt.ProtektApiException;
import dev.protekt.ProtektUnavailableException;
import java.util.concurrent.CompletableFuture;

/**
 * One request to the tenant, declared in a Retrofit interface and adapted by {@link TenantCalls}:
 * it answers the converted body or the typed error the answer is, the same way whether it runs on
 * the caller's thread or on OkHttp's dispatcher. Retrofit's own {@code Call} reports an answer its
 * converter cannot read as an {@code IOException} that has lost the status, and leaves the mapping
 * of error answers to each caller.
 *
 * @param <T> the body's type ({@link Void} for none)
 */
public interface TenantCall<T> {
  /**
   * Sends the request and waits for the answer.
   *
   * @return the body; {@code null} only for {@code TenantCall<Void>}
   * @throws ProtektApiException the tenant refused, or answered what does not fit the contract
   * @throws ProtektUnavailableException no answer (refused, dropped, timed out)
   * @throws IllegalArgumentException the request body could not be written (nothing was sent)
   * @throws RuntimeException what the {@code AccessTokenProvider} threw, for a call that needs a
   *     machine token (nothing was sent)
   */
  T execute();

  /**
   * Sends the request through OkHttp's dispatcher; the future completes as {@link #execute()}
   * returns or throws. Cancelling the future cancels the request.
   */
  CompletableFuture<T> executeAsync();
}
