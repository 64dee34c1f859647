package dev.protekt.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.SignedJWT;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A tenant below an issuer path, as Keycloak, Okta's custom authorization servers and Entra ID v2
 * serve theirs: the issuer, discovery, keys, machine tokens and the Users API all below it, over
 * real HTTP. (The SDK's own view of such a tenant is protekt-runtime's IssuerPathTenantTest.)
 */
class IssuerPathTest {
  @Test
  void aKeycloakRealmIsTheIssuerAndServesEveryEndpointBelowIt() throws Exception {
    try (LocalTenant tenant = LocalTenant.builder().issuerPath("/realms/acme").start()) {
      String realm = "http://127.0.0.1:" + tenant.port() + "/realms/acme";
      assertEquals(realm, tenant.domain());
      assertEquals(realm, tenant.issuer(), "no trailing slash, as Keycloak's issuer has none");
      assertEquals(realm + "/api/v2/", tenant.usersAudience());

      Http http = new Http(tenant);
      JsonNode doc = Http.json(http.get("/.well-known/openid-configuration"));
      assertEquals(realm, doc.get("issuer").asText());
      assertEquals(realm + "/.well-known/jwks.json", doc.get("jwks_uri").asText());
      assertEquals(realm + "/oauth/token", doc.get("token_endpoint").asText());
      assertEquals(200, http.get("/.well-known/jwks.json").statusCode());

      String minted = tenant.token().claim("realm_access", Map.of("roles", List.of("admin"))).sign();
      assertEquals(realm, SignedJWT.parse(minted).getJWTClaimsSet().getIssuer());

      String machine = http.machineToken();
      assertEquals(realm, SignedJWT.parse(machine).getJWTClaimsSet().getIssuer());
      assertEquals(List.of(realm + "/api/v2/"), SignedJWT.parse(machine).getJWTClaimsSet().getAudience());
      HttpResponse<String> created = http.send(http.createUser(machine, "ada@example.com"));
      assertEquals(201, created.statusCode(), created.body());
      String id = Http.json(created).get("user_id").asText();
      HttpResponse<String> read = http.send(http.request("/api/v2/users/" + Http.encode(id))
          .header("Authorization", "Bearer " + machine).GET());
      assertEquals(200, read.statusCode(), read.body());
      assertEquals("ada@example.com", Http.json(read).get("email").asText());

      assertEquals(List.of("/realms/acme/oauth/token"),
          tenant.requests("/realms/acme/oauth/token").stream().map(RecordedRequest::path).toList());
    }
  }

  @Test
  void anEntraV2PathWithADotIsTheIssuerToo() {
    String path = "/0c7d4f5e-2b1a-4e8f-9a3b-6d5c4b3a2f10/v2.0";
    try (LocalTenant tenant = LocalTenant.builder().issuerPath(path).start()) {
      String issuer = "http://127.0.0.1:" + tenant.port() + path;
      assertEquals(issuer, tenant.issuer());
      JsonNode doc = Http.json(new Http(tenant).get("/.well-known/openid-configuration"));
      assertEquals(issuer, doc.get("issuer").asText());
      assertEquals(issuer + "/.well-known/jwks.json", doc.get("jwks_uri").asText());
    }
  }

