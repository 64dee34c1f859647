package dev.protekt.servlet;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.protekt.ProtektAuth;
import dev.protekt.ProtektUnavailableException;
import dev.protekt.testing.LocalTenant;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the warm-up logs when part of the tenant, or one of several issuers, cannot be used. */
class ProtektWarmUpListenerTest {
  private static final String DISCOVERY = "/.well-known/openid-configuration";
  private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

  @Test
  void anUnreachedIssuerIsNamedAndTheOthersAreSaidToVerify() throws Exception {
    try (LocalTenant tenant = LocalTenant.start(); LocalTenant other = LocalTenant.start()) {
      other.faults().hangNext(DISCOVERY, 100);
      ProtektAuth protekt = ProtektAuth.builder().domain(tenant.domain())
          .additionalIssuers(other.domain()).audience(tenant.apiAudience()).build();

      String logged = ConsoleCapture.of(
          () -> ProtektWarmUpListener.warmUp(protekt, Duration.ofSeconds(1), false));

      assertTrue(logged.contains("WARN dev.protekt.servlet - Protekt warm-up of " + tenant.domain()
          + " did not reach [Unreached[issuer=" + other.domain() + ", part=DISCOVERY"), logged);
      assertTrue(logged.contains("; starting anyway, tokens of " + other.domain() + " are verified"
          + " once the keys arrive (until then they are answered 503); those of " + tenant.domain()
          + " are verified\n"), logged);
      protekt.verifyToken(tenant.token().sign());
    }
  }

  @Test
  void aMisconfiguredIssuerIsNamedAndTheOthersAreSaidToVerify() throws Exception {
    try (LocalTenant tenant = LocalTenant.start(); LocalTenant other = LocalTenant.start()) {
      // Discovery naming another issuer than the URL it came from: a configuration to fix.
      other.faults().failNext(DISCOVERY, 100, 200, JSON, "{\"issuer\":\"https://elsewhere.test/\","
          + "\"jwks_uri\":\"" + other.domain() + "/.well-known/jwks.json\"}");
      ProtektAuth protekt = ProtektAuth.builder().domain(tenant.domain())
          .additionalIssuers(other.domain()).audience(tenant.apiAudience()).build();

      String logged = ConsoleCapture.of(
          () -> ProtektWarmUpListener.warmUp(protekt, Duration.ofSeconds(5), false));

      assertTrue(logged.contains("WARN dev.protekt.servlet - Protekt warm-up of " + tenant.domain()
          + ": the configuration of " + other.domain() + " cannot work, so its tokens will not be"
          + " verified until it is fixed; those of " + tenant.domain() + " are verified: OIDC"
          + " discovery at " + other.domain() + DISCOVERY + " names the issuer"), logged);
      protekt.verifyToken(tenant.token().sign());
    }
  }

  @Test
  void keysOfWhichNoneCanVerifyATokenAreNoSuccess() throws Exception {
    try (LocalTenant tenant = LocalTenant.start()) {
      tenant.faults().failNext("/.well-known/jwks.json", 100, 200, JSON, "{\"keys\":[]}");
      ProtektAuth protekt = ProtektAuth.builder().domain(tenant.domain())
          .audience(tenant.apiAudience()).build();

      String logged = ConsoleCapture.of(
          () -> ProtektWarmUpListener.warmUp(protekt, Duration.ofSeconds(5), false));

      assertFalse(logged.contains("INFO"), logged);
      assertFalse(logged.contains("answered 503"), logged);
      assertTrue(logged.contains("WARN dev.protekt.servlet - Protekt warm-up of " + tenant.domain()
          + " found no signing key that can verify a token of an allowed algorithm in "), logged);
      assertTrue(logged.contains(" ms; starting anyway, the tokens are refused until the tenant"
          + " publishes one\n"), logged);
      ProtektUnavailableException e = assertThrows(ProtektUnavailableException.class,
          () -> ProtektWarmUpListener.warmUp(protekt, Duration.ofSeconds(5), true));
      assertTrue(e.getMessage().contains("and the warm-up is required"), e.getMessage());
    }
  }

  /**
   * A mocked client (Spring's {@code @MockitoBean ProtektAuth}) answers {@code warmUp} with null.
   * {@code ProtektAuth} is final and these tests mock nothing, so the test hands that answer to the
   * seam that reads it.
   */
  @Test
  void aNullWarmUpAsAMockAnswersIsAClearStartupErrorNotANullPointer() {
    try (LocalTenant tenant = LocalTenant.start(); ProtektAuth protekt = ProtektAuth.builder()
        .domain(tenant.domain()).audience(tenant.apiAudience()).build()) {
      for (boolean required : new boolean[] {true, false}) {
        IllegalStateException e = assertThrows(IllegalStateException.class,
            () -> ProtektWarmUpListener.report(protekt, null, required));
        assertTrue(e.getMessage().startsWith("ProtektAuth.warmUp returned null, which a real client"
            + " never does: this ProtektAuth is probably a mock"), e.getMessage());
        assertTrue(e.getMessage().contains("protekt.warm-up.enabled=false"), e.getMessage());
      }
    }
  }

  /** The client lives as long as the web application: its threads must not outlive it. */
  @Test
  void theClientIsClosedWhenTheApplicationStops() {
    try (LocalTenant tenant = LocalTenant.start()) {
      ProtektAuth protekt = ProtektAuth.builder().domain(tenant.domain())
          .audience(tenant.apiAudience()).build();
      ProtektWarmUpListener listener =
          new ProtektWarmUpListener(protekt, Duration.ofSeconds(5), true);
      listener.contextInitialized(null);
      protekt.verifyToken(tenant.token().sign());

      listener.contextDestroyed(null);

      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> protekt.verifyToken(tenant.token().sign()));
      assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }
  }
}
