package dev.protekt.servlet;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Takes the response's writer, in ISO-8859-1, before it calls a guard that refuses the caller. */
final class WriterFirstServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private final transient ContextHandlers handlers;

  WriterFirstServlet(ContextHandlers handlers) {
    this.handlers = handlers;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    response.setContentType("text/plain; charset=ISO-8859-1");
    response.getWriter().write(handlers.write());
  }
}
