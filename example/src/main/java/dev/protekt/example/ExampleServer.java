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
import java.util.List;
import java.util.Map;
import java.util.Set;
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
  /**
   * The most a request's header fields may total (names, values, separators) before the answer is
   * 431: room for a token at the SDK's default {@code maxTokenSize} (16 KiB) and ordinary headers.
   */
  static final int MAX_HEADER_BYTES = 32 * 1024;
  /**
   * How much header the JDK server itself reads. Past it, it closes the connection without an
   * answer (JDK 17 and 25 alike, about 380 KiB by default), so 431 needs it well above {@link
   * #MAX_HEADER_BYTES}. It is JVM-wide and read once, when the first JDK server starts.
   */
  static final String JDK_HEADER_LIMIT = "sun.net.httpserver.maxReqHeaderSize";

  /**
   * The type of every answer: JSON as Jackson writes it, in UTF-8, said as {@link
   * AuthErrorResponse#headers()} says it for the SDK's failures.
   */
  private static final String JSON_UTF8 = "application/json; charset=utf-8";

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

  /**
   * Lets the JDK server read headers of up to 2 MiB, so that this server answers them with 431
   * instead of the JDK's reset, unless the JVM was started with its own {@value #JDK_HEADER_LIMIT}.
   * Only effective before any JDK HTTP server has started in this JVM: {@code main} calls it first.
   * The cost is memory: a request's headers are held whole while they are read.
   */
  static void raiseJdkHeaderLimit() {
    if (System.getProperty(JDK_HEADER_LIMIT) == null) {
      System.setProperty(JDK_HEADER_LIMIT, Integer.toString(2 * 1024 * 1024));
    }
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
      exchange.getResponseHeaders().set("Content-Type", JSON_UTF8);
      write(exchange, reply.status(), Json.write(reply.body()));
    }
  }

  private Reply dispatch(HttpExchange exchange) {
    if (headerBytes(exchange) > MAX_HEADER_BYTES) {
      // Whatever else the client sent is not read: the connection ends with the answer.
      exchange.getResponseHeaders().set("Connection", "close");
      return Reply.error(431, "request_header_fields_too_large", "The request's header fields"
          + " total more than " + MAX_HEADER_BYTES / 1024 + " KiB.");
    }
    Map<String, BiFunction<ApiHandlers, HttpExchange, Reply>> byMethod =
        routes.get(exchange.getRequestURI().getPath());
    if (byMethod == null) {
      return Reply.error(404, "not_found", "No such endpoint.");
    }
    // HEAD is GET without the body, as HTTP asks of every server that answers GET (RFC 9110
    // section 9.1); write() leaves the body out.
    String method = isHead(exchange) ? "GET" : exchange.getRequestMethod();
    BiFunction<ApiHandlers, HttpExchange, Reply> handler = byMethod.get(method);
    if (handler == null) {
      Set<String> allowed = new TreeSet<>(byMethod.keySet());
      if (allowed.contains("GET")) {
        allowed.add("HEAD");
      }
      exchange.getResponseHeaders().set("Allow", String.join(", ", allowed));
      return Reply.error(405, "method_not_allowed", "Use " + String.join(" or ", byMethod.keySet())
          + " on this endpoint.");
    }
    return handler.apply(handlers, exchange);
  }

  private static boolean isHead(HttpExchange exchange) {
    return "HEAD".equals(exchange.getRequestMethod());
  }

  private static long headerBytes(HttpExchange exchange) {
    long bytes = 0;
    for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
      for (String value : header.getValue()) {
        bytes += header.getKey().length() + value.length() + 4; // ": " and CRLF
      }
    }
    return bytes;
  }

  private static void writeFailure(HttpExchange exchange, RuntimeException e) throws IOException {
    List<String> authorization = exchange.getRequestHeaders().get("Authorization");
    AuthErrorResponse answer = AuthErrorResponse
        .find(e, REALM, authorization == null ? 0 : authorization.size())
        .orElseGet(() -> AuthErrorResponse.from(e, REALM));
    if (answer.status() == 503) {
      // Every request is answered so while the keys cannot be had: dev.protekt.keys warns once per
      // outage, as the servlet adapter relies on, and a WARN per request would flood the log. The
      // other 503, an interrupted wait, comes from the server itself, shutting down.
      log.debug("Answering {} {}: {}", answer.status(), answer.error(), e.toString());
    } else if (answer.status() >= 500) {
      // The caller sees a fixed description; the operator needs the cause.
      log.warn("Answering {} {}: {}", answer.status(), answer.error(), e.toString());
    }
    // As the servlet and Spring adapters answer: every header as AuthErrorResponse gives it.
    answer.headers().forEach(exchange.getResponseHeaders()::set);
    write(exchange, answer.status(), answer.body().getBytes(StandardCharsets.UTF_8));
  }

  /** Sends {@code body} as it is, with the headers set before, Content-Type among them. */
  private static void write(HttpExchange exchange, int status, byte[] body) throws IOException {
    if (isHead(exchange)) {
      // The length GET would send (RFC 9110 section 9.3.2); the JDK server sets none for HEAD.
      exchange.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
