package dev.protekt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.protekt.testing.LocalTenant;
import dev.protekt.testing.LocalTenantExtension;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Wrong configuration fails when the client is built, saying what to fix; {@code fromEnv} works. */
@ExtendWith(LocalTenantExtension.class)
class ProtektAuthConfigurationTest {
  private final LocalTenant tenant;

  ProtektAuthConfigurationTest(LocalTenant tenant) {
    this.tenant = tenant;
  }

  private static void assertRejected(ProtektAuth auth, String token, InvalidTokenException.Reason reason) {
    assertEquals(reason,
        assertThrows(InvalidTokenException.class, () -> auth.verifyToken(token)).reason());
  }

  private static void assertConfigError(Supplier<?> build, String... fragments) {
    ConfigurationException e = assertThrows(ConfigurationException.class, build::get);
    for (String fragment : fragments) {
      assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }
  }

  @Test
  void refusesWrongConfigurationAtBuild() {
    assertConfigError(() -> ProtektAuth.builder().build(), "PROTEKT_DOMAIN", "domain(");
    assertConfigError(() -> ProtektAuth.builder().domain("  ").build(), "domain is required");
    assertConfigError(() -> ProtektAuth.builder().domain("http://auth.example.com").build(),
        "https", "loopback");
    // A credential in a domain's query is masked in the message that refuses the query.
    for (String domain : List.of("https://auth.example.com/?code=s3cr3t",
        "auth.example.com?code=s3cr3t",
        "https://auth.example.com/#access_token=s3cr3t", "http://auth.example.com/?code=s3cr3t")) {
      ConfigurationException e = assertThrows(ConfigurationException.class,
          () -> ProtektAuth.builder().domain(domain).build());
      assertFalse(e.getMessage().contains("s3cr3t"), e.getMessage());
    }
    assertConfigError(() -> ProtektAuth.builder().domain("x").algorithm("HS256").build(),
        "HS256", "RS256, PS256, ES256, EdDSA", "HMAC");
    assertConfigError(() -> ProtektAuth.builder().domain("x").algorithm("RS512").build(), "RS512");
    assertConfigError(() -> ProtektAuth.builder().domain("x").cacheTtl(Duration.ofSeconds(-1))
        .build(), "cacheTtl");
    assertConfigError(() -> ProtektAuth.builder().domain("x").leeway(Duration.ofSeconds(-1))
        .build(), "leeway");
    assertConfigError(() -> ProtektAuth.builder().domain("x").cacheMaxEntries(0).build(),
        "cacheMaxEntries", "cacheEnabled(false)");
    assertConfigError(() -> ProtektAuth.builder().domain("x").clientSecret("s").build(),
        "PROTEKT_CLIENT_ID");
    // Loopback over plain http and a bare host are fine; no network call happens at build.
    ProtektAuth.builder().domain("http://127.0.0.1:1").build();
    ProtektAuth.builder().domain("http://localhost:1").build();
    ProtektAuth.builder().domain("your-domain.protekt.dev").build();
  }

  @Test
  void refusesCredentialsWithWhatAFileOrACopyLeftAroundThem() {
    for (String secret : List.of("s3cr3t-value\n", " s3cr3t-value", "s3cr3t-value ",
        "\"s3cr3t-value\"", "'s3cr3t-value'", "s3cr3t\r\nvalue",
        // What a copy from a web page leaves: a no-break or zero-width space, a byte order mark.
        "s3cr3t-value\u00a0", "s3cr3t-value\u200b", "\ufeffs3cr3t-value")) {
      ConfigurationException e = assertThrows(ConfigurationException.class, () -> ProtektAuth
          .builder().domain("x").clientId("id").clientSecret(secret).build());
      assertEquals(List.of("clientSecret"), e.options());
      assertFalse(e.getMessage().contains("s3cr3t"), e.getMessage());
    }
    assertConfigError(() -> ProtektAuth.builder().domain("x").clientId("my\nid").clientSecret("s")
        .build(), "clientId (PROTEKT_CLIENT_ID) holds a control character");
    // What a real secret holds is kept as it is; an id is trimmed, as before.
    ProtektAuth.builder().domain("x").clientId(" id ").clientSecret("a\"b'c d~e.f_g-").build();
  }

