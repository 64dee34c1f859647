package dev.protekt.internal.http;

import dev.protekt.AccessTokenProvider;
import dev.protekt.internal.Settings;
import dev.protekt.metrics.ProtektMetrics;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import okhttp3.Call;
import okhttp3.Dispatcher;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Response;
import org.slf4j.Logger;
import retrofit2.Invocation;
import retrofit2.Retrofit;

/**
 * Builds the one OkHttp client through which the SDK fetches everything: discovery, keys, machine
 * tokens and the Users API. It is the user's own client (through {@link OkHttpClient#newBuilder()},
 * so their proxy, pool and interceptors apply and their client is left untouched) or a new one,
 * with the SDK's pieces added as small interceptors, outermost first:
 *
 * <ol>
 *   <li>a refusal of every call once the client is closed ({@link #create(Settings, Supplier)}),
 *       which {@link RetryInterceptor} asks again before each retry;
 *   <li>{@link BearerAuthInterceptor} (Users API only, see {@link #withBearerAuth}) — so that a 401
 *       refresh goes through the retries and the log like any other attempt;
 *   <li>{@link RetryInterceptor} — the contract's retry rules;
 *   <li>{@link RedactingLogInterceptor} — one line per attempt;
 *   <li>{@link AttemptBound} — each attempt, its answer's body read, within connect + write + read
 *       timeouts;
 *   <li>{@link ResponseSizeLimit} — no response body is read past 8 MiB.
 * </ol>
 *
 * <p>Timeouts: with {@code timeout} set, connect, read and write each get {@code timeout} per
 * attempt, so an attempt, its body included, ends within 3 × {@code timeout} ({@link
 * AttemptBound}), and the whole call (every attempt and wait) gets {@link #callTimeout(Settings)};
 * whichever ends first ends the call. Without it (the user brought a client and set no timeout),
 * the user's client's own timeouts apply, added up for an attempt; but a fetch of discovery or
 * keys is always bounded as a whole ({@link #boundedFetches}).
 *
 * <p>The user's client's HTTP {@link okhttp3.Cache} is not used: a cached JWKS would hide a key the
 * tenant added or withdrew for as long as the tenant's {@code max-age} says, and a cached Users API
 * answer would be stale; the SDK keeps what it should keep itself, for as long as it says.
 */
public final class HttpStack {
  /**
   * The logger of the SDK's HTTP traffic, which the README names: one line per attempt, retries,
   * machine-token refreshes and refusals.
   */
  public static final Logger LOG = RedactingLogInterceptor.LOG;

  /** The calls a machine token's fetch may make before the call that needs it: discovery, token. */
  static final int TOKEN_FETCH_CALLS = 2;

  /** The SDK's timeout when the user sets none and brings no client. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  private HttpStack() {}

  /**
   * The user's client (or a new one) with the SDK's timeouts, retries and logging, whose calls fail
   * before anything is sent with the exception {@code refusal} returns, as long as it returns one:
   * a {@link dev.protekt.users.Users} kept from a closed client must neither fetch a token nor open
   * a connection.
   */
  public static OkHttpClient create(Settings settings, Supplier<RuntimeException> refusal) {
    OkHttpClient.Builder builder = settings.httpClient() != null
        ? settings.httpClient().newBuilder()
        : new OkHttpClient.Builder().dispatcher(new Dispatcher(dispatcherThreads()));
    builder.addInterceptor(chain -> {
      RuntimeException refused = refusal.get();
      if (refused != null) {
        // The wrapper OkHttp passes on intact, sync and async, and TenantCalls unwraps.
        throw new CarriedFailure(refused);
      }
      return chain.proceed(chain.request());
    });
    if (settings.timeout() != null) {
      builder
          .connectTimeout(settings.timeout())
          .readTimeout(settings.timeout())
          .writeTimeout(settings.timeout())
          .callTimeout(callTimeout(settings));
    }
    // OkHttp's own recovery from a failed connection is left as the client has it (on by default):
    // it sends a request again at once on a new connection when a pooled one the tenant closed
    // while idle fails, and never a POST that RetryInterceptor would not repeat (one-shot body).

    // OkHttp resends a POST body on 307 and 308: followed, a redirect would carry the client secret
    // of a token request, or a new user's password, to wherever it points (another host, or out of
    // TLS). The contract has no redirects, so every 3xx is reported as the answer it is.
    builder.followRedirects(false);
    builder.cache(null);
    if (settings.clientSecret() != null) {
      builder.addInterceptor(HeldSecrets.tagging(settings.clientSecret()));
    }
    builder.addInterceptor(
        new RetryInterceptor(settings.retryAttempts(), settings.retryDelay(), settings.clock(),
            settings.metrics(), refusal));
    builder.addInterceptor(new RedactingLogInterceptor());
    builder.addInterceptor(new AttemptBound());
    builder.addInterceptor(new ResponseSizeLimit());
    return builder.build();
  }

