package dev.protekt.internal.users;

import dev.protekt.AccessTokenProvider;
import dev.protekt.ProtektApiException;
import dev.protekt.UserExistsException;
import dev.protekt.UserNotFoundException;
import dev.protekt.internal.Settings;
import dev.protekt.internal.Utf16;
import dev.protekt.internal.discovery.Discovery;
import dev.protekt.internal.http.ErrorBodies;
import dev.protekt.internal.http.HttpStack;
import dev.protekt.internal.http.TenantCall;
import dev.protekt.internal.http.TenantCalls;
import dev.protekt.internal.token.ClientCredentialsProvider;
import dev.protekt.users.User;
import dev.protekt.users.UserCreate;
import dev.protekt.users.UserQuery;
import dev.protekt.users.UserUpdate;
import dev.protekt.users.Users;
import dev.protekt.users.UsersPage;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.time.Clock;
import java.util.Arrays;
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
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import retrofit2.CallAdapter;
import retrofit2.Retrofit;

/**
 * {@link Users} over the Retrofit {@link UsersApi}, on the SDK's one HTTP stack plus a bearer-token
 * interceptor for the Users API audience. Each method checks its arguments and runs one declared
 * call: {@link TenantCall#execute()} for the synchronous forms, {@link TenantCall#executeAsync()}
 * (OkHttp's dispatcher) for the async ones.
 */
public final class RetrofitUsers implements Users {
  private static final String API = "The Users API";
  private static final int DEFAULT_PER_PAGE = 50;

  private final UsersApi api;

  /**
   * Builds the client; no request is made until the first call. {@code audience} is asked in each
   * call for the audience of its machine token.
   */
  public RetrofitUsers(Settings settings, Discovery discovery, OkHttpClient http,
      AccessTokenProvider tokens, Supplier<String> audience) {
    // Asked without fetching anything: discovery is known once it has answered.
    BooleanSupplier tokenInHand = tokens instanceof ClientCredentialsProvider grant
        ? () -> discovery.known() != null && grant.holdsValidToken(discovery.usersAudience())
        : () -> true;
    this.api = HttpStack.retrofit(HttpStack.withCallMetrics(
            HttpStack.withBearerAuth(http, tokens, audience), settings.metrics()),
            discovery.usersBaseUrl(), tokenInHand)
        .addCallAdapterFactory(new Refusing(settings.clock()))
        .addConverterFactory(new UsersJson())
        .build()
        .create(UsersApi.class);
  }

  @Override
  public User get(String userId) {
    return api.get(id(userId)).execute();
  }

  @Override
  public User create(UserCreate user) {
    return api.create(required(user).toMap()).execute();
  }

  @Override
  public User create(Map<String, ?> fields) {
    return api.create(copy(fields)).execute();
  }

  @Override
  public User update(String userId, UserUpdate update) {
    return api.update(id(userId), required(update).toMap()).execute();
  }

  @Override
  public User update(String userId, Map<String, ?> fields) {
    return api.update(id(userId), copy(fields)).execute();
  }

  @Override
  public boolean delete(String userId) {
    api.delete(id(userId)).execute();
    return true;
  }

