package dev.protekt.internal.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.protekt.ConfigurationException;
import dev.protekt.KeysUnavailableException;
import dev.protekt.ProtektAuth;
import dev.protekt.health.Failure;
import dev.protekt.testing.LocalTenant;
import dev.protekt.testing.LocalTenantExtension;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A domain that asks for TLS (a bare host always does) at a server that speaks plain http: the
 * message says so and names the domain to write, rather than the handshake's exception. A raw
 * server on 127.0.0.1 plays the plain-http tenant in both ways one meets a TLS greeting.
 */
@ExtendWith(LocalTenantExtension.class)
class NotTlsTest {
  private final LocalTenant tenant;
  private ServerSocket server;

  NotTlsTest(LocalTenant tenant) {
    this.tenant = tenant;
  }

  @AfterEach
  void stop() throws IOException {
    if (server != null) {
      server.close();
    }
  }

  /**
   * Serves each connection: once the client's greeting arrives, {@code answer} is sent (nothing
   * when empty) and the connection closed.
   */
  private int serve(String answer) throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(() -> {
      while (!server.isClosed()) {
        try (Socket socket = server.accept()) {
          socket.getInputStream().read(new byte[1024]);
          OutputStream out = socket.getOutputStream();
          out.write(answer.getBytes(StandardCharsets.US_ASCII));
          out.flush();
        } catch (IOException closedOrGaveUp) {
          // The test ended, or the client gave up on this connection.
        }
      }
    }, "plain-http-tenant");
    acceptor.setDaemon(true);
    acceptor.start();
    return server.getLocalPort();
  }

  @Test
  void aPlainHttpAnswerToABareHostIsAConfigurationErrorNamingTheDomainToWrite() throws IOException {
    int port = serve("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    ProtektAuth auth = ProtektAuth.builder().domain("127.0.0.1:" + port)
        .audience(tenant.apiAudience()).retryAttempts(0).build();

    var e = assertThrows(ConfigurationException.class,
        () -> auth.verifyToken(tenant.token().sign()));
    assertTrue(e.getMessage().contains("OIDC discovery at https://127.0.0.1:" + port
        + "/.well-known/openid-configuration failed: the server at 127.0.0.1:" + port + " does"
        + " not speak TLS, but domain '127.0.0.1:" + port + "' means https://127.0.0.1:" + port
        + ", as a bare host always does. For a plain-http tenant on loopback, set domain"
        + " (PROTEKT_DOMAIN) to http://127.0.0.1:" + port + "."), e.getMessage());
    assertEquals(List.of("domain"), e.options());
    assertEquals(Failure.Kind.MISCONFIGURED, auth.health().keys().lastFailure().kind());
    assertEquals(e.getMessage(),
        assertThrows(ConfigurationException.class, auth::warmUp).getMessage());
  }

  /**
   * The local tenant run by hand, under a bare loopback host: the JDK's HTTP server under it often
   * keeps silent at a TLS greeting until the read timeout (or answers it, or closes): each way
   * the failure names the domain to write.
   */
  @Test
  void theLocalTenantUnderABareHostIsToldOfTheHttpDomainToWrite() {
    server = null;
    String hostAndPort = tenant.domain().substring("http://".length());
    ProtektAuth auth = ProtektAuth.builder().domain(hostAndPort).clientId(tenant.clientId())
        .clientSecret(tenant.clientSecret()).timeout(java.time.Duration.ofMillis(500))
        .retryAttempts(0).build();

    var e = assertThrows(dev.protekt.ProtektException.class, auth::getAccessToken);
    assertTrue(e.getMessage().contains("For a plain-http tenant on loopback, set domain"
        + " (PROTEKT_DOMAIN) to " + tenant.domain() + "."), e.getMessage());
  }

  @Test
  void aHandshakeClosedWithoutAnAnswerIsRetriedWithTheDomainToWriteIfItIsPlainHttp()
      throws IOException {
    int port = serve("");
    String domain = "https://127.0.0.1:" + port + "/realms/acme";
    ProtektAuth auth = ProtektAuth.builder().domain(domain).audience(tenant.apiAudience())
        .retryAttempts(0).build();

    var e = assertThrows(KeysUnavailableException.class,
        () -> auth.verifyToken(tenant.token().sign()));
    assertTrue(e.getMessage().contains("failed: the server at 127.0.0.1:" + port + " closed the"
        + " connection during the TLS handshake, as one that does not speak TLS does, but domain '"
        + domain + "' asks for https. For a plain-http tenant on loopback, set domain"
        + " (PROTEKT_DOMAIN) to http://127.0.0.1:" + port + "/realms/acme."), e.getMessage());
  }
}
