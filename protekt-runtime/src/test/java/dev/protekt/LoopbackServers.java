package dev.protekt;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * A bare HTTP server on 127.0.0.1 for the few tests that need a tenant misbehaving in ways the
 * local tenant, which keeps to the contract, never does.
 */
public final class LoopbackServers {
  private LoopbackServers() {}

  /** Starts a server on a free loopback port that answers every path with {@code handler}. */
  public static HttpServer start(HttpHandler handler) {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.createContext("/", handler);
      server.start();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The {@code http://127.0.0.1:port} domain of a started server. */
  public static String domain(HttpServer server) {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }
}
