package dev.protekt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.protekt.InvalidTokenException.Reason;
import dev.protekt.testing.LocalTenant;
import dev.protekt.testing.LocalTenantExtension;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A list of audiences, and how additional issuers are configured and refused. */
@ExtendWith(LocalTenantExtension.class)
class AudiencesAndIssuersConfigurationTest {
  private static final String FIRST = "https://first.example/";
  private static final String SECOND = "https://second.example/";

  private final LocalTenant tenant;

  AudiencesAndIssuersConfigurationTest(LocalTenant tenant) {
    this.tenant = tenant;
  }

  private ProtektAuth.Builder client() {
    return ProtektAuth.builder().domain(tenant.domain());
  }

  private static void assertWrongAudience(ProtektAuth auth, String token, String message) {
    InvalidTokenException e =
        assertThrows(InvalidTokenException.class, () -> auth.verifyToken(token));
    assertEquals(Reason.WRONG_AUDIENCE, e.reason());
    assertEquals(message, e.getMessage());
  }

  @Test
  void aTokenIsAcceptedWhenAnyOfItsAudiencesIsConfigured() {
    ProtektAuth auth = client().audience(FIRST, SECOND).build();
    assertEquals(List.of(SECOND), auth.verifyToken(tenant.token().audience(SECOND).sign())
        .audiences());
    assertEquals(List.of("https://other.example/", FIRST), auth.verifyToken(
        tenant.token().audience("https://other.example/", FIRST).sign()).audiences());
    String none = "The token's audience includes none of the configured audiences"
        + " ['https://first.example/', 'https://second.example/'].";
    assertWrongAudience(auth, tenant.token().audience("https://other.example/").sign(), none);
    assertWrongAudience(auth,
        tenant.token().audience("https://other.example/", "https://third.example/").sign(), none);
    // An array holding anything but strings is no audience, whatever string it holds.
    InvalidTokenException e = assertThrows(InvalidTokenException.class,
        () -> auth.verifyToken(tenant.token().claim("aud", List.of(FIRST, 1)).sign()));
    assertEquals(Reason.MISSING_CLAIM, e.reason());
  }

  /**
   * A token without {@code aud} (Keycloak's, without an audience mapper) is told so, not that its
   * aud has the wrong format; an aud that is there but malformed is.
   */
  @Test
  void aTokenWithoutAudIsToldItHasNoneAndForWhichAudienceToIssueIt() {
    String noAud = tenant.token().withoutClaim("aud").sign();
    InvalidTokenException e = assertThrows(InvalidTokenException.class,
        () -> client().audience("posts-api").build().verifyToken(noAud));
    assertEquals(Reason.MISSING_CLAIM, e.reason());
    assertEquals("The token has no 'aud' claim: the tenant must issue it for this API, with"
        + " 'posts-api' in its 'aud' (in Keycloak, an audience mapper adds it).", e.getMessage());
    e = assertThrows(InvalidTokenException.class,
        () -> client().audience(FIRST, SECOND).build().verifyToken(noAud));
    assertEquals("The token has no 'aud' claim: the tenant must issue it for this API, with one"
        + " of ['https://first.example/', 'https://second.example/'] in its 'aud' (in Keycloak,"
        + " an audience mapper adds it).", e.getMessage());

    for (Object malformed : Arrays.asList(42, Arrays.asList("posts-api", null), null)) {
      e = assertThrows(InvalidTokenException.class, () -> client().audience("posts-api").build()
          .verifyToken(tenant.token().claim("aud", malformed).sign()));
      assertEquals(Reason.MISSING_CLAIM, e.reason());
      assertEquals("The token's 'aud' claim must be a string or an array of strings.",
          e.getMessage(), () -> "aud " + malformed);
    }
  }

  @Test
  void aDiscoveryAddressWhereTheIssuerBelongsIsRefusedAtBuild() {
    String realm = tenant.domain() + "/realms/acme";
    var e = assertThrows(ConfigurationException.class, () -> client()
        .domain(realm + "/.well-known/openid-configuration").build());
    assertEquals("domain (PROTEKT_DOMAIN) '" + realm + "/.well-known/openid-configuration' is a"
        + " discovery address, not the issuer: drop '/.well-known/openid-configuration' and"
        + " configure '" + realm + "'; the SDK finds the discovery document and the keys from"
        + " there.", e.getMessage());
    assertEquals(List.of("domain"), e.options());

    e = assertThrows(ConfigurationException.class, () -> client()
        .additionalIssuers("your-tenant.us.auth0.com/.well-known/jwks.json").build());
    assertTrue(e.getMessage().startsWith("additionalIssuers (PROTEKT_ADDITIONAL_ISSUERS)"
        + " 'your-tenant.us.auth0.com/.well-known/jwks.json' is a discovery address, not the"
        + " issuer: drop '/.well-known/jwks.json' and configure 'your-tenant.us.auth0.com';"),
        e.getMessage());
    assertEquals(List.of("additionalIssuers"), e.options());
  }

