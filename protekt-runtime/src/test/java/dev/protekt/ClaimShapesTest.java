package dev.protekt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.protekt.testing.LocalTenant;
import dev.protekt.testing.LocalTenantExtension;
import dev.protekt.testing.TokenBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Roles and permissions where each provider puts them, in real tokens signed by the local tenant
 * and verified through {@link ProtektAuth}, configured as the README's "Using another provider"
 * says.
 */
@ExtendWith(LocalTenantExtension.class)
class ClaimShapesTest {
  private final LocalTenant tenant;

  ClaimShapesTest(LocalTenant tenant) {
    this.tenant = tenant;
  }

  private ProtektAuth.Builder auth() {
    // Room for the first key fetch on a machine busy with other builds.
    return ProtektAuth.builder().domain(tenant.domain()).audience(tenant.apiAudience())
        .keyFetchWait(Duration.ofSeconds(10));
  }

  private static ProtektUser verify(ProtektAuth auth, TokenBuilder token) {
    return auth.verifyToken(token.sign());
  }

  @Test
  void keycloakRealmAndClientRoles() {
    ProtektAuth auth = auth()
        .rolesClaim("realm_access.roles", "resource_access.posts-api.roles").build();
    TokenBuilder token = tenant.token()
        .claim("realm_access", Map.of("roles", List.of("offline_access", "admin")))
        .claim("resource_access", Map.of(
            "posts-api", Map.of("roles", List.of("editor", "admin")),
            "account", Map.of("roles", List.of("manage-account"))))
        .scope("openid", "profile");

    ProtektUser user = verify(auth, token);

    assertEquals(List.of("offline_access", "admin", "editor"), new ArrayList<>(user.roles()));
    assertFalse(user.hasRole("manage-account"), "another client's roles are not this API's");
    assertEquals(Set.of("openid", "profile"), user.scopes());
    assertTrue(verify(auth, tenant.token()).roles().isEmpty(), "a token without them has none");
  }

  @Test
  void aClientIdWithDotsIsQuoted() {
    ProtektAuth auth = auth().rolesClaim("resource_access.\"api.example.com\".roles").build();
    TokenBuilder token = tenant.token().claim("resource_access",
        Map.of("api.example.com", Map.of("roles", List.of("admin")),
            "api", Map.of("example", Map.of("com", Map.of("roles", List.of("intruder"))))));

    assertEquals(Set.of("admin"), verify(auth, token).roles());
  }

  @Test
  void entraScopesAsAStringAndAppRoles() {
    ProtektAuth auth = auth().build();
    TokenBuilder token = tenant.token()
        .claim("scp", "read:posts write:posts").claim("roles", List.of("Posts.Admin"));

    ProtektUser user = verify(auth, token);

    assertEquals(List.of("read:posts", "write:posts"), new ArrayList<>(user.scopes()));
    assertTrue(user.hasPermission("write:posts"));
    assertEquals(Set.of("Posts.Admin"), user.roles());
  }

  @Test
  void oktaScopesAsAnArrayMergedWithScope() {
    ProtektAuth auth = auth().build();
    TokenBuilder token = tenant.token()
        .claim("scp", List.of("read:posts", "openid")).scope("openid", "email");

    ProtektUser user = verify(auth, token);

    assertEquals(List.of("openid", "email", "read:posts"), new ArrayList<>(user.scopes()));
    assertTrue(user.hasPermission("read:posts"));
  }

  @Test
  void springAuthorizationServerScopeArray() {
    ProtektAuth auth = auth().build();
    TokenBuilder token = tenant.token().claim("scope", List.of("read:posts", "write:posts"));

    ProtektUser user = verify(auth, token);

    assertEquals(List.of("read:posts", "write:posts"), new ArrayList<>(user.scopes()));
    assertTrue(user.hasPermission("write:posts"));
  }

  @Test
  void auth0NamespacedRolesAndPermissions() {
    ProtektAuth auth = auth().rolesClaim("https://example.com/roles").build();
    TokenBuilder token = tenant.token()
        .claim("https://example.com/roles", List.of("admin", "Blog Editor"))
        .permissions("read:posts", "delete:posts");

    ProtektUser user = verify(auth, token);

    assertEquals(List.of("admin", "Blog Editor"), new ArrayList<>(user.roles()));
    assertFalse(user.hasRole("Editor"), "an array member is one name, spaces and all");
    assertTrue(user.hasPermission("delete:posts"));
    assertEquals(Set.of("admin", "Blog Editor"),
        verify(auth().rolesClaim("\"https://example.com/roles\"").build(), token).roles());
  }

  @Test
  void severalSourcesAreMergedInOrder() {
    ProtektAuth auth = auth()
        .rolesClaim("roles", "realm_access.roles", "https://example.com/roles")
        .permissionsClaim("permissions", "app.perms").build();
    TokenBuilder token = tenant.token()
        .roles("b", "a")
        .claim("realm_access", Map.of("roles", List.of("a", "c")))
        .claim("https://example.com/roles", "d b e")
        .claim("app", Map.of("perms", "x y"))
        .permissions("y", "z");

    ProtektUser user = verify(auth, token);

    assertEquals(List.of("b", "a", "c", "d", "e"), new ArrayList<>(user.roles()));
    assertEquals(List.of("y", "z", "x"), new ArrayList<>(user.permissions()));
  }

