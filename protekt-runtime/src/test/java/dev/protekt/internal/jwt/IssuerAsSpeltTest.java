package dev.protekt.internal.jwt;

import static dev.protekt.internal.jwt.Tokens.assertRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.protekt.InvalidTokenException;
import dev.protekt.InvalidTokenException.Reason;
import dev.protekt.ProtektAuth;
import dev.protekt.testing.LocalTenant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An issuer at the root of its host whose discovery names it without a trailing slash, as an Okta
 * org's, Spring Authorization Server's and Google's do: refusals, health and logs name it as the
 * tenant spells it, the string the token's {@code iss} is compared with, never with the slash a
 * URL parser adds to an empty path (which is what a refused token may carry).
 */
class IssuerAsSpeltTest {
  private static final String DISCOVERY = "/.well-known/openid-configuration";

  private final LocalTenant tenant = LocalTenant.start();
  private final LocalTenant other = LocalTenant.builder().issuerPath("/oauth2/default").start();

  @AfterEach
  void stop() {
    tenant.close();
    other.close();
  }

  /** The tenant's discovery names its root URL without a slash: the issuer its tokens carry. */
  private String rootIssuerWithoutSlash() {
    String issuer = tenant.domain();
    String doc = "{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + issuer
        + "/.well-known/jwks.json\"}";
    tenant.faults().failNext(DISCOVERY, 1_000, 200, Map.of("Content-Type", "application/json"),
        doc);
    return issuer;
  }

  @Test
  void oneIssuersRefusalsAndHealthNameItWithoutASlash() {
    String issuer = rootIssuerWithoutSlash();
    try (ProtektAuth auth =
        ProtektAuth.builder().domain(issuer).audience(tenant.apiAudience()).build()) {
      oneIssuersRefusalsAndHealthNameIt(auth, issuer);
    }
  }

  private void oneIssuersRefusalsAndHealthNameIt(ProtektAuth auth, String issuer) {
    assertEquals(issuer, auth.verifyToken(tenant.token().issuer(issuer).sign()).issuer());

    String withSlash = issuer + "/";
    String notTheTenants = "The token's issuer is not the tenant's issuer '" + issuer + "'.";
    InvalidTokenException e =
        assertRejected(auth, tenant.token().issuer(withSlash).sign(), Reason.WRONG_ISSUER);
    assertEquals(notTheTenants, e.getMessage());
    // A kid not in hand: the iss is read before a fetch, and refused the same.
    e = assertRejected(auth, tenant.token().issuer(withSlash).header("kid", "not-published").sign(),
        Reason.WRONG_ISSUER);
    assertEquals(notTheTenants, e.getMessage());
    e = assertRejected(auth, tenant.token().issuer(issuer).header("kid", "not-published").sign(),
        Reason.UNKNOWN_KEY);
    assertEquals("No key of " + issuer + " has the token's kid.", e.getMessage());
    e = assertRejected(auth, tenant.token().issuer(issuer).signWithForeignKey(),
        Reason.BAD_SIGNATURE);
    assertEquals("The token's signature does not verify with the key of " + issuer + ".",
        e.getMessage());
    assertEquals(List.of(issuer), List.copyOf(auth.health().keysByIssuer().keySet()));
  }

  @Test
  void severalIssuersRefusalsAndHealthNameItWithoutASlash() {
    String issuer = rootIssuerWithoutSlash();
    try (ProtektAuth auth = ProtektAuth.builder().domain(issuer)
        .additionalIssuers(other.domain()).audience(tenant.apiAudience()).build()) {
      severalIssuersRefusalsAndHealthNameIt(auth, issuer);
    }
  }

  private void severalIssuersRefusalsAndHealthNameIt(ProtektAuth auth, String issuer) {
    String withSlash = issuer + "/";
    // Before its discovery, the iss with a slash may only be this issuer's, which discovery then
    // names without one.
    InvalidTokenException e =
        assertRejected(auth, tenant.token().issuer(withSlash).sign(), Reason.WRONG_ISSUER);
    assertEquals("The token's issuer is not '" + issuer + "', the trusted issuer its iss chose.",
        e.getMessage());
    auth.verifyToken(other.token().sign());

    e = assertRejected(auth, tenant.token().issuer(withSlash).sign(), Reason.WRONG_ISSUER);
    assertEquals("The token's issuer is none of the trusted issuers ['" + issuer + "', '"
        + other.issuer() + "'].", e.getMessage());
    assertEquals(List.of(issuer, other.domain()),
        List.copyOf(auth.health().keysByIssuer().keySet()));
  }
}