  @Test
  void oneAudienceIsNamedAsBefore() {
    assertWrongAudience(client().audience(FIRST).build(), tenant.token().sign(),
        "The token's audience does not include 'https://first.example/' (the configured"
            + " audience).");
  }

  @Test
  void theEnvironmentListsAudiencesSeparatedByCommas() {
    ProtektAuth auth = client().fromEnv(Map.of("PROTEKT_AUDIENCE", " " + FIRST + " , " + SECOND
        + ",")).build();
    assertEquals(SECOND, auth.verifyToken(tenant.token().audience(SECOND).sign())
        .audiences().get(0));
    assertTrue(auth.toString().contains("audience=" + FIRST + "," + SECOND + ", anyAudience"),
        auth.toString());
  }

  @Test
  void noAudienceOrOneBlankStillMeansNoneAndABlankAmongOthersIsRefused() {
    for (UnaryOperator<ProtektAuth.Builder> none : List.<UnaryOperator<ProtektAuth.Builder>>of(
        b -> b, b -> b.audience(""), b -> b.audience((String) null), b -> b.audience())) {
      ProtektAuth auth = none.apply(client()).build();
      assertEquals(List.of("audience", "acceptAnyAudience"), assertThrows(
          ConfigurationException.class, () -> auth.verifyToken(tenant.token().sign())).options());
    }
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> client().audience(FIRST, " ").build());
    assertEquals(List.of("audience"), e.options());
    assertTrue(client().audience(FIRST, FIRST).build().toString()
        .contains("audience=" + FIRST + ", anyAudience"), "repeats are dropped");
  }

  @Test
  void anAudienceTogetherWithAcceptAnyAudienceIsRefusedNamingBoth() {
    for (UnaryOperator<ProtektAuth.Builder> both : List.<UnaryOperator<ProtektAuth.Builder>>of(
        b -> b.audience(FIRST).acceptAnyAudience(),
        b -> b.fromEnv(Map.of("PROTEKT_AUDIENCE", FIRST, "PROTEKT_ACCEPT_ANY_AUDIENCE", "true")))) {
      ConfigurationException e =
          assertThrows(ConfigurationException.class, () -> both.apply(client()).build());
      assertEquals(List.of("audience", "acceptAnyAudience"), e.options());
      assertTrue(e.getMessage().contains("PROTEKT_AUDIENCE")
          && e.getMessage().contains("PROTEKT_ACCEPT_ANY_AUDIENCE"), e.getMessage());
    }
    // Only a blank audience is none: the opt-out then stands.
    client().fromEnv(Map.of("PROTEKT_AUDIENCE", " ", "PROTEKT_ACCEPT_ANY_AUDIENCE", "true")).build()
        .verifyToken(tenant.token().audience("https://any.example/").sign());
    client().audience(FIRST).fromEnv(Map.of("PROTEKT_ACCEPT_ANY_AUDIENCE", "false")).build();
  }

  @Test
  void additionalIssuersComeFromTheEnvironmentAndPrintMasked() {
    ProtektAuth auth = ProtektAuth.builder().fromEnv(Map.of("PROTEKT_DOMAIN", "acme.protekt.dev",
        "PROTEKT_ADDITIONAL_ISSUERS", " login.acme.example , https://idp.example/tenants/acme/,"))
        .build();
    assertTrue(auth.toString().contains(
        "additionalIssuers=[login.acme.example, https://idp.example/tenants/acme/]"),
        auth.toString());
    assertTrue(ProtektAuth.builder().domain("acme.protekt.dev").build().toString()
        .contains("additionalIssuers=[]"));
    assertEquals("protekt.additional-issuers",
        ProtektAuth.Option.ADDITIONAL_ISSUERS.springProperty());
  }

  @Test
  void badAdditionalIssuersAreRefusedNamingTheOption() {
    for (String[] issuers : List.of(new String[] {" "}, new String[] {null},
        new String[] {"login.acme.example", "LOGIN.acme.example"},
        new String[] {"login.acme.example", "https://login.acme.example/"},
        new String[] {"acme.protekt.dev"}, new String[] {"https://acme.protekt.dev"},
        new String[] {"http://login.acme.example"}, new String[] {"https://x.example/?a=b"},
        new String[] {"login.acme.example/path"},
        new String[] {"https://user:pa55word@login.acme.example"})) {
      ConfigurationException e = assertThrows(ConfigurationException.class,
          () -> ProtektAuth.builder().domain("acme.protekt.dev").additionalIssuers(issuers)
              .build(), Arrays.toString(issuers));
      assertEquals(List.of("additionalIssuers"), e.options(), e.getMessage());
      assertTrue(e.getMessage().startsWith("additionalIssuers"), e.getMessage());
      assertFalse(e.getMessage().contains("pa55word"), e.getMessage());
    }
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> ProtektAuth.builder().domain("acme.protekt.dev")
            .additionalIssuers((String[]) null).build());
    assertEquals(List.of("additionalIssuers"), e.options());
  }
}
