package dev.protekt.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.protekt.ProtektApiException;
import dev.protekt.LoopbackServers;
import dev.protekt.ProtektAuth;
import dev.protekt.users.UserCreate;
import dev.protekt.users.Users;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A redirect must not carry a request body anywhere: OkHttp resends a POST body on 307 and 308,
 * and that body is the client secret of a token request or the password of a new user. The SDK
 * reports every redirect instead of following it. Bare HTTP servers on 127.0.0.1 play the tenant
 * (the local tenant never redirects) and the place the redirect points to; "localhost" is another
 * host than 127.0.0.1 to OkHttp, which would drop the {@code Authorization} header but not the body.
 */
class RedirectsTest {
  private final AtomicInteger redirected = new AtomicInteger();
  private final List<String> receivedElsewhere = new CopyOnWriteArrayList<>();
  private HttpServer server;
  private HttpServer elsewhere;
  private String location;

  @BeforeEach
  void start() throws IOException {
    server = LoopbackServers.start(this::answer);
    elsewhere = LoopbackServers.start(exchange -> {
      try (exchange) {
        receivedElsewhere.add(
            new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        exchange.sendResponseHeaders(500, -1);
      }
    });
  }

  @AfterEach
  void stop() {
    server.stop(0);
    elsewhere.stop(0);
  }

  /** Discovery 404s (the contract's fallback applies); the token and user endpoints redirect. */
  private void answer(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      if (path.equals("/oauth/token") || path.equals("/api/v2/users")) {
        redirected.incrementAndGet();
        exchange.getResponseHeaders().set("Location", location);
        exchange.sendResponseHeaders(307, -1);
        return;
      }
      exchange.sendResponseHeaders(404, -1);
    }
  }

  private String anotherHost() {
    return "http://localhost:" + elsewhere.getAddress().getPort() + "/collect";
  }

  private ProtektAuth.Builder client() {
    return ProtektAuth.builder().domain(LoopbackServers.domain(server)).retryAttempts(0);
  }

  @Test
  void aRedirectToAnotherSchemeIsReportedNotFollowed() {
    location = "https://127.0.0.1:" + server.getAddress().getPort() + "/oauth/token";
    ProtektAuth protekt =
        client().clientId("client").clientSecret("a-secret-that-must-stay-put").build();
    ProtektApiException e = assertThrows(ProtektApiException.class, protekt::getAccessToken);
    assertEquals(307, e.statusCode());
    assertEquals(1, redirected.get());
  }

  @Test
  void theClientSecretIsNotSentToAnotherHost() {
    location = anotherHost();
    ProtektAuth protekt =
        client().clientId("client").clientSecret("a-secret-that-must-stay-put").build();
    ProtektApiException e = assertThrows(ProtektApiException.class, protekt::getAccessToken);
    assertEquals(307, e.statusCode());
    assertEquals(1, redirected.get());
    assertEquals(List.of(), receivedElsewhere);
  }

  @Test
  void aNewUsersPasswordIsNotSentToAnotherHost() {
    location = anotherHost();
    Users users = client().tokenProvider(audience -> "machine-token").build().users();
    ProtektApiException e = assertThrows(ProtektApiException.class, () -> users.create(
        UserCreate.builder().email("a@example.com").password("Us3r-Passw0rd!").build()));
    assertEquals(307, e.statusCode());
    assertEquals(1, redirected.get());
    assertEquals(List.of(), receivedElsewhere);
  }
}
