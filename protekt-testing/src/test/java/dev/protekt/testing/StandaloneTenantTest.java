package dev.protekt.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jwt.SignedJWT;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The standalone jar's main class, run in-process: what it prints works against what it started. */
class StandaloneTenantTest {
  @Test
  void printsDomainCredentialsAndTokensThatWork() throws Exception {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    try (LocalTenant tenant = StandaloneTenant.run(
        new String[] {"--port", String.valueOf(port), "--client-id", "cli", "--client-secret", "s3cret-value"},
        new PrintStream(buffer, true, StandardCharsets.UTF_8))) {
      String banner = buffer.toString(StandardCharsets.UTF_8);
      assertTrue(banner.contains("http://127.0.0.1:" + port), banner);
      assertTrue(banner.contains("cli") && banner.contains("s3cret-value"), banner);
      assertTrue(banner.contains("curl -s http://127.0.0.1:" + port + "/.well-known/openid-configuration"), banner);
      List<String> tokens = Arrays.stream(banner.split("\n")).map(String::trim)
          .filter(line -> line.startsWith("eyJ")).collect(Collectors.toList());
      assertEquals(3, tokens.size(), banner);
      assertEquals(List.of("admin"), SignedJWT.parse(tokens.get(1)).getJWTClaimsSet().getStringListClaim("roles"));
      assertEquals(List.of("read:posts"), SignedJWT.parse(tokens.get(2)).getJWTClaimsSet().getStringListClaim("permissions"));
      assertEquals(tenant.issuer(), SignedJWT.parse(tokens.get(0)).getJWTClaimsSet().getIssuer());

      Http http = new Http(tenant);
      HttpResponse<String> token = http.postJson("/oauth/token", Map.of("grant_type", "client_credentials",
          "client_id", "cli", "client_secret", "s3cret-value", "audience", tenant.usersAudience()));
      assertEquals(200, token.statusCode());
      HttpResponse<String> users = http.send(http.request("/api/v2/users?include_totals=true")
          .header("Authorization", "Bearer " + Http.json(token).get("access_token").asText()).GET());
      assertEquals(2, Http.json(users).get("total").asInt(), "two seeded users");
    }
  }

  @Test
  void withoutOptionsPicksAFreePortAndGeneratesCredentials() {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    try (LocalTenant tenant = StandaloneTenant.run(new String[0], new PrintStream(buffer, true, StandardCharsets.UTF_8))) {
      String banner = buffer.toString(StandardCharsets.UTF_8);
      assertTrue(tenant.port() > 0);
      assertTrue(banner.contains(tenant.clientId()) && banner.contains(tenant.clientSecret()));
      assertEquals(200, new Http(tenant).get("/.well-known/openid-configuration").statusCode());
    }
  }

  @Test
  void badArgumentsAreRefusedWithAMessage() {
    PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    assertTrue(assertThrows(IllegalArgumentException.class, () -> StandaloneTenant.run(new String[] {"--nope", "1"}, out))
        .getMessage().contains("--nope"));
    assertThrows(IllegalArgumentException.class, () -> StandaloneTenant.run(new String[] {"--port"}, out));
    assertThrows(IllegalArgumentException.class, () -> StandaloneTenant.run(new String[] {"--port", "x"}, out));
    assertThrows(IllegalArgumentException.class, () -> StandaloneTenant.run(new String[] {"--port", "70000"}, out));
  }
}
