package dev.protekt.testing.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.protekt.testing.RecordedRequest;
import dev.protekt.testing.internal.FaultPlan.Fault;
import dev.protekt.testing.internal.FaultPlan.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The tenant's single HTTP handler: logs each request, applies a planned fault if any, then routes
 * it to discovery, JWKS, the token endpoint or the Users API. No answer ever carries a stack trace.
 */
public final class TenantServer implements HttpHandler {
  private static final int MAX_BODY_BYTES = 1 << 20;
  /** The Users API's collection, below the issuer path. */
  static final String USERS = "/api/v2/users";

  private final TenantState state;
  private final TokenEndpoint tokenEndpoint;
  private final UsersEndpoint usersEndpoint;

  /** @param state everything the tenant knows */
  public TenantServer(TenantState state) {
    this.state = state;
    this.tokenEndpoint = new TokenEndpoint(state);
    this.usersEndpoint = new UsersEndpoint(state);
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = readBody(exchange.getRequestBody());
      ByteBuffer bytes = ByteBuffer.wrap(body == null ? new byte[0] : body);
      String text = utf8(bytes);
      URI target = exchange.getRequestURI();
      RecordedRequest request = new RecordedRequest(exchange.getRequestMethod(), pathAsSent(target, true),
          target.getRawQuery(), exchange.getRequestHeaders(),
          text != null ? text : new String(body, StandardCharsets.UTF_8));
      // The endpoint gives an error its shape: OAuth's at the token endpoint below any issuer path.
      String endpoint = Objects.requireNonNullElse(state.endpoint(request.path()), request.path());
      state.log().add(request);
      FaultPlan.Arrival arrival = state.faults().arrive(request.path());
      Optional<Fault> fault = arrival.fault();
      if (fault.isPresent() && fault.get().kind() == Kind.DROP) {
        // Closing before any header is sent makes the JDK server close the connection itself.
        return;
      }
      if (fault.isPresent() && fault.get().kind() == Kind.HANG) {
        arrival.hang();
      }
      if (fault.isPresent() && fault.get().kind() == Kind.DELAY) {
        arrival.delay(fault.get().delay());
      }
      Response response;
      if (fault.isPresent() && fault.get().kind() == Kind.FAIL) {
        response = failure(fault.get(), endpoint);
      } else {
        // Read where an endpoint reads its body, so that the Users API checks the token first and
        // an unknown path is a 404 whatever its body.
        Supplier<String> strictBody = () -> {
          if (body == null) {
            throw ApiError.at(endpoint, 413, "payload_too_large", "The body exceeds 1 MiB.");
          }
          requireIdentityCoding(request, endpoint);
          if (text == null) {
            throw new IllegalArgumentException(notUtf8(request, bytes));
          }
          return text;
        };
        response = state.faults().carryOut(arrival, () -> route(request, pathAsSent(target, false), strictBody))
            .orElseGet(() -> Response.of(ApiError.at(endpoint, 503, "injected_fault", "The local tenant"
                + " dropped this request without carrying it out: a fault still held it, or it was not yet"
                + " handled, when the faults were cleared for a new test (Faults.clearAndDropHeld).")));
      }
      Duration perByte = fault.isPresent() && fault.get().kind() == Kind.TRICKLE
          ? fault.get().delay() : Duration.ZERO;
      write(exchange, response, perByte);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * The path of a request as sent. In a request line the target is a path even when it starts with
   * {@code //} (RFC 9112 section 3.2.1), where {@link URI} reads an authority: {@code //api/v2/users}
   * would be the path {@code /v2/users} of the host {@code api}.
   *
   * @param target the request target
   * @param decoded whether to percent-decode it
   * @return the path, starting with {@code /}
   */
  static String pathAsSent(URI target, boolean decoded) {
    String path = decoded ? target.getPath() : target.getRawPath();
    if (target.isAbsolute() || !target.toString().startsWith("//")) {
      return path;
    }
    String authority = decoded ? target.getAuthority() : target.getRawAuthority();
    return "//" + (authority == null ? "" : authority) + path;
  }

  /**
   * @param body the body as UTF-8 text; throws an {@link ApiError} 415 when it has a content coding,
   *     and an {@link IllegalArgumentException} with a sentence for the client, which the endpoint
   *     answers in its error shape, when it is not UTF-8: {@link RecordedRequest#body()} then has
   *     replacement characters the tenant must not store
   */
  private Response route(RecordedRequest request, String rawPath, Supplier<String> body) {
    // Every endpoint lies below the issuer path, as a provider's realm or authorization server
    // serves its own: a client configured without the path finds nothing, as it would there. Both
    // paths must be below it, the decoded one and the one as sent, which the user id is read from.
    String path = state.endpoint(request.path());
    String rawEndpoint = state.endpoint(rawPath);
    try {
      if (path == null || rawEndpoint == null) {
        throw ApiError.management(404, "not_found", "No such endpoint: " + request.method() + " "
            + request.path() + "; this tenant's endpoints are below its issuer path " + state.issuerPath() + ".");
      }
      // HEAD wherever GET, as HTTP asks of every server that answers GET (RFC 9110 section 9.1):
      // a client or a health check may probe a resource without fetching it.
      if (path.equals("/.well-known/openid-configuration")) {
        requireMethod(path, request, "GET", "HEAD");
        return Response.json(200, discovery());
      }
      if (path.equals("/.well-known/jwks.json")) {
        requireMethod(path, request, "GET", "HEAD");
        return Response.json(200, Map.of("keys", state.keys().jwks()));
      }
      if (path.equals("/oauth/token")) {
        requireMethod(path, request, "POST");
        return tokenEndpoint.handle(request, body);
      }
      if (path.equals(USERS) || path.equals(USERS + "/")) {
        return usersEndpoint.collection(request, body);
      }
      if (rawEndpoint.startsWith(USERS + "/")) {
        return usersEndpoint.single(request, rawEndpoint.substring(USERS.length() + 1), body);
      }
      throw ApiError.management(404, "not_found", "No such endpoint: " + request.method() + " " + request.path());
    } catch (ApiError e) {
      return Response.of(e);
    } catch (RuntimeException e) {
      return Response.of(ApiError.at(path != null ? path : request.path(), 500, "internal_error",
          "The local tenant failed: " + e.getClass().getSimpleName()));
    }
  }

  private Map<String, Object> discovery() {
    String issuer = state.issuer();
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("issuer", issuer);
    doc.put("jwks_uri", state.domain() + "/.well-known/jwks.json");
    doc.put("token_endpoint", state.domain() + "/oauth/token");
    doc.put("grant_types_supported", List.of("client_credentials"));
    doc.put("response_types_supported", List.of("token"));
    doc.put("subject_types_supported", List.of("public"));
    doc.put("token_endpoint_auth_methods_supported", List.of("client_secret_post", "client_secret_basic"));
    doc.put("id_token_signing_alg_values_supported",
        state.keys().published().stream().map(k -> k.algorithm().name()).distinct().collect(Collectors.toList()));
    return doc;
  }

  /**
   * @param endpoint the endpoint's path below the issuer path, which gives the error its shape
   * @param request a request
   * @param methods the methods its endpoint answers
   * @throws ApiError 405 with {@code Allow} when the request uses another method
   */
  static void requireMethod(String endpoint, RecordedRequest request, String... methods) {
    for (String method : methods) {
      if (method.equals(request.method())) {
        return;
      }
    }
    throw ApiError.at(endpoint, 405, "method_not_allowed", request.method() + " is not allowed here.")
        .withHeader("Allow", String.join(", ", methods));
  }

  private static Response failure(Fault fault, String path) {
    if (fault.body() != null) {
      return Response.raw(fault.status(), fault.headers(), fault.body());
    }
    ApiError error = ApiError.at(path, fault.status(), fault.status() == 429 ? "too_many_requests" : "injected_fault",
        "Injected fault.");
    fault.headers().forEach(error::withHeader);
    return Response.of(error);
  }

  /**
   * Percent-decodes a query or form component whose bytes must be UTF-8 (RFC 3986 section 2.5):
   * decoding with replacement characters would search for, or authenticate, a changed value.
   *
   * @param component the component as sent, {@code +} standing for a space
   * @return the decoded text
   * @throws IllegalArgumentException when an escape is broken or the bytes are not UTF-8
   */
  static String urlDecode(String component) {
    byte[] bytes = URLDecoder.decode(component, StandardCharsets.ISO_8859_1).getBytes(StandardCharsets.ISO_8859_1);
    String text = utf8(ByteBuffer.wrap(bytes));
    if (text == null) {
      throw new IllegalArgumentException("not UTF-8: " + component);
    }
    return text;
  }

  /**
   * @param body the body's bytes
   * @return the body as text, or {@code null} when it is not UTF-8, its position then at the first
   *     byte that is not: decoding with replacement characters would store a changed value
   */
  private static String utf8(ByteBuffer body) {
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(body).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  /**
   * Refuses a compressed body with the 415 RFC 9110 section 15.5.16 names for an unsupported content
   * coding, and its {@code Accept-Encoding}: read as text, it would be "not valid UTF-8", which sends
   * the client looking for a charset problem it does not have.
   */
  private static void requireIdentityCoding(RecordedRequest request, String endpoint) {
    List<String> codings = request.headers().getOrDefault("Content-Encoding", List.of()).stream()
        .flatMap(value -> Arrays.stream(value.split(",")))
        .map(String::trim)
        .filter(coding -> !coding.isEmpty() && !coding.equalsIgnoreCase("identity"))
        .collect(Collectors.toList());
    if (!codings.isEmpty()) {
      throw ApiError.at(endpoint, 415, "unsupported_content_encoding", "The body has Content-Encoding "
          + String.join(", ", codings) + ", which the tenant does not decode: send it uncompressed, without Content-Encoding.")
          .withHeader("Accept-Encoding", "identity");
    }
  }

  /** What is wrong with a body that is not UTF-8, JSON's only encoding (RFC 8259) and the form's here. */
  private static String notUtf8(RecordedRequest request, ByteBuffer body) {
    String contentType = request.header("Content-Type").orElse("");
    int at = contentType.toLowerCase(Locale.ROOT).indexOf("charset=");
    String charset = at < 0 ? "" : contentType.substring(at + "charset=".length()).split(";", 2)[0].trim().replace("\"", "");
    String declared = charset.isEmpty() || charset.equalsIgnoreCase("utf-8") ? ""
        : ", not as the charset=" + charset + " its Content-Type names";
    String where = body.hasRemaining()
        ? String.format(" (byte 0x%02X at offset %d)", body.get(body.position()) & 0xFF, body.position()) : "";
    return "The body is not valid UTF-8" + where + ": the tenant reads bodies as UTF-8 only" + declared + ".";
  }

  /** @return the body, or {@code null} when it is larger than the tenant accepts */
  private static byte[] readBody(InputStream in) throws IOException {
    byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
    return bytes.length > MAX_BODY_BYTES ? null : bytes;
  }

  /** Writes the answer, its body one byte every {@code perByte} unless that is zero. */
  private static void write(HttpExchange exchange, Response response, Duration perByte)
      throws IOException, InterruptedException {
    response.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
    if (response.contentType() != null) {
      exchange.getResponseHeaders().set("Content-Type", response.contentType());
    }
    boolean head = "HEAD".equals(exchange.getRequestMethod());
    if (head && response.body() != null) {
      // The length GET would send (RFC 9110 section 9.3.2); the JDK server sets none for HEAD.
      exchange.getResponseHeaders().set("Content-Length", Integer.toString(response.body().length));
    }
    boolean noBody = response.body() == null || head
        || response.status() == 204 || response.status() == 304;
    exchange.sendResponseHeaders(response.status(), noBody ? -1 : response.body().length);
    if (!noBody) {
      try (OutputStream out = exchange.getResponseBody()) {
        if (perByte.isZero()) {
          out.write(response.body());
        }
        for (int i = 0; !perByte.isZero() && i < response.body().length; i++) {
          out.write(response.body()[i]);
          out.flush();
          Thread.sleep(perByte.toMillis());
        }
      }
    }
  }
}