  @Test
  void refusesADomainThatIsMoreThanAHost() {
    for (String domain : List.of("your-domain.protekt.dev?tenant=x", "your-domain.protekt.dev#x",
        "your-domain.protekt.dev/tenants/acme", "your domain.protekt.dev",
        "your-domain.protekt.dev\\evil", "your-domain.protekt.dev?")) {
      assertConfigError(() -> ProtektAuth.builder().domain(domain).build(), "not a host name");
    }
    // A bare host with user info would even name another host: here, other.example.
    for (String domain : List.of("your-domain.protekt.dev@other.example",
        "admin:hunter2@your-domain.protekt.dev", "https://admin:hunter2@login.example.com/acme")) {
      ConfigurationException e = assertThrows(ConfigurationException.class,
          () -> ProtektAuth.builder().domain(domain).build());
      assertTrue(e.getMessage().contains("user name or password"), e.getMessage());
      assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
    }
    ProtektAuth.builder().domain("https://login.example.com/tenants/@acme").build();
  }

  /**
   * A URL a lenient parser would mend into another is refused: {@code https:///realms/acme}, what
   * {@code https://${HOST}/realms/acme} becomes with {@code HOST} unset, would call the host
   * {@code realms}.
   */
  @Test
  void refusesAUrlThatWouldNameAnotherHostOrPath() {
    for (String domain : List.of("https:///realms/acme", "http:///127.0.0.1:8080", "https://",
        "https://:8443/realms/acme", "https://?x")) {
      assertConfigError(() -> ProtektAuth.builder().domain(domain).build(),
          "domain (PROTEKT_DOMAIN)", "has no host after '://'");
      assertConfigError(() -> ProtektAuth.builder().domain("login.example.com")
          .additionalIssuers(domain).build(), "additionalIssuers", "has no host after '://'");
    }
    assertConfigError(() -> ProtektAuth.builder().domain("https://login.example.com\\realms\\acme")
        .build(), "domain (PROTEKT_DOMAIN)", "holds a backslash");
    for (String domain : List.of("https://login.example.com/realms/a b",
        "https://login.example.com/realms/acme\u200b", "https://login.example.com\t/realms")) {
      assertConfigError(() -> ProtektAuth.builder().domain(domain).build(),
          "domain (PROTEKT_DOMAIN)", "whitespace or an invisible character");
    }
  }

  @Test
  void refusesTimeoutsOkHttpCannotKeep() {
    // OkHttp counts whole milliseconds and reads 0 as "no timeout": half a millisecond would wait
    // for ever.
    assertConfigError(() -> ProtektAuth.builder().domain("x").timeout(Duration.ofNanos(500_000))
        .build(), "at least 1 millisecond");
    assertConfigError(() -> ProtektAuth.builder().fromEnv(Map.of("PROTEKT_DOMAIN", "x",
        "PROTEKT_TIMEOUT", "0.0005")).build(), "at least 1 millisecond");
    ProtektAuth.builder().domain("x").timeout(Duration.ofMillis(1)).build();

    // A stalled attempt holds a key refresh up, and so a rotation: 5 minutes at most. A number
    // meant as milliseconds is the likeliest way past it.
    assertConfigError(() -> ProtektAuth.builder().fromEnv(Map.of("PROTEKT_DOMAIN", "x",
        "PROTEKT_TIMEOUT", "5000")).build(),
        "timeout (PROTEKT_TIMEOUT) must be at most 5 minutes, was PT1H23M20S", "write 5000ms");
    assertEquals(List.of("timeout"), assertThrows(ConfigurationException.class,
        () -> ProtektAuth.builder().domain("x").timeout(Duration.ofMinutes(5).plusMillis(1))
            .build()).options());
    ProtektAuth.builder().domain("x").timeout(Duration.ofMinutes(5)).build();

    // Beyond 24 days for a whole call, OkHttp refuses with an IllegalArgumentException of its own.
    assertConfigError(() -> ProtektAuth.builder().fromEnv(Map.of("PROTEKT_DOMAIN", "x",
        "PROTEKT_TIMEOUT", "300", "PROTEKT_RETRY_ATTEMPTS", "10000")).build(),
        "24 days", "retryAttempts");
    assertConfigError(() -> ProtektAuth.builder().domain("x").retryAttempts(100_000).build(),
        "24 days", "100000 retries");
    // Named apart from the message, so that an adapter can name its own settings for them.
    assertEquals(List.of("timeout", "retryAttempts"), assertThrows(ConfigurationException.class,
        () -> ProtektAuth.builder().domain("x").retryAttempts(100_000).build()).options());
    ProtektAuth.builder().domain("x").retryAttempts(1_000).build();
    // So long that the bound itself would not fit in a Duration.
    assertConfigError(() -> ProtektAuth.builder().domain("x")
        .timeout(ChronoUnit.FOREVER.getDuration()).build(), "must be at most 5 minutes");
  }