  /**
   * The threads of the SDK's own dispatcher, made as needed as OkHttp's default makes them, in a
   * pool {@link #release} can reach to end them at once. Not daemons, as OkHttp's, so that an
   * async call under way is not lost when {@code main} returns; which is why an idle one ends
   * after a second rather than OkHttp's minute: a program that never closes its client would
   * otherwise stay up a minute after its last async call or token renewal. Making a thread again
   * costs far less than the call it runs.
   */
  private static ThreadPoolExecutor dispatcherThreads() {
    return new ThreadPoolExecutor(0, Integer.MAX_VALUE, 1, TimeUnit.SECONDS,
        new SynchronousQueue<>(), task -> {
          Thread thread = new Thread(task, "OkHttp Dispatcher");
          thread.setDaemon(false); // as OkHttp's, whatever the thread enqueuing the call is
          return thread;
        });
  }

  /**
   * Lets the threads and connections of {@code http} go if {@link #create} made it for the SDK
   * alone: its dispatcher's threads end as soon as they are idle, and its idle connections are
   * closed. A client made from the user's shares their dispatcher and pool, which are theirs to
   * shut down: left alone. Either way no call retries after the close ({@link RetryInterceptor}).
   *
   * <p>The dispatcher is not shut down: OkHttp would fail an async call made or queued after it
   * with "executor rejected", an {@code InterruptedIOException} that reads as a tenant outage.
   * Its pool keeps taking calls, each of which meets the closed client's refusal at once, on a
   * thread that then ends, so that an async call fails with the refusal as a sync one does.
   */
  public static void release(OkHttpClient http, Settings settings) {
    if (settings.httpClient() == null) {
      // Wakes the idle threads to end now, and any later one as soon as it is idle.
      ((ThreadPoolExecutor) http.dispatcher().executorService())
          .setKeepAliveTime(1, TimeUnit.NANOSECONDS);
      http.connectionPool().evictAll();
    }
  }

  /**
   * A Retrofit for the SDK's interfaces calling through {@code http}, minus the {@link Invocation}
   * tag Retrofit puts on each request: its {@code toString()} lists the declared method's
   * arguments (the grant with the client secret, a new user with a password), and an interceptor
   * or event listener of the user's that prints a request would print them.
   */
  public static Retrofit.Builder retrofit(OkHttpClient http, HttpUrl baseUrl) {
    return retrofit(http, baseUrl, () -> true);
  }

  /**
   * {@link #retrofit(OkHttpClient, HttpUrl)} for calls that carry a machine token ({@link
   * #withBearerAuth}), which is fetched inside the call that needs it, and discovery inside that
   * fetch. Each is a call of its own with {@code http}'s bound on a whole call, so a call made
   * while {@code tokenInHand} says no has those two bounds on top of its own ({@link
   * #TOKEN_FETCH_CALLS}): otherwise a first call whose three steps each took most of {@code
   * timeout} would fail with a timeout of its own, and name the Users API for a token endpoint
   * that was slow. A call with the token in hand keeps its own bound.
   */
  public static Retrofit.Builder retrofit(
      OkHttpClient http, HttpUrl baseUrl, BooleanSupplier tokenInHand) {
    return new Retrofit.Builder()
        .baseUrl(baseUrl)
        .callFactory(request -> {
          Call call = http.newCall(request.newBuilder().tag(Invocation.class, null).build());
          long bound = http.callTimeoutMillis();
          if (bound > 0 && !tokenInHand.getAsBoolean()) {
            call.timeout().timeout(bound * (1L + TOKEN_FETCH_CALLS), TimeUnit.MILLISECONDS);
          }
          return call;
        });
  }

