package dev.protekt.users;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.protekt.ProtektAuth;
import dev.protekt.UserNotFoundException;
import dev.protekt.testing.LocalTenant;
import dev.protekt.testing.LocalTenantExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Python SDK guide's user-management examples, translated to Java, against a local tenant. */
@ExtendWith(LocalTenantExtension.class)
class PythonExamplesTest {
  private final LocalTenant tenant;
  private final ProtektAuth protekt;

  PythonExamplesTest(LocalTenant tenant) {
    this.tenant = tenant;
    this.protekt = Tenants.client(tenant).build();
  }

  @Test
  void createGetUpdateListDelete() {
    // new_user = protekt.users.create({...})
    User newUser = protekt.users().create(Map.of(
        "email", Tenants.uniqueEmail(),
        "password", "SecurePassword123!",
        "user_metadata", Map.of("first_name", "John", "last_name", "Doe")));
    String id = newUser.userId();
    assertEquals(Map.of("first_name", "John", "last_name", "Doe"), newUser.userMetadata());

    // user = protekt.users.get('user_123')
    User user = protekt.users().get(id);
    assertEquals(newUser.email(), user.email());

    // updated_user = protekt.users.update('user_123', {'user_metadata': {'preferences': {...}}})
    User updatedUser = protekt.users().update(id, Map.of(
        "user_metadata", Map.of("preferences", Map.of("theme", "dark"))));
    assertEquals(Map.of("theme", "dark"), updatedUser.userMetadata().get("preferences"));
    assertEquals("John", updatedUser.userMetadata().get("first_name"), "metadata is merged");

    // users = protekt.users.list()
    assertFalse(protekt.users().list().users().isEmpty());

    // protekt.users.delete('user_123') -> True
    assertTrue(protekt.users().delete(id));
    assertThrows(UserNotFoundException.class, () -> protekt.users().get(id));
  }

  @Test
  void getAccessTokenIsAJwtForTheUsersApi() throws Exception {
    // token = protekt.get_access_token()
    String token = protekt.getAccessToken();

    String[] parts = token.split("\\.");
    assertEquals(3, parts.length);
    Map<?, ?> claims =
        new ObjectMapper().readValue(Base64.getUrlDecoder().decode(parts[1]), Map.class);
    assertEquals(tenant.issuer(), claims.get("iss"));
    assertEquals(tenant.usersAudience(), claims.get("aud"));
    assertEquals(tenant.clientId() + "@clients", claims.get("sub"));

    // The tenant's Users API takes it as a caller's credentials, as Python code would send it.
    HttpResponse<Void> answer = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build()
        .send(HttpRequest.newBuilder(URI.create(tenant.domain() + "/api/v2/users"))
            .header("Authorization", "Bearer " + token).build(), BodyHandlers.discarding());
    assertEquals(200, answer.statusCode());
    assertEquals(token, protekt.getAccessToken(), "cached, not fetched again");
  }
}
