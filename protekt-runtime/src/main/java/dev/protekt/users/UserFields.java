package dev.protekt.users;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The fields of a create or an update as the JSON body to send: a key that is absent is not sent,
 * a key mapped to {@code null} is sent as JSON {@code null}. Shared by {@link UserCreate} and
 * {@link UserUpdate}.
 */
abstract class UserFields {
  static final String USER_METADATA = "user_metadata";
  static final String APP_METADATA = "app_metadata";
  /** The fields {@link User#toString()} prints with their values. */
  private static final Set<String> SHOWN = Set.of(
      "user_id", "email", "email_verified", "name", "blocked", "created_at", "updated_at");

  private final Map<String, Object> body;

  UserFields(Map<String, Object> body) {
    this.body = Collections.unmodifiableMap(body);
  }

  /** The JSON body: field name to value, {@code null} values meaning "clear". Unmodifiable. */
  public Map<String, Object> toMap() {
    return body;
  }

  /** Whether {@code field} is part of this body (set to a value or to {@code null}). */
  public boolean has(String field) {
    return body.containsKey(field);
  }

  @Override
  public boolean equals(Object o) {
    return o != null && o.getClass() == getClass() && body.equals(((UserFields) o).body);
  }

  @Override
  public int hashCode() {
    return body.hashCode();
  }

  /**
   * The body as {@link User#toString()} shows a user: the identifying fields with their values,
   * of metadata only the keys, and the value of every other field (the password, a field set by
   * name) as {@code [redacted]}, since it may be a secret or personal data. A field set to {@code
   * null}, to clear it, shows as {@code null}.
   */
  @Override
  public String toString() {
    Map<String, Object> shown = new LinkedHashMap<>();
    body.forEach((field, value) -> shown.put(field, value == null || SHOWN.contains(field) ? value
        : field.equals(USER_METADATA) || field.equals(APP_METADATA)
            ? ((Map<?, ?>) value).keySet() : "[redacted]"));
    return getClass().getSimpleName() + shown;
  }

  /**
   * Collects fields; {@code B} is the concrete builder so that chained calls keep their type.
   *
   * @param <B> the concrete builder
   */
  abstract static class Builder<B extends Builder<B>> {
    final Map<String, Object> fields = new LinkedHashMap<>();
    private Map<String, Object> userMetadata;
    private Map<String, Object> appMetadata;

    Builder() {}

    abstract B self();

    /** The email address. */
    public B email(String email) {
      return set("email", email);
    }

    /** The password; sent, never printed, never returned by the tenant. */
    public B password(String password) {
      return set("password", password);
    }

    /** The display name. */
    public B name(String name) {
      return set("name", name);
    }

    /** Whether the email is verified. */
    public B emailVerified(Boolean emailVerified) {
      return set("email_verified", emailVerified);
    }

    /** Whether the user is blocked. */
    public B blocked(Boolean blocked) {
      return set("blocked", blocked);
    }

    /**
     * Any field by its JSON name, including ones this SDK has no method for. Use {@link
     * #userMetadata(String, Object)} and {@link #appMetadata(String, Object)} for metadata.
     *
     * @throws IllegalArgumentException for a blank name or a metadata field
     */
    public B set(String field, Object value) {
      if (field == null || field.isBlank()) {
        throw new IllegalArgumentException("A user field name must not be blank.");
      }
      if (field.equals(USER_METADATA) || field.equals(APP_METADATA)) {
        throw new IllegalArgumentException(
            "Set " + field + " keys with userMetadata(…) or appMetadata(…).");
      }
      fields.put(field, value);
      return self();
    }

    /** One key of {@code user_metadata}. */
    public B userMetadata(String key, Object value) {
      userMetadata = put(userMetadata, key, value);
      return self();
    }

    /** Several keys of {@code user_metadata} (nested maps and lists are sent as they are). */
    public B userMetadata(Map<String, ?> entries) {
      userMetadata = putAll(userMetadata, entries);
      return self();
    }

    /** One key of {@code app_metadata}. */
    public B appMetadata(String key, Object value) {
      appMetadata = put(appMetadata, key, value);
      return self();
    }

    /** Several keys of {@code app_metadata}. */
    public B appMetadata(Map<String, ?> entries) {
      appMetadata = putAll(appMetadata, entries);
      return self();
    }

    /** The body so far, metadata included. */
    Map<String, Object> body() {
      Map<String, Object> body = new LinkedHashMap<>(fields);
      if (userMetadata != null) {
        body.put(USER_METADATA, Collections.unmodifiableMap(new LinkedHashMap<>(userMetadata)));
      }
      if (appMetadata != null) {
        body.put(APP_METADATA, Collections.unmodifiableMap(new LinkedHashMap<>(appMetadata)));
      }
      return body;
    }

    private static Map<String, Object> put(Map<String, Object> map, String key, Object value) {
      if (key == null || key.isBlank()) {
        throw new IllegalArgumentException("A metadata key must not be blank.");
      }
      Map<String, Object> result = map == null ? new LinkedHashMap<>() : map;
      result.put(key, value);
      return result;
    }

    private static Map<String, Object> putAll(Map<String, Object> map, Map<String, ?> entries) {
      if (entries == null) {
        throw new IllegalArgumentException("Metadata entries must not be null.");
      }
      Map<String, Object> result = map == null ? new LinkedHashMap<>() : map;
      entries.forEach((key, value) -> put(result, key, value));
      return result;
    }
  }
}
