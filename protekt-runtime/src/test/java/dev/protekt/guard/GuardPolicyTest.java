package dev.protekt.guard;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
}
