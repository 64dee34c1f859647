package dev.protekt.internal.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.protekt.ConfigurationException;
import dev.protekt.ProtektApiException;
import dev.protekt.ProtektAuth;
import dev.protekt.testing.LocalTenant;
import dev.protekt.testing.LocalTenantExtension;
import dev.protekt.users.Tenants;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** An application's own token provider that answers something no bearer token can be. */
@ExtendWith(LocalTenantExtension.class)
class CheckedTokenProviderTest {
  private static final String USERS = "/api/v2/users";

  private final LocalTenant tenant;

  CheckedTokenProviderTest(LocalTenant tenant) {
    this.tenant = tenant;
  }

  @Test
  void aTokenThatCannotBeSentFailsTheCallBeforeAnythingIsSent() {
    for (String wrong : Arrays.asList(null, "", "  ", "Bearer vault-token-1",
        "vault-token-2\nX-Injected: 1", "vault-t\u00f6ken-3")) {
      ProtektAuth protekt = Tenants.client(tenant).tokenProvider(audience -> wrong).build();
      String shown = String.valueOf(wrong).replace("\n", "\\n");

      ConfigurationException e =
          assertThrows(ConfigurationException.class, () -> protekt.users().list(), shown);
      assertTrue(e.getMessage().startsWith("The token provider "), e.getMessage());
      assertFalse(e.getMessage().contains("vault-t"), "the message quotes the token: " + shown);
      assertThrows(ConfigurationException.class, protekt::getAccessToken, shown);
    }
    assertEquals(List.of(), tenant.requests(USERS));
  }

  @Test
  void aTokenOfVisibleAsciiIsSentAsItIs() {
    ProtektAuth protekt = Tenants.client(tenant).tokenProvider(audience -> "vault.token-4").build();

    assertEquals("vault.token-4", protekt.getAccessToken());
    // The tenant never issued it, so it refuses it: the call was made with it.
    assertEquals(401, assertThrows(ProtektApiException.class, () -> protekt.users().list())
        .statusCode());
    assertEquals(2, tenant.requests(USERS).size()); // and once more after the 401, as always
  }
}
