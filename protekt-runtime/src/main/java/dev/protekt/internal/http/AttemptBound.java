package dev.protekt.internal.http;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import okhttp3.Interceptor;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;

/**
 * Bounds each attempt as a whole, its answer's body included, and reads that body inside the
 * attempt.
 *
 * <p>Connect, write and read timeouts each bound one step: a read timeout bounds one read, so a
 * tenant that sends a byte just within it (a congested link, a stuck proxy) keeps an attempt going
 * for as long as its body is long, and with it the one key fetch in flight, which no key rotation
 * gets past. So the answer must be read whole by the attempt's start plus the connect, write and
 * read timeouts ({@link #boundMillis}): 3 × {@code timeout} with the SDK's own, room for each step
 * to take its whole timeout, and no more in all. A read past that fails with a {@code
 * SocketTimeoutException}, as any timeout, and {@link RetryInterceptor} retries it as one.
 *
 * <p>The answer's first {@link #PREFETCH_BYTES} are read here, within the attempt: every answer the
 * contract gives fits, so a body that trickles fails here, where it can still be retried, and the
 * attempt's log line and metric time the body too. A longer answer's rest is read by its caller,
 * still within the bound.
 */
final class AttemptBound implements Interceptor {
  /**
   * What an attempt reads of its answer: far more than any answer of the contract (a page of 100
   * users with full metadata is a few hundred KiB), and twice the key set's own bound (512 KiB),
   * so that its reader still stops near that bound rather than at {@link
   * ResponseSizeLimit#MAX_BYTES}.
   */
  static final long PREFETCH_BYTES = 1024 * 1024;

  @Override
  public Response intercept(Chain chain) throws IOException {
    long start = System.nanoTime();
    Response response = chain.proceed(chain.request());
    ResponseBody body = response.body();
    if (body == null) {
      return response;
    }
    try {
      BufferedSource source = body.source();
      long bound = boundMillis(chain);
      if (bound > 0) {
        // Kept by the source for its caller's reads too; OkHttp clears it once the body ends.
        source.timeout().deadlineNanoTime(start + TimeUnit.MILLISECONDS.toNanos(bound));
      }
      source.request(PREFETCH_BYTES);
    } catch (IOException | RuntimeException e) {
      response.close();
      throw e;
    }
    return response;
  }

  /**
   * The bound on one attempt in milliseconds: its connect, write and read timeouts added up, or 0
   * (none) when one of them is none, as a client of the user's may have it.
   */
  private static long boundMillis(Chain chain) {
    int connect = chain.connectTimeoutMillis();
    int write = chain.writeTimeoutMillis();
    int read = chain.readTimeoutMillis();
    return connect == 0 || write == 0 || read == 0 ? 0 : (long) connect + write + read;
  }
}
