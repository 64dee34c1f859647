package dev.protekt.guard;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.protekt.ConfigurationException;
import dev.protekt.ForbiddenException;
import dev.protekt.MissingTokenException;
import dev.protekt.ProtektAuth;
import dev.protekt.ProtektUser;
import dev.protekt.annotations.Match;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GuardPolicyTest {
  private static ProtektUser user(List<String> roles, List<String> permissions, String scope) {
    return ProtektUser.fromClaims(
        Map.of("sub", "protekt|u", "roles", roles, "permissions", permissions, "scope", scope));
  }

  @Test
  void anyOfNeedsOneAllOfNeedsEvery() {
    GuardPolicy any = GuardPolicy.builder().roles(Match.ANY, "admin", "editor").build();
    GuardPolicy all = GuardPolicy.builder().roles(Match.ALL, "admin", "editor").build();
    ProtektUser editor = user(List.of("editor"), List.of(), "");
    assertDoesNotThrow(() -> any.check(editor));
    ForbiddenException e = assertThrows(ForbiddenException.class, () -> all.check(editor));
    assertEquals(List.of("admin", "editor"), e.required());
    assertDoesNotThrow(() -> all.check(user(List.of("editor", "admin"), List.of(), "")));
  }

  @Test
  void permissionsCountFromTheClaimAndFromScope() {
    GuardPolicy p = GuardPolicy.builder().permissions(Match.ALL, "read", "write").build();
    assertDoesNotThrow(() -> p.check(user(List.of(), List.of("read"), "write")));
    ForbiddenException e =
        assertThrows(ForbiddenException.class, () -> p.check(user(List.of(), List.of("read"), "")));
    assertEquals(ForbiddenException.Kind.PERMISSION, e.kind());
  }

  @Test
  void rolesAreCheckedBeforePermissions() {
    GuardPolicy p = GuardPolicy.builder().roles(Match.ANY, "admin").permissions(Match.ANY, "x")
        .build();
    assertEquals(ForbiddenException.Kind.ROLE,
        assertThrows(ForbiddenException.class, () -> p.check(user(List.of(), List.of(), ""))).kind());
  }

  @Test
  void builderRejectsEmptyNullAndBlankValues() {
    assertThrows(IllegalArgumentException.class, () -> GuardPolicy.builder().roles(Match.ANY));
    assertThrows(IllegalArgumentException.class,
        () -> GuardPolicy.builder().roles(Match.ANY, "a", " "));
    assertThrows(IllegalArgumentException.class,
        () -> GuardPolicy.builder().permissions(Match.ANY, (String) null));
    assertThrows(NullPointerException.class, () -> GuardPolicy.builder().roles(null, "a"));
  }

  private static String refused(String what, String value) {
    GuardPolicy.Builder builder = GuardPolicy.builder();
    return assertThrows(IllegalArgumentException.class, () -> {
      if (what.equals("role")) {
        builder.roles(Match.ANY, "admin", value);
      } else {
        builder.permissions(Match.ANY, "read", value);
      }
    }).getMessage();
  }

  @Test
  void builderRefusesWhatTheProcessorRefusesNamingTheValueAndWhatToWrite() {
    // A permission with a space inside is granted by no scope claim: the policy would deny every
    // call, so it is refused where it is built, as @RequiresPermission refuses it at compile time.
    assertEquals("The permission \"read:posts write:posts\" has white space inside, which no token"
        + " grants from its scope claim, whose permissions are separated by spaces: give each"
        + " permission as a value of its own: \"read:posts\", \"write:posts\".",
        refused("permission", "read:posts write:posts"));
    assertEquals("The role \"line\\u2028sep\" has the character U+2028 inside, which no role name a"
        + " token carries holds: write the role name exactly as the token carries it, without"
        + " control characters or line and paragraph separators.",
        refused("role", "line\u2028sep"));
    assertEquals("The role \" admin\" starts or ends with white space, so only a token carrying"
        + " those spaces too would match it: write the role name exactly as the token carries it:"
        + " \"admin\".", refused("role", " admin"));
    assertEquals("A permission is null, empty or blank: write the permission name exactly as the"
        + " token carries it, or remove the empty entry.", refused("permission", "\u200b"));
    assertTrue(refused("permission", "read\u00a0posts").contains("\"read\", \"posts\""));
    assertTrue(refused("role", "a\u0000\"b").contains("\"a\\u0000\\\"b\""));
    assertTrue(refused("permission", "admin\u200b").contains("starts or ends with white space"));
    // A roles claim may carry a name with a space inside.
    assertEquals(List.of("Account Admin"),
        GuardPolicy.builder().roles(Match.ANY, "Account Admin").build().roles());
  }

  @Test
  void emptyBuilderIsAuthenticatedAndPoliciesCompareByValue() {
    assertSame(GuardPolicy.authenticated(), GuardPolicy.builder().build());
    assertEquals(GuardPolicy.builder().roles(Match.ALL, "a", "b").build(),
        GuardPolicy.builder().roles(Match.ALL, "a", "b", "a").build());
    assertEquals("GuardPolicy{authenticated, roles=ALL[a, b]}",
        GuardPolicy.builder().roles(Match.ALL, "a", "b").build().toString());
  }

  @Test
  void authorizeWithoutATokenFailsBeforeAnyVerification() {
    ProtektAuth protekt = ProtektAuth.builder().domain("http://127.0.0.1:9").audience("a").build();
    for (String header : new String[] {null, "", "  ", "Bearer", "Basic abc", "Bearer a b"}) {
      assertThrows(MissingTokenException.class,
          () -> Guards.authorize(protekt, GuardPolicy.authenticated(), header));
    }
  }

  @Test
  void noUserIsRefusedAsAMisconfigurationWhateverThePolicy() {
    // The null a mocked ProtektAuth answers: it used to pass a policy without roles or
    // permissions, and to fail with a NullPointerException on one with them.
    for (GuardPolicy policy : List.of(GuardPolicy.authenticated(),
        GuardPolicy.builder().roles(Match.ALL, "admin").build(),
        GuardPolicy.builder().permissions(Match.ANY, "read").build())) {
      ConfigurationException e =
          assertThrows(ConfigurationException.class, () -> policy.check(null), policy.toString());
      assertEquals("GuardPolicy.check was given no user (null), so it refuses the call: pass the"
          + " user ProtektAuth.verifyToken or verifyAuthorization returned, which a real"
          + " ProtektAuth never answers with null. A mocked ProtektAuth answers null from each"
          + " method not stubbed: test with tokens from the local tenant (protekt-testing's"
          + " LocalTenant) instead.", e.getMessage());
    }
  }
}
