package dev.protekt.internal.http;

import dev.protekt.AccessTokenProvider;
import java.io.IOException;
import java.util.function.Supplier;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;

/**
 * Adds {@code Authorization: Bearer <machine token>}. When the API answers 401 (the token expired
 * early or was revoked), the token is dropped from the provider's cache, a new one is fetched once
 * and the request is sent once more; a second 401 is the caller's answer. Resending is safe even
 * for a POST: a 401 means the request was refused before it was processed.
 */
final class BearerAuthInterceptor implements Interceptor {
  private static final Logger LOG = RedactingLogInterceptor.LOG;

  private final AccessTokenProvider tokens;
  private final Supplier<String> audience;

  BearerAuthInterceptor(AccessTokenProvider tokens, Supplier<String> audience) {
    this.tokens = tokens;
    this.audience = audience;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    String aud = audience();
    String token = token(aud, null);
    Response response = chain.proceed(withToken(chain.request(), token));
    if (response.code() != 401) {
      return response;
    }
    response.close();
    LOG.info("{} {} answered 401; fetching a new machine token and retrying once",
        chain.request().method(), Urls.redact(chain.request().url()));
    Request again = withToken(chain.request(), token(aud, token));
    // The refused token is no longer sent, but it may be valid still: an answer must not show it.
    return chain.proceed(HeldSecrets.adding(again.newBuilder(), chain.request(), token).build());
  }

  /** The audience, whose failure (discovery's) travels as a {@link CarriedFailure} too. */
  private String audience() throws CarriedFailure {
    try {
      return audience.get();
    } catch (RuntimeException e) {
      throw new CarriedFailure(e);
    }
  }

  /**
   * The provider's token, after it dropped {@code refused} if that is not {@code null}; its
   * failure as the {@link CarriedFailure} OkHttp passes on intact.
   */
  private String token(String aud, String refused) throws CarriedFailure {
    try {
      if (refused != null) {
        tokens.invalidate(aud, refused);
      }
      return tokens.getAccessToken(aud);
    } catch (RuntimeException e) {
      throw new CarriedFailure(e);
    }
  }

  private static Request withToken(Request request, String token) {
    return request.newBuilder().header("Authorization", "Bearer " + token).build();
  }
}
