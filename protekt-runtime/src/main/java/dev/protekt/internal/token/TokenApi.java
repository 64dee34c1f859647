package dev.protekt.internal.token;

import com.fasterxml.jackson.databind.JsonNode;
import dev.protekt.internal.http.Idempotent;
import dev.protekt.internal.http.TenantCall;
import java.util.Map;
import okhttp3.HttpUrl;
import retrofit2.http.Body;
import retrofit2.http.Headers;
import retrofit2.http.POST;
import retrofit2.http.Tag;
import retrofit2.http.Url;

/**
 * The tenant's token endpoint as Retrofit declares it, at the absolute URL discovery names. The
 * grant is sent as JSON; the answer is read as a tree, so that {@link ClientCredentialsProvider}
 * judges {@code access_token} and {@code expires_in} as the contract means them (an {@code
 * expires_in} it cannot use shortens the token's life rather than failing the call).
 */
interface TokenApi {
  /**
   * The client-credentials grant; {@code idempotent} is {@link Idempotent#TAG}, so that the
   * retries repeat it like a GET.
   */
  @POST
  @Headers("Accept: application/json")
  TenantCall<JsonNode> grant(
      @Url HttpUrl endpoint, @Body Map<String, String> grant, @Tag Idempotent idempotent);
}
