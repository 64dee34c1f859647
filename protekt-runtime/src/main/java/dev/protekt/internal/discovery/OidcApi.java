package dev.protekt.internal.discovery;

import dev.protekt.internal.Settings;
import dev.protekt.internal.http.CallerWaits;
import dev.protekt.internal.http.HttpStack;
import dev.protekt.internal.http.RetriedAttempts;
import dev.protekt.internal.http.StrictJson;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.ResponseBody;
import retrofit2.Call;
import retrofit2.http.GET;
import retrofit2.http.Headers;
import retrofit2.http.Streaming;
import retrofit2.http.Tag;
import retrofit2.http.Url;

/**
 * The tenant's OIDC endpoints as Retrofit declares them. Both ask caches on the way (a proxy of the
 * user's) to check with the tenant: the SDK's own client has no HTTP cache ({@link HttpStack}),
 * and the SDK decides itself how long keys are kept. Each takes its absolute URL, since the
 * discovery document sits under the domain and the key set wherever that document says. Their
 * calls are plain Retrofit {@link Call}s rather than {@link dev.protekt.internal.http.TenantCall}s:
 * every answer but a success (and discovery's 404, which means "use the contract's fallback") is
 * an outage to their callers, not a refusal to map to an exception. Each is tagged {@link
 * CallerWaits#TAG}: their callers wait out a {@code Retry-After} themselves; and with its own
 * {@link RetriedAttempts}, which a warm-up reads when its time runs out during the retries.
 */
public interface OidcApi {
  /**
   * The discovery document, unread: its caller reads it strictly ({@link StrictJson}: a document
   * naming two {@code jwks_uri}s says two things) and, when it is not JSON, says what it is by
   * its content type, which a converter's failure would not show.
   */
  @GET
  @Streaming
  @Headers({"Accept: application/json", "Cache-Control: no-cache"})
  Call<ResponseBody> configuration(
      @Url HttpUrl url, @Tag CallerWaits callerWaits, @Tag RetriedAttempts retried);

  /**
   * The key set, unread: it has its own, tighter size bound than other answers, and each of its
   * keys is parsed on its own so that one bad key does not cost the others.
   */
  @GET
  @Streaming
  @Headers({"Accept: application/json", "Cache-Control: no-cache"})
  Call<ResponseBody> keySet(
      @Url HttpUrl url, @Tag CallerWaits callerWaits, @Tag RetriedAttempts retried);

  /**
   * The endpoints over the SDK's one client ({@code http}), each call bounded as a whole ({@link
   * HttpStack#boundedFetches}); {@code domain} is any tenant URL.
   */
  static OidcApi create(OkHttpClient http, Settings settings, HttpUrl domain) {
    return HttpStack.retrofit(HttpStack.boundedFetches(http, settings), domain.resolve("/"))
        .build()
        .create(OidcApi.class);
  }
}
