package dev.protekt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A provider's key set (JWKS) address configured where the issuer belongs is refused at build(),
 * as a discovery address is, naming the issuer to configure: accepted, discovery would look under
 * it and every token would be a 503.
 */
class KeySetAddressRefusalTest {
  private static final String TENANT = "7c1f0b9e-4a3d-4a8e-9d5f-2b6c8e1a0f37";

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "https://kc.example.com/realms/acme/protocol/openid-connect/certs"
          + " | /protocol/openid-connect/certs | https://kc.example.com/realms/acme",
      "http://127.0.0.1:8080/auth/realms/acme/protocol/openid-connect/certs/"
          + " | /protocol/openid-connect/certs | http://127.0.0.1:8080/auth/realms/acme",
      "kc.example.com/realms/acme/protocol/openid-connect/certs"
          + " | /protocol/openid-connect/certs | https://kc.example.com/realms/acme",
      "https://acme.okta.com/oauth2/default/v1/keys | /v1/keys"
          + " | https://acme.okta.com/oauth2/default",
      "https://acme.okta.com/oauth2/v1/keys | /oauth2/v1/keys | https://acme.okta.com",
      "https://login.microsoftonline.com/" + TENANT + "/discovery/v2.0/keys | /discovery/v2.0/keys"
          + " | https://login.microsoftonline.com/" + TENANT + "/v2.0",
      "https://login.microsoftonline.com/" + TENANT + "/discovery/v2.0/keys?appid=x"
          + " | /discovery/v2.0/keys | https://login.microsoftonline.com/" + TENANT + "/v2.0",
      "https://login.microsoftonline.com/" + TENANT + "/discovery/keys | /discovery/keys"
          + " | https://login.microsoftonline.com/" + TENANT + "/v2.0"})
  void aProvidersKeyAddressIsRefusedNamingTheIssuer(String address, String drop, String issuer) {
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> ProtektAuth.builder().domain(address).build());
    assertEquals(List.of("domain"), e.options());
    assertTrue(e.getMessage().startsWith("domain (PROTEKT_DOMAIN) '"), e::getMessage);
    assertTrue(e.getMessage().contains("is the address of the provider's signing keys (its"
        + " JWKS), not the issuer: drop '" + drop + "' and configure '" + issuer + "'"),
        e::getMessage);

    ConfigurationException extra = assertThrows(ConfigurationException.class,
        () -> ProtektAuth.builder().domain("example.com").additionalIssuers(address).build());
    assertEquals(List.of("additionalIssuers"), extra.options());
    assertTrue(extra.getMessage().contains("configure '" + issuer + "'"), extra::getMessage);

    ConfigurationException env = assertThrows(ConfigurationException.class,
        () -> ProtektAuth.builder().fromEnv(Map.of("PROTEKT_DOMAIN", address)).build());
    assertEquals(List.of("domain"), env.options());
  }

  @ParameterizedTest
  @ValueSource(strings = {"common", "organizations"})
  void entrasMultiTenantKeysAreRefusedNamingEachTenantsIssuer(String shared) {
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> ProtektAuth.builder()
            .domain("https://login.microsoftonline.com/" + shared + "/discovery/v2.0/keys")
            .build());
    assertTrue(e.getMessage().contains("drop '/discovery/v2.0/keys' and configure each tenant's"
        + " own issuer, https://login.microsoftonline.com/<tenant-id>/v2.0"), e::getMessage);
  }

  @ParameterizedTest
  @ValueSource(strings = {"https://kc.example.com/realms/acme",
      "https://acme.okta.com/oauth2/default", "https://acme.okta.com",
      "https://login.microsoftonline.com/" + TENANT + "/v2.0",
      "https://auth.example.com/keys", "https://auth.example.com/v1/keys"})
  void theIssuersThemselvesStillBuild(String issuer) {
    ProtektAuth.builder().domain(issuer).additionalIssuers(issuer + "/other").build().close();
  }
}
