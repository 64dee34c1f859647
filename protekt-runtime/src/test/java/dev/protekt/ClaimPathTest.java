package dev.protekt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The text form of a claim path: what each spelling means, and which are refused at build(). */
class ClaimPathTest {

  private static List<String> names(String path) {
    return ClaimPath.parse(path).names();
  }

  @Test
  void dotsGoIntoNestedObjectsAndQuotesKeepANameWhole() {
    assertEquals(List.of("roles"), names("roles"));
    assertEquals(List.of("realm_access", "roles"), names("realm_access.roles"));
    assertEquals(List.of("resource_access", "my-client", "roles"),
        names(" resource_access.my-client.roles "));
    assertEquals(List.of("resource_access", "my.client", "roles"),
        names("resource_access.\"my.client\".roles"));
    assertEquals(List.of("https://example.com/roles"), names("\"https://example.com/roles\""));
    assertEquals(List.of("https://example.com/app", "roles"),
        names("\"https://example.com/app\".roles"));
    assertEquals(List.of("my roles, all of them"), names("\"my roles, all of them\""));
    assertEquals(List.of("say \"hi\"", "x"), names("\"say \"\"hi\"\"\".x"));
  }

  @Test
  void anUnquotedPathWithASchemeIsOneClaimNameAsBefore() {
    assertEquals(List.of("https://your-app.com/roles"), names("https://your-app.com/roles"));
    assertEquals(List.of("https://a.example/x.y/roles"), names("https://a.example/x.y/roles"));
    assertEquals(ClaimPath.parse("\"https://your-app.com/roles\""),
        ClaimPath.parse("https://your-app.com/roles"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "a..b", ".a", "a.", ".", "\"\"", "a.\"\".b", "\"a", "a.\"b",
      "\"a\"b", "a\"b\"", "\"a\".", "realm_access. roles", "my roles", "a,b", "https://x.com/a b",
      "https://x.com/a,b", "\"a\"\"", "a\tb"})
  void badPathsAreRefusedSayingWhatToWrite(String path) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ClaimPath.parse(path));
    assertTrue(e.getMessage().contains("quotes"), e::getMessage);

