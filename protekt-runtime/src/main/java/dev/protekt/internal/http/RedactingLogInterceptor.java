package dev.protekt.internal.http;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs one DEBUG line per attempt: method, URL, status and duration, which counts reading the
 * answer's body, since {@link AttemptBound} (inside this one) reads it within the attempt. Never
 * headers (so never {@code Authorization}) and never bodies (so never a client secret or a token);
 * credentials in the URL's user info and secret-looking query parameters are masked too.
 */
final class RedactingLogInterceptor implements Interceptor {
  /**
   * The one logger of the SDK's HTTP traffic, which the README names: these lines, retries and
   * machine-token refreshes.
   */
  static final Logger LOG = LoggerFactory.getLogger("dev.protekt.http");

  @Override
  public Response intercept(Chain chain) throws IOException {
    if (!LOG.isDebugEnabled()) {
      return chain.proceed(chain.request());
    }
    Request request = chain.request();
    long start = System.nanoTime();
    try {
      Response response = chain.proceed(request);
      LOG.debug("{} {} -> {} ({} ms)", request.method(), Urls.redact(request.url()), response.code(),
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
      return response;
    } catch (IOException e) {
      LOG.debug("{} {} failed after {} ms: {}", request.method(), Urls.redact(request.url()),
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), e.getClass().getSimpleName());
      throw e;
    }
  }
}
