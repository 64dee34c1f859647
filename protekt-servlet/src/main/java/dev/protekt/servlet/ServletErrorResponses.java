package dev.protekt.servlet;

import dev.protekt.http.AuthErrorResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes {@link AuthErrorResponse}s to servlet responses. The {@link ProtektFilter} and the Spring
 * Boot adapter use it, and so can your own servlet code or exception handlers that catch the SDK's
 * exceptions themselves:
 *
 * <pre>{@code
 * } catch (ProtektException e) {
 *   ServletErrorResponses.write(AuthErrorResponse.from(e, "orders-api"), response);
 * }
 * }</pre>
 */
public final class ServletErrorResponses {
  /** Named for the adapter, not this class, as the README names it. */
  private static final Logger log = LoggerFactory.getLogger("dev.protekt.servlet");

  private ServletErrorResponses() {}

  /**
   * Answers {@code failure} if an SDK exception is on its cause chain and the response is not yet
   * committed; otherwise leaves the response alone so the caller can rethrow. Answers of 500 and
   * above are logged as warnings with the failure (whose message never holds a token or secret),
   * but for 503, logged at DEBUG: it answers every request while the tenant's keys cannot be had,
   * and {@code dev.protekt.keys} warns of that itself; or a thread interrupted while it waited (a
   * shutdown, a request timeout), which is the server's own doing.
   *
   * @param realm named in {@code WWW-Authenticate}; see {@link AuthErrorResponse#from(Throwable,
   *     String)}
   * @return whether the response now carries the answer
   * @throws IllegalArgumentException if {@link AuthErrorResponse#checkRealm(String)} refuses {@code
   *     realm}
   */
  public static boolean answer(Throwable failure, String realm, HttpServletResponse response)
      throws IOException {
    return answer(AuthErrorResponse.find(failure, realm), failure, response);
  }

  /**
   * As {@link #answer(Throwable, String, HttpServletResponse)}, for a failure of {@code request}:
   * when it carried several {@code Authorization} headers, the missing token it failed with is
   * answered 400 {@code invalid_request} saying so ({@link AuthErrorResponse#find(Throwable, String,
   * int)}), not 401 asking for a token.
   *
   * @return whether the response now carries the answer
   * @throws IllegalArgumentException if {@link AuthErrorResponse#checkRealm(String)} refuses {@code
   *     realm}
   */
  public static boolean answer(Throwable failure, String realm, HttpServletRequest request,
      HttpServletResponse response) throws IOException {
    Enumeration<String> authorizations = request.getHeaders("Authorization");
    int count = authorizations == null ? 0 : Collections.list(authorizations).size();
    return answer(AuthErrorResponse.find(failure, realm, count), failure, response);
  }

  private static boolean answer(Optional<AuthErrorResponse> answer, Throwable failure,
      HttpServletResponse response) throws IOException {
    if (answer.isEmpty() || response.isCommitted()) {
      // Not ours, or too late to change the status: the container ends the response as failed.
      return false;
    }
    int status = answer.get().status();
    if (status == 503) {
      // While the keys cannot be had, every request is answered so: dev.protekt.keys says why, once
      // per outage, and a WARN with a stack trace per request would flood the log. The other 503,
      // an interrupted wait, comes from the server itself, shutting down or ending slow requests.
      log.debug("Answered 503: {}", failure.toString(), failure);
    } else if (status >= 500) {
      log.warn("Answered {}: {}", status, failure.toString(), failure);
    } else {
      log.debug("Answered {}: {}", status, failure.toString());
    }
    write(answer.get(), response);
    return true;
  }

  /**
   * Replaces whatever was buffered with {@code answer}: its status, headers and JSON body. Headers
   * that others set and that the answer does not name (CORS, tracing) are kept. If the handler
   * already took the response's writer, whose charset can no longer change (ISO-8859-1 unless the
   * handler chose one), the body goes through it with every non-ASCII character escaped the JSON
   * way (a backslash, {@code u} and four hex digits): the same JSON, readable in whatever charset
   * the {@code Content-Type} then names. An interrupted thread is answered too, and still
   * interrupted afterwards.
   *
   * @throws IllegalStateException if the response is already committed
   */
  public static void write(AuthErrorResponse answer, HttpServletResponse response)
      throws IOException {
    // Tomcat refuses to write for an interrupted thread (a shutdown, a timed-out request, or the
    // interrupted key wait this answers), and the caller would get no answer but an IOException.
    boolean interrupted = Thread.interrupted();
    try {
      writeUninterrupted(answer, response);
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static void writeUninterrupted(AuthErrorResponse answer, HttpServletResponse response)
      throws IOException {
    response.resetBuffer();
    response.setStatus(answer.status());
    for (Map.Entry<String, String> header : answer.headers().entrySet()) {
      response.setHeader(header.getKey(), header.getValue());
    }
    OutputStream out;
    try {
      out = response.getOutputStream();
    } catch (IllegalStateException handlerTookTheWriter) {
      // reset() would free the stream but also drop headers other filters set (CORS, tracing).
      // The writer encodes in its own charset: the container counts the bytes it sends.
      response.setContentLength(-1);
      response.getWriter().write(asciiOnly(answer.body()));
      response.flushBuffer();
      return;
    }
    byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
    response.setContentLength(body.length);
    out.write(body);
    out.flush();
  }

  /**
   * {@code json} with each non-ASCII character as a backslash, {@code u} and four hex digits, which
   * JSON reads as the same character: outside strings JSON has only ASCII, so each is in a string.
   */
  private static String asciiOnly(String json) {
    StringBuilder ascii = new StringBuilder(json.length());
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      if (c < 0x80) {
        ascii.append(c);
      } else {
        ascii.append(String.format("\\u%04x", (int) c));
      }
    }
    return ascii.toString();
  }
}