    ConfigurationException c = assertThrows(ConfigurationException.class,
        () -> ProtektAuth.builder().domain("example.com").rolesClaim("roles", path).build());
    assertEquals(List.of("rolesClaim"), c.options());
    assertTrue(c.getMessage().startsWith("rolesClaim (PROTEKT_ROLES_CLAIM, protekt.roles-claim): "),
        c::getMessage);
    ConfigurationException p = assertThrows(ConfigurationException.class,
        () -> ProtektAuth.builder().domain("example.com").permissionsClaim(path).build());
    assertEquals(List.of("permissionsClaim"), p.options());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "$.realm_access.roles | realm_access.roles",
      "$['realm_access']['roles'] | realm_access.roles",
      "$.resource_access[\"my.client\"].roles[*] | resource_access.\"my.client\".roles",
      "$.roles | roles",
      "/realm_access/roles | realm_access.roles",
      "/resource_access/a~1b/roles | resource_access.\"a/b\".roles",
      "roles[0] | roles",
      "realm_access['roles'] | realm_access.roles",
      "realm_access.roles[*] | realm_access.roles",
      "https://example.com/roles[0] | https://example.com/roles",
      "$..roles | ",
      "roles[0].name | ",
      "/ | ",
      "$ | "})
  void anotherNotationIsRefusedGivingTheDottedPath(String path, String dotted) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ClaimPath.parse(path));
    String write = dotted == null ? "between dots" : "write " + dotted + " ";
    assertTrue(e.getMessage().contains(write), e::getMessage);
    if (dotted != null) {
      assertEquals(dotted, ClaimPath.parse(dotted).toString());
    }
    assertRefusedAtBuild(path, write);
  }

  /**
   * Asserts that build() refuses {@code path} given to rolesClaim, and in PROTEKT_PERMISSIONS_CLAIM
   * after a good path, naming the option and saying {@code write}.
   */
  private static void assertRefusedAtBuild(String path, String write) {
    ConfigurationException c = assertThrows(ConfigurationException.class,
        () -> ProtektAuth.builder().domain("example.com").rolesClaim(path).build());
    assertEquals(List.of("rolesClaim"), c.options());
    assertTrue(c.getMessage().contains(write), c::getMessage);
    ConfigurationException env = assertThrows(ConfigurationException.class,
        () -> ProtektAuth.builder().fromEnv(Map.of("PROTEKT_DOMAIN", "example.com",
            "PROTEKT_PERMISSIONS_CLAIM", "permissions," + path)).build());
    assertEquals(List.of("permissionsClaim"), env.options());
    assertTrue(env.getMessage().contains("PROTEKT_PERMISSIONS_CLAIM"), env::getMessage);
  }

  /**
   * A slash outside quotes would be read as part of one claim name, which a user who meant nesting
   * ({@code realm_access/roles}) or a namespaced claim ({@code example.com/roles}, split at its
   * dot) never gets a role from: it fails build(), saying to quote the name or nest with dots.
   */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "realm_access/roles | write \"realm_access/roles\" (in double quotes) for one claim of that"
          + " name, or realm_access.roles for objects nested in one another.",
      "example.com/roles | write \"example.com/roles\" (in double quotes) for one claim of that"
          + " name; the names of objects nested in one another go between dots"
          + " (realm_access.roles).",
      "resource_access.\"api.example.com\".x/y | put a name holding it in double quotes"
          + " (\"x/y\"); the names of objects nested in one another go between dots"
          + " (realm_access.roles)."})
  void anUnquotedSlashIsRefusedSayingToQuoteTheNameOrNestWithDots(String path, String write) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ClaimPath.parse(path));
    assertEquals("The claim path '" + path + "' has a slash outside quotes: " + write,
        e.getMessage());
    assertRefusedAtBuild(path, write);
    if (path.indexOf('"') < 0) {
      // What it says to write is read as it says.
      assertEquals(List.of(path), names("\"" + path + "\""));
    }
  }

  @Test
  void aQuotedNameMayHoldWhatAnotherNotationUses() {
    assertEquals(List.of("$.roles"), names("\"$.roles\""));
    assertEquals(List.of("/realm_access/roles"), names("\"/realm_access/roles\""));
    assertEquals(List.of("a", "roles[0]"), names("a.\"roles[0]\""));
    assertEquals(List.of("a", "$b"), names("a.$b"));
    assertEquals(List.of("https://example.com/$roles"), names("https://example.com/$roles"));
    for (String name : List.of("$x", "/x", "a[0]", "]", "/x://y", "a/b", "a://b/c")) {
      ClaimPath path = ClaimPath.of(name);
      assertEquals(path, ClaimPath.parse(path.toString()), path::toString);
    }
  }

  @Test
  void noPathOrANullPathIsAConfigurationError() {
    for (String[] paths : Arrays.asList(new String[0], null, new String[] {null})) {
      ConfigurationException e = assertThrows(ConfigurationException.class,
          () -> ProtektAuth.builder().domain("example.com").rolesClaim(paths).build());
      assertEquals(List.of("rolesClaim"), e.options());
    }
    assertThrows(IllegalArgumentException.class, () -> ClaimPath.parse(null));
    assertThrows(IllegalArgumentException.class, () -> ClaimPath.of());
    assertThrows(IllegalArgumentException.class, () -> ClaimPath.of("a", ""));
    assertThrows(IllegalArgumentException.class, () -> ClaimPath.of("a", null));
    assertThrows(IllegalArgumentException.class,
        () -> ProtektUser.fromClaims(Map.of(), "a..b", "permissions"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"roles", "realm_access.roles", "https://your-app.com/roles",
      "\"https://example.com/app\".roles", "resource_access.\"my.client\".roles", "\"a b\"",
      "\"a,b\"", "\"say \"\"hi\"\"\"", "\"https://x.com/a,b\"", "a.\"https://x.com\".b"})
  void theTextFormReadsBackAsTheSamePath(String path) {
    ClaimPath parsed = ClaimPath.parse(path);
    assertEquals(path, parsed.toString());
    assertEquals(parsed, ClaimPath.parse(parsed.toString()));
    assertEquals(parsed.hashCode(), ClaimPath.parse(parsed.toString()).hashCode());
    assertEquals(parsed, ClaimPath.of(parsed.names().toArray(new String[0])));
  }

  @Test
  void literalNamesAreQuotedWhereTheTextFormNeedsIt() {
    assertEquals("resource_access.\"my.client\".roles",
        ClaimPath.of("resource_access", "my.client", "roles").toString());
    assertEquals("\"a://b\".c", ClaimPath.of("a://b", "c").toString());
    assertEquals("realm_access.\"a/b\"", ClaimPath.of("realm_access", "a/b").toString());
    assertEquals("\"\"\"\"", ClaimPath.of("\"").toString());
    assertEquals(List.of("\""), names("\"\"\"\""));
  }

  @Test
  void usersForYourOwnTestsReadThePathsAsTheVerifierDoes() {
    Map<String, Object> claims = Map.of(
        "realm_access", Map.of("roles", List.of("admin")),
        "resource_access", Map.of("my.client", Map.of("roles", "editor viewer")),
        "perms", List.of("read:posts"), "scp", "write:posts");

    ProtektUser one = ProtektUser.fromClaims(claims, "realm_access.roles", "perms");
    ProtektUser merged = ProtektUser.fromClaims(claims,
        List.of(ClaimPath.parse("realm_access.roles"),
            ClaimPath.of("resource_access", "my.client", "roles")),
        List.of(ClaimPath.of("perms")));

    assertEquals(Set.of("admin"), one.roles());
    assertEquals(List.of("admin", "editor", "viewer"), new ArrayList<>(merged.roles()));
    assertTrue(merged.hasPermission("read:posts") && merged.hasPermission("write:posts"));
    assertEquals(Set.of(), ProtektUser.fromClaims(claims).roles());
  }

  @Test
  void aListSplitsAtCommasOutsideQuotes() {
    assertArrayEquals(new String[] {"realm_access.roles", "\"https://x.com/roles\""},
        ClaimPath.splitList("realm_access.roles,\"https://x.com/roles\""));
    assertArrayEquals(new String[] {"resource_access.\"a,b\".roles", "roles"},
        ClaimPath.splitList(" resource_access.\"a,b\".roles , , roles,"));
    assertArrayEquals(new String[] {"\"a,b"}, ClaimPath.splitList("\"a,b"));
    assertArrayEquals(new String[0], ClaimPath.splitList(" , "));
  }
}
