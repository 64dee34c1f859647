package dev.protekt.internal.users;

import dev.protekt.internal.http.TenantCall;
import dev.protekt.users.User;
import dev.protekt.users.UsersPage;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Map;
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
 * a {@code /} in an id cannot reach another path. Bodies are maps of JSON field names, which say
 * each field's three states as they are: a key absent is not sent, a key mapped to {@code null}
 * clears the field. Jackson writes and reads them ({@link UsersJson}); {@link
 * dev.protekt.internal.http.TenantCalls} turns each answer into its body or a typed error.
 */
interface UsersApi {
  /**
   * A call about the one user its id names: only its 404 can say that user does not exist. Any
   * other call's 404 (a wrong base URL, a proxy's page) says nothing about a user.
   */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.METHOD)
  @interface AboutOneUser {}

  @AboutOneUser
  @GET("users/{id}")
  TenantCall<User> get(@Path(value = "id", encoded = false) String id);

  @POST("users")
  TenantCall<User> create(@Body Map<String, Object> user);

  @AboutOneUser
  @PATCH("users/{id}")
  TenantCall<User> update(@Path(value = "id", encoded = false) String id,
      @Body Map<String, Object> changes);

  @AboutOneUser
  @DELETE("users/{id}")
  TenantCall<Void> delete(@Path(value = "id", encoded = false) String id);

  /** With {@code include_totals=true} the tenant answers an object, without it a bare array. */
  @GET("users")
  TenantCall<UsersPage> list(
      @Query("page") Integer page,
      @Query("per_page") Integer perPage,
      @Query("include_totals") Boolean includeTotals,
      @Query("q") String q,
      @Query("sort") String sort);
}
