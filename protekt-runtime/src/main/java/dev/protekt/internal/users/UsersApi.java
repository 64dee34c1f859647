package dev.protekt.internal.users;

import com.fasterxml.jackson.databind.JsonNode;
import retrofit2.Call;
import retrofit2.http.Body;
import retrofit2.http.DELETE;
import retrofit2.http.GET;
import retrofit2.http.PATCH;
import retrofit2.http.POST;
import retrofit2.http.Path;
import retrofit2.http.Query;

/**
 * The Users API contract ({@code /api/v2/}) as Retrofit declares it. {@code @Path} with {@code
 * encoded = false} percent-encodes ids, so {@code protekt|abc} is sent as {@code protekt%7Cabc} and
 * a {@code /} in an id cannot reach another path. Bodies are trees both ways: {@link RetrofitUsers}
 * builds them and reads them itself, so that neither a value it cannot write nor an answer that
 * does not fit the contract ends up quoted in an exception.
 */
interface UsersApi {
  @GET("users/{id}")
  Call<JsonNode> get(@Path(value = "id", encoded = false) String id);

  @POST("users")
  Call<JsonNode> create(@Body JsonNode user);

  @PATCH("users/{id}")
  Call<JsonNode> update(@Path(value = "id", encoded = false) String id, @Body JsonNode changes);

  @DELETE("users/{id}")
  Call<Void> delete(@Path(value = "id", encoded = false) String id);

  /** With {@code include_totals=true} the tenant answers an object, without it a bare array. */
  @GET("users")
  Call<JsonNode> list(
      @Query("page") Integer page,
      @Query("per_page") Integer perPage,
      @Query("include_totals") Boolean includeTotals,
      @Query("q") String q,
      @Query("sort") String sort);
}
