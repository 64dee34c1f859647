package dev.protekt.internal.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.protekt.CapturedLog;
import dev.protekt.ProtektApiException;
import dev.protekt.ProtektAuth;
import dev.protekt.health.Failure;
import dev.protekt.health.TokenEndpointHealth;
import dev.protekt.testing.LocalTenant;
import dev.protekt.testing.LocalTenantExtension;
import dev.protekt.users.Tenants;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The token endpoint's health says whether the endpoint and the credentials work: a client refused
 * one audience (a real 403 {@code unauthorized_client} of a local tenant, or Auth0's 403 {@code
 * access_denied} served by its faults) keeps it as it was.
 */
@ExtendWith(LocalTenantExtension.class)
class AudienceRefusalTest {
  private static final String TOKEN = "/oauth/token";
  private static final String NOT_GRANTED = "https://not-registered.example/";

  private final LocalTenant tenant;
  private final String secret = "secret-" + UUID.randomUUID();

  AudienceRefusalTest(LocalTenant tenant) {
    this.tenant = tenant;
  }

  /** A new client granted the Users API audience only. */
  private ProtektAuth limitedClient() {
    return limitedClient("limited-" + UUID.randomUUID());
  }

  private ProtektAuth limitedClient(String id) {
    tenant.registerClient(id, secret, tenant.usersAudience(), "read:users");
    return Tenants.client(tenant).clientId(id).clientSecret(secret).retryAttempts(0).build();
  }

  private static ProtektApiException refused(ProtektAuth protekt, String audience) {
    return assertThrows(ProtektApiException.class, () -> protekt.getAccessToken(audience));
  }

  private static int count(String text, String of) {
    int n = 0;
    for (Matcher m = Pattern.compile(Pattern.quote(of)).matcher(text); m.find(); ) {
      n++;
    }
    return n;
  }

  @Test
  void anAudienceNotGrantedIsItsCallersAnswerAndLeavesTheHealthAsItWas() {
    ProtektAuth protekt = limitedClient();
    protekt.users().list();
    TokenEndpointHealth before = protekt.health().tokenEndpoint();
    assertEquals(TokenEndpointHealth.State.REACHABLE, before.state());

    tenant.clearRequests();
    String log = CapturedLog.of(() -> {
      for (int i = 0; i < 3; i++) {
        ProtektApiException e = refused(protekt, NOT_GRANTED);
        assertEquals(403, e.statusCode());
        assertEquals("unauthorized_client", e.errorCode());
        assertEquals(before, protekt.health().tokenEndpoint(), "after refusal " + (i + 1));
      }
    });
    assertEquals(3, tenant.requests(TOKEN).size(), "each refusal was the tenant's answer");
    assertEquals(1, count(log, "WARN"), log);
    assertTrue(log.contains("audience " + NOT_GRANTED), log);
    assertFalse(log.contains(secret), log);

    tenant.clearRequests();
    protekt.users().list();
    assertEquals(0, tenant.requests(TOKEN).size(), "the cached token");
    assertEquals(before, protekt.health().tokenEndpoint());
  }

  @Test
  void aRefusedAudienceBeforeAnyTokenLeavesItUnknown() {
    ProtektAuth protekt = limitedClient();
    refused(protekt, NOT_GRANTED);
    assertEquals(TokenEndpointHealth.State.UNKNOWN, protekt.health().tokenEndpoint().state());
    protekt.getAccessToken();
    assertEquals(TokenEndpointHealth.State.REACHABLE, protekt.health().tokenEndpoint().state());
  }

  @Test
  void aRefusedAudienceLeavesAFailureAsItWas() {
    ProtektAuth protekt = limitedClient();
    tenant.faults().failNext(TOKEN, 1, 503);
    refused(protekt, tenant.usersAudience());
    TokenEndpointHealth failing = protekt.health().tokenEndpoint();
    assertEquals(503, failing.lastFailure().status());

    refused(protekt, NOT_GRANTED);
    assertEquals(failing, protekt.health().tokenEndpoint());
  }

  @Test
  void aRefusedAudienceIsLoggedAgainAfterItWasGranted() {
    String id = "limited-" + UUID.randomUUID();
    ProtektAuth protekt = limitedClient(id);
    String log = CapturedLog.of(() -> {
      refused(protekt, NOT_GRANTED);
      tenant.registerClient(id, secret, NOT_GRANTED, "read:things");
      protekt.getAccessToken(NOT_GRANTED);
    });
    assertEquals(1, count(log, "WARN"), log);
  }

