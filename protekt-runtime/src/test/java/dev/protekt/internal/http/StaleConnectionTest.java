package dev.protekt.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.protekt.ProtektAuth;
import dev.protekt.users.User;
import dev.protekt.users.Users;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A tenant closes keep-alive connections that sit idle (load balancers after about a minute), while
 * OkHttp keeps them pooled for five and reuses one for a GET without probing it first. The request
 * written to such a connection meets its end of stream; the SDK must send it again on a new one at
 * once, whatever its retry settings. (That a user create is still never sent twice is {@code
 * RetryTest.createWhoseConnectionDroppedIsNotRepeated}.) A bare server on 127.0.0.1 plays that
 * tenant: it answers one request per connection, then closes it.
 */
class StaleConnectionTest {
  private static final String USER = "{\"user_id\":\"auth0|1\",\"email\":\"ada@example.com\"}";

  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final Semaphore closed = new Semaphore(0);
  private ServerSocket server;

  @BeforeEach
  void start() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::serve, "stale-connection-tenant");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  @AfterEach
  void stop() throws IOException {
    server.close();
  }

  /** Discovery is absent (the contract's fallback applies); a user read answers a user. */
  private void serve() {
    while (!server.isClosed()) {
      try (Socket socket = server.accept()) {
        BufferedReader in = new BufferedReader(
            new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
        String requestLine = in.readLine();
        for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
          // The headers, up to the blank line; a GET has no body.
        }
        requests.add(requestLine);
        boolean user = requestLine != null && requestLine.contains("/api/v2/users");
        byte[] body = (user ? USER : "{}").getBytes(StandardCharsets.UTF_8);
        OutputStream out = socket.getOutputStream();
        out.write(((user ? "HTTP/1.1 200 OK" : "HTTP/1.1 404 Not Found")
            + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
            .getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
      } catch (IOException e) {
        return;
      } finally {
        closed.release();
      }
    }
  }

  private Users users(int retryAttempts) {
    return ProtektAuth.builder()
        .domain("http://127.0.0.1:" + server.getLocalPort())
        .retryAttempts(retryAttempts)
        .tokenProvider(audience -> "machine-token")
        .build()
        .users();
  }

  private void awaitClosedConnections(int n) throws InterruptedException {
    assertTrue(closed.tryAcquire(n, 10, TimeUnit.SECONDS), "the server did not close its connections");
  }

  @Test
  void aGetOnAPooledConnectionTheTenantClosedIsSentAgainOnANewOneEvenWithRetriesOff()
      throws InterruptedException {
    Users users = users(0);
    assertEquals("auth0|1", users.get("auth0|1").userId());
    awaitClosedConnections(requests.size());
    User again = users.get("auth0|1");
    assertEquals("auth0|1", again.userId());
    assertEquals(2, requests.stream().filter(r -> r.startsWith("GET /api/v2/users/")).count());
  }
}
