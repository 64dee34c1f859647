package dev.protekt.example;

import static dev.protekt.example.ServiceClient.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.protekt.ConfigurationException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The example as a newcomer first runs it: no {@code PROTEKT_DOMAIN}, so it starts its own tenant,
 * seeds it and hands out tokens; and {@code --demo}, which calls every endpoint itself.
 */
class ExampleEmbeddedTest {
  @Test
  void withoutADomainItRunsOnItsOwnSeededTenant() throws Exception {
    try (ExampleApp app = ExampleApp.start(Map.of("PORT", "0"))) {
      assertNotNull(app.tenant(), "an embedded tenant");
      Map<String, String> tokens = app.tokens();
      assertEquals(List.of("user", "reader", "writer", "admin"), new ArrayList<>(tokens.keySet()));
      ServiceClient client = new ServiceClient(app.baseUrl());

      expect(200, client.get("/api/public"));
      JsonNode user = expect(200, client.get("/api/profile", "Bearer " + tokens.get("user")))
          .json().path("user");
      assertEquals("protekt|user", user.path("sub").asText());
      assertEquals("jane@example.com", user.path("email").asText());
      expect(403, client.get("/api/admin", "Bearer " + tokens.get("user")));
      expect(200, client.get("/api/admin", "Bearer " + tokens.get("admin")));
      expect(200, client.get("/api/posts", "Bearer " + tokens.get("reader")));
      expect(403, client.post("/api/posts", "Bearer " + tokens.get("reader"), "{\"title\":\"t\"}"));
      expect(201, client.post("/api/posts", "Bearer " + tokens.get("writer"), "{\"title\":\"t\"}"));

      JsonNode users = expect(200, client.get("/api/admin/users", "Bearer " + tokens.get("admin")))
          .json().path("users");
      List<String> emails = users.findValuesAsText("email");
      assertTrue(emails.containsAll(List.of("jane@example.com", "admin@example.com")),
          "the seeded users: " + emails);

      String registration = "{\"email\":\"new@example.com\",\"password\":\"Example-Passw0rd!\","
          + "\"first_name\":\"New\",\"last_name\":\"User\"}";
      String id = expect(201, client.post("/api/register", null, registration))
          .json().path("user").path("user_id").asText();
      assertTrue(app.tenant().user(id).isPresent(), "created in the embedded tenant");
      expect(409, client.post("/api/register", null, registration));
    }
  }

  @Test
  void closingTheAppStopsItsTenant() throws Exception {
    ExampleApp app = ExampleApp.start(Map.of("PORT", "0"));
    ServiceClient tenantClient = new ServiceClient(app.tenant().domain());
    expect(200, tenantClient.get("/.well-known/jwks.json"));
    app.close();

    UncheckedIOException e =
        assertThrows(UncheckedIOException.class, () -> tenantClient.get("/.well-known/jwks.json"));
    assertInstanceOf(ConnectException.class, e.getCause(), "nothing listens on its port any more");
  }

  @Test
  void theDemoCallsEveryEndpointAndFindsNoSurprise() throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();

    int surprises = ExampleApp.demo(Map.of(),
        new PrintStream(printed, true, StandardCharsets.UTF_8));

    String out = printed.toString(StandardCharsets.UTF_8);
    assertEquals(0, surprises, out);
    assertTrue(out.contains("Every endpoint answered as expected."), out);
    for (String path : List.of("/api/public", "/api/profile", "/api/admin", "/api/posts",
        "/api/admin/users", "/api/register")) {
      assertTrue(out.contains(path), "the demo calls " + path + ": " + out);
    }
  }

  /**
   * Variables left from a user's own tenant (a Python example's roles claim, its algorithms, an
   * audience opt-out) describe that tenant: the embedded one ignores them, and says so, rather
   * than failing its demo in ways that do not name them.
   */
  @Test
  void theDemoIgnoresSettingsForAnotherTenantAndNamesThem() throws Exception {
    Map<String, String> leftovers = Map.of("PROTEKT_ROLES_CLAIM", "https://your-app.com/roles",
        "PROTEKT_ALGORITHMS", "ES256", "PROTEKT_ACCEPT_ANY_AUDIENCE", "true");
    ByteArrayOutputStream printed = new ByteArrayOutputStream();

    int surprises = ExampleApp.demo(leftovers,
        new PrintStream(printed, true, StandardCharsets.UTF_8));

    assertEquals(0, surprises, printed.toString(StandardCharsets.UTF_8));
    assertEquals("PROTEKT_ACCEPT_ANY_AUDIENCE, PROTEKT_ALGORITHMS, PROTEKT_ROLES_CLAIM are set"
        + " without PROTEKT_DOMAIN: the example runs on its embedded local tenant, configured for"
        + " it, and ignores them. Set PROTEKT_DOMAIN to use your tenant.",
        ExampleApp.ignoredSettings(leftovers).orElseThrow());
    assertTrue(ExampleApp.ignoredSettings(Map.of("PORT", "0", "PROTEKT_TIMEOUT", " ")).isEmpty());
  }

  @Test
  void theDemoRefusesATenantItCannotMintTokensFor() {
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> ExampleApp.demo(Map.of("PROTEKT_DOMAIN", "http://127.0.0.1:1"),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
    assertTrue(e.getMessage().contains("PROTEKT_DOMAIN"), e.getMessage());
  }

  @Test
  void aBadPortIsAConfigurationError() {
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> ExampleApp.start(Map.of("PORT", "eighty")));
    assertTrue(e.getMessage().contains("PORT"), e.getMessage());
  }
}
