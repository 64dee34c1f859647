package dev.protekt.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jwt.SignedJWT;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
  void theTryItBlockSetsEveryVariableItUses() {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    try (LocalTenant tenant = StandaloneTenant.run(new String[0], new PrintStream(buffer, true, StandardCharsets.UTF_8))) {
      String banner = buffer.toString(StandardCharsets.UTF_8);
      String tryIt = banner.substring(banner.indexOf("Try it:"));
      Matcher used = Pattern.compile("\\$([A-Z_]+)").matcher(tryIt);
      while (used.find()) {
        assertTrue(tryIt.substring(0, used.start()).contains(used.group(1) + "=$("),
            "$" + used.group(1) + " is used before the block sets it:\n" + tryIt);
      }
      assertTrue(tryIt.contains("MACHINE_TOKEN=$("), tryIt);
      Matcher body = Pattern.compile("-d '([^']*)'").matcher(tryIt);
      assertTrue(body.find(), tryIt);
      HttpResponse<String> token = new Http(tenant).postJson("/oauth/token", body.group(1));
      assertEquals(200, token.statusCode(), token.body());
      assertTrue(token.body().matches(".*\"access_token\":\"([^\"]+)\".*"), "what the printed sed takes");
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
  void anUnclosedTenantDoesNotKeepTheJvmAliveButTheStandaloneOneRuns() throws Exception {
    Process unclosed = java(UnclosedTenant.class.getName());
    Process standalone = java(StandaloneTenant.class.getName(), "--client-id", "cli");
    try {
      assertTrue(unclosed.waitFor(30, TimeUnit.SECONDS), "the JVM ended after main returned");
      assertEquals(0, unclosed.exitValue());
      BufferedReader banner = new BufferedReader(new InputStreamReader(standalone.getInputStream(), StandardCharsets.UTF_8));
      String domain = null;
      for (String line = banner.readLine(); line != null && domain == null; line = banner.readLine()) {
        domain = line.trim().startsWith("domain") ? line.trim().substring("domain".length()).trim() : null;
      }
      assertTrue(domain != null && domain.startsWith("http://127.0.0.1:"), "banner names the domain: " + domain);
      assertFalse(standalone.waitFor(2, TimeUnit.SECONDS), "the standalone tenant keeps running");
      HttpResponse<String> jwks = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(domain + "/.well-known/jwks.json"))
          .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, jwks.statusCode());
    } finally {
      unclosed.destroyForcibly();
      standalone.destroyForcibly();
    }
  }

  private static Process java(String mainClass, String... args) throws IOException {
    return new ProcessBuilder(command(mainClass, args)).redirectError(ProcessBuilder.Redirect.DISCARD).start();
  }

  /** @return the command that runs {@code mainClass} in a JVM of its own, on this test's class path */
  private static List<String> command(String mainClass, String... args) {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), mainClass));
    command.addAll(List.of(args));
    return command;
  }

  @Test
  void optionsAlsoTakeTheirValueAfterAnEqualsSign() {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    try (LocalTenant tenant = StandaloneTenant.run(new String[] {"--port=0", "--client-id=cli", "--client-secret=a=b"},
        new PrintStream(buffer, true, StandardCharsets.UTF_8))) {
      assertEquals("cli", tenant.clientId());
      assertEquals("a=b", tenant.clientSecret());
    }
  }

  @Test
  void helpAskedForGoesToStandardOutputWithStatusZeroAndABadOptionToStandardErrorWithTwo(@TempDir Path dir)
      throws Exception {
    for (String help : List.of("--help", "-h")) {
      Ended ended = run(dir, "--client-id", "cli", help);
      assertEquals(0, ended.status(), ended.err());
      assertTrue(ended.out().startsWith("usage: java -jar protekt-local-tenant.jar"), ended.out());
      assertTrue(ended.out().contains("--port=8089"), ended.out());
      assertEquals("", ended.err());
    }
    Ended bad = run(dir, "--bogus");
    assertEquals(2, bad.status());
    assertEquals("", bad.out());
    assertTrue(bad.err().startsWith("unknown option --bogus\nusage: "), bad.err());
    Ended repeated = run(dir, "--client-id", "a", "--client-id=b");
    assertEquals(2, repeated.status());
    assertEquals("", repeated.out());
    assertTrue(repeated.err().startsWith("repeated option --client-id\nusage: "), repeated.err());
  }

  private record Ended(int status, String out, String err) {}

  private static Ended run(Path dir, String... args) throws Exception {
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    Process process = new ProcessBuilder(command(StandaloneTenant.class.getName(), args))
        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    try {
      assertTrue(process.waitFor(30, TimeUnit.SECONDS), "ends by itself");
    } finally {
      process.destroyForcibly();
    }
    return new Ended(process.exitValue(), Files.readString(out), Files.readString(err));
  }

  @Test
  void badArgumentsAreRefusedWithAMessage() {
    PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    assertTrue(assertThrows(IllegalArgumentException.class, () -> StandaloneTenant.run(new String[] {"--nope", "1"}, out))
        .getMessage().contains("--nope"));
    for (String[] args : List.of(new String[] {"--nope"}, new String[] {"--nope=1"}, new String[] {"-port", "1"},
        new String[] {"--Port", "1"})) {
      assertEquals("unknown option " + args[0].split("=")[0],
          assertThrows(IllegalArgumentException.class, () -> StandaloneTenant.run(args, out)).getMessage());
    }
    for (String[] args : List.of(new String[] {"--client-id", "a", "--client-id", "b"},
        new String[] {"--port=0", "--client-secret", "s", "--port", "0"})) {
      assertEquals("repeated option " + args[args.length - 2].split("=")[0],
          assertThrows(IllegalArgumentException.class, () -> StandaloneTenant.run(args, out)).getMessage());
    }
    assertThrows(IllegalArgumentException.class, () -> StandaloneTenant.run(new String[] {"--port="}, out));
    assertThrows(IllegalArgumentException.class, () -> StandaloneTenant.run(new String[] {"--client-id="}, out));
    assertThrows(IllegalArgumentException.class, () -> StandaloneTenant.run(new String[] {"--port"}, out));
    assertThrows(IllegalArgumentException.class, () -> StandaloneTenant.run(new String[] {"--port", "x"}, out));
    assertThrows(IllegalArgumentException.class, () -> StandaloneTenant.run(new String[] {"--port", "70000"}, out));
  }
}
