package dev.protekt.internal.users;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.protekt.AccessTokenProvider;
import dev.protekt.ProtektApiException;
import dev.protekt.ProtektUnavailableException;
import dev.protekt.UserExistsException;
import dev.protekt.UserNotFoundException;
import dev.protekt.internal.Settings;
import dev.protekt.internal.discovery.Discovery;
import dev.protekt.internal.http.ErrorBodies;
import dev.protekt.internal.http.HttpStack;
import dev.protekt.internal.http.Urls;
import dev.protekt.users.User;
import dev.protekt.users.UserCreate;
import dev.protekt.users.UserQuery;
import dev.protekt.users.UserUpdate;
import dev.protekt.users.Users;
import dev.protekt.users.UsersPage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.ResponseBody;
import retrofit2.Call;
import retrofit2.Response;
import retrofit2.Retrofit;
import retrofit2.converter.jackson.JacksonConverterFactory;

/**
 * {@link Users} over the Retrofit {@link UsersApi}, on the SDK's one HTTP stack plus a bearer-token
 * interceptor for the Users API audience. Calls are synchronous; the async forms run them on
 * OkHttp's dispatcher executor, which already grows with demand.
 */
public final class RetrofitUsers implements Users {
  private static final ObjectMapper JSON =
      new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  private static final int DEFAULT_PER_PAGE = 50;

  private final UsersApi api;
  private final Executor executor;

  /** Builds the client; no request is made until the first call. */
  public RetrofitUsers(
      Settings settings, Discovery discovery, OkHttpClient http, AccessTokenProvider tokens) {
    OkHttpClient authed = HttpStack.withBearerAuth(http, tokens, discovery::usersAudience);
    this.api = new Retrofit.Builder()
        .baseUrl(discovery.usersBaseUrl())
        .client(authed)
        .addConverterFactory(JacksonConverterFactory.create(JSON))
        .build()
        .create(UsersApi.class);
    this.executor = authed.dispatcher().executorService();
  }

  @Override
  public User get(String userId) {
    return user(api.get(id(userId)));
  }

  @Override
  public User create(UserCreate user) {
    return user(api.create(json(required(user).toMap())));
  }

  @Override
  public User create(Map<String, ?> fields) {
    return user(api.create(json(copy(fields))));
  }

  @Override
  public User update(String userId, UserUpdate update) {
    return user(api.update(id(userId), json(required(update).toMap())));
  }

  @Override
  public User update(String userId, Map<String, ?> fields) {
    return user(api.update(id(userId), json(copy(fields))));
  }

  @Override
  public boolean delete(String userId) {
    answer(api.delete(id(userId)));
    return true;
  }

  @Override
  public UsersPage list(UserQuery query) {
    UserQuery q = required(query);
    return page(answer(api.list(q.page(), q.perPage(), q.includeTotals(), q.q(), q.sort())));
  }

