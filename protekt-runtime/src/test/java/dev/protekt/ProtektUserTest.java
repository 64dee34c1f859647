package dev.protekt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The roles, permissions and scopes a user is checked against: what the claims say, exactly. */
class ProtektUserTest {

  private static ProtektUser user(Object roles, Object permissions, Object scope) {
    Map<String, Object> claims = new HashMap<>();
    claims.put("sub", "user-1");
    claims.put("roles", roles);
    claims.put("permissions", permissions);
    claims.put("scope", scope);
    return ProtektUser.fromClaims(claims);
  }

  @Test
  void keepsTheTokensOrderAndDropsRepeatsAndNonStrings() {
    ProtektUser user = user(Arrays.asList("editor", 7, "admin", "editor", null, true),
        List.of("b", "a", "b"), "  read:posts   write:posts read:posts ");

    assertEquals(List.of("editor", "admin"), new ArrayList<>(user.roles()));
    assertEquals(List.of("b", "a"), new ArrayList<>(user.permissions()));
    assertEquals(List.of("read:posts", "write:posts"), new ArrayList<>(user.scopes()));
    assertTrue(user.hasRole("admin"));
    assertFalse(user.hasRole("7"));
    assertFalse(user.hasRole("Admin"));
    assertFalse(user.hasRole(null));
    assertTrue(user.hasPermission("write:posts"), "a scope grants the permission of that name");
    assertFalse(user.hasPermission(""));
  }

  @Test
  void emptyAndBlankNamesAreNoNames() {
    ProtektUser user = user(List.of("", " ", "\t", "\u2003", "admin"), List.of("", "read"),
        List.of(" ", "write"));

    assertEquals(List.of("admin"), new ArrayList<>(user.roles()));
    assertEquals(List.of("read"), new ArrayList<>(user.permissions()));
    assertEquals(List.of("write"), new ArrayList<>(user.scopes()));
    assertFalse(user.hasRole(""));
    assertFalse(user.hasRole(" "));
    assertFalse(user.hasPermission(""));
    assertFalse(user(List.of(""), List.of(), "").hasRole(""));
  }

  @Test
  void aSingleStringIsOneNameAndAnythingElseIsNone() {
    ProtektUser user = user("admin", Map.of("read", true), 42);

    assertEquals(Set.of("admin"), user.roles());
    assertEquals(Set.of(), user.permissions());
    assertEquals(Set.of(), user.scopes());
    assertEquals(Set.of(), user(null, List.of(), "").scopes());
    assertEquals(Set.of(), user(null, List.of(), " ").scopes());
  }

  @Test
  void longListsAreSearchedAsWellAsShortOnes() {
    List<String> many = IntStream.range(0, 200).mapToObj(i -> "perm:" + i).collect(Collectors.toList());
    List<String> repeated = new ArrayList<>(many);
    repeated.addAll(many);
    ProtektUser user = user(repeated, repeated, String.join(" ", repeated));

    for (Set<String> names : List.of(user.roles(), user.permissions(), user.scopes())) {
      assertEquals(many, new ArrayList<>(names));
      assertEquals(new LinkedHashSet<>(many), names);
      assertEquals(new LinkedHashSet<>(many).hashCode(), names.hashCode());
      assertTrue(names.contains("perm:0") && names.contains("perm:199"));
      assertFalse(names.contains("perm:200"));
    }
    for (int i = 0; i < 12; i++) {
      ProtektUser growing = user(many.subList(0, i), many.subList(0, i), null);
      assertEquals(i, growing.roles().size());
      assertEquals(i > 0, growing.hasRole("perm:" + (i - 1)));
      assertFalse(growing.hasPermission("perm:" + i));
    }
  }

  @Test
  void theSetsCannotBeChanged() {
    ProtektUser user = user(List.of("admin"), List.of("read"), "openid");

    for (Set<String> names : List.of(user.roles(), user.permissions(), user.scopes())) {
      assertThrows(UnsupportedOperationException.class, () -> names.add("x"));
      assertThrows(UnsupportedOperationException.class, names::clear);
      assertThrows(UnsupportedOperationException.class, () -> names.removeIf(n -> true));
      assertThrows(UnsupportedOperationException.class, () -> {
        var it = names.iterator();
        it.next();
        it.remove();
      });
    }
    assertThrows(UnsupportedOperationException.class, () -> user(List.of(), List.of(), null).roles().clear());
    assertTrue(user.hasRole("admin"));
  }

  @Test
  void datesNoInstantCanHoldAreAbsentNotAnError() {
    for (Object absurd : List.of(1e300, -1e300, Double.NaN, Double.POSITIVE_INFINITY,
        Long.MAX_VALUE, Long.MIN_VALUE, new BigInteger("99999999999999999999"), "1700000000")) {
      ProtektUser user = ProtektUser.fromClaims(Map.of("sub", "u", "exp", absurd, "iat", absurd));
      assertNull(user.expiresAt(), () -> "exp " + absurd);
      assertEquals(Optional.empty(), user.issuedAt(), () -> "iat " + absurd);
    }
    ProtektUser user = ProtektUser.fromClaims(Map.of("exp", 1_700_000_000.75, "iat", 1_699_990_000L));
    assertEquals(Instant.ofEpochSecond(1_700_000_000), user.expiresAt());
    assertEquals(Optional.of(Instant.ofEpochSecond(1_699_990_000)), user.issuedAt());
    assertEquals(Instant.ofEpochSecond(-5), ProtektUser.fromClaims(Map.of("exp", -5)).expiresAt());
    for (Number inRange : List.of(BigDecimal.valueOf(1_700_000_000), BigInteger.valueOf(1_700_000_000),
        (short) 1_000, 1_700_000_000.0f)) {
      assertEquals(Instant.ofEpochSecond(inRange.longValue()),
          ProtektUser.fromClaims(Map.of("exp", inRange)).expiresAt(), () -> "exp " + inRange);
    }
  }

  @Test
  void theSetsSerializeAsTheSetsTheyWereBefore() throws Exception {
    List<String> many = IntStream.range(0, 20).mapToObj(i -> "p" + i).collect(Collectors.toList());
    ProtektUser user = user(List.of("admin", "editor"), many, "openid");

    for (Set<String> names : List.of(user.roles(), user.permissions(), user.scopes())) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
        out.writeObject(names);
      }
      Object copy;
      try (ObjectInputStream in =
          new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
        copy = in.readObject();
      }
      assertEquals(names, copy);
      assertEquals(new ArrayList<>(names), new ArrayList<>((Set<?>) copy));
      assertThrows(UnsupportedOperationException.class, () -> ((Set<?>) copy).clear());
    }
    assertSame(user.roles(), user.roles());
  }

  @Test
  void equalUsersHaveEqualSets() {
    ProtektUser one = user(List.of("a", "b"), List.of(), "x y");
    ProtektUser two = user(List.of("a", "b"), List.of(), "x y");

    assertEquals(one, two);
    assertEquals(one.roles(), two.roles());
    assertEquals(Set.of("x", "y"), two.scopes());
    assertEquals("ProtektUser{subject=user-1, issuer=null, roles=[a, b], permissions=[], scopes=[x, y]}",
        one.toString());
  }
}
