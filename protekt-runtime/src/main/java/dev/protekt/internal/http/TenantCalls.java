package dev.protekt.internal.http;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.protekt.ProtektApiException;
import dev.protekt.ProtektUnavailableException;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import okhttp3.Request;
import okhttp3.ResponseBody;
import retrofit2.Call;
import retrofit2.CallAdapter;
import retrofit2.Callback;
import retrofit2.Converter;
import retrofit2.Response;
import retrofit2.Retrofit;

/**
 * Adapts Retrofit interface methods declared to return {@link TenantCall} of a body type: each
 * answer is read as a buffered body (within {@link ResponseSizeLimit}) and converted here, so that
 * an answer that does not fit the contract is reported with its status, and a refusal goes through
 * {@link ErrorBodies} to the exception the API's {@link Refusals} make of it. A success that
 * converts but does not answer its request by the API's {@link Answers} (another user than the one
 * asked for) does not fit either. A call that changes something and whose outcome is unknown says
 * so, and how to check. No exception quotes a body, sent or received, and none carries the
 * converter's exception as its cause (its message quotes the answer).
 */
public final class TenantCalls extends CallAdapter.Factory {
  /** Turns a refusal into the API's exception (a 404 of the Users API is a user not found, …). */
  @FunctionalInterface
  public interface Refusals {
    /** The exception for an error answer with {@code status}, read by {@link ErrorBodies}. */
    ProtektApiException of(int status, ErrorBodies.ApiError error);

    /**
     * Each refusal as a {@link ProtektApiException} with the answer's status, code, message and
     * requested wait.
     */
    Refusals AS_ANSWERED = (status, error) ->
        new ProtektApiException(status, error.errorCode(), error.message(), error.retryAfter());
  }

  /** What an API knows of its answers beyond their types; by default, nothing. */
  public interface Answers {
    /**
     * How {@code body}, converted, does not answer {@code request} ("with another user than the
     * one it names"), or {@code null} if it does.
     */
    default String misfit(Request request, Object body) {
      return null;
    }

    /**
     * How to learn whether {@code request}, whose outcome is unknown, took effect ("search for the
     * user by email before creating it again"), or {@code null} for nothing to add.
     */
    default String howToCheck(Request request) {
      return null;
    }
  }

  private final String api;
  private final Clock clock;
  private final Refusals refusals;
  private final Answers answers;

  private TenantCalls(String api, Clock clock, Refusals refusals, Answers answers) {
    this.api = api;
    this.clock = clock;
    this.refusals = refusals;
    this.answers = answers;
  }

  /**
   * Calls of the API that messages name {@code api} ("The Users API"), whose refusals become the
   * exceptions {@code refusals} make; {@code clock} counts the wait of a {@code Retry-After} that
   * is a date, as the retries do.
   */
  public static TenantCalls create(String api, Clock clock, Refusals refusals) {
    return create(api, clock, refusals, new Answers() {});
  }

  /** The same, each answer also checked against its request by {@code answers}. */
  public static TenantCalls create(String api, Clock clock, Refusals refusals, Answers answers) {
    return new TenantCalls(api, clock, refusals, answers);
  }

  @Override
  public CallAdapter<?, ?> get(Type returnType, Annotation[] annotations, Retrofit retrofit) {
    if (getRawType(returnType) != TenantCall.class) {
      return null;
    }
    if (!(returnType instanceof ParameterizedType)) {
      throw new IllegalArgumentException("Declare TenantCall<Body> or TenantCall<Void>.");
    }
    Type body = getParameterUpperBound(0, (ParameterizedType) returnType);
    return new Adapter<>(
        retrofit.<Object>responseBodyConverter(body, annotations), body == Void.class);
  }

  private final class Adapter<T> implements CallAdapter<ResponseBody, TenantCall<T>> {
    private final Converter<ResponseBody, T> converter;
    private final boolean noBody;

    Adapter(Converter<ResponseBody, T> converter, boolean noBody) {
      this.converter = converter;
      this.noBody = noBody;
    }

    @Override
    public Type responseType() {
      return ResponseBody.class;
    }