  @Test
  void refusesEveryTokenWithoutAnAudienceUnlessToldToAcceptAny() {
    String token = tenant.token().sign();
    ProtektAuth noAudience = ProtektAuth.builder().domain(tenant.domain()).build();
    assertConfigError(() -> noAudience.verifyToken(token),
        "PROTEKT_AUDIENCE", "audience(", "acceptAnyAudience()");

    ProtektAuth any = ProtektAuth.builder().domain(tenant.domain()).acceptAnyAudience().build();
    any.verifyToken(tenant.token().audience("https://any.example/").sign());
    any.verifyToken(tenant.token().withoutClaim("aud").sign());
    any.verifyToken(tenant.token().audience("a", "b").sign());
    // Any audience is accepted, but not an aud that is no audience at all.
    for (Object malformed : Arrays.asList(42, List.of("a", 7), Map.of("aud", "a"), null)) {
      InvalidTokenException e = assertThrows(InvalidTokenException.class,
          () -> any.verifyToken(tenant.token().claim("aud", malformed).sign()));
      assertEquals(InvalidTokenException.Reason.MISSING_CLAIM, e.reason(), () -> "aud " + malformed);
    }
  }

  @Test
  void aVerifyingServiceNeedsNoSecret() {
    ProtektAuth auth = ProtektAuth.builder().domain(tenant.domain())
        .audience(tenant.apiAudience()).build();
    assertEquals("protekt|me", auth.verifyToken(tenant.token().subject("protekt|me").sign()).subject());
  }

  @Test
  void readsTheEnvironment() {
    Map<String, String> env = Map.of(
        "PROTEKT_DOMAIN", tenant.domain(),
        "PROTEKT_AUDIENCE", "https://env.example/",
        "PROTEKT_ALGORITHMS", "RS256, ES256",
        "PROTEKT_ROLES_CLAIM", "https://app.example/roles",
        "PROTEKT_LEEWAY", "0",
        "PROTEKT_CLIENT_ID", "id",
        "PROTEKT_CLIENT_SECRET", "very-secret",
        // Room for the first key fetch on a loaded machine; the default 2 s once ran out.
        "PROTEKT_KEY_FETCH_WAIT", "10s");
    ProtektAuth auth = ProtektAuth.builder().fromEnv(env).build();
    ProtektUser user = auth.verifyToken(tenant.token().audience("https://env.example/")
        .claim("https://app.example/roles", java.util.List.of("editor")).sign());
    assertTrue(user.hasRole("editor"));
    assertRejected(auth, tenant.token().sign(), InvalidTokenException.Reason.WRONG_AUDIENCE);
    assertRejected(auth,
        tenant.token().expiresAt(java.time.Instant.now().minusSeconds(5)).sign(),
        InvalidTokenException.Reason.EXPIRED);
    assertFalse(auth.toString().contains("very-secret"));

    assertConfigError(() -> ProtektAuth.builder().fromEnv(Map.of("PROTEKT_ALGORITHMS", "none"))
        .domain("x").build(), "none");
    // Booleans as Spring reads them, so that one variable means the same to both.
    for (String off : List.of("false", "No", "OFF", "0")) {
      assertTrue(ProtektAuth.builder().fromEnv(Map.of("PROTEKT_DOMAIN", "x",
          "PROTEKT_CACHE_ENABLED", off)).build().toString().contains("cacheEnabled=false"), off);
    }
    assertConfigError(() -> ProtektAuth.builder().fromEnv(Map.of("PROTEKT_CACHE_TTL", "soon")),
        "PROTEKT_CACHE_TTL");
    assertConfigError(() -> ProtektAuth.builder().fromEnv(Map.of("PROTEKT_CACHE_TTL", "-5"))
        .domain("x").build(), "cacheTtl");
  }

  @Test
  void durationsInTheEnvironmentMayCarryAUnit() {
    String shown = ProtektAuth.builder().fromEnv(Map.of("PROTEKT_DOMAIN", "x",
        "PROTEKT_TIMEOUT", "500ms", "PROTEKT_CACHE_TTL", "PT2M", "PROTEKT_LEEWAY", "1m",
        "PROTEKT_RETRY_DELAY", "0.25")).build().toString();
    for (String expected : new String[] {"timeout=PT0.5S", "cacheTtl=PT2M", "leeway=PT1M",
        "retryDelay=PT0.25S"}) {
      assertTrue(shown.contains(expected), expected + " in " + shown);
    }
    assertConfigError(() -> ProtektAuth.builder().fromEnv(Map.of("PROTEKT_TIMEOUT", "5 parsecs")),
        "timeout (PROTEKT_TIMEOUT) must be a duration");
  }

