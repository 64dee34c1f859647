package dev.protekt.servlet;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Sits outside the Protekt filter, in front of handlers that interrupt their own thread: records
 * what escaped the filter and a thread no longer interrupted once it returned, and clears the
 * interrupt before the thread goes back to the container's pool.
 */
final class InterruptProbe implements Filter {
  private final Queue<String> seen = new ConcurrentLinkedQueue<>();

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    String uri = ((HttpServletRequest) request).getRequestURI();
    try {
      chain.doFilter(request, response);
    } catch (IOException | ServletException | RuntimeException e) {
      seen.add(uri + " threw " + e);
      throw e;
    } finally {
      if (!Thread.interrupted()) {
        seen.add(uri + " lost its interrupt");
      }
    }
  }

  /** What went wrong so far; empty when every answer was written and every interrupt kept. */
  List<String> problems() {
    return List.copyOf(seen);
  }
}
