package dev.protekt.example;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.protekt.ProtektApiException;
import dev.protekt.ProtektAuth;
import dev.protekt.http.AuthErrorResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The example's HTTP front: routes each request to a method of the generated {@code
 * ApiHandlersGuard} and turns every failure into a JSON answer, using the SDK's RFC 6750 mapping
 * for authentication failures. No stack trace ever reaches a caller.
 */
final class ExampleServer implements AutoCloseable {
  /** The protection space named in {@code WWW-Authenticate} challenges. */
  static final String REALM = "protekt-example";

  private static final Logger log = LoggerFactory.getLogger(ExampleServer.class);
  /** The most requests handled at once. */
  private static final int MAX_THREADS = 256;

  private final HttpServer server;
  private final ExecutorService executor;
  /** Path → method → handler method of the guarded interface. */
  private final Map<String, Map<String, BiFunction<ApiHandlers, HttpExchange, Reply>>> routes =
      new LinkedHashMap<>();
  private final ApiHandlers handlers;

  private ExampleServer(ProtektAuth protekt, String host, int port) throws IOException {
    this.handlers = new ApiHandlersGuard(new ExampleHandlers(protekt.users()), protekt);
    route("GET", "/api/public", ApiHandlers::publicInfo);
    route("GET", "/api/profile", ApiHandlers::profile);
    route("GET", "/api/admin", ApiHandlers::admin);
    route("GET", "/api/posts", ApiHandlers::listPosts);
    route("POST", "/api/posts", ApiHandlers::createPost);
    route("GET", "/api/admin/users", ApiHandlers::listUsers);
    route("POST", "/api/register", ApiHandlers::register);
    this.server = HttpServer.create(new InetSocketAddress(host, port), 0);
    // Guards bind the current user to the handling thread, so each request gets a thread of its
    // own: a pooled one, and a new one while all are busy, up to a bound. A fixed pool would let
    // a few requests waiting on the tenant (a key fetch, the Users API) hold up every other one,
    // public endpoints included; past the bound the dispatcher runs the request itself, which
    // stops it accepting more until then.
    this.executor = new ThreadPoolExecutor(16, MAX_THREADS, 60, TimeUnit.SECONDS,
        new SynchronousQueue<>(), runnable -> {
          Thread thread = new Thread(runnable, "protekt-example");
          thread.setDaemon(true);
          return thread;
        }, new ThreadPoolExecutor.CallerRunsPolicy());
    server.setExecutor(executor);
    server.createContext("/", this::handle);
  }

  /** Starts serving on {@code host:port} ({@code 0} picks a free port). */
  static ExampleServer start(ProtektAuth protekt, String host, int port) throws IOException {
    ExampleServer example = new ExampleServer(protekt, host, port);
    example.server.start();
    return example;
  }

  /** The base URL callers use, such as {@code http://127.0.0.1:8080}. */
  String baseUrl() {
    InetSocketAddress address = server.getAddress();
    return "http://" + address.getHostString() + ":" + address.getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void route(String method, String path, BiFunction<ApiHandlers, HttpExchange, Reply> h) {
    routes.computeIfAbsent(path, p -> new LinkedHashMap<>()).put(method, h);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      Reply reply;
      try {
        reply = dispatch(exchange);
      } catch (BadRequestException e) {
        reply = Reply.error(400, "invalid_request", e.getMessage());
      } catch (UnsupportedMediaTypeException e) {
        reply = Reply.error(415, "unsupported_media_type", e.getMessage());
      } catch (ProtektApiException e) {
        if (e.statusCode() != 400) {
          writeFailure(exchange, e);
          return;
        }
        // The tenant refused what the caller sent (a weak password, say): the caller's to fix.
        reply = Reply.error(400, e.errorCode() == null ? "invalid_request" : e.errorCode(),
            e.getMessage());
      } catch (RuntimeException e) {
        writeFailure(exchange, e);
        return;
      }
      write(exchange, reply.status(), Json.write(reply.body()));
    }
  }

  private Reply dispatch(HttpExchange exchange) {
    Map<String, BiFunction<ApiHandlers, HttpExchange, Reply>> byMethod =
        routes.get(exchange.getRequestURI().getPath());
    if (byMethod == null) {
      return Reply.error(404, "not_found", "No such endpoint.");
    }
    BiFunction<ApiHandlers, HttpExchange, Reply> handler =
        byMethod.get(exchange.getRequestMethod());
    if (handler == null) {
      exchange.getResponseHeaders().set("Allow", String.join(", ", new TreeSet<>(byMethod.keySet())));
      return Reply.error(405, "method_not_allowed", "Use " + String.join(" or ", byMethod.keySet())
          + " on this endpoint.");
    }
    return handler.apply(handlers, exchange);
  }

  private static void writeFailure(HttpExchange exchange, RuntimeException e) throws IOException {
    AuthErrorResponse answer = AuthErrorResponse.from(e, REALM);
    if (answer.status() >= 500) {
      // The caller sees a fixed description; the operator needs the cause.
      log.warn("Answering {} {}: {}", answer.status(), answer.error(), e.toString());
    }
    answer.headers().forEach(exchange.getResponseHeaders()::set);
    write(exchange, answer.status(), answer.body().getBytes(StandardCharsets.UTF_8));
  }

  private static void write(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
