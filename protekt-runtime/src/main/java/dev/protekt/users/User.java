package dev.protekt.users;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A user as the Users API returns it. The known fields are typed; fields this SDK does not know
 * (added by the tenant later, or set through {@link UserUpdate.Builder#set(String, Object)}) are
 * kept in {@link #otherFields()} and written back when the user is serialized with Jackson, so
 * nothing is lost in a round trip. A known field the tenant did not send (or sent as {@code null})
 * is not written: under the contract a {@code null} in an update clears the field, so a user
 * written back, fed to {@link Users#update(String, java.util.Map)}, changes no field it did not
 * hold. Immutable once read.
 *
 * <p>A {@code created_at} or {@code updated_at} that is not an ISO-8601 instant does not fit: the
 * Users API refuses the answer ({@code invalid_response}) rather than give a user whose {@link
 * #createdAt()} would be {@code null}, as if the tenant had not sent it.
 *
 * <p>The tenant never returns a password; should one appear it is dropped, so it can reach neither
 * {@link #toString()} nor a log.
 *
 * <p>Two users are equal when every field is, as the tenant wrote it: the same user read twice is
 * equal unless it changed in between (its {@code updated_at} moves then too). In a unit test of
 * your own, read one from the contract's JSON with Jackson, {@code new
 * ObjectMapper().readValue("{\"user_id\":\"protekt|abc\"}", User.class)}, or get it from a local
 * tenant (see the README's "Testing your own service").
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class User {
  @JsonProperty("user_id")
  private String userId;
  @JsonProperty("email")
  private String email;
  @JsonProperty("email_verified")
  private Boolean emailVerified;
  @JsonProperty("name")
  private String name;
  @JsonProperty("blocked")
  private Boolean blocked;
  /** Kept as the tenant wrote it, so that a user written back holds the same text. */
  @JsonProperty("created_at")
  private String createdAt;
  @JsonProperty("updated_at")
  private String updatedAt;
  @JsonProperty("user_metadata")
  private Map<String, Object> userMetadata;
  @JsonProperty("app_metadata")
  private Map<String, Object> appMetadata;
  private final Map<String, Object> otherFields = new LinkedHashMap<>();

  private User() {}

  /** The user id, such as {@code protekt|5f7c8ec7c33c6c004bbafe82}. */
  public String userId() {
    return userId;
  }

  /** The email address, or {@code null}. */
  public String email() {
    return email;
  }

  /** Whether the email is verified, or {@code null} when the tenant did not say. */
  public Boolean emailVerified() {
    return emailVerified;
  }

  /** The display name, or {@code null}. */
  public String name() {
    return name;
  }

  /** Whether the user is blocked, or {@code null} when the tenant did not say. */
  public Boolean blocked() {
    return blocked;
  }

  /** When the user was created, or {@code null} when the tenant did not say. */
  public Instant createdAt() {
    return createdAt == null ? null : Instant.parse(createdAt);
  }

  /** When the user was last updated, or {@code null} when the tenant did not say. */
  public Instant updatedAt() {
    return updatedAt == null ? null : Instant.parse(updatedAt);
  }

  /** The user-editable metadata (never {@code null}; unmodifiable). */
  public Map<String, Object> userMetadata() {
    return userMetadata == null ? Map.of() : Collections.unmodifiableMap(userMetadata);
  }

  /** The application metadata, such as roles (never {@code null}; unmodifiable). */
  public Map<String, Object> appMetadata() {
    return appMetadata == null ? Map.of() : Collections.unmodifiableMap(appMetadata);
  }

  /** Every field this SDK has no typed accessor for, by its JSON name (unmodifiable). */
  @JsonAnyGetter
  public Map<String, Object> otherFields() {
    return Collections.unmodifiableMap(otherFields);
  }

  @JsonAnySetter
  private void otherField(String field, Object value) {
    if (!"password".equals(field)) {
      otherFields.put(field, value);
    }
  }

  // A time that is not an ISO-8601 instant fails the read (Jackson makes the exception a
  // JsonMappingException, an invalid_response), as a field of the wrong type does: an accessor
  // answering null would say the tenant sent none.
  @JsonProperty("created_at")
  private void createdAt(String text) {
    this.createdAt = checkedInstant(text);
  }

  @JsonProperty("updated_at")
  private void updatedAt(String text) {
    this.updatedAt = checkedInstant(text);
  }

  private static String checkedInstant(String text) {
    if (text != null) {
      Instant.parse(text);
    }
    return text;
  }

  /** Whether {@code o} is a user with the same fields, unknown ones included. */
  @Override
  public boolean equals(Object o) {
    return o instanceof User other && Objects.equals(userId, other.userId)
        && Objects.equals(email, other.email) && Objects.equals(emailVerified, other.emailVerified)
        && Objects.equals(name, other.name) && Objects.equals(blocked, other.blocked)
        && Objects.equals(createdAt, other.createdAt) && Objects.equals(updatedAt, other.updatedAt)
        && Objects.equals(userMetadata, other.userMetadata)
        && Objects.equals(appMetadata, other.appMetadata) && otherFields.equals(other.otherFields);
  }

  /** A hash of every field, consistent with {@link #equals(Object)}. */
  @Override
  public int hashCode() {
    return Objects.hash(userId, email, emailVerified, name, blocked, createdAt, updatedAt,
        userMetadata, appMetadata, otherFields);
  }

  /** The identifying fields; never metadata values, which may hold personal data. */
  @Override
  public String toString() {
    return "User{userId=" + userId + ", email=" + email + ", emailVerified=" + emailVerified
        + ", name=" + name + ", blocked=" + blocked + ", createdAt=" + createdAt
        + ", updatedAt=" + updatedAt + ", userMetadata=" + keys(userMetadata)
        + ", appMetadata=" + keys(appMetadata) + ", otherFields=" + otherFields.keySet() + "}";
  }

  private static Object keys(Map<String, Object> map) {
    return map == null ? "null" : map.keySet();
  }
}
