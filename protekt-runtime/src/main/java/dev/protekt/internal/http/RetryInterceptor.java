package dev.protekt.internal.http;

import dev.protekt.metrics.ProtektMetrics;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSink;
import org.slf4j.Logger;

/**
 * The contract's retry rules, as one OkHttp application interceptor.
 *
 * <ul>
 *   <li>{@code 429}: retried for every method (the request was refused, not processed), after the
 *       wait the tenant asks for: {@code Retry-After} (seconds or an HTTP date, read by {@link
 *       RetryAfter}), else {@code X-RateLimit-Reset} (epoch seconds), else the backoff below. A
 *       requested wait longer than {@link #MAX_WAIT} is not waited out: the 429 is returned at
 *       once, because a shorter wait would only be refused again.
 *   <li>{@code 5xx} and I/O failures (including timeouts): retried for GET, HEAD, PUT, PATCH,
 *       DELETE, OPTIONS and POSTs tagged {@link Idempotent}, except a TLS handshake answered in
 *       plain text, which every retry would meet again; the wait is {@code retryDelay × 2^n}
 *       (n = retries so far), at most {@link #MAX_BACKOFF}, times a random factor in [0.5, 1] so
 *       that many clients do not retry in step. A {@code 503} with a readable {@code Retry-After}
 *       waits what it asks for instead, and, as a 429, is returned at once when that is longer
 *       than {@link #MAX_WAIT}.
 *   <li>Other POSTs (a user create) are repeated only when the connection surely failed before the
 *       request was sent (connection refused, no route, unknown host) — never after a timeout, a
 *       dropped connection or a 5xx, whose outcome is unknown. Their bodies are marked one-shot,
 *       so OkHttp's own recovery from a failed pooled connection does not send them again either.
 *   <li>At most {@code retryAttempts} retries; 0 turns retrying off. A retry whose wait would not
 *       fit in the call's timeout is not started.
 *   <li>None once the client is closed: the call ends with the closed client's refusal, also when
 *       the close comes during the wait before a retry (which it ends). The refusal interceptor
 *       outside this one sees a call only once, before its first attempt, and a key fetch runs on
 *       the fetching thread, which the release of the dispatcher does not reach.
 * </ul>
 */
final class RetryInterceptor implements Interceptor {
  /** The longest wait before one retry, whatever a {@code Retry-After} asks for. */
  static final Duration MAX_WAIT = Duration.ofSeconds(60);
  /** The longest exponential backoff wait. */
  static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

  private static final Duration LONGEST_NANOS = Duration.ofNanos(Long.MAX_VALUE);

  /** How soon a wait before a retry ends after its call is cancelled. */
  private static final Duration CANCEL_CHECK = Duration.ofMillis(20);

  private static final Logger LOG = RedactingLogInterceptor.LOG;

  private final int retryAttempts;
  private final long retryDelayNanos;
  private final Clock clock;
  private final ProtektMetrics metrics;
  private final Supplier<RuntimeException> refusal;

  /**
   * @param refusal the exception a call ends with instead of a retry, once it returns one (the
   *     closed client's), or {@code null} while retries may go on
   */
  RetryInterceptor(int retryAttempts, Duration retryDelay, Clock clock, ProtektMetrics metrics,
      Supplier<RuntimeException> refusal) {
    this.retryAttempts = retryAttempts;
    this.retryDelayNanos = retryDelay.toNanos();
    this.clock = clock;
    this.metrics = metrics;
    this.refusal = refusal;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    boolean repeatable = isRepeatable(request);
    if (!repeatable && request.body() != null) {
      // So that OkHttp's connection-failure recovery never sends it again once it started.
      request = request.newBuilder().method(request.method(), new OneShotBody(request.body()))
          .build();
    }
    long start = System.nanoTime();
    for (int retry = 0; ; retry++) {
      Response response;
      try {
        response = chain.proceed(request);
      } catch (IOException e) {
        boolean retryable = (repeatable || surelyNotSent(e)) && !certainToRepeat(e);
        long wait = backoffNanos(retry);
        if (retry >= retryAttempts || !retryable || chain.call().isCanceled()
            || !fits(chain, start, wait)) {
          throw e;
        }
        refuseIfClosed();
        tellRetried(request, e, 0);
        LOG.info("{} {} failed ({}); retry {} of {} in {} ms", request.method(),
            Urls.redact(request.url()), e.getClass().getSimpleName(), retry + 1,
            retryAttempts, TimeUnit.NANOSECONDS.toMillis(wait));
        metrics.retry(0);
        waitToRetry(chain, wait);
        continue;
      }
      if (response.code() == 429) {
        metrics.rateLimited();
      }
      long wait = retry >= retryAttempts || callerWaits(request, response)
          ? -1 : waitBeforeRetry(response, repeatable, retry);
      if (wait < 0 || !fits(chain, start, wait)) {
        return response;
      }
      response.close();
      refuseIfClosed();
      tellRetried(request, null, response.code());
      LOG.info("{} {} answered {}; retry {} of {} in {} ms", request.method(),
          Urls.redact(request.url()), response.code(), retry + 1, retryAttempts,
          TimeUnit.NANOSECONDS.toMillis(wait));
      metrics.retry(response.code());
      waitToRetry(chain, wait);
    }
  }

