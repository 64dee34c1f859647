package dev.protekt.interop;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Objects;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The third-party issuers of the interop tests: both started once for the whole run, at the same
 * time (each start is mostly waiting on its own JVM), and stopped when the run ends, whether its
 * tests passed or not. A test class takes them as a parameter of its {@code @BeforeAll} method.
 */
final class Issuers implements AutoCloseable {
  /** navikt's mock-oauth2-server, configured by {@code mock-oauth2-server.json}. */
  final IssuerProcess mockOAuth2Server;
  /** A Spring Authorization Server application. */
  final IssuerProcess springAuthorizationServer;

  private Issuers(IssuerProcess mockOAuth2Server, IssuerProcess springAuthorizationServer) {
    this.mockOAuth2Server = mockOAuth2Server;
    this.springAuthorizationServer = springAuthorizationServer;
  }

  private static Issuers start() {
    Path config;
    try {
      config = Path.of(Objects.requireNonNull(Issuers.class.getResource("/mock-oauth2-server.json"),
          "mock-oauth2-server.json").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    IssuerProcess mock = IssuerProcess.start("mock-oauth2-server",
        "dev.protekt.interop.mock.MockOAuth2ServerMain", config.toString());
    try {
      return new Issuers(mock, IssuerProcess.start("spring-authorization-server",
          "dev.protekt.interop.spring.SpringAuthorizationServerMain"));
    } catch (RuntimeException | Error e) {
      mock.close();
      throw e;
    }
  }

  @Override
  public void close() {
    // Both stop side by side.
    mockOAuth2Server.stop();
    springAuthorizationServer.stop();
    try {
      mockOAuth2Server.close();
    } finally {
      springAuthorizationServer.close();
    }
  }

  /** Hands the one {@link Issuers} of the run to the methods that ask for it. */
  static final class Resolver implements ParameterResolver {
    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
      return parameter.getParameter().getType() == Issuers.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
      // The root store closes what it holds when the whole run ends.
      return context.getRoot().getStore(ExtensionContext.Namespace.create(Issuers.class))
          .getOrComputeIfAbsent(Issuers.class, key -> start(), Issuers.class);
    }
  }
}
