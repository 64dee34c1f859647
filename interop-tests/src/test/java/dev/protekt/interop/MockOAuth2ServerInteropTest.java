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
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Tokens of navikt's mock-oauth2-server, which serves any number of issuers at {@code
 * /<issuer id>} and mints the claims that {@code mock-oauth2-server.json} gives each: the shapes of
 * Keycloak, Entra ID and Auth0. Each {@link ProtektAuth} knows only the issuer's URL and the
 * audience.
 */
@ExtendWith(Issuers.Resolver.class)
class MockOAuth2ServerInteropTest {
  private static Issuers issuers;
  private static String server;

  @BeforeAll
  static void start(Issuers all) {
    issuers = all;
    server = all.mockOAuth2Server.url();
  }

  private static String token(String issuerId, String scope) {
    return Tokens.clientCredentials(
        server + "/" + issuerId + "/token", "interop", "interop-secret", scope);
  }

  private static ProtektAuth.Builder protekt(String issuerId, String audience) {
    return ProtektAuth.builder().domain(server + "/" + issuerId).audience(audience);
  }

  @Test
  void plainClientCredentialsTokenIsVerifiedFromTheIssuerUrlAlone() {
    // No token callback for this issuer: the server's defaults, aud from the requested scope.
    ProtektUser user = protekt("default", "interop-api").build()
        .verifyToken(token("default", "interop-api"));

    assertEquals("interop", user.subject());
    assertEquals(server + "/default", user.issuer());
    assertEquals(List.of("interop-api"), user.audiences());
    assertEquals(Set.of(), user.roles());
  }

  @Test
  void keycloakShapedToken() {
    // Realm roles and the API client's roles, as Keycloak writes them without custom mappers.
    ProtektUser user = protekt("keycloak", "interop-api")
        .rolesClaim("realm_access.roles", "resource_access.interop-api.roles")
        .build()
        .verifyAuthorization("Bearer " + token("keycloak", "profile"));

    assertEquals("service-account-interop", user.subject());
    assertEquals(List.of("interop-api", "account"), user.audiences());
    assertEquals(Set.of("orders-admin", "offline_access", "orders-reader"), user.roles());
    assertEquals(Set.of("profile", "email", "orders:read"), user.scopes());
    assertTrue(user.hasPermission("orders:read"), "scope, space-separated");
    assertFalse(user.hasPermission("orders:write"));
  }

  @Test
  void generatedGuardDecidesOnKeycloakRolesAndScope() {
    OrdersHandlers orders = new OrdersHandlersGuard(new OrdersHandlers.Service(),
        protekt("keycloak", "interop-api").rolesClaim("realm_access.roles").build());
    String authorization = "Bearer " + token("keycloak", "profile");

    assertEquals("service-account-interop", orders.list(authorization));
    // The role is there, but not the scope orders:write.
    ForbiddenException e =
        assertThrows(ForbiddenException.class, () -> orders.cancelAll(authorization));
    assertEquals(ForbiddenException.Kind.PERMISSION, e.kind());
  }

  @Test
  void keycloakRolesAreNotReadUnlessConfigured() {
    ProtektUser user = protekt("keycloak", "interop-api").build()
        .verifyToken(token("keycloak", "profile"));

    assertEquals(Set.of(), user.roles());
  }

  @Test
  void entraShapedToken() {
    ProtektUser user = protekt("entra", "api://interop-api").build()
        .verifyToken(token("entra", "api://interop-api/.default"));

    assertEquals(Set.of("Orders.Admin"), user.roles(), "app roles, in the default claim");
    assertEquals(Set.of("Orders.Read", "Orders.Write"), user.scopes(), "scp, space-separated");
    assertTrue(user.hasPermission("Orders.Write"));
    assertFalse(user.hasPermission("Orders.Admin"));
  }

  @Test
  void auth0ShapedToken() {
    // The namespaced claim of an Action, named whole or quoted.
    for (String rolesClaim :
        List.of("https://example.com/roles", "\"https://example.com/roles\"")) {
      ProtektUser user = protekt("auth0", "https://api.interop.test/")
          .rolesClaim(rolesClaim)
          .build()
          .verifyToken(token("auth0", "read:orders write:orders"));

      assertEquals("interop@clients", user.subject());
      assertEquals(Set.of("admin"), user.roles(), rolesClaim);
      assertEquals(Set.of("read:orders", "write:orders"), user.permissions());
      assertTrue(user.hasPermission("write:orders"));
      assertFalse(user.hasPermission("delete:orders"));
    }
  }

  @Test
  void tamperedTokenIsRefused() {
    assertTamperingRefused(
        protekt("keycloak", "interop-api").build(), token("keycloak", "profile"));
  }

  @Test
  void tokenForAnotherAudienceIsRefused() {
    assertRefused(Reason.WRONG_AUDIENCE, protekt("keycloak", "interop-api").build(),
        token("keycloak", "foreign"));
  }

  @Test
  void tokenOfTheSameServerUnderAnotherNameIsRefused() {
    // The same server, key and kid reached as localhost, which the issuer then names: the trap of
    // a custom domain beside the canonical one.
    String token = Tokens.clientCredentials(server.replace("127.0.0.1", "localhost")
        + "/keycloak/token", "interop", "interop-secret", "profile");

    assertRefused(Reason.WRONG_ISSUER, protekt("keycloak", "interop-api").build(), token);
  }

  @Test
  void tokenOfAnotherIssuerOfTheServerIsRefused() {
    // Each issuer of the server signs with a key of its own, whose kid is the issuer's id.
    assertRefusedAsForeign(
        protekt("default", "interop-api").build(), token("other", "interop-api"));
  }

  @Test
  void tokenOfSpringAuthorizationServerIsRefused() {
    String token = Tokens.clientCredentials(issuers.springAuthorizationServer.url()
        + "/oauth2/token", "interop-client", "interop-secret", "orders:read");

    assertRefusedAsForeign(protekt("default", "interop-client").build(), token);
  }
}