  /**
   * {@code http} with a bound on each whole call if it has none (a user's client with OkHttp's
   * default, no call timeout, and no {@code timeout} set): {@link #DEFAULT_TIMEOUT} per attempt.
   * Discovery and key fetches run one at a time, so a fetch the tenant's connection keeps alive a
   * byte at a time must end, or no fetch would start again and rotated keys never arrive. Nor is
   * there room for {@code Retry-After} waits inside a fetch: its requests are tagged {@link
   * CallerWaits}, and a failed fetch is tried again by the key source's own policy, a second
   * later, or once the wait its {@code Retry-After} asked for ends.
   */
  public static OkHttpClient boundedFetches(OkHttpClient http, Settings settings) {
    if (http.callTimeoutMillis() > 0) {
      return http;
    }
    return http.newBuilder()
        .callTimeout(DEFAULT_TIMEOUT.multipliedBy(settings.retryAttempts() + 1L))
        .build();
  }

  /**
   * The bound on one whole call: {@code timeout} for each of the {@code retryAttempts + 1}
   * attempts plus the longest wait allowed before each retry ({@link RetryInterceptor#MAX_WAIT}).
   * With retries off this is exactly {@code timeout}.
   */
  public static Duration callTimeout(Settings settings) {
    return callTimeout(settings.timeout(), settings.retryAttempts());
  }

  /** {@link #callTimeout(Settings)} before there are settings, for the builder to check it. */
  public static Duration callTimeout(Duration timeout, int retryAttempts) {
    return timeout.multipliedBy(retryAttempts + 1L)
        .plus(RetryInterceptor.MAX_WAIT.multipliedBy(retryAttempts));
  }

  /**
   * A client sharing {@code http}'s pool and dispatcher that reports each call, retries included,
   * to {@link ProtektMetrics#usersApiCall}, its duration counting the answer's body ({@link
   * AttemptBound} reads it within the attempt); {@code http} itself when metrics are off.
   */
  public static OkHttpClient withCallMetrics(OkHttpClient http, ProtektMetrics metrics) {
    if (metrics == ProtektMetrics.NONE) {
      return http;
    }
    OkHttpClient.Builder builder = http.newBuilder();
    builder.interceptors().add(0, chain -> {
      long start = System.nanoTime();
      String method = chain.request().method();
      try {
        Response response = chain.proceed(chain.request());
        metrics.usersApiCall(method, response.code(), System.nanoTime() - start);
        return response;
      } catch (CarriedFailure e) {
        // Nothing was sent (the token fetch has its own metric), or the client was closed before a
        // retry, and its meters with it.
        throw e;
      } catch (IOException e) {
        metrics.usersApiCall(method, 0, System.nanoTime() - start);
        throw e;
      }
    });
    return builder.build();
  }

  /**
   * A client sharing {@code http}'s pool and dispatcher that adds {@code Authorization: Bearer}
   * with a token for {@code audience} to each request, outside the retries.
   *
   * <p>The token is fetched inside the call that needs it: see {@link #retrofit(OkHttpClient,
   * HttpUrl, BooleanSupplier)} for that call's bound.
   */
  public static OkHttpClient withBearerAuth(
      OkHttpClient http, AccessTokenProvider tokens, Supplier<String> audience) {
    OkHttpClient.Builder builder = http.newBuilder();
    List<Interceptor> interceptors = builder.interceptors();
    int retries = 0;
    while (retries < interceptors.size() && !(interceptors.get(retries) instanceof RetryInterceptor)) {
      retries++;
    }
    interceptors.add(retries, new BearerAuthInterceptor(tokens, audience));
    return builder.build();
  }
}
