package dev.protekt.users;

import java.util.Map;

/**
 * The fields of a new user.
 *
 * <pre>{@code
 * User user = protekt.users().create(UserCreate.builder()
 *     .email("user@example.com")
 *     .password("SecurePassword123!")
 *     .userMetadata("first_name", "John")
 *     .userMetadata("last_name", "Doe")
 *     .build());
 * }</pre>
 *
 * <p>{@code toString()} shows the fields as {@link User#toString()} does: metadata keys but not
 * their values, and never the password.
 */
public final class UserCreate extends UserFields {
  private UserCreate(Map<String, Object> body) {
    super(body);
  }

  /** An empty builder; {@code email} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link UserCreate}. */
  public static final class Builder extends UserFields.Builder<Builder> {
    private Builder() {}

    @Override
    Builder self() {
      return this;
    }

    /**
     * The new user's fields.
     *
     * @throws IllegalArgumentException if no email was given
     */
    public UserCreate build() {
      Object email = fields.get("email");
      if (!(email instanceof String) || ((String) email).isBlank()) {
        throw new IllegalArgumentException("A new user needs an email: call email(…).");
      }
      return new UserCreate(body());
    }
  }
}
