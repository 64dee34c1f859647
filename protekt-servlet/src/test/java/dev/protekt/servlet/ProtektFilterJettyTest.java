package dev.protekt.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.protekt.ConfigurationException;
import dev.protekt.ProtektAuth;
import dev.protekt.ProtektUnavailableException;
import dev.protekt.guard.TokenContext;
import dev.protekt.testing.LocalTenant;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The filter in a real Jetty 12 (Servlet 6) on a real port, in front of generated guards, against
 * the local tenant, driven over HTTP: the shared contract plus what is the filter's own.
 */
class ProtektFilterJettyTest extends GuardedServiceContract implements AnswerWritingContract {
  /** What the probe filter saw bound after the Protekt filter returned; must stay empty. */
  private static final Queue<String> LEAKS = new ConcurrentLinkedQueue<>();
  private static final InterruptProbe INTERRUPTS = new InterruptProbe();

  private static LocalTenant tenant;
  private static Server server;
  private static String base;
  private static boolean keysFetchedAtStartup;

  @BeforeAll
  static void start() throws Exception {
    tenant = LocalTenant.start();
    ProtektAuth protekt = client(tenant.domain());
    ProtektAuth orphaned = client(goneDomain());

    SampleHandlers app = new SampleHandlers();
    RequestHandlers guarded = new RequestHandlersGuard(app, protekt);
    ContextHandlers fromContext = new ContextHandlersGuard(app, protekt);
    RequestHandlers outage = new RequestHandlersGuard(app, orphaned);

    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/");
    context.addEventListener(new ProtektWarmUpListener(protekt, Duration.ofSeconds(30), false));
    // Registered as the README says: async supported, on REQUEST and ASYNC dispatches.
    EnumSet<DispatcherType> dispatches = EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC);
    FilterHolder probe = new FilterHolder(leakProbe());
    probe.setAsyncSupported(true);
    context.addFilter(probe, "/*", dispatches);
    context.addFilter(new FilterHolder(INTERRUPTS), "/interrupted/*",
        EnumSet.of(DispatcherType.REQUEST));
    FilterHolder protektFilter = new FilterHolder(new ProtektFilter("test-api"));
    protektFilter.setAsyncSupported(true);
    context.addFilter(protektFilter, "/*", dispatches);
    context.addServlet(new ServletHolder(new RoutingServlet(Map.of(
        "/health", guarded::health,
        "/profile", guarded::profile,
        "/admin", guarded::admin,
        "/posts", guarded::posts,
        "/broken", guarded::broken,
        "/wrapped", request -> {
          try {
            return guarded.profile(request);
          } catch (RuntimeException e) {
            throw new ServletException("wrapped by a framework", e);
          }
        }))), "/api/*");
    context.addServlet(new ServletHolder(new RoutingServlet(Map.of(
        "/profile", request -> fromContext.profile(),
        "/admin", request -> fromContext.admin()))), "/context/*");
    context.addServlet(new ServletHolder(new RoutingServlet(Map.of(
        "/profile", outage::profile))), "/outage/*");
    context.addServlet(new ServletHolder(new RoutingServlet(Map.of(
        "/profile", request -> CompletableFuture.supplyAsync(fromContext::profile).join()))),
        "/elsewhere/*");
    context.addServlet(new ServletHolder(new WriterFirstServlet(fromContext)), "/writer/*");
    context.addServlet(new ServletHolder(new RoutingServlet(Map.of(
        "/profile", request -> {
          Thread.currentThread().interrupt();
          return fromContext.profile();
        }))), "/interrupted/*");
    ServletHolder async = new ServletHolder(new AsyncDispatchServlet());
    async.setAsyncSupported(true);
    context.addServlet(async, "/async/*");
    server.setHandler(context);
    server.start();
    keysFetchedAtStartup = !tenant.requests("/.well-known/jwks.json").isEmpty();
    base = "http://127.0.0.1:" + connector.getLocalPort();
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.stop();
    }
    if (tenant != null) {
      tenant.close();
    }
  }
  @Test
  void theWarmUpListenerFetchedTheKeysBeforeAnyRequest() {
    assertTrue(keysFetchedAtStartup);
  }

  @Test
  void aRequiredWarmUpThatCannotReachTheTenantStopsTheStart() {
    ProtektAuth orphaned = client(goneDomain());
    ProtektWarmUpListener listener =
        new ProtektWarmUpListener(orphaned, Duration.ofSeconds(10), true);

    ProtektUnavailableException e = assertThrows(ProtektUnavailableException.class,
        () -> listener.contextInitialized(null));
    assertTrue(e.getMessage().contains("did not reach [Unreached[issuer=" + orphaned.domain()
        + ", part=DISCOVERY"), e.getMessage());
  }

  @Override
  protected LocalTenant tenant() {
    return tenant;
  }

  @Override
  protected String baseUrl() {
    return base;
  }

  @Override
  protected String realm() {
    return "test-api";
  }

  @AfterEach
  void noTokenOutlivesItsRequest() {
    assertEquals(List.of(), List.copyOf(LEAKS));
  }

  @Test
  void twoAuthorizationHeadersAreNoTokenForTheFiltersBindingEither() throws Exception {
    // The contract checks a guard reading the request; this one reads the filter's binding.
    String token = tenant.token().subject("protekt|alice").sign();
    HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/context/profile"))
        .header("Authorization", "Bearer " + token)
        .header("Authorization", "Bearer " + token)
        .build();

    HttpResponse<String> r = send(request);

    assertEquals(400, r.statusCode(), r.body());
    assertEquals("invalid_request", json(r).get("error"));
  }

  @Test
  void failuresWrappedInServletExceptionAreStillAnswered() throws Exception {
    assertEquals(401, get("/api/wrapped", null).statusCode());
  }

  @Test
  void otherFailuresAreLeftToTheContainer() throws Exception {
    HttpResponse<String> r = get("/api/broken", null);

    assertEquals(500, r.statusCode());
    assertFalse(r.body().contains("server_error"), r.body());
    assertTrue(r.headers().firstValue("WWW-Authenticate").isEmpty());
  }

  @Test
  void guardsOnTokenFromContextReadTheFiltersBinding() throws Exception {
    String admin = tenant.token().subject("protekt|root").roles("admin").sign();
    String user = tenant.token().subject("protekt|alice").sign();

    assertEquals(200, get("/context/admin", "Bearer " + admin).statusCode());
    assertEquals("protekt|alice", json(get("/context/profile", "Bearer " + user)).get("sub"));
    assertEquals(403, get("/context/admin", "Bearer " + user).statusCode());
    assertEquals(401, get("/context/profile", null).statusCode());
    // The filter holds the header to RFC 6750 too: a token without the scheme binds no token.
    assertEquals(401, get("/context/admin", admin).statusCode());
    assertEquals(401, get("/context/profile", user).statusCode());
  }

  @Test
  void guardsOnTokenFromContextReadTheBindingAfterAnAsyncDispatch() throws Exception {
    String user = tenant.token().subject("protekt|alice").sign();

    assertEquals("protekt|alice", json(get("/async/profile", "Bearer " + user)).get("sub"));
    HttpResponse<String> none = get("/async/profile", null);
    assertEquals(401, none.statusCode(), none.body());
    assertEquals("unauthorized", json(none).get("error"));
  }

  @Test
  void aGuardOnTokenFromContextCalledOnAnotherThreadIsAServerMistakeNotTheCallers()
      throws Exception {
    String user = tenant.token().subject("protekt|alice").sign();

    HttpResponse<String> r = get("/elsewhere/profile", "Bearer " + user);

    assertEquals(500, r.statusCode(), r.body());
    assertEquals("server_error", json(r).get("error"));
    assertTrue(r.headers().firstValue("WWW-Authenticate").isEmpty());
  }

  @Override
  public String containerBase() {
    return base;
  }

  @Override
  public LocalTenant containerTenant() {
    return tenant;
  }

  @Override
  public InterruptProbe interrupts() {
    return INTERRUPTS;
  }

  /** Goes async at once and lets the container dispatch to the same path under /context. */
  private static final class AsyncDispatchServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) {
      request.startAsync().dispatch("/context" + request.getPathInfo());
    }
  }

  private static ProtektAuth client(String domain) {
    return ProtektAuth.builder()
        .domain(domain)
        .audience(tenant.apiAudience())
        .retryAttempts(0)
        .timeout(Duration.ofSeconds(2))
        .build();
  }

  /** Whether a request, with a token or without, is still bound on this thread. */
  private static boolean anythingBound() {
    try {
      TokenContext.ofCurrentRequest();
      return true;
    } catch (ConfigurationException nothingBound) {
      return false;
    }
  }

  /** Sits outside the Protekt filter and records any binding still there once it has returned. */
  private static Filter leakProbe() {
    return (request, response, chain) -> {
      try {
        chain.doFilter(request, response);
      } finally {
        if (anythingBound()) {
          LEAKS.add(((HttpServletRequest) request).getRequestURI());
        }
      }
    };
  }
}
