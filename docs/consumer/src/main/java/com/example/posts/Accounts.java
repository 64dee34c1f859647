package com.example.posts;

import dev.protekt.ProtektAuth;
import dev.protekt.UserNotFoundException;
import dev.protekt.users.User;
import dev.protekt.users.UserCreate;
import dev.protekt.users.UserQuery;
import dev.protekt.users.UserUpdate;
import dev.protekt.users.Users;
import dev.protekt.users.UsersPage;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The service's user accounts, kept by the tenant and reached through its Users API. */
public final class Accounts {
  private final Users users;

  /** {@code protekt} needs a client id and secret: the SDK gets its machine tokens with them. */
  public Accounts(ProtektAuth protekt) {
    this.users = protekt.users();
  }

  public User register(String email, String password, String firstName) {
    return users.create(UserCreate.builder()
        .email(email)
        .password(password)
        .userMetadata("first_name", firstName)
        .build());
  }

  /** The same with plain maps, as in the Python SDK: a field the form lacks is sent as null. */
  public User registerFromForm(Map<String, ?> form) {
    Map<String, Object> metadata = new HashMap<>();        // Map.of throws on a null value
    metadata.put("first_name", form.get("first_name"));    // null when missing, as data.get(...)
    Map<String, Object> fields = new HashMap<>();
    fields.put("email", form.get("email"));                // the tenant refuses a missing one: 400
    fields.put("password", form.get("password"));
    fields.put("user_metadata", metadata);
    return users.create(fields);
  }

  public Optional<User> find(String userId) {
    try {
      return Optional.of(users.get(userId));               // ids are URL-encoded for you
    } catch (UserNotFoundException e) {
      return Optional.empty();
    }
  }

  public User rename(String userId, String name) {
    return users.update(userId, UserUpdate.builder()
        .name(name)                                        // null would clear the field
        .userMetadata("renamed", true)                     // metadata is merged key by key
        .removeUserMetadata("first_name")                  // a key set to null is removed
        .build());                                         // fields not named stay as they are
  }

  public boolean close(String userId) {
    return users.delete(userId);                           // true, also if it was already gone
  }

  public UsersPage byEmail(String email) {
    return users.list(UserQuery.builder()
        .q(UserQuery.term("email", email))                 // this address only, even for "*"
        .sort("created_at", true)
        .page(0).perPage(100).includeTotals(true)
        .build());
  }

  public List<User> blocked() {
    return users.stream(UserQuery.builder().perPage(100).build())   // every page, as consumed
        .filter(user -> Boolean.TRUE.equals(user.blocked()))
        .toList();
  }
}
