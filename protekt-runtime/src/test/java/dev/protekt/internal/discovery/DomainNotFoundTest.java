package dev.protekt.internal.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.protekt.KeysUnavailableException;
import dev.protekt.ProtektAuth;
import dev.protekt.health.Failure;
import dev.protekt.health.WarmUp;
import dev.protekt.testing.LocalTenant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A domain without its issuer's path (Keycloak's realm): discovery and the contract's fallback
 * both answer 404, which is a domain to check, not an outage to wait out.
 */
class DomainNotFoundTest {
  private LocalTenant realm;

  @BeforeEach
  void start() {
    realm = LocalTenant.builder().issuerPath("/realms/acme").start();
  }

  @AfterEach
  void stop() {
    realm.close();
  }

  @Test
  void aDomainWithoutTheIssuersPathIsToldToCheckIt() {
    String domain = "http://127.0.0.1:" + realm.port();
    ProtektAuth auth = ProtektAuth.builder().domain(domain).audience(realm.apiAudience())
        .retryAttempts(0).build();

    List<WarmUp.Unreached> unreached = auth.warmUp().unreached();
    assertEquals(1, unreached.size(), unreached.toString());
    assertEquals(Failure.Kind.MISCONFIGURED, unreached.get(0).failure().kind());
    assertEquals(404, unreached.get(0).failure().status());

    var e = assertThrows(KeysUnavailableException.class,
        () -> auth.verifyToken(realm.token().sign()));
    assertTrue(e.getMessage().contains("OIDC discovery at " + domain
        + "/.well-known/openid-configuration and the keys at " + domain + "/.well-known/jwks.json,"
        + " where the contract puts them without it, both answered HTTP 404 (not found): no"
        + " issuer was found at domain '" + domain + "'. Check domain (PROTEKT_DOMAIN): it is the"
        + " issuer's URL, with the path of a Keycloak, Okta or Entra ID issuer"), e.getMessage());
    Failure last = auth.health().keys().lastFailure();
    assertEquals(Failure.Kind.MISCONFIGURED, last.kind());
    assertEquals(404, last.status());
  }
}
