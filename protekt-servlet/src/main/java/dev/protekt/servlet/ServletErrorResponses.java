package dev.protekt.servlet;

import dev.protekt.http.AuthErrorResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Writes an {@link AuthErrorResponse} to a servlet response. The {@link ProtektFilter} uses it, and
 * so can your own servlet code or exception handlers that catch the SDK's exceptions themselves:
 *
 * <pre>{@code
 * } catch (ProtektException e) {
 *   ServletErrorResponses.write(AuthErrorResponse.from(e, "orders-api"), response);
 * }
 * }</pre>
 */
public final class ServletErrorResponses {
  private ServletErrorResponses() {}

  /**
   * Replaces whatever was buffered with {@code answer}: its status, headers and JSON body. Headers
   * that others set and that the answer does not name (CORS, tracing) are kept.
   *
   * @throws IllegalStateException if the response is already committed
   */
  public static void write(AuthErrorResponse answer, HttpServletResponse response)
      throws IOException {
    response.resetBuffer();
    response.setStatus(answer.status());
    for (Map.Entry<String, String> header : answer.headers().entrySet()) {
      response.setHeader(header.getKey(), header.getValue());
    }
    byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
    response.setContentLength(body.length);
    OutputStream out;
    try {
      out = response.getOutputStream();
    } catch (IllegalStateException handlerTookTheWriter) {
      // reset() would free the stream but also drop headers other filters set (CORS, tracing).
      response.getWriter().write(answer.body());
      response.flushBuffer();
      return;
    }
    out.write(body);
    out.flush();
  }
}