  @Test
  void nothingIsServedOutsideTheIssuerPath() {
    try (LocalTenant tenant = LocalTenant.builder().issuerPath("/oauth2/default").start()) {
      Http http = new Http(tenant);
      for (String path : List.of("/.well-known/openid-configuration", "/oauth/token", "/oauth2/default",
          "/oauth2/defaultx/.well-known/jwks.json")) {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + tenant.port() + path)).GET());
        assertEquals(404, answer.statusCode(), path);
        assertEquals("No such endpoint: GET " + path + "; this tenant's endpoints are below its issuer path"
            + " /oauth2/default.", Http.json(answer).get("message").asText());
      }
    }
  }

  @Test
  void theTokenEndpointBelowThePathAnswersInOAuthsShapeAndFaultsTakeThePathAsSent() {
    try (LocalTenant tenant = LocalTenant.builder().issuerPath("/realms/acme").start()) {
      Http http = new Http(tenant);
      HttpResponse<String> get = http.get("/oauth/token");
      assertEquals(405, get.statusCode());
      assertEquals("invalid_request", Http.json(get).get("error").asText(), get.body());

      tenant.faults().failNext("/realms/acme/oauth/token", 1, 503);
      HttpResponse<String> failed = http.postJson("/oauth/token", Map.of());
      assertEquals(503, failed.statusCode());
      assertEquals("server_error", Http.json(failed).get("error").asText(), failed.body());
    }
  }

  @Test
  void aPathThatIsNotACleanAbsolutePathIsRefusedAtTheOption() {
    LocalTenant.Builder builder = LocalTenant.builder();
    Map<String, String> refusals = Map.of(
        "realms/acme", "must be absolute, starting with /",
        "/realms/acme/", "must not end with / (the issuers of Keycloak, Okta and Entra v2 have no trailing slash)",
        "/realms//acme", "must not have an empty segment",
        "/realms/a cme", "may only hold letters, digits, '-', '.', '_' and '~' between slashes",
        "/realms/acme?x=1", "may only hold letters, digits, '-', '.', '_' and '~' between slashes",
        "/realms/%61cme", "may only hold letters, digits, '-', '.', '_' and '~' between slashes",
        "/realms/../acme", "must not have a . or .. segment",
        "/.", "must not have a . or .. segment");
    refusals.forEach((path, problem) -> assertEquals("issuerPath '" + path + "' " + problem
        + "; give a path such as /realms/acme or /oauth2/default, or / for the issuer http://127.0.0.1:PORT/",
        assertThrows(IllegalArgumentException.class, () -> builder.issuerPath(path)).getMessage(), path));
    assertEquals("issuerPath must not be null; give a path such as /realms/acme or /oauth2/default, or / for"
        + " the issuer http://127.0.0.1:PORT/",
        assertThrows(IllegalArgumentException.class, () -> builder.issuerPath(null)).getMessage());
  }

  @Test
  void theRootPathIsTheDefaultTenant() {
    try (LocalTenant tenant = LocalTenant.builder().issuerPath("/").start()) {
      String origin = "http://127.0.0.1:" + tenant.port();
      assertEquals(origin, tenant.domain());
      assertEquals(origin + "/", tenant.issuer());
      assertEquals(origin + "/api/v2/", tenant.usersAudience());
      assertEquals(origin + "/", Http.json(new Http(tenant).get("/.well-known/openid-configuration"))
          .get("issuer").asText());
    }
  }

  @Test
  void theStandaloneTenantTakesAnIssuerPathAndItsTryItBlockWorks() throws Exception {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    try (LocalTenant tenant = StandaloneTenant.run(new String[] {"--issuer-path", "/realms/acme"},
        new PrintStream(buffer, true, StandardCharsets.UTF_8))) {
      String banner = buffer.toString(StandardCharsets.UTF_8);
      String realm = "http://127.0.0.1:" + tenant.port() + "/realms/acme";
      assertTrue(banner.contains("  domain         " + realm + "\n"), banner);
      assertTrue(banner.contains("  issuer         " + realm + "\n"), banner);
      assertTrue(banner.contains("curl -s " + realm + "/.well-known/openid-configuration"), banner);
      assertTrue(banner.contains("curl -s " + realm + "/api/v2/users "), banner);
      String printed = banner.lines().map(String::trim).filter(line -> line.startsWith("eyJ")).findFirst().orElseThrow();
      assertEquals(realm, SignedJWT.parse(printed).getJWTClaimsSet().getIssuer());
    }
    assertEquals("issuerPath 'realms' must be absolute, starting with /; give a path such as /realms/acme or"
        + " /oauth2/default, or / for the issuer http://127.0.0.1:PORT/",
        assertThrows(IllegalArgumentException.class, () -> StandaloneTenant.run(
            new String[] {"--issuer-path=realms"}, new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8))).getMessage());
  }
}
