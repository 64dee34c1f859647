package dev.protekt.interop;

import static dev.protekt.interop.Tokens.assertRefused;
import static dev.protekt.interop.Tokens.assertRefusedAsForeign;
import static dev.protekt.interop.Tokens.assertTamperingRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.protekt.ForbiddenException;
import dev.protekt.InvalidTokenException.Reason;
import dev.protekt.ProtektAuth;
import dev.protekt.ProtektUser;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Tokens of a Spring Authorization Server application set up with Spring Boot's defaults: a
 * generated RSA key, the issuer taken from the request's host, {@code aud} the client's id, {@code
 * scope} a JSON array, and a {@code roles} claim its token customizer adds. Each {@link
 * ProtektAuth} knows only the issuer's URL and the audience.
 */
@ExtendWith(Issuers.Resolver.class)
class SpringAuthorizationServerInteropTest {
  private static Issuers issuers;
  private static String server;

  @BeforeAll
  static void start(Issuers all) {
    issuers = all;
    server = all.springAuthorizationServer.url();
  }

  private static String token(String clientId, String clientSecret, String scope) {
    return Tokens.clientCredentials(server + "/oauth2/token", clientId, clientSecret, scope);
  }

  private static ProtektAuth.Builder protekt() {
    return ProtektAuth.builder().domain(server).audience("interop-client");
  }

  @Test
  void clientCredentialsTokenIsVerifiedFromTheIssuerUrlAlone() {
    ProtektUser user = protekt().build()
        .verifyAuthorization("Bearer " + token("interop-client", "interop-secret", "orders:read"));

    assertEquals("interop-client", user.subject());
    assertEquals(server, user.issuer());
    assertEquals(List.of("interop-client"), user.audiences());
    assertEquals(Set.of("orders-admin"), user.roles(), "the customizer's claim");
  }

  @Test
  void scopeAsAJsonArrayCountsAsPermissions() {
    ProtektUser user = protekt().build()
        .verifyToken(token("interop-client", "interop-secret", "orders:read orders:write"));

    assertEquals(Set.of("orders:read", "orders:write"), user.scopes());
    assertTrue(user.hasPermission("orders:write"));
    assertFalse(user.hasPermission("orders:delete"));
  }

  @Test
  void onlyTheScopesGrantedAreThere() {
    ProtektUser user = protekt().build()
        .verifyToken(token("interop-client", "interop-secret", "orders:read"));

    assertEquals(Set.of("orders:read"), user.scopes());
    assertFalse(user.hasPermission("orders:write"));
  }

  @Test
  void generatedGuardDecidesOnTheCustomizersRolesAndTheScopeArray() {
    OrdersHandlers orders = new OrdersHandlersGuard(new OrdersHandlers.Service(), protekt().build());
    String readOnly = "Bearer " + token("interop-client", "interop-secret", "orders:read");

    assertEquals("interop-client", orders.cancelAll(
        "Bearer " + token("interop-client", "interop-secret", "orders:read orders:write")));
    assertEquals("interop-client", orders.list(readOnly));
    ForbiddenException e =
        assertThrows(ForbiddenException.class, () -> orders.cancelAll(readOnly));
    assertEquals(ForbiddenException.Kind.PERMISSION, e.kind());
  }

  @Test
  void tamperedTokenIsRefused() {
    assertTamperingRefused(
        protekt().build(), token("interop-client", "interop-secret", "orders:read"));
  }

  @Test
  void tokenOfAnotherClientIsRefused() {
    // Spring puts the client's id in aud: another client's token is for another audience.
    assertRefused(Reason.WRONG_AUDIENCE, protekt().build(),
        token("other-client", "other-secret", "orders:read"));
  }

  @Test
  void tokenOfTheSameServerUnderAnotherNameIsRefused() {
    // Spring takes the issuer from the request: same key and kid, issuer http://localhost:….
    String token = Tokens.clientCredentials(server.replace("127.0.0.1", "localhost")
        + "/oauth2/token", "interop-client", "interop-secret", "orders:read");

    assertRefused(Reason.WRONG_ISSUER, protekt().build(), token);
  }

  @Test
  void tokenOfMockOAuth2ServerIsRefused() {
    String token = Tokens.clientCredentials(
        issuers.mockOAuth2Server.url() + "/default/token", "interop-client", "interop-secret",
        "interop-client");

    assertRefusedAsForeign(protekt().build(), token);
  }

  @Test
  void oneClientTrustingBothProvidersKeepsEachProvidersKeysToItsOwnTokens() throws IOException {
    String mock = issuers.mockOAuth2Server.url() + "/default";
    ProtektAuth both = protekt().additionalIssuers(mock).build();
    String springToken = token("interop-client", "interop-secret", "orders:read");
    String mockToken = Tokens.clientCredentials(
        mock + "/token", "interop-client", "interop-secret", "interop-client");

    assertEquals(server, both.verifyToken(springToken).issuer());
    assertEquals(mock, both.verifyToken(mockToken).issuer());
    // Tampered so that the claims still parse: with several issuers the payload's iss is read
    // before the signature, and a payload that does not parse is refused as MALFORMED there.
    assertRefused(Reason.BAD_SIGNATURE, both, Tokens.withSubject(springToken, "intruder"));
    assertRefused(Reason.BAD_SIGNATURE, both, Tokens.withSubject(mockToken, "intruder"));
    assertRefusedAsForeign(both, Tokens.clientCredentials(issuers.mockOAuth2Server.url()
        + "/another/token", "interop-client", "interop-secret", "interop-client"));
  }
}
