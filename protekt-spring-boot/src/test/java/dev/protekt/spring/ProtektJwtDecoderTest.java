package dev.protekt.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.protekt.ConfigurationException;
import dev.protekt.InvalidTokenException;
import dev.protekt.KeysUnavailableException;
import dev.protekt.ProtektAuth;
import dev.protekt.ProtektUser;
import dev.protekt.testing.LocalTenant;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;

/** The decoder and the authorities on their own, with real tokens of the local tenant. */
class ProtektJwtDecoderTest {
  private static final LocalTenant TENANT = LocalTenant.start();
  private static final ProtektAuth PROTEKT = ProtektAuth.builder().domain(TENANT.domain())
      .audience(TENANT.apiAudience()).retryAttempts(0).build();
  private final ProtektJwtDecoder decoder = new ProtektJwtDecoder(PROTEKT);

  @AfterAll
  static void stopTenant() {
    TENANT.close();
  }

  @Test
  void claimsAndHeadersReadAsSpringsOwnDecodersGiveThem() {
    Instant exp = Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
    String token = TENANT.token().subject("protekt|ada").expiresAt(exp).roles("admin").sign();

    Jwt jwt = decoder.decode(token);

    assertThat(jwt).isInstanceOf(ProtektJwt.class);
    assertThat(jwt.getTokenValue()).isEqualTo(token);
    assertThat(jwt.getSubject()).isEqualTo("protekt|ada");
    assertThat(jwt.getExpiresAt()).isEqualTo(exp);
    assertThat(jwt.getClaims().get("exp")).isEqualTo(exp);
    assertThat(jwt.getAudience()).containsExactly(TENANT.apiAudience());
    assertThat(jwt.getHeaders()).containsEntry("alg", "RS256")
        .containsEntry("kid", TENANT.token().signingKeyId());
    assertThat(((ProtektJwt) jwt).user().roles()).containsExactly("admin");
  }

  @Test
  void authoritiesAreRolesAndPermissionsOrScopesOnce() {
    Jwt jwt = decoder.decode(TENANT.token().roles("admin", "editor")
        .permissions("read:posts").scope("read:posts write:posts").sign());

    assertThat(new ProtektAuthorities().convert(jwt)).extracting(GrantedAuthority::getAuthority)
        .containsExactly("ROLE_admin", "ROLE_editor", "SCOPE_read:posts", "SCOPE_write:posts");
  }

  @Test
  void aJwtProtektDidNotVerifyHasNoAuthorities() {
    Jwt foreign = Jwt.withTokenValue("t").header("alg", "RS256")
        .claim("scope", "read:posts").claim("roles", List.of("admin")).build();

    assertThat(new ProtektAuthorities().convert(foreign)).isEmpty();
  }

  @Test
  void anInvalidTokenIsABadJwtWithTheFixedDescriptionAndTheCause() {
    String wrongIssuer = TENANT.token().issuer("https://evil.example.com/").sign();

    assertThatThrownBy(() -> decoder.decode(wrongIssuer)).isInstanceOf(BadJwtException.class)
        .hasMessage("The access token is from another issuer.")
        .hasCauseInstanceOf(InvalidTokenException.class);
  }

  @Test
  void keysThatCannotBeHadAreAJwtExceptionButNotABadJwt() {
    ProtektJwtDecoder gone = new ProtektJwtDecoder(ProtektAuth.builder()
        .domain("http://127.0.0.1:9").audience("https://api").retryAttempts(0).build());

    assertThatThrownBy(() -> gone.decode(TENANT.token().sign()))
        .isInstanceOf(JwtException.class).isNotInstanceOf(BadJwtException.class)
        .hasCauseInstanceOf(KeysUnavailableException.class);
  }

  /**
   * A {@code verifyToken} that checks nothing, as a mocked {@code ProtektAuth}'s stubbed to answer
   * a user, lets any string through to the decoder's header read: once through {@code decode}
   * with such a mock, then each shape through the header read itself.
   */
  @Test
  void aTokenThatIsNotThreeDotSeparatedPartsIsABadJwtNotAnIndexError() {
    ProtektAuth stubbed = Mockito.mock(ProtektAuth.class);
    Mockito.when(stubbed.verifyToken(Mockito.anyString()))
        .thenReturn(ProtektUser.fromClaims(Map.of("sub", "protekt|alice")));
    assertThatThrownBy(() -> new ProtektJwtDecoder(stubbed).decode("fake_token"))
        .isInstanceOf(BadJwtException.class);
    // fake_token; no header; two parts; four; not base64url; JSON null, {} and [] as the header.
    for (String token : List.of("fake_token", ".a.b", "a.b", "a.b.c.d", "%%%.b.c", "bnVsbA.b.c",
        "e30.b.c", "W10.b.c")) {
      assertThatThrownBy(() -> ProtektJwtDecoder.headers(token)).as(token)
          .isInstanceOf(BadJwtException.class)
          .hasMessage("The access token is not a signed JWT: three base64url parts separated by"
              + " dots, the first a JSON object.");
    }
    assertThat(ProtektJwtDecoder.headers(TENANT.token().sign())).containsEntry("alg", "RS256");
  }

  @Test
  void aMockedClientAnsweringNoUserIsAConfigurationFaultNotANullPointer() {
    // @MockitoBean ProtektAuth without verifyToken stubbed: a 500 for the service, never a user.
    ProtektAuth unstubbed = Mockito.mock(ProtektAuth.class);
    // Stubbed with a user no verified token makes, as the guards refuse it.
    ProtektAuth noSubject = Mockito.mock(ProtektAuth.class);
    Mockito.when(noSubject.verifyToken(Mockito.anyString()))
        .thenReturn(ProtektUser.fromClaims(Map.of("email", "a@example.com")));

    for (ProtektAuth mock : List.of(unstubbed, noSubject)) {
      assertThatThrownBy(() -> new ProtektJwtDecoder(mock).decode(TENANT.token().sign()))
          .isExactlyInstanceOf(JwtException.class)
          .hasCauseInstanceOf(ConfigurationException.class)
          .hasMessageContaining("this ProtektAuth is probably a mock");
    }
  }

  @Test
  void anIssuedAtThatIsNotBeforeTheExpiryIsABadJwtNotAServerError() {
    Instant now = Instant.now();
    String token = TENANT.token().issuedAt(now.plus(Duration.ofHours(2)))
        .expiresAt(now.plus(Duration.ofHours(1))).sign();

    assertThatThrownBy(() -> decoder.decode(token)).isInstanceOf(BadJwtException.class)
        .hasMessage("The access token has a claim Spring Security cannot accept.");
  }

  @Test
  void itSerializesAsAPlainJwt() throws Exception {
    Jwt jwt = decoder.decode(TENANT.token().roles("admin").sign());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(jwt);
    }

    Object read;
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      read = in.readObject();
    }

    assertThat(read).isExactlyInstanceOf(Jwt.class);
    assertThat(((Jwt) read).getClaims()).isEqualTo(jwt.getClaims());
    assertThat(((Jwt) read).getTokenValue()).isEqualTo(jwt.getTokenValue());
  }
}