  @Test
  void aStringAtAPathIsSpaceSeparatedNames() {
    ProtektAuth auth = auth().rolesClaim("realm_access.roles").build();
    TokenBuilder token = tenant.token().claim("realm_access", Map.of("roles", " admin  editor "));

    assertEquals(List.of("admin", "editor"), new ArrayList<>(verify(auth, token).roles()));
  }

  @Test
  void valuesThatAreNotStringsGiveNothingAndNeverFail() {
    ProtektAuth auth = auth().rolesClaim("realm_access.roles", "r").permissionsClaim("p.q").build();
    List<Object> hostile = Arrays.asList(7, 1.5e300, true, null, Map.of("admin", true),
        List.of(List.of("admin")), List.of(Map.of("name", "admin")), List.of(), Map.of(),
        "", " ");
    for (Object value : hostile) {
      TokenBuilder token = tenant.token()
          .claim("realm_access", Map.of("roles", value == null ? List.of() : value))
          .claim("r", value).claim("p", Map.of("q", value == null ? "" : value))
          .claim("scope", value).claim("scp", value);

      ProtektUser user = verify(auth, token);

      assertEquals(Set.of(), user.roles(), () -> "roles " + value);
      assertEquals(Set.of(), user.permissions(), () -> "permissions " + value);
      assertEquals(Set.of(), user.scopes(), () -> "scopes " + value);
      assertFalse(user.hasRole("admin") || user.hasRole("7") || user.hasRole("true"));
    }
    // A value on the way that is not an object, and an array where an object was expected.
    for (Object realmAccess : List.<Object>of("roles", List.of(Map.of("roles", List.of("admin"))),
        42)) {
      TokenBuilder token = tenant.token().claim("realm_access", realmAccess)
          .claim("p", List.of("q"));
      ProtektUser user = verify(auth, token);
      assertEquals(Set.of(), user.roles(), () -> "realm_access " + realmAccess);
      assertEquals(Set.of(), user.permissions());
    }
    TokenBuilder mixed = tenant.token()
        .claim("realm_access", Map.of("roles", Arrays.asList("admin", 7, null, List.of("root"))));
    assertEquals(Set.of("admin"), verify(auth, mixed).roles());
  }

  @Test
  void aHugeListIsReadInFull() {
    List<String> many = IntStream.range(0, 1_500).mapToObj(i -> "r" + i)
        .collect(Collectors.toList());
    ProtektAuth auth = auth().rolesClaim("realm_access.roles").maxTokenSize(64 * 1024)
        .build();
    TokenBuilder token = tenant.token().claim("realm_access", Map.of("roles", many))
        .claim("scp", String.join(" ", many));

    ProtektUser user = verify(auth, token);

    assertEquals(many, new ArrayList<>(user.roles()));
    assertTrue(user.hasRole("r1499") && !user.hasRole("r1500"));
    assertEquals(many.size(), user.scopes().size());
  }

  @Test
  void theEnvironmentNamesSeveralPathsWithAQuotedName() {
    ProtektAuth auth = auth().fromEnv(Map.of(
        "PROTEKT_ROLES_CLAIM", "realm_access.roles,\"https://x.com/roles\"",
        "PROTEKT_PERMISSIONS_CLAIM", " resource_access.\"a,b\".perms , permissions")).build();
    TokenBuilder token = tenant.token()
        .claim("realm_access", Map.of("roles", List.of("admin")))
        .claim("https://x.com/roles", List.of("editor"))
        .claim("resource_access", Map.of("a,b", Map.of("perms", List.of("read:posts"))))
        .permissions("write:posts");

    ProtektUser user = verify(auth, token);

    assertEquals(List.of("admin", "editor"), new ArrayList<>(user.roles()));
    assertEquals(List.of("read:posts", "write:posts"), new ArrayList<>(user.permissions()));
    assertTrue(auth.toString().contains(
        "rolesClaim=realm_access.roles,https://x.com/roles, permissionsClaim="
            + "resource_access.\"a,b\".perms,permissions"), auth::toString);
  }

  @Test
  void aBadPathInTheEnvironmentFailsTheBuildNamingTheOption() {
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> auth().fromEnv(Map.of("PROTEKT_ROLES_CLAIM", "realm_access..roles")).build());
    assertEquals(List.of("rolesClaim"), e.options());
    assertTrue(e.getMessage().contains("PROTEKT_ROLES_CLAIM")
        && e.getMessage().contains("realm_access..roles"), e::getMessage);
  }

  @Test
  void theDefaultsAreThoseOfBefore() {
    ProtektAuth auth = auth().build();
    TokenBuilder token = tenant.token().roles("admin").permissions("read:posts")
        .scope("write:posts").claim("realm_access", Map.of("roles", List.of("intruder")));

    ProtektUser user = verify(auth, token);

    assertEquals(Set.of("admin"), user.roles());
    assertEquals(Set.of("read:posts"), user.permissions());
    assertTrue(user.hasPermission("write:posts"));
    assertTrue(auth.toString().contains("rolesClaim=roles, permissionsClaim=permissions"));
  }
}
