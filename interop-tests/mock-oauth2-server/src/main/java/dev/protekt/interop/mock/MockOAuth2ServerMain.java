package dev.protekt.interop.mock;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;

/**
 * Runs navikt's mock-oauth2-server for the interop tests, in a JVM of its own: its OkHttp 5,
 * Jackson 3 and Kotlin never share a class path with the SDK under test.
 *
 * <p>The argument is the server's JSON configuration file. It listens on a free port of 127.0.0.1,
 * prints {@code listening on <port>}, and stops when its standard input ends: when the test that
 * started it closes it, or dies.
 */
public final class MockOAuth2ServerMain {
  private MockOAuth2ServerMain() {}

  /** Starts the server; see the class comment for the argument. */
  public static void main(String[] args) throws IOException {
    OAuth2Config config = OAuth2Config.Companion.fromJson(Files.readString(Path.of(args[0])));
    MockOAuth2Server server = new MockOAuth2Server(config);
    server.start(InetAddress.getByName("127.0.0.1"), 0);
    System.out.println("listening on " + server.baseUrl().port());
    while (System.in.read() >= 0) {
      // Nothing is sent: the end of input is the signal.
    }
    // A test server has nothing to save: no need to sit out Netty's graceful shutdown.
    System.exit(0);
  }
}
