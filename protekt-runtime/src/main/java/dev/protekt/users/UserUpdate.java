package dev.protekt.users;

import java.util.Map;

/**
 * A partial update that says, for each field, one of three things: absent (the method was not
 * called: the field keeps its value), {@code null} (cleared), or a value (set). Metadata is merged
 * by the tenant at its top level: a key given a value is set, a key given {@code null} is removed,
 * and keys not named stay.
 *
 * <pre>{@code
 * protekt.users().update("protekt|abc", UserUpdate.builder()
 *     .name(null)                                          // clear the name
 *     .userMetadata("preferences", Map.of("theme", "dark")) // set one metadata key
 *     .removeUserMetadata("nickname")                      // remove another
 *     .build());                                           // email, blocked, … unchanged
 * }</pre>
 *
 * <p>{@code toString()} shows the fields as {@link User#toString()} does: metadata keys but not
 * their values, and never a password.
 */
public final class UserUpdate extends UserFields {
  private UserUpdate(Map<String, Object> body) {
    super(body);
  }

  /** An empty update; each call adds one field. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link UserUpdate}. Every setter takes {@code null} to mean "clear". */
  public static final class Builder extends UserFields.Builder<Builder> {
    private Builder() {}

    @Override
    Builder self() {
      return this;
    }

    /** Clears {@code field} (sends it as {@code null}); the same as {@code set(field, null)}. */
    public Builder clear(String field) {
      return set(field, null);
    }

    /** Removes one key of {@code user_metadata}, leaving the others. */
    public Builder removeUserMetadata(String key) {
      return userMetadata(key, null);
    }

    /**
     * The update.
     *
     * @throws IllegalArgumentException if nothing was set
     */
    public UserUpdate build() {
      Map<String, Object> body = body();
      if (body.isEmpty()) {
        throw new IllegalArgumentException("An update must name at least one field.");
      }
      return new UserUpdate(body);
    }
  }
}