    @Override
    public TenantCall<T> adapt(Call<ResponseBody> call) {
      return new TenantCall<>() {
        @Override
        public T execute() {
          Response<ResponseBody> response;
          try {
            response = InterruptWatch.execute(call);
          } catch (IOException e) {
            throw failed(call.request(), e);
          }
          return answer(response);
        }

        @Override
        public CompletableFuture<T> executeAsync() {
          CompletableFuture<T> future = new CompletableFuture<>();
          future.whenComplete((body, error) -> {
            if (future.isCancelled()) {
              call.cancel();
            }
          });
          call.enqueue(new Callback<>() {
            @Override
            public void onResponse(Call<ResponseBody> c, Response<ResponseBody> response) {
              try {
                future.complete(answer(response));
              } catch (RuntimeException e) {
                future.completeExceptionally(e);
              }
            }

            @Override
            public void onFailure(Call<ResponseBody> c, Throwable failure) {
              future.completeExceptionally(failure instanceof IOException
                  ? failed(c.request(), (IOException) failure) : failure);
            }
          });
          return future;
        }
      };
    }

    /** The converted body of a success, or the error the answer is. */
    private T answer(Response<ResponseBody> response) {
      Request request = response.raw().request();
      if (!response.isSuccessful()) {
        ErrorBodies.ApiError error = ErrorBodies.read(response, what(request), clock);
        String unknown = unknownOutcome(request);
        // A 5xx says nothing of whether the call was carried out before it failed.
        if (response.code() >= 500 && unknown != null) {
          String said = error.message().endsWith(".") ? error.message() : error.message() + ".";
          error = new ErrorBodies.ApiError(
              error.errorCode(), said + " The call " + unknown, error.retryAfter());
        }
        throw refusals.of(response.code(), error);
      }
      T value;
      try (ResponseBody body = response.body()) {
        value = body == null ? null : converter.convert(body);
      } catch (JsonParseException e) {
        throw unfit(response, "with a body that is not JSON");
      } catch (JsonProcessingException e) {
        throw unfit(response, "with an answer that does not fit the contract");
      } catch (IOException e) {
        throw unavailable(response.raw().request(), e);
      }
      if (value == null && !noBody) {
        throw unfit(response, "with no body");
      }
      String misfit = value == null ? null : answers.misfit(request, value);
      if (misfit != null) {
        throw unfit(response, misfit);
      }
      return value;
    }
  }

  private ProtektApiException unfit(Response<?> answer, String how) {
    Request request = answer.raw().request();
    return new ProtektApiException(answer.code(), "invalid_response", what(request) + " answered "
        + answer.code() + " " + how + endOfUnknownOutcome(request));
  }

  /** How a sentence about a call whose outcome is unknown ends: with whether it may have acted. */
  private String endOfUnknownOutcome(Request request) {
    String unknown = unknownOutcome(request);
    return unknown == null ? "." : "; it " + unknown;
  }

  /**
   * "may have taken effect: how to check." for a call that changes something and is not safe to
   * send again (a create), or null for one that is (a GET, the token request).
   */
  private String unknownOutcome(Request request) {
    if (request.method().equals("GET") || request.tag(Idempotent.class) != null) {
      return null;
    }
    String check = answers.howToCheck(request);
    return "may have taken effect" + (check == null ? "." : ": " + check + ".");
  }

  /**
   * The exception for a call that got no answer: the token provider's own, an interrupt's, or
   * unavailable.
   */
  private RuntimeException failed(Request request, IOException e) {
    if (e instanceof CarriedFailure) {
      return ((CarriedFailure) e).failure();
    }
    if (Thread.currentThread().isInterrupted()) {
      return new CallInterruptedException(what(request) + (e instanceof InterruptWatch.NotSent
          ? " was not sent: the thread is interrupted."
          : " was interrupted" + endOfUnknownOutcome(request)), e);
    }
    return unavailable(request, e);
  }

  private ProtektUnavailableException unavailable(Request request, IOException e) {
    String detail = e.getMessage() == null ? "" : " (" + e.getMessage() + ")";
    String unknown = unknownOutcome(request);
    // A timeout or a dropped connection may come after the tenant acted; a refused connection
    // surely comes before anything was sent.
    String outcome = unknown == null ? "" : RetryInterceptor.surelyNotSent(e)
        ? "; it was not sent." : "; it " + unknown;
    return new ProtektUnavailableException(
        what(request) + " failed: " + e.getClass().getSimpleName() + detail + outcome, e);
  }

  /** {@code The Users API call GET https://tenant/api/v2/users?…}, credentials masked. */
  private String what(Request request) {
    return api + " call " + request.method() + " " + Urls.redact(request.url());
  }
}