  @Test
  void durationsBeyondTheirMaximumAreRefusedNamingTheOption() {
    Duration forever = Duration.ofSeconds(Long.MAX_VALUE);
    List<Map.Entry<String, UnaryOperator<ProtektAuth.Builder>>> tooLong = List.of(
        Map.entry("leeway", b -> b.leeway(forever)),
        Map.entry("leeway", b -> b.leeway(Duration.ofMillis(Long.MAX_VALUE))),
        Map.entry("leeway", b -> b.fromEnv(Map.of("PROTEKT_LEEWAY", "PT2562047788015215H"))),
        // A billion years in seconds: more nanoseconds than a long holds.
        Map.entry("leeway", b -> b.fromEnv(Map.of("PROTEKT_LEEWAY", "31536000000000000"))),
        Map.entry("leeway", b -> b.leeway(Duration.ofMinutes(10).plusNanos(1))),
        Map.entry("cacheTtl", b -> b.cacheTtl(forever)),
        Map.entry("cacheTtl", b -> b.fromEnv(Map.of("PROTEKT_CACHE_TTL", "2d"))),
        Map.entry("retryDelay", b -> b.retryDelay(forever)),
        Map.entry("retryDelay", b -> b.fromEnv(Map.of("PROTEKT_RETRY_DELAY", "31"))),
        // More seconds, or milliseconds, than a Duration holds: too long, not "no duration".
        Map.entry("cacheTtl", b -> b.fromEnv(Map.of("PROTEKT_CACHE_TTL",
            "99999999999999999999999"))),
        Map.entry("cacheTtl", b -> b.fromEnv(Map.of("PROTEKT_CACHE_TTL",
            "99999999999999999999999999ms"))),
        Map.entry("timeout", b -> b.fromEnv(Map.of("PROTEKT_TIMEOUT", "9999999999999999999d"))));
    for (Map.Entry<String, UnaryOperator<ProtektAuth.Builder>> wrong : tooLong) {
      ConfigurationException e = assertThrows(ConfigurationException.class,
          () -> wrong.getValue().apply(ProtektAuth.builder().domain("x")).build(), wrong.getKey());
      assertEquals(List.of(wrong.getKey()), e.options(), e.getMessage());
      assertTrue(e.getMessage().contains("must be at most"), e.getMessage());
    }
    // The maxima themselves are fine, and a 10-minute leeway still counts from exp.
    ProtektAuth widest = ProtektAuth.builder().domain(tenant.domain()).acceptAnyAudience()
        .leeway(Duration.ofMinutes(10)).cacheTtl(Duration.ofDays(1))
        .retryDelay(Duration.ofSeconds(30)).build();
    widest.verifyToken(tenant.token().expiresAt(Instant.now().minusSeconds(9 * 60)).sign());
    assertRejected(widest, tenant.token().expiresAt(Instant.now().minusSeconds(11 * 60)).sign(),
        InvalidTokenException.Reason.EXPIRED);
    assertRejected(widest, tenant.token().notBefore(Instant.now().plusSeconds(11 * 60)).sign(),
        InvalidTokenException.Reason.NOT_YET_VALID);
  }

  @Test
  void readsTheKeyOptionsFromTheEnvironmentAndRefusesWrongOnes() {
    String shown = ProtektAuth.builder().fromEnv(Map.of("PROTEKT_DOMAIN", "x",
        "PROTEKT_KEY_FETCH_WAIT", "0.25",
        "PROTEKT_ALLOWED_ENDPOINT_HOSTS", " Keys.Example.com, ,[::1]")).build().toString();
    assertTrue(shown.contains("keyFetchWait=PT0.25S"), shown);
    assertTrue(shown.contains("allowedEndpointHosts=[keys.example.com, ::1]"), shown);
    assertTrue(ProtektAuth.builder().domain("x").build().toString()
        .contains("keyFetchWait=PT2S, allowedEndpointHosts=[]"));

    assertConfigError(() -> ProtektAuth.builder().fromEnv(Map.of("PROTEKT_KEY_FETCH_WAIT", "soon")),
        "PROTEKT_KEY_FETCH_WAIT");
    assertConfigError(() -> ProtektAuth.builder().domain("x").keyFetchWait(Duration.ofSeconds(31))
        .build(), "keyFetchWait (PROTEKT_KEY_FETCH_WAIT) must be at most 30 seconds");
    assertConfigError(() -> ProtektAuth.builder().domain("x").keyFetchWait(Duration.ofMillis(-1))
        .build(), "keyFetchWait (PROTEKT_KEY_FETCH_WAIT) must be zero or more");
    for (String notAHost : new String[] {"https://keys.example.com", "keys.example.com:443",
        "keys.example.com/jwks", " ", ""}) {
      assertConfigError(() -> ProtektAuth.builder().allowedEndpointHosts(notAHost),
          "allowedEndpointHosts (PROTEKT_ALLOWED_ENDPOINT_HOSTS): '" + notAHost
              + "' is not a host name");
    }
  }

