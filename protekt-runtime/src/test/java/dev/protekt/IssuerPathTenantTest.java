package dev.protekt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.protekt.InvalidTokenException.Reason;
import dev.protekt.testing.LocalTenant;
import dev.protekt.users.User;
import dev.protekt.users.UserCreate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The SDK configured with a local tenant below an issuer path, as with Keycloak, an Okta custom
 * authorization server or Entra ID v2, by nothing but {@code domain(tenant.domain())}: verifying,
 * machine tokens and the Users API, over real HTTP.
 */
class IssuerPathTenantTest {
  @Test
  void aKeycloakRealmVerifiesItsTokensWithRealmRoles() {
    try (LocalTenant keycloak = LocalTenant.builder().issuerPath("/realms/acme").start()) {
      ProtektAuth auth = ProtektAuth.builder()
          .domain(keycloak.domain())
          .audience("posts-api")
          .rolesClaim("realm_access.roles")
          .build();

      ProtektUser user = auth.verifyToken(keycloak.token().audience("posts-api").subject("f:1:ada")
          .claim("realm_access", Map.of("roles", List.of("admin", "offline_access"))).sign());

      assertEquals("http://127.0.0.1:" + keycloak.port() + "/realms/acme", user.issuer());
      assertEquals(Set.of("admin", "offline_access"), user.roles());
      assertTrue(user.hasRole("admin"));
      assertEquals(List.of("/realms/acme/.well-known/openid-configuration"),
          keycloak.requests("/realms/acme/.well-known/openid-configuration").stream()
              .map(r -> r.path()).toList(), "discovered below the realm");
      assertEquals(Reason.WRONG_ISSUER, assertThrows(InvalidTokenException.class, () -> auth.verifyToken(
          keycloak.token().audience("posts-api").issuer(keycloak.issuer() + "/").sign())).reason(),
          "the issuer exactly, no trailing slash");
    }
  }

  @Test
  void anEntraV2TenantVerifiesItsTokens() {
    String path = "/0c7d4f5e-2b1a-4e8f-9a3b-6d5c4b3a2f10/v2.0";
    try (LocalTenant entra = LocalTenant.builder().issuerPath(path).start()) {
      ProtektAuth auth = ProtektAuth.builder().domain(entra.domain()).audience("api://posts").build();

      ProtektUser user = auth.verifyToken(entra.token().audience("api://posts").roles("Posts.Write")
          .claim("scp", "posts.read").sign());

      assertEquals(entra.issuer(), user.issuer());
      assertTrue(user.hasRole("Posts.Write"));
      assertTrue(user.hasPermission("posts.read"));
    }
  }

  @Test
  void machineTokensAndTheUsersApiWorkBelowTheIssuerPath() {
    try (LocalTenant okta = LocalTenant.builder().issuerPath("/oauth2/default").start()) {
      ProtektAuth auth = ProtektAuth.builder()
          .domain(okta.domain())
          .clientId(okta.clientId()).clientSecret(okta.clientSecret())
          .build();

      User ada = auth.users().create(UserCreate.builder().email("ada@example.com").password("Correct-Horse-1").build());

      assertEquals("ada@example.com", auth.users().get(ada.userId()).email());
      assertEquals(1, okta.requests("/oauth2/default/api/v2/users").size());
      assertEquals(1, okta.requests("/oauth2/default/oauth/token").size());
      assertFalse(auth.getAccessToken().isBlank());
      assertTrue(auth.users().delete(ada.userId()));
    }
  }

  @Test
  void twoRealmsAreTwoIssuers() {
    try (LocalTenant acme = LocalTenant.builder().issuerPath("/realms/acme").start();
        LocalTenant other = LocalTenant.builder().issuerPath("/realms/other").start()) {
      ProtektAuth auth = ProtektAuth.builder()
          .domain(acme.domain())
          .additionalIssuers(other.domain())
          .audience("posts-api")
          .build();

      assertEquals(acme.issuer(), auth.verifyToken(acme.token().audience("posts-api").sign()).issuer());
      assertEquals(other.issuer(), auth.verifyToken(other.token().audience("posts-api").sign()).issuer());
      assertEquals(Reason.WRONG_ISSUER, assertThrows(InvalidTokenException.class, () -> auth.verifyToken(
          acme.token().audience("posts-api").issuer(acme.domain().replace("acme", "third")).sign())).reason());
    }
  }
}
