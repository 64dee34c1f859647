package dev.protekt.servlet;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Plain servlet routing: the path below the servlet's mapping picks the handler. */
final class RoutingServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  /** A handler method as the servlet calls it. */
  @FunctionalInterface
  interface Route {
    String handle(HttpServletRequest request) throws ServletException;
  }

  private final transient Map<String, Route> routes;

  RoutingServlet(Map<String, Route> routes) {
    this.routes = Map.copyOf(routes);
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws ServletException, IOException {
    Route route = routes.get(request.getPathInfo());
    if (route == null) {
      response.sendError(404);
      return;
    }
    String body = route.handle(request);
    response.setContentType("application/json");
    response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
  }
}
