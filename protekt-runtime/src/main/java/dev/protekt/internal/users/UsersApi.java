package dev.protekt.internal.users;

import com.fasterxml.jackson.databind.JsonNode;
import okhttp3.ResponseBody;
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
 * a {@code /} in an id cannot reach another path. {@link RetrofitUsers} builds the request bodies
 * as trees and reads the answers itself, so that neither a value it cannot write nor an answer
 * that does not fit the contract ends up quoted in an exception, and an unreadable answer is
 * reported with its status.
 */
interface UsersApi {
  @GET("users/{id}")
  Call<ResponseBody> get(@Path(value = "id", encoded = false) String id);

  @POST("users")
  Call<ResponseBody> create(@Body JsonNode user);

  @PATCH("users/{id}")
  Call<ResponseBody> update(@Path(value = "id", encoded = false) String id, @Body JsonNode changes);

  @DELETE("users/{id}")
  Call<Void> delete(@Path(value = "id", encoded = false) String id);

  /** With {@code include_totals=true} the tenant answers an object, without it a bare array. */
  @GET("users")
  Call<ResponseBody> list(
      @Query("page") Integer page,
      @Query("per_page") Integer perPage,
      @Query("include_totals") Boolean includeTotals,
      @Query("q") String q,
      @Query("sort") String sort);
}
