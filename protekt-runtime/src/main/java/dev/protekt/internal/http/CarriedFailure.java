package dev.protekt.internal.http;

import java.io.IOException;

/**
 * An SDK exception thrown inside an OkHttp call, carried through OkHttp to {@link TenantCalls}: a
 * machine token that could not be had, or the closed client's refusal ({@link HttpStack#create},
 * and {@link RetryInterceptor} before a retry). OkHttp passes only an {@link IOException} from an
 * interceptor to the caller as it is: for an async call it turns anything else into {@code
 * IOException("canceled due to …")} and rethrows the original on its dispatcher thread, where it
 * is printed as uncaught. Wrapped, the exception (a refusal, a missing secret) reaches the caller
 * the same way sync and async.
 */
final class CarriedFailure extends IOException {
  private static final long serialVersionUID = 1L;

  CarriedFailure(RuntimeException failure) {
    super(failure);
  }

  /** The provider's exception, as the call throws it. */
  RuntimeException failure() {
    return (RuntimeException) getCause();
  }
}