  /** Tells the request's {@link RetriedAttempts}, if it has any, of an attempt to be retried. */
  private void tellRetried(Request request, IOException error, int status) {
    RetriedAttempts attempts = request.tag(RetriedAttempts.class);
    if (attempts != null) {
      attempts.retried(new RetriedAttempts.Attempt(error, status, clock.instant()));
    }
  }

  /** Whether {@code request}'s caller paces itself ({@link CallerWaits}) and this asks it to. */
  private static boolean callerWaits(Request request, Response response) {
    return request.tag(CallerWaits.class) != null && (response.code() == 429
        || response.code() == 503 && response.header("Retry-After") != null);
  }

  /** The wait before retrying this response in nanoseconds, or -1 not to retry it. */
  private long waitBeforeRetry(Response response, boolean repeatable, int retry) {
    if (response.code() == 429) {
      return atMostMaxWait(rateLimitWaitNanos(response), retry);
    }
    if (response.code() == 503 && repeatable) {
      // A 503's Retry-After says how long the tenant expects to be down: sooner is refused again.
      // No less than the backoff, though: "0" must not bring every client back at once.
      Duration asked = RetryAfter.parse(response.header("Retry-After"), clock).orElse(null);
      return atMostMaxWait(
          asked == null ? -1 : Math.max(nanos(asked), backoffNanos(retry)), retry);
    }
    return response.code() >= 500 && repeatable ? backoffNanos(retry) : -1;
  }

  /** {@code asked} (the backoff when it is -1), or -1 if that is longer than {@link #MAX_WAIT}. */
  private long atMostMaxWait(long asked, int retry) {
    long wait = asked >= 0 ? asked : backoffNanos(retry);
    return wait <= MAX_WAIT.toNanos() ? wait : -1;
  }

  /** A wait too long for a long of nanoseconds is still a wait, one far over {@link #MAX_WAIT}. */
  private static long nanos(Duration wait) {
    return wait.compareTo(LONGEST_NANOS) >= 0 ? Long.MAX_VALUE : wait.toNanos();
  }

  /**
   * What {@code Retry-After} or {@code X-RateLimit-Reset} ask for, or -1 if neither is usable: read
   * as the 429 thrown to a caller says it ({@link RetryAfter#rateLimited}).
   */
  private long rateLimitWaitNanos(Response response) {
    return RetryAfter.rateLimited(response.headers(), clock).map(RetryInterceptor::nanos)
        .orElse(-1L);
  }

  private long backoffNanos(int retry) {
    double exponential = retryDelayNanos * Math.pow(2, Math.min(retry, 30));
    double capped = Math.min(exponential, MAX_BACKOFF.toNanos());
    return (long) (capped * (0.5 + 0.5 * ThreadLocalRandom.current().nextDouble()));
  }

  private static boolean isRepeatable(Request request) {
    if (!request.method().equals("POST")) {
      return true;
    }
    return request.tag(Idempotent.class) != null;
  }

  /** {@code body}, marked as one that may be sent only once. */
  private static final class OneShotBody extends RequestBody {
    private final RequestBody body;

    OneShotBody(RequestBody body) {
      this.body = body;
    }

    @Override
    public MediaType contentType() {
      return body.contentType();
    }

    @Override
    public long contentLength() throws IOException {
      return body.contentLength();
    }

    @Override
    public void writeTo(BufferedSink sink) throws IOException {
      body.writeTo(sink);
    }

    @Override
    public boolean isOneShot() {
      return true;
    }
  }

  static boolean surelyNotSent(IOException e) {
    return e instanceof ConnectException || e instanceof NoRouteToHostException
        || e instanceof UnknownHostException;
  }

  /** Whether every retry would meet {@code e} again: a TLS handshake answered in plain text. */
  private static boolean certainToRepeat(IOException e) {
    return PlainTextAnswers.answeredInPlainText(e);
  }

  private static boolean fits(Chain chain, long start, long waitNanos) {
    long callTimeout = chain.call().timeout().timeoutNanos();
    return callTimeout == 0 || System.nanoTime() - start + waitNanos < callTimeout;
  }

  /** Ends the call with the refusal instead of a retry, once there is one (the client closed). */
  private void refuseIfClosed() throws CarriedFailure {
    RuntimeException refused = refusal.get();
    if (refused != null) {
      // The wrapper OkHttp passes on intact, as it does the refusal before the first attempt.
      throw new CarriedFailure(refused);
    }
  }

  /**
   * Waits {@code nanos} before a retry, or until the call is cancelled or the client closed: a
   * cancelled async call would otherwise hold its dispatcher slot for the whole wait (up to {@link
   * #MAX_WAIT}), and a closed client's key fetch would go on retrying. OkHttp tells an interceptor
   * of a cancel only through {@code isCanceled()}, so both are asked every {@link #CANCEL_CHECK},
   * and the refusal once more when the wait is over, just before the retry.
   */
  private void waitToRetry(Chain chain, long nanos) throws IOException {
    long end = System.nanoTime() + nanos;
    for (long left = nanos; ; left = end - System.nanoTime()) {
      refuseIfClosed();
      if (left <= 0) {
        return;
      }
      if (chain.call().isCanceled()) {
        throw new IOException("Canceled");
      }
      try {
        TimeUnit.NANOSECONDS.sleep(Math.min(left, CANCEL_CHECK.toNanos()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while waiting to retry");
      }
    }
  }
}
