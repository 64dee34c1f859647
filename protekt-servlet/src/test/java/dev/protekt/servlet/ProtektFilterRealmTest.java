package dev.protekt.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.protekt.MissingTokenException;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;

/**
 * The filter's realm in a real Jetty: named in challenges exactly as configured, or refused when
 * configured, never rewritten on its way into the header.
 */
class ProtektFilterRealmTest {
  private static final String REFUSED = "a realm is printable ASCII without \" or \\, such as"
      + " posts-api; it is named in WWW-Authenticate challenges as it is, and this one holds ";

  @Test
  void aRealmGivenAsInitParameterIsNamedInChallengesAsItIs() throws Exception {
    assertEquals("Bearer realm=\"Orders API (v2)\"", challengeWithInitParameter("Orders API (v2)"));
  }

  @Test
  void anEmptyInitParameterLeavesTheRealmOut() throws Exception {
    assertEquals("Bearer", challengeWithInitParameter(""));
  }

  /** The challenge a filter whose init parameter realm is {@code realm} sends without a token. */
  private static String challengeWithInitParameter(String realm) throws Exception {
    FilterHolder filter = new FilterHolder(ProtektFilter.class);
    filter.setInitParameter("realm", realm);
    Server server = server(filter);
    server.start();
    try {
      HttpResponse<String> r = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create(server.getURI().resolve("/orders").toString()))
              .timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());

      assertEquals(401, r.statusCode(), r.body());
      return r.headers().firstValue("WWW-Authenticate").orElseThrow();
    } finally {
      server.stop();
    }
  }

  @Test
  void anInitParameterAChallengeCannotCarryAsItIsStopsTheStartNamingIt() throws Exception {
    // Jetty stops at the first filter that fails to initialise, like any container.
    Map<String, String> refused = Map.of(
        "orders \"v2\"", REFUSED + "U+0022 at index 7.",
        "orders\\v2", REFUSED + "U+005C at index 6.",
        "commandes-réservées", REFUSED + "U+00E9 at index 11.",
        "orders\r\nX-Injected: 1", REFUSED + "U+000D at index 6.",
        "  ", "a realm is not blank: it names the protected API in WWW-Authenticate challenges,"
            + " such as posts-api.");
    for (Map.Entry<String, String> value : refused.entrySet()) {
      FilterHolder filter = new FilterHolder(ProtektFilter.class);
      filter.setName("protekt");
      filter.setInitParameter("realm", value.getKey());
      Server server = server(filter);
      try {
        Exception e = assertThrows(Exception.class, server::start, value.getKey());

        assertEquals("init-param realm of filter protekt: " + value.getValue(),
            refusal(e).getMessage());
      } finally {
        server.stop();
      }
    }
  }

  @Test
  void theConstructorRefusesARealmAChallengeCannotCarryAsItIs() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new ProtektFilter("orders\tapi"));

    assertEquals(REFUSED + "U+0009 at index 6.", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new ProtektFilter(" "));
  }

  /** A Jetty on a free loopback port whose only servlet needs a token and gets none. */
  private static Server server(FilterHolder filter) {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/");
    context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
    context.addServlet(new ServletHolder(new HttpServlet() {
      private static final long serialVersionUID = 1L;

      @Override
      protected void doGet(HttpServletRequest request, HttpServletResponse response) {
        throw new MissingTokenException();
      }
    }), "/*");
    server.setHandler(context);
    return server;
  }

  /** The filter's own refusal on the chain of what the container threw. */
  private static IllegalArgumentException refusal(Throwable thrown) {
    Throwable t = thrown;
    for (int depth = 0; t != null && depth < 10; depth++, t = t.getCause()) {
      if (t instanceof IllegalArgumentException e && e.getMessage().startsWith("init-param")) {
        return e;
      }
    }
    throw new AssertionError("no refusal of the init-param in " + thrown, thrown);
  }
}