  /** Set from the environment or by the builder, a message names the option both ways. */
  @Test
  void everyRefusalNamesTheOptionsEnvironmentVariable() {
    List<Map.Entry<String, String>> wrong = List.of(
        Map.entry("PROTEKT_CACHE_TTL", "-5"),
        Map.entry("PROTEKT_LEEWAY", "-1"),
        Map.entry("PROTEKT_RETRY_DELAY", "-1"),
        Map.entry("PROTEKT_TIMEOUT", "0.0001"),
        Map.entry("PROTEKT_RETRY_ATTEMPTS", "-1"),
        Map.entry("PROTEKT_CACHE_MAX_ENTRIES", "0"),
        Map.entry("PROTEKT_MAX_TOKEN_SIZE", "10"),
        Map.entry("PROTEKT_ADDITIONAL_ISSUERS", "a.example.com,A.example.com/"),
        Map.entry("PROTEKT_ALGORITHMS", "rs256"),
        Map.entry("PROTEKT_TIMEOUT", "abc"),
        Map.entry("PROTEKT_CACHE_ENABLED", "maybe"));
    for (Map.Entry<String, String> option : wrong) {
      assertConfigError(() -> ProtektAuth.builder().fromEnv(Map.of("PROTEKT_DOMAIN", "x",
          option.getKey(), option.getValue())).build(), "(" + option.getKey() + ")");
    }
    assertConfigError(() -> ProtektAuth.builder().fromEnv(Map.of("PROTEKT_ALGORITHMS", ",")),
        "algorithms (PROTEKT_ALGORITHMS) names no algorithm");
    assertConfigError(() -> ProtektAuth.builder().fromEnv(Map.of("PROTEKT_ALGORITHMS", "es256")),
        "algorithms (PROTEKT_ALGORITHMS)", "case-sensitive", "ES256");
    // A whole number too large is not "not a whole number".
    assertConfigError(() -> ProtektAuth.builder().fromEnv(Map.of("PROTEKT_CACHE_MAX_ENTRIES",
        "999999999999")), "cacheMaxEntries (PROTEKT_CACHE_MAX_ENTRIES) must be at most 2147483647");
  }

  /**
   * An audience with what an identifier never holds would match no token's aud: every token would
   * be refused at first use as if it were for another API.
   */
  @Test
  void refusesAnAudienceWithWhatAFileOrACopyLeftAroundIt() {
    Map<String, String> wrong = Map.of(
        "https://api.example.com https://legacy.example.com",
        "separate several audiences with commas",
        "https://api.example.com\nhttps://legacy.example.com", "U+000A",
        "https://api.example.com\u200b", "U+200B",
        "\ufeffhttps://api.example.com", "U+FEFF",
        "\"https://api.example.com\"", "in quotes",
        "'https://api.example.com'", "in quotes",
        "[\"https://api.example.com\"]", "JSON array");
    for (Map.Entry<String, String> audience : wrong.entrySet()) {
      ConfigurationException e = assertThrows(ConfigurationException.class,
          () -> ProtektAuth.builder().domain("x").audience(audience.getKey()).build());
      assertTrue(e.getMessage().contains("audience (PROTEKT_AUDIENCE)"), e.getMessage());
      assertTrue(e.getMessage().contains(audience.getValue()), e.getMessage());
      assertEquals(List.of("audience"), e.options());
    }
    // From the environment, a JSON array of two is split at its comma: both halves are refused.
    assertConfigError(() -> ProtektAuth.builder().fromEnv(Map.of("PROTEKT_DOMAIN", "x",
        "PROTEKT_AUDIENCE", "[\"https://a.example.com\", \"https://b.example.com\"]")).build(),
        "JSON array");
    // Identifiers are not only URLs, and a URL may hold brackets.
    ProtektAuth.builder().domain("x").audience("posts-api", "https://[::1]:8443/api",
        " https://api.example.com ").build();
  }
}
