package dev.protekt.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.protekt.KeysUnavailableException;
import dev.protekt.LoopbackServers;
import dev.protekt.ProtektAuth;
import dev.protekt.ProtektUnavailableException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A tenant endpoint that answers with more than the SDK reads is reported as unavailable, whichever
 * call meets it, instead of being buffered without end. A bare HTTP server on 127.0.0.1 plays the
 * tenant, since the local tenant keeps to the contract.
 */
class ResponseSizeLimitTest {
  private static final byte[] SPACES = new byte[64 * 1024];

  static {
    Arrays.fill(SPACES, (byte) ' ');
  }

  /** The paths that answer with a JSON document just over 8 MiB (whitespace inside braces). */
  private volatile Set<String> oversized = Set.of();
  private final HttpServer server = LoopbackServers.start(this::answer);

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private void answer(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      if (oversized.contains(path)) {
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write('{');
          for (long sent = 1; sent <= ResponseSizeLimit.MAX_BYTES + SPACES.length; sent += SPACES.length) {
            out.write(SPACES);
          }
          out.write('}');
        } catch (IOException clientGaveUp) {
          // The SDK stops reading at its limit and closes the connection: expected.
        }
        return;
      }
      byte[] body = path.equals("/oauth/token")
          ? "{\"access_token\":\"t\",\"token_type\":\"Bearer\",\"expires_in\":3600}"
              .getBytes(StandardCharsets.UTF_8)
          : new byte[0];
      exchange.sendResponseHeaders(path.equals("/oauth/token") ? 200 : 404,
          body.length == 0 ? -1 : body.length);
      exchange.getResponseBody().write(body);
    }
  }

  private ProtektAuth client() {
    return ProtektAuth.builder()
        .domain(LoopbackServers.domain(server))
        .clientId("client")
        .clientSecret("secret")
        .retryAttempts(0)
        .build();
  }

  private static void assertTooLarge(ProtektUnavailableException e) {
    assertTrue(e.getMessage().contains("larger than 8 MiB"), e.getMessage());
  }

  @Test
  void anOversizedDiscoveryDocumentIsAnOutage() {
    oversized = Set.of("/.well-known/openid-configuration");
    assertTooLarge(assertThrows(ProtektUnavailableException.class, client()::getAccessToken));
  }

  @Test
  void anOversizedTokenResponseIsAnOutage() {
    oversized = Set.of("/oauth/token");
    assertTooLarge(assertThrows(ProtektUnavailableException.class, client()::getAccessToken));
  }

  /**
   * The key set has a bound of its own, 512 KiB: it is met before the 8 MiB of every answer, and
   * the read stops there (an answer read whole before the check would meet the 8 MiB first).
   */
  @Test
  void anOversizedKeySetIsAnOutageAtItsOwnBound() {
    oversized = Set.of("/.well-known/jwks.json");
    ProtektAuth protekt = ProtektAuth.builder().domain(LoopbackServers.domain(server))
        .audience("https://api.example.com").retryAttempts(0).build();
    // {"alg":"RS256","kid":"k"}.{"sub":"s"}.signature: verifying it needs the keys.
    String token = "eyJhbGciOiJSUzI1NiIsImtpZCI6ImsifQ.eyJzdWIiOiJzIn0.c2lnbmF0dXJl";
    var e = assertThrows(KeysUnavailableException.class, () -> protekt.verifyToken(token));
    assertTrue(e.getMessage().contains("JWKS response is larger than 524288 bytes"),
        e.getMessage());
  }

  @Test
  void anOversizedUsersApiAnswerIsAnOutage() {
    oversized = Set.of("/api/v2/users/someone");
    ProtektAuth protekt = client();
    assertEquals("t", protekt.getAccessToken(), "the small answers still get through");
    assertTooLarge(assertThrows(ProtektUnavailableException.class,
        () -> protekt.users().get("someone")));
  }
}