  @Override
  public UsersPage list(UserQuery query) {
    return list(required(query), query.page(), query.perPage()).execute();
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
      private boolean last;

      @Override
      public boolean hasNext() {
        while (!current.hasNext() && !last) {
          List<User> batch =
              list(q, page, perPage).execute().users();
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
    Stream<User> stream = StreamSupport.stream(
            Spliterators.spliteratorUnknownSize(users, Spliterator.ORDERED | Spliterator.NONNULL),
            false)
        .filter(user -> yielded.add(user.userId()));
    // A first page past the search limit is still asked for: the tenant refuses it as it refuses
    // the same list (400 invalid_query_string), where an empty stream would say no user matches.
    return reachable == 0 ? stream : stream.limit(reachable);
  }

  @Override
  public CompletableFuture<User> getAsync(String userId) {
    return async(() -> api.get(id(userId)));
  }

  @Override
  public CompletableFuture<User> createAsync(UserCreate user) {
    return async(() -> api.create(required(user).toMap()));
  }

  @Override
  public CompletableFuture<User> updateAsync(String userId, UserUpdate update) {
    return async(() -> api.update(id(userId), required(update).toMap()));
  }

  @Override
  public CompletableFuture<Boolean> deleteAsync(String userId) {
    return async(() -> api.delete(id(userId))).thenApply(deleted -> true);
  }

  @Override
  public CompletableFuture<UsersPage> listAsync(UserQuery query) {
    return async(() -> list(required(query), query.page(), query.perPage()));
  }

  @Override
  public String toString() {
    return "RetrofitUsers";
  }

  /** The call's future; bad arguments fail it, as the call would on another thread. */
  private static <T> CompletableFuture<T> async(Supplier<TenantCall<T>> call) {
    try {
      return call.get().executeAsync();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** {@code query}'s filter and order, at this page and size. */
  private TenantCall<UsersPage> list(UserQuery query, Integer page, Integer perPage) {
    return api.list(page, perPage, query.includeTotals(), query.q(), query.sort());
  }

  /**
   * {@link TenantCalls} for the Users API, whose refusals depend on the call: a 404 is a {@link
   * UserNotFoundException} only for a call {@link UsersApi.AboutOneUser about one user} whose
   * answer carries the contract's {@code inexistent_user}. A 404 without it (a proxy's page, a
   * wrong base URL) is not taken for a missing user, which the README's {@code find} would turn
   * into "no such user" for every user.
   */
  private static final class Refusing extends CallAdapter.Factory {
    private final TenantCalls aboutOneUser;
    private final TenantCalls others;

    Refusing(Clock clock) {
      this.aboutOneUser = TenantCalls.create(API, clock, (status, error) -> status == 404
          && "inexistent_user".equals(error.errorCode())
              ? new UserNotFoundException(error.message()) : refused(status, error), ANSWERS);
      this.others = TenantCalls.create(API, clock, RetrofitUsers::refused, ANSWERS);
    }

    @Override
    public CallAdapter<?, ?> get(Type returnType, Annotation[] annotations, Retrofit retrofit) {
      boolean oneUser =
          Arrays.stream(annotations).anyMatch(UsersApi.AboutOneUser.class::isInstance);
      return (oneUser ? aboutOneUser : others).get(returnType, annotations, retrofit);
    }
  }

  /**
   * What the Users API's answers must say beyond their types: a get or an update answers the user
   * its id names (a misrouting proxy or cache could hand back another person's record), and a list
   * that asked for totals has one (a bare list would read as "not counted"). A create whose outcome
   * is unknown is looked for by its email, the one field a new user is sure to have.
   */
  private static final TenantCalls.Answers ANSWERS = new TenantCalls.Answers() {
    @Override
    public String misfit(Request request, Object body) {
      if (body instanceof User user && !request.method().equals("POST")) {
        List<String> path = request.url().pathSegments();
        return user.userId().equals(path.get(path.size() - 1))
            ? null : "with another user than the one it names";
      }
      if (body instanceof UsersPage page && page.total() == null
          && "true".equals(request.url().queryParameter("include_totals"))) {
        return "without the total it asked for";
      }
      return null;
    }

    @Override
    public String howToCheck(Request request) {
      return request.method().equals("POST")
          ? "search for the user by email before creating it again" : null;
    }
  };

  private static ProtektApiException refused(int status, ErrorBodies.ApiError error) {
    return status == 409
        ? new UserExistsException(error.message())
        : TenantCalls.Refusals.AS_ANSWERED.of(status, error);
  }

  private static String id(String userId) {
    if (userId == null || userId.isBlank()) {
      throw new IllegalArgumentException("A user id must not be blank.");
    }
    if (userId.equals(".") || userId.equals("..")) {
      throw new IllegalArgumentException("'" + userId + "' is not a user id.");
    }
    // UTF-8 has no form for half a surrogate pair: OkHttp would send "?", another user's id.
    if (Utf16.hasLoneSurrogate(userId)) {
      throw new IllegalArgumentException("A user id must not hold a lone surrogate.");
    }
    return userId;
  }

  private static <T> T required(T argument) {
    if (argument == null) {
      throw new IllegalArgumentException("The argument must not be null.");
    }
    return argument;
  }

  private static Map<String, Object> copy(Map<String, ?> fields) {
    if (fields == null || fields.isEmpty()) {
      throw new IllegalArgumentException("The user fields must not be null or empty.");
    }
    return new LinkedHashMap<>(fields);
  }
}
