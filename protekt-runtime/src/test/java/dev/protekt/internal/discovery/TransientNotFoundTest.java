package dev.protekt.internal.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.protekt.Eventually;
import dev.protekt.InvalidTokenException;
import dev.protekt.KeysUnavailableException;
import dev.protekt.LoopbackServers;
import dev.protekt.ProtektAuth;
import dev.protekt.testing.LocalTenant;
import dev.protekt.testing.LocalTenantExtension;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A discovery that answers 404 once (a deploy, a CDN's moment) and its document ever after: the
 * contract's fallback must not stand for the life of the client. A bare server on 127.0.0.1 plays
 * an issuer whose issuer and JWKS are not where the fallback puts them, Keycloak-like; it serves
 * the local tenant's keys, which sign the tokens.
 */
@ExtendWith(LocalTenantExtension.class)
class TransientNotFoundTest {
  private static final String REALM = "/realms/acme";
  private static final String DISCOVERY = "/.well-known/openid-configuration";

  private final LocalTenant tenant;
  private final AtomicInteger discoveries = new AtomicInteger();
  private HttpServer server;
  private String jwks;
  /** Whether the fallback's JWKS URL has keys too (the issuer then differs only in its slash). */
  private volatile boolean keysAtFallback;

  TransientNotFoundTest(LocalTenant tenant) {
    this.tenant = tenant;
  }

  @BeforeEach
  void start() throws IOException {
    try (InputStream in = URI.create(tenant.domain() + "/.well-known/jwks.json").toURL()
        .openStream()) {
      jwks = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    server = LoopbackServers.start(this::answer);
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private String realm() {
    return LoopbackServers.domain(server) + REALM;
  }

  /** Discovery 404s the first time; the document's issuer has no trailing slash. */
  private void answer(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      String body = null;
      if (path.equals(REALM + DISCOVERY) && discoveries.getAndIncrement() > 0) {
        body = "{\"issuer\":\"" + realm() + "\",\"jwks_uri\":\"" + realm() + "/certs\"}";
      } else if (path.equals(REALM + "/certs")
          || (keysAtFallback && path.equals(REALM + "/.well-known/jwks.json"))) {
        body = jwks;
      }
      if (body == null) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, bytes.length);
      exchange.getResponseBody().write(bytes);
    }
  }

  private ProtektAuth.Builder client() {
    return ProtektAuth.builder().domain(realm()).audience(tenant.apiAudience()).retryAttempts(0);
  }

  private String token() {
    return tenant.token().issuer(realm()).subject("protekt|realm").sign();
  }

  private static boolean verifies(ProtektAuth auth, String token) {
    try {
      return auth.verifyToken(token).subject().equals("protekt|realm");
    } catch (InvalidTokenException | KeysUnavailableException e) {
      return false;
    }
  }

  @Test
  void keysMissingWhereTheFallbackPointsAreFetchedFromTheDocumentFoundNext() {
    ProtektAuth auth = client().build();
    String token = token();

    assertThrows(KeysUnavailableException.class, () -> auth.verifyToken(token));

    // The next key fetch, a second after the failed one, asks discovery again.
    Eventually.holds("the token verifies once discovery answers", () -> verifies(auth, token));
    assertEquals(2, discoveries.get());
  }

  @Test
  void anIssuerTheFallbackGotWrongIsRightAfterTheNextKeyRefresh() {
    keysAtFallback = true;
    ProtektAuth auth = client().cacheTtl(Duration.ofSeconds(1)).build();
    String token = token();

    var e = assertThrows(InvalidTokenException.class, () -> auth.verifyToken(token));
    assertEquals(InvalidTokenException.Reason.WRONG_ISSUER, e.reason());

    // Past the TTL, a verification starts the refresh in the background; it rediscovers.
    Eventually.holds("the token verifies once the keys were refreshed",
        () -> verifies(auth, token));
    assertEquals(2, discoveries.get());
  }
}
