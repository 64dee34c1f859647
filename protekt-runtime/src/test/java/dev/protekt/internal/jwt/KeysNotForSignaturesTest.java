package dev.protekt.internal.jwt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.protekt.CapturedLog;
import dev.protekt.InvalidTokenException.Reason;
import dev.protekt.KeysUnavailableException;
import dev.protekt.LoopbackServers;
import dev.protekt.ProtektAuth;
import dev.protekt.health.KeySetHealth;
import dev.protekt.testing.LocalTenant;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A JWKS key meant for encryption ({@code "use":"enc"}, or {@code key_ops} without {@code
 * verify}), as Keycloak publishes an RSA-OAEP key beside its signing key: kept under its kid, so a
 * token naming it is a KEY_MISMATCH without a fetch, never used to verify (the tokens here are
 * signed with its very private key), not counted as usable, and not warned about.
 */
class KeysNotForSignaturesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The foreign RSA key, which signs the forged tokens, as a JWK for encryption. */
  private static Map<String, Object> encryptionJwk(String kid, boolean byKeyOps) {
    Map<String, Object> jwk = Tokens.foreignRsaJwk();
    jwk.put("kid", kid);
    if (byKeyOps) {
      jwk.put("key_ops", List.of("encrypt", "wrapKey"));
    } else {
      jwk.put("use", "enc");
      jwk.put("alg", "RSA-OAEP");
    }
    return jwk;
  }

  /** A token of {@code genuine}'s claims, signed by the foreign key under {@code kid}. */
  private static String signedByForeignKey(String genuine, String kid) {
    Map<String, Object> header = Tokens.header(genuine);
    header.put("kid", kid);
    return Tokens.signWithForeignRsa(header, Tokens.claims(genuine));
  }

  private static void keptAndRefused(boolean byKeyOps) {
    try (LocalTenant tenant = LocalTenant.start()) {
      tenant.keys().publishJwk(encryptionJwk("enc-kid", byKeyOps));
      ProtektAuth auth = ProtektAuth.builder().domain(tenant.domain())
          .audience(tenant.apiAudience()).retryAttempts(0).build();
      String genuine = tenant.token().sign();
      String forged = signedByForeignKey(genuine, "enc-kid");

      String log = CapturedLog.of(() -> {
        auth.verifyToken(genuine);
        for (int i = 0; i < 5; i++) {
          assertEquals("The token's kid names a key the tenant publishes for encryption, not"
              + " signatures.", Tokens.assertRejected(auth, forged, Reason.KEY_MISMATCH)
              .getMessage());
        }
      });

      assertEquals(1, tenant.requests(JwksKeySourceTest.JWKS).size(), "no fetch for its kid");
      assertFalse(log.contains("WARN dev.protekt.keys"), log);
      assertEquals(KeySetHealth.State.FRESH, auth.health().keys().state());
      assertEquals(1, auth.health().keys().keyCount());
    }
  }

  @Test
  void aKeyForEncryptionIsKeptUnderItsKidAndRefusedAsAMismatch() {
    keptAndRefused(false);
  }

  @Test
  void aKeyWhoseOperationsDoNotVerifyIsKeptUnderItsKidAndRefusedAsAMismatch() {
    keptAndRefused(true);
  }

  /**
   * Served by a bare server (the local tenant publishes its own signing key first): discovery
   * answers 404, so the keys are at the fallback's JWKS and the issuer is the domain's.
   */
  private static HttpServer serving(List<Map<String, Object>> keys) {
    byte[] jwks;
    try {
      jwks = JSON.writeValueAsBytes(Map.of("keys", keys));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return LoopbackServers.start((HttpExchange exchange) -> {
      try (exchange) {
        if (!exchange.getRequestURI().getPath().equals(JwksKeySourceTest.JWKS)) {
          exchange.sendResponseHeaders(404, -1);
          return;
        }
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, jwks.length);
        exchange.getResponseBody().write(jwks);
      }
    });
  }

  /** A token of the bare server's issuer, signed by the foreign key under {@code kid}. */
  private static String foreignToken(HttpServer server, String kid) {
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("iss", LoopbackServers.domain(server) + "/");
    claims.put("aud", "api");
    claims.put("sub", "protekt|someone");
    claims.put("exp", System.currentTimeMillis() / 1000 + 300);
    return Tokens.signWithForeignRsa(Map.of("alg", "RS256", "typ", "JWT", "kid", kid), claims);
  }

  private static ProtektAuth client(HttpServer server) {
    return ProtektAuth.builder().domain(LoopbackServers.domain(server)).audience("api")
        .retryAttempts(0).build();
  }

  @Test
  void severalEncryptionKeysUnderOneKidAreNoWarning() {
    // One key listed for two algorithms, as a provider may publish it for RSA-OAEP and RSA1_5.
    Map<String, Object> oaep1 = encryptionJwk("enc-kid", false);
    oaep1.put("alg", "RSA1_5");
    // Beside a signing key: a set of encryption keys alone verifies no token at all.
    Map<String, Object> signing = Tokens.foreignRsaJwk();
    signing.put("kid", "sig-kid");
    HttpServer server = serving(List.of(signing, encryptionJwk("enc-kid", false), oaep1,
        encryptionJwk("ops-kid", true)));
    try {
      ProtektAuth auth = client(server);
      String log = CapturedLog.of(() -> Tokens.assertRejected(
          auth, foreignToken(server, "enc-kid"), Reason.KEY_MISMATCH));
      assertFalse(log.contains("several keys"), log);
    } finally {
      server.stop(0);
    }
  }

  @Test
  void aSetOfOnlyEncryptionKeysHasNoUsableKey() {
    HttpServer server = serving(List.of(encryptionJwk("enc-kid", false),
        encryptionJwk("ops-kid", true)));
    try {
      ProtektAuth auth = client(server);
      auth.warmUp();
      assertEquals(KeySetHealth.State.NO_USABLE_KEYS, auth.health().keys().state());
      assertEquals(0, auth.health().keys().keyCount());
      // No token can be verified, and no client is to blame for it: an outage, not a refusal.
      assertThrows(KeysUnavailableException.class,
          () -> auth.verifyToken(foreignToken(server, "enc-kid")));
    } finally {
      server.stop(0);
    }
  }

  @Test
  void anEncryptionKeyFirstUnderTheSigningKeysKidDoesNotHideIt() throws Exception {
    Map<String, Object> signing = Tokens.foreignRsaJwk();
    signing.put("kid", "shared");
    signing.put("use", "sig");
    Map<String, Object> encryption = encryptionJwk("shared", false);
    encryption.put("n", Base64.getUrlEncoder().withoutPadding().encodeToString(
        ((RSAPublicKey) KeyPairGenerator.getInstance("RSA").generateKeyPair().getPublic())
            .getModulus().toByteArray()));
    HttpServer server = serving(List.of(encryption, signing));
    try {
      ProtektAuth auth = client(server);
      String log = CapturedLog.of(() -> auth.verifyToken(foreignToken(server, "shared")));
      assertFalse(log.contains("WARN dev.protekt.keys"), log);
      assertEquals(1, auth.health().keys().keyCount());
    } finally {
      server.stop(0);
    }
  }
}
