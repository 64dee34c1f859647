package dev.protekt.users;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.protekt.testing.LocalTenant;
import dev.protekt.testing.LocalTenantExtension;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link UserQuery#term}: a caller's text as one exact {@code q} term, against a local tenant that
 * reads {@code *} as a wildcard and a backslash in quotes as an escape.
 */
@ExtendWith(LocalTenantExtension.class)
class UserQueryTermTest {
  private final LocalTenant tenant;
  private final Users users;
  private final String tag = UUID.randomUUID().toString().substring(0, 8);

  UserQueryTermTest(LocalTenant tenant) {
    this.tenant = tenant;
    this.users = Tenants.client(tenant).build().users();
  }

  private List<String> emails(String q) {
    return users.list(UserQuery.builder().q(q).sort("email", true).build()).users().stream()
        .map(User::email).toList();
  }

  @Test
  void aTermMatchesItsValueAsAWholeWhateverTheCallerTyped() {
    String star = "a*" + tag + "@x.io";
    String plain = "ab" + tag + "@x.io";
    String quoted = "\"q\\\"" + tag + "@x.io";
    for (String email : List.of(star, plain, quoted)) {
      tenant.createUser(Map.of("email", email));
    }
    assertEquals(List.of(star, plain), emails("email:\"a*" + tag + "@x.io\""),
        "pasted into q, the star is a wildcard");
    assertEquals(List.of(star), emails(UserQuery.term("email", star)));
    assertEquals(List.of(quoted), emails(UserQuery.term("email", quoted)));
    assertEquals(List.of(), emails(UserQuery.term("email", "*")), "not every user");
    assertEquals(List.of(), emails(UserQuery.term("email", "x\" email:\"*")), "no term of its own");
    assertEquals(List.of(),
        emails(UserQuery.term("email", plain) + " " + UserQuery.term("email", star)),
        "terms joined by a space must all match");
  }

  @Test
  void backslashQuoteAndStarAreEscaped() {
    assertEquals("email:\"a\\\\b\\\"c\\*d\"", UserQuery.term("email", "a\\b\"c*d"));
    assertEquals("app_metadata.roles:\"\"", UserQuery.term("app_metadata.roles", ""));
    assertEquals("name:\"Zo\u00eb \uD83D\uDE00\"", UserQuery.term("name", "Zo\u00eb \uD83D\uDE00"),
        "a surrogate pair is a character like another");
  }

  @Test
  void whatATermCannotCarryIsRefused() {
    for (String field : Arrays.asList(null, "", "e mail", "email:", "a..b", ".a", "a.", "*")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> UserQuery.term(field, "a@b.c"), String.valueOf(field));
      assertTrue(e.getMessage().contains("field name"), e.getMessage());
    }
    for (String value : Arrays.asList(null, "a\nb", "\u0000", "a\u007f", "\uD800", "a\uDC00b",
        "\uDE00\uD83D")) {
      assertThrows(IllegalArgumentException.class, () -> UserQuery.term("email", value),
          String.valueOf(value));
    }
  }

  /** OkHttp would send {@code ?} for half a pair: a wildcard of one character to Lucene. */
  @Test
  void aRawQueryWithALoneSurrogateIsRefused() {
    for (String q : List.of("email:\"a\uD800b\"", "name:\uDC00")) {
      assertThrows(IllegalArgumentException.class, () -> UserQuery.builder().q(q), q);
    }
    assertEquals("name:\uD83D\uDE00", UserQuery.builder().q("name:\uD83D\uDE00").build().q());
  }
}
