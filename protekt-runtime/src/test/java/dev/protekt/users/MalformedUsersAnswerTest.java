package dev.protekt.users;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.protekt.ProtektApiException;
import dev.protekt.LoopbackServers;
import dev.protekt.ProtektAuth;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A tenant whose user list does not fit the contract, which the local tenant (validating what it
 * stores) cannot be made to answer: served by a bare HTTP server on 127.0.0.1.
 */
class MalformedUsersAnswerTest {
  private HttpServer server;
  private ProtektAuth protekt;

  @BeforeEach
  void start() throws IOException {
    server = LoopbackServers.start(MalformedUsersAnswerTest::answer);
    protekt = ProtektAuth.builder()
        .domain(LoopbackServers.domain(server))
        .tokenProvider(audience -> "machine-token")
        .retryAttempts(0)
        .build();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  /** Discovery 404s (so the contract's fallback applies); the user list holds an object id. */
  private static void answer(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!exchange.getRequestURI().getPath().equals("/api/v2/users")) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      byte[] body = "[{\"user_id\":{\"not\":\"a string\"}}]".getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  @Test
  void aUserListThatDoesNotFitTheContractIsATypedError() {
    ProtektApiException e = assertThrows(ProtektApiException.class,
        () -> protekt.users().list(UserQuery.builder().build()));
    assertEquals(200, e.statusCode());
    assertEquals("invalid_response", e.errorCode());
  }
}