  @Test
  void theUsersApisOwnAudienceRefusedMakesItFailing() {
    String id = "other-api-only-" + UUID.randomUUID();
    tenant.registerClient(id, secret, NOT_GRANTED, "read:things");
    ProtektAuth protekt =
        Tenants.client(tenant).clientId(id).clientSecret(secret).retryAttempts(0).build();
    assertEquals(403, assertThrows(ProtektApiException.class, () -> protekt.users().list())
        .statusCode());
    TokenEndpointHealth health = protekt.health().tokenEndpoint();
    assertEquals(TokenEndpointHealth.State.FAILING, health.state());
    assertEquals(403, health.lastFailure().status());
  }

  /** How Auth0 refuses a client an API it has no client grant for. */
  private static String auth0Refusal(String audience) {
    return "{\"error\":\"access_denied\",\"error_description\":\"Client is not authorized to"
        + " access \\\"" + audience + "\\\". You need to create a \\\"client-grant\\\" associated"
        + " to this API. See: https://auth0.com/docs/api/v2#!/Client_Grants/post_client_grants\"}";
  }

  @Test
  void anyOAuthRefusalOfAnAudienceNotGrantedLeavesTheHealthAsItWas() {
    for (String body : new String[] {auth0Refusal(NOT_GRANTED),
        "{\"error\":\"forbidden\",\"error_description\":\"Forbidden\"}"}) {
      ProtektAuth protekt = limitedClient();
      protekt.getAccessToken();
      TokenEndpointHealth before = protekt.health().tokenEndpoint();
      tenant.faults().failNext(TOKEN, 1, 403, Map.of("Content-Type", "application/json"), body);
      String log = CapturedLog.of(() ->
          assertEquals(403, refused(protekt, NOT_GRANTED).statusCode(), body));
      assertEquals(before, protekt.health().tokenEndpoint(), body);
      assertEquals(1, count(log, "WARN"), log);
      assertTrue(log.contains("audience " + NOT_GRANTED), log);
    }
  }

  @Test
  void a403WithoutAnErrorCodeIsTheEndpointFailingNotARefusedAudience() {
    // A proxy's or a firewall's page: nothing says the tenant refused that one audience.
    for (String body : new String[] {"", "<html><body>Forbidden</body></html>"}) {
      ProtektAuth protekt = limitedClient();
      protekt.getAccessToken();
      tenant.faults().failNext(TOKEN, 1, 403, Map.of("Content-Type", "text/html"), body);
      assertEquals(403, refused(protekt, NOT_GRANTED).statusCode(), body);
      assertEquals(TokenEndpointHealth.State.FAILING, protekt.health().tokenEndpoint().state(),
          body);
    }
  }

  @Test
  void auth0sRefusalIsThrownWithItsCodeAndLoggedWithIt() {
    ProtektAuth protekt = limitedClient();
    tenant.faults().failNext(
        TOKEN, 1, 403, Map.of("Content-Type", "application/json"), auth0Refusal(NOT_GRANTED));
    String log = CapturedLog.of(() -> {
      ProtektApiException e = refused(protekt, NOT_GRANTED);
      assertEquals("access_denied", e.errorCode());
      assertTrue(e.getMessage().contains("client-grant"), e.getMessage());
    });
    assertTrue(log.contains("(HTTP 403 access_denied)"), log);
    assertEquals(TokenEndpointHealth.State.UNKNOWN, protekt.health().tokenEndpoint().state());
  }

  @Test
  void wrongCredentialsStillMakeItFailing() {
    ProtektAuth wrong = Tenants.client(tenant).clientSecret("not-the-secret").build();
    assertEquals(401, refused(wrong, tenant.usersAudience()).statusCode());
    TokenEndpointHealth health = wrong.health().tokenEndpoint();
    assertEquals(TokenEndpointHealth.State.FAILING, health.state());
    assertEquals(Failure.Kind.REFUSED, health.lastFailure().kind());

    // Wrong credentials asking for another audience: the credentials are refused, not the audience.
    ProtektAuth other = Tenants.client(tenant).clientSecret("not-the-secret").build();
    assertEquals(401, refused(other, NOT_GRANTED).statusCode());
    assertEquals(TokenEndpointHealth.State.FAILING, other.health().tokenEndpoint().state());
  }

  @Test
  void auth0sRefusalOfTheUsersApisOwnAudienceMakesItFailing() {
    ProtektAuth protekt = limitedClient();
    tenant.faults().failNext(TOKEN, 1, 403, Map.of("Content-Type", "application/json"),
        auth0Refusal(tenant.usersAudience()));
    assertEquals(403, assertThrows(ProtektApiException.class, () -> protekt.users().list())
        .statusCode());
    TokenEndpointHealth health = protekt.health().tokenEndpoint();
    assertEquals(TokenEndpointHealth.State.FAILING, health.state());
    assertEquals(403, health.lastFailure().status());
  }
}