  @Override
  public Stream<User> stream(UserQuery query) {
    UserQuery q = required(query);
    int first = q.page() == null ? 0 : q.page();
    int perPage = q.perPage() == null ? DEFAULT_PER_PAGE : q.perPage();
    long reachable = Math.max(0, UserQuery.MAX_RESULTS - (long) first * perPage);
    Iterator<User> users = new Iterator<>() {
      private int page = first;
      private Iterator<User> current = Collections.emptyIterator();
      private boolean last = reachable == 0;

      @Override
      public boolean hasNext() {
        while (!current.hasNext() && !last) {
          List<User> batch =
              page(answer(api.list(page, perPage, q.includeTotals(), q.q(), q.sort()))).users();
          current = batch.iterator();
          page++;
          last = batch.size() < perPage || (long) page * perPage >= UserQuery.MAX_RESULTS;
        }
        return current.hasNext();
      }

      @Override
      public User next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return current.next();
      }
    };
    // The contract pages by offset: a user created ahead of the stream's position while it runs
    // pushes the rest one place back, and the next page would repeat a user already yielded.
    Set<String> yielded = new HashSet<>();
    return StreamSupport.stream(
            Spliterators.spliteratorUnknownSize(users, Spliterator.ORDERED | Spliterator.NONNULL),
            false)
        .filter(user -> user.userId() == null || yielded.add(user.userId()))
        .limit(reachable);
  }

  @Override
  public CompletableFuture<User> getAsync(String userId) {
    return async(() -> get(userId));
  }

  @Override
  public CompletableFuture<User> createAsync(UserCreate user) {
    return async(() -> create(user));
  }

  @Override
  public CompletableFuture<User> updateAsync(String userId, UserUpdate update) {
    return async(() -> update(userId, update));
  }

  @Override
  public CompletableFuture<Boolean> deleteAsync(String userId) {
    return async(() -> delete(userId));
  }

  @Override
  public CompletableFuture<UsersPage> listAsync(UserQuery query) {
    return async(() -> list(query));
  }

  @Override
  public String toString() {
    return "RetrofitUsers";
  }

  private <T> CompletableFuture<T> async(Supplier<T> call) {
    return CompletableFuture.supplyAsync(call, executor);
  }

  /** The user the call answers, or a typed error: an answer that is no user is not returned. */
  private static User user(Call<ResponseBody> call) {
    Response<ResponseBody> answer = answer(call);
    JsonNode node = json(answer);
    if (!node.isObject()) {
      throw unfit(answer, "with no user");
    }
    return user(node, answer);
  }

  /**
   * A successful answer's body as JSON, read here rather than by Retrofit's converter: its parse
   * error loses the status, so a create that took effect looked like an unreachable tenant, and
   * its message quotes the body.
   */
  private static JsonNode json(Response<ResponseBody> answer) {
    try (ResponseBody body = answer.body()) {
      JsonNode node = body == null ? null : JSON.readTree(body.byteStream());
      if (node == null || node.isMissingNode()) {
        throw unfit(answer, "with no body");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw unfit(answer, "with a body that is not JSON");
    } catch (IOException e) {
      throw unavailable(answer.raw().request(), e);
    }
  }

  private static User user(JsonNode node, Response<?> answer) {
    try {
      return JSON.convertValue(node, User.class);
    } catch (IllegalArgumentException e) {
      // Neither Jackson's message nor the cause: they quote the user's data.
      throw unfit(answer, "with a user that does not fit the contract");
    }
  }

  private static ProtektApiException unfit(Response<?> answer, String what) {
    Request request = answer.raw().request();
    return new ProtektApiException(answer.code(), "invalid_response", "The Users API call "
        + describe(request) + " answered " + answer.code() + " " + what
        + (request.method().equals("GET") ? "." : "; it may have taken effect."));
  }

  /** The successful answer, or the error it is. */
  private static <T> Response<T> answer(Call<T> call) {
    Response<T> response;
    try {
      response = call.execute();
    } catch (IOException e) {
      throw unavailable(call.request(), e);
    }
    if (response.isSuccessful()) {
      return response;
    }
    throw error(response, describe(call.request()));
  }

  /** {@code GET https://tenant/api/v2/users?…}, credentials masked, for messages. */
  private static String describe(Request request) {
    return request.method() + " " + Urls.redact(request.url());
  }

  private static ProtektUnavailableException unavailable(Request request, IOException e) {
    return new ProtektUnavailableException("The Users API call " + describe(request)
        + " failed: " + e.getClass().getSimpleName()
        + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"), e);
  }

  private static ProtektApiException error(Response<?> response, String what) {
    String text;
    try (ResponseBody body = response.errorBody()) {
      text = body == null ? "" : body.string();
    } catch (IOException e) {
      text = "";
    }
    ErrorBodies.ApiError error = ErrorBodies.parse(response.code(), text, "The Users API call " + what);
    switch (response.code()) {
      case 404:
        return new UserNotFoundException(error.message());
      case 409:
        return new UserExistsException(error.message());
      default:
        return new ProtektApiException(response.code(), error.errorCode(), error.message());
    }
  }

  /** With {@code include_totals} an object holding the list, without it the bare list. */
  private static UsersPage page(Response<ResponseBody> answer) {
    JsonNode body = json(answer);
    JsonNode list = body.isObject() ? body.get("users") : body;
    if (list == null || !list.isArray()) {
      throw unfit(answer, "with no user list");
    }
    List<User> users = new ArrayList<>();
    for (JsonNode node : list) {
      users.add(user(node, answer));
    }
    return new UsersPage(users, integer(body, "start"), integer(body, "limit"),
        body.path("total").isIntegralNumber() ? body.get("total").asLong() : null);
  }

  private static Integer integer(JsonNode answer, String field) {
    JsonNode node = answer.get(field);
    return node != null && node.isInt() ? node.asInt() : null;
  }

  private static String id(String userId) {
    if (userId == null || userId.isBlank()) {
      throw new IllegalArgumentException("A user id must not be blank.");
    }
    if (userId.equals(".") || userId.equals("..")) {
      throw new IllegalArgumentException("'" + userId + "' is not a user id.");
    }
    return userId;
  }

  private static <T> T required(T argument) {
    if (argument == null) {
      throw new IllegalArgumentException("The argument must not be null.");
    }
    return argument;
  }

  /**
   * The request body as a tree, written here rather than by Retrofit's converter, whose error
   * quotes the whole body (a new user's password included).
   */
  private static JsonNode json(Map<String, ?> fields) {
    try {
      return JSON.valueToTree(fields);
    } catch (IllegalArgumentException e) {
      String where = e.getCause() instanceof JsonMappingException
          ? ((JsonMappingException) e.getCause()).getPath().stream()
              .map(reference -> reference.getFieldName() != null
                  ? reference.getFieldName() : String.valueOf(reference.getIndex()))
              .collect(Collectors.joining("."))
          : "";
      throw new IllegalArgumentException("The user field " + (where.isEmpty() ? "" : where + " ")
          + "holds a value that cannot be written as JSON: use strings, numbers, booleans, lists"
          + " and maps (a date as an ISO-8601 string, for example).");
    }
  }

  private static Map<String, Object> copy(Map<String, ?> fields) {
    if (fields == null || fields.isEmpty()) {
      throw new IllegalArgumentException("The user fields must not be null or empty.");
    }
    return new LinkedHashMap<>(fields);
  }
}
