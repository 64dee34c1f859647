package dev.protekt.internal.http;

import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;
import okio.ForwardingSource;
import okio.Okio;

/**
 * Bounds every response body the SDK reads from the tenant, so that a misbehaving or hostile
 * endpoint cannot make it buffer without end: reading past {@link #MAX_BYTES} fails with an {@link
 * UnusableAnswerException}, which each caller reports as the tenant being unavailable, and health
 * as a bad answer. The bound is far above
 * anything the contract produces (a Users API page of 100 users with full metadata is a few
 * hundred KiB); the key set has its own, tighter bound.
 */
final class ResponseSizeLimit implements Interceptor {
  static final long MAX_BYTES = 8L * 1024 * 1024;

  @Override
  public Response intercept(Chain chain) throws IOException {
    Response response = chain.proceed(chain.request());
    ResponseBody body = response.body();
    return body == null ? response : response.newBuilder().body(new LimitedBody(body)).build();
  }

  private static final class LimitedBody extends ResponseBody {
    private final ResponseBody body;
    private final BufferedSource source;

    LimitedBody(ResponseBody body) {
      this.body = body;
      this.source = Okio.buffer(new ForwardingSource(body.source()) {
        private long read;

        @Override
        public long read(Buffer sink, long byteCount) throws IOException {
          long n = super.read(sink, byteCount);
          if (n > 0 && (read += n) > MAX_BYTES) {
            throw new UnusableAnswerException("The response is larger than "
                + MAX_BYTES / (1024 * 1024)
                + " MiB, more than the SDK reads from a tenant.");
          }
          return n;
        }
      });
    }

    @Override
    public MediaType contentType() {
      return body.contentType();
    }

    @Override
    public long contentLength() {
      return body.contentLength();
    }

    @Override
    public BufferedSource source() {
      return source;
    }
  }
}
