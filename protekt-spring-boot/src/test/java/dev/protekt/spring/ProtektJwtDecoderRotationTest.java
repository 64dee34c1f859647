package dev.protekt.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.protekt.KeysUnavailableException;
import dev.protekt.ProtektAuth;
import dev.protekt.testing.LocalTenant;
import dev.protekt.testing.SigningAlgorithm;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * A token of the tenant's new key while its JWKS is down is an outage for Spring Security too, not
 * a bad token that would send the client to re-authenticate.
 */
class ProtektJwtDecoderRotationTest {
  private static final String JWKS = "/.well-known/jwks.json";

  private final LocalTenant tenant = LocalTenant.start();

  @AfterEach
  void stopTenant() {
    tenant.close();
  }

  @Test
  void aNewKidWhileTheKeysCannotBeFetchedIsAJwtExceptionButNotABadJwt() {
    ProtektJwtDecoder decoder = new ProtektJwtDecoder(ProtektAuth.builder()
        .domain(tenant.domain()).audience(tenant.apiAudience()).retryAttempts(0)
        .keyFetchWait(Duration.ofSeconds(5)).build());
    String before = tenant.keys().current();
    decoder.decode(tenant.token().sign());
    String rotated = tenant.keys().rotate(SigningAlgorithm.RS256);
    tenant.faults().failNext(JWKS, 1000, 503);

    assertThatThrownBy(() -> decoder.decode(tenant.token().keyId(rotated).sign()))
        .isInstanceOf(JwtException.class).isNotInstanceOf(BadJwtException.class)
        .hasCauseInstanceOf(KeysUnavailableException.class);
    // The keys in hand still verify.
    assertThat(decoder.decode(tenant.token().keyId(before).sign()).getSubject()).isNotEmpty();
  }
}
