package dev.protekt.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.protekt.ProtektApiException;
import dev.protekt.LoopbackServers;
import dev.protekt.ProtektAuth;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A token endpoint that redirects to another scheme must not receive the client secret there: the
 * SDK reports the redirect instead of following it. A bare HTTP server on 127.0.0.1 plays the
 * tenant, since the local tenant never redirects.
 */
class RedirectsTest {
  private final AtomicInteger tokenRequests = new AtomicInteger();
  private HttpServer server;

  @BeforeEach
  void start() throws IOException {
    server = LoopbackServers.start(this::answer);
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  /** Discovery 404s (the contract's fallback applies); the token endpoint redirects with 307. */
  private void answer(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (exchange.getRequestURI().getPath().equals("/oauth/token")) {
        tokenRequests.incrementAndGet();
        exchange.getResponseHeaders().set("Location",
            "https://127.0.0.1:" + server.getAddress().getPort() + "/oauth/token");
        exchange.sendResponseHeaders(307, -1);
        return;
      }
      exchange.sendResponseHeaders(404, -1);
    }
  }

  @Test
  void aRedirectToAnotherSchemeIsReportedNotFollowed() {
    ProtektAuth protekt = ProtektAuth.builder()
        .domain(LoopbackServers.domain(server))
        .clientId("client")
        .clientSecret("a-secret-that-must-stay-put")
        .retryAttempts(0)
        .build();
    ProtektApiException e = assertThrows(ProtektApiException.class, protekt::getAccessToken);
    assertEquals(307, e.statusCode());
    assertEquals(1, tokenRequests.get());
  }
}
