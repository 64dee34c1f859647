package dev.protekt.internal.users;

import com.fasterxml.jackson.databind.JsonNode;
import dev.protekt.users.User;
import java.util.Map;
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
 * a {@code /} in an id cannot reach another path.
 */
interface UsersApi {
  @GET("users/{id}")
  Call<User> get(@Path(value = "id", encoded = false) String id);

  @POST("users")
  Call<User> create(@Body Map<String, Object> user);

  @PATCH("users/{id}")
  Call<User> update(@Path(value = "id", encoded = false) String id, @Body Map<String, Object> changes);

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
