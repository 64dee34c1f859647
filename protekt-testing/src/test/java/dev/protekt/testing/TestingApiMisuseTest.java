package dev.protekt.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;

/** Wrong use of the testing API fails at once with a message that says what to do instead. */
@ExtendWith(LocalTenantExtension.class)
class TestingApiMisuseTest {
  private final LocalTenant tenant;

  TestingApiMisuseTest(LocalTenant tenant) {
    this.tenant = tenant;
  }

  @Test
  void nullSubjectOrIssuerPointsToWithoutClaimAndClaim() {
    for (Executable call : List.<Executable>of(() -> tenant.token().subject(null), () -> tenant.token().issuer(null))) {
      String message = assertThrows(IllegalArgumentException.class, call).getMessage();
      assertTrue(message.contains("withoutClaim(") && message.contains("claim("), message);
    }
  }

  @Test
  void instantsAreEpochSecondsAtAnyDepthAndOtherTypesAreRefused() throws IOException {
    Instant at = Instant.ofEpochSecond(1_700_000_000L);
    JsonNode claims = payload(tenant.token()
        .claim("times", List.of(at, Map.of("at", at)))
        .claim("array", new Object[] {at, "x"})
        .sign());
    assertEquals("[1700000000,{\"at\":1700000000}]", claims.get("times").toString());
    assertEquals("[1700000000,\"x\"]", claims.get("array").toString());
    String message = assertThrows(IllegalArgumentException.class,
        () -> tenant.token().claim("ttl", List.of(Duration.ofSeconds(5)))).getMessage();
    assertTrue(message.contains("java.time.Duration") && !message.contains("jsr310"), message);
  }

  @Test
  void aLifetimeBeyondWhatAnInstantHoldsIsRefusedAtTheSetter() {
    String message = assertThrows(IllegalArgumentException.class,
        () -> tenant.token().expiresIn(Duration.ofSeconds(Long.MAX_VALUE))).getMessage();
    assertTrue(message.contains("expiresAt("), message);
    assertThrows(IllegalArgumentException.class,
        () -> tenant.token().issuedAt(Instant.MAX).expiresIn(Duration.ofHours(1)).sign());
  }

  @Test
  void faultsRefuseWhatCouldNeverWorkOrMatch() {
    Map<String, String> nullValue = new HashMap<>();
    nullValue.put("Retry-After", null);
    assertThrows(IllegalArgumentException.class, () -> tenant.faults().failNext("/x", 1, 429, nullValue));
    assertThrows(IllegalArgumentException.class,
        () -> tenant.faults().failNext("/x", 1, 429, Map.of("Retry-After", "1\r\nX-Injected: 1")));
    for (int status : new int[] {100, 199, 600}) {
      assertThrows(IllegalArgumentException.class, () -> tenant.faults().failNext("/x", 1, status));
    }
    for (String path : List.of("/api/v2/users?page=1", "/api/v2/users/protekt%7C1")) {
      String message = assertThrows(IllegalArgumentException.class,
          () -> tenant.faults().dropNext(path, 1)).getMessage();
      assertTrue(message.contains("decoded"), message);
    }
    tenant.faults().failNext("/.well-known/jwks.json", 1, 204);
    assertEquals(204, new Http(tenant).get("/.well-known/jwks.json").statusCode());
  }

  @Test
  void theRequestLogRefusesAPathThatCouldNeverMatchAsFaultsDo() {
    for (String path : List.of("/api/v2/users?page=1", "/api/v2/users/protekt%7C1")) {
      String message = assertThrows(IllegalArgumentException.class, () -> tenant.requests(path)).getMessage();
      assertTrue(message.startsWith("the path of requests(path) is compared with the request's decoded path"), message);
      assertTrue(message.contains("give it decoded, such as /api/v2/users/protekt|1"), message);
    }
    assertEquals("the path of requests(path) starts with '/', was null",
        assertThrows(IllegalArgumentException.class, () -> tenant.requests(null)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> tenant.requests("oauth/token"));
  }

  @Test
  void nullScopeArraysAreRefusedWithIllegalArgument() {
    assertThrows(IllegalArgumentException.class,
        () -> tenant.registerClient("c", "s", tenant.usersAudience(), (String[]) null));
    assertThrows(IllegalArgumentException.class, () -> LocalTenant.builder().usersClient("c", "s", (String[]) null));
    assertThrows(IllegalArgumentException.class,
        () -> LocalTenant.builder().client("c", "s", "https://api.example/", (String[]) null));
  }

  @Test
  void nullBlankOrSpacedScopesAreRefusedWhereTheyAreGiven() {
    for (String[] scopes : List.of(new String[] {(String) null}, new String[] {"read:users", null},
        new String[] {" "}, new String[] {""}, new String[] {"read:users create:users"}, new String[] {"a\tb"})) {
      List<Executable> calls = List.of(
          () -> tenant.registerClient("c", "s", tenant.usersAudience(), scopes),
          () -> LocalTenant.builder().usersClient("c", "s", scopes),
          () -> LocalTenant.builder().client("c", "s", "https://api.example/", scopes));
      for (Executable call : calls) {
        String message = assertThrows(IllegalArgumentException.class, call).getMessage();
        assertTrue(message.startsWith("a scope is one non-blank word"), message);
      }
    }
    assertEquals("a scope is one non-blank word, such as read:users; was null",
        assertThrows(IllegalArgumentException.class, () -> tenant.registerClient("c", "s", tenant.usersAudience(),
            (String) null)).getMessage());
  }

  @Test
  void aClosedTenantRefusesChangesButSignsWithItsKeysForOutageTests() {
    LocalTenant closed = LocalTenant.start();
    TokenBuilder kept = closed.token();
    String domain = closed.domain();
    closed.createUser(Map.of("email", "kept@example.com"));
    closed.close();
    List<Executable> calls = List.of(
        () -> closed.createUser(Map.of("email", "c@example.com")),
        closed::clearUsers,
        () -> closed.registerClient("c", "s", "https://api.example/"),
        () -> closed.faults().failNext("/x", 1, 500),
        () -> closed.keys().rotate(SigningAlgorithm.ES256),
        () -> closed.token().algorithm(SigningAlgorithm.ES256).sign());
    for (Executable call : calls) {
      assertEquals("the local tenant is closed", assertThrows(IllegalStateException.class, call).getMessage());
    }
    assertEquals(1, closed.users().size());
    // Its address leads nowhere: said at once, not as a client's failure to connect later.
    for (Executable call : List.<Executable>of(closed::domain, closed::issuer, closed::port, closed::usersAudience)) {
      String message = assertThrows(IllegalStateException.class, call).getMessage();
      assertTrue(message.startsWith("the local tenant is closed: nothing answers at " + domain
          + " any more. A tenant that several test classes share (in a static field) must stay"
          + " open until the last of them is done"), message);
      assertTrue(message.endsWith("Do not close the tenant LocalTenantExtension injects (as try (LocalTenant t"
          + " = tenant) { … } does): the extension closes it when the class is done."), message);
    }
    assertEquals("LocalTenant{" + domain + ", clientId=" + closed.clientId() + "}", closed.toString());
    // A service that kept the keys still verifies these: what a test of an outage sends.
    assertEquals(3, closed.token().sign().split("\\.").length);
    assertEquals(3, kept.sign().split("\\.").length);
    closed.faults().clear();
    closed.close();
  }

  private static JsonNode payload(String jwt) throws IOException {
    return Http.JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
  }
}
