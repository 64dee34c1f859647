package dev.protekt.users;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The three states of an update field, as they go on the wire. */
class UserUpdateTest {
  private final ObjectMapper json = new ObjectMapper();

  @Test
  void absentNullAndValueAreDistinctOnTheWire() throws Exception {
    UserUpdate update = UserUpdate.builder()
        .name(null)
        .blocked(true)
        .userMetadata("theme", "dark")
        .removeUserMetadata("nickname")
        .clear("picture")
        .build();
    assertEquals("{\"name\":null,\"blocked\":true,\"picture\":null,"
        + "\"user_metadata\":{\"theme\":\"dark\",\"nickname\":null}}",
        json.writeValueAsString(update.toMap()));
    assertTrue(update.has("name"));
    assertFalse(update.has("email"));
  }

  @Test
  void metadataMapsMergeKeyByKey() throws Exception {
    UserUpdate update = UserUpdate.builder()
        .appMetadata(Map.of("roles", java.util.List.of("admin")))
        .appMetadata("plan", "gold")
        .build();
    assertEquals("{\"app_metadata\":{\"roles\":[\"admin\"],\"plan\":\"gold\"}}",
        json.writeValueAsString(update.toMap()));
  }

  @Test
  void passwordsNeverPrint() {
    String create = UserCreate.builder().email("a@b.c").password("hunter2-secret").build().toString();
    String update = UserUpdate.builder().password("hunter2-secret").build().toString();
    assertFalse(create.contains("hunter2-secret"), create);
    assertFalse(update.contains("hunter2-secret"), update);
    assertTrue(update.contains("password=[redacted]"), update);
  }

  @Test
  void theyPrintAsAUserPrints() {
    String create = UserCreate.builder().email("a@b.c").name("Ada")
        .userMetadata("diagnosis", "private-value").set("nickname", "private-nick").build()
        .toString();
    String update = UserUpdate.builder().blocked(true).appMetadata("plan", "private-plan")
        .removeUserMetadata("phone").clear("picture").build().toString();

    // As User.toString(): identifying fields with values, metadata and other fields without.
    assertEquals("UserCreate{email=a@b.c, name=Ada, nickname=[redacted],"
        + " user_metadata=[diagnosis]}", create);
    assertEquals("UserUpdate{blocked=true, picture=null, user_metadata=[phone],"
        + " app_metadata=[plan]}", update);
  }

  @Test
  void badInputIsRefusedClearly() {
    assertThrows(IllegalArgumentException.class, () -> UserUpdate.builder().build());
    assertThrows(IllegalArgumentException.class, () -> UserCreate.builder().name("x").build());
    assertThrows(IllegalArgumentException.class, () -> UserUpdate.builder().set(" ", 1));
    assertThrows(IllegalArgumentException.class,
        () -> UserUpdate.builder().set("user_metadata", Map.of()));
    assertThrows(IllegalArgumentException.class, () -> UserUpdate.builder().userMetadata(null));
    assertThrows(IllegalArgumentException.class, () -> UserQuery.builder().perPage(101));
    assertThrows(IllegalArgumentException.class, () -> UserQuery.builder().page(-1));
  }
}
