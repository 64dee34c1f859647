package dev.protekt.testing.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The tenant's users, in memory. Every operation holds the store's lock, so a check such as "no
 * other user has this email" and the write that follows it are one atomic step. Users are JSON
 * objects so that fields the tenant does not know survive a round trip; passwords are checked and
 * never stored with the user, so they cannot leak into an answer.
 */
public final class UserStore {
  /** The most users one search can reach, all pages together. */
  public static final int SEARCH_CAP = 1000;

  /** The connection of users created with a password, as in Auth0. */
  public static final String DEFAULT_CONNECTION = "Username-Password-Authentication";

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
  private static final Set<String> STRING_FIELDS = Set.of("email", "name", "nickname", "given_name", "family_name",
      "picture", "username", "phone_number", "connection");
  private static final Set<String> BOOLEAN_FIELDS = Set.of("email_verified", "blocked");
  private static final Set<String> METADATA_FIELDS = Set.of("user_metadata", "app_metadata");
  private static final Set<String> SERVER_FIELDS = Set.of("user_id", "created_at", "updated_at");
  private static final int MIN_PASSWORD_LENGTH = 8;

  private final Map<String, ObjectNode> users = new LinkedHashMap<>();
  private final Map<String, String> idsByEmail = new LinkedHashMap<>();

  /**
   * Creates a user.
   *
   * @param fields the user fields; {@code email} is required, {@code password} too when asked,
   *     {@code user_id} may name the id (else {@code protekt|<24 hex>} is generated)
   * @param requirePassword whether a user of the default connection (no {@code connection} field, or
   *     {@value #DEFAULT_CONNECTION}) needs a password; seeding from tests does not
   * @return the new user, as it would be answered
   * @throws ApiError 400 for invalid fields, 409 when the email or id is taken
   */
  public synchronized ObjectNode create(JsonNode fields, boolean requirePassword) {
    ObjectNode body = requireObject(fields);
    for (String field : List.of("created_at", "updated_at")) {
      if (body.has(field)) {
        throw invalidBody(field + " is set by the tenant");
      }
    }
    JsonNode email = body.get("email");
    if (email == null || email.isNull()) {
      throw invalidBody("Missing required property: email");
    }
    JsonNode password = body.get("password");
    JsonNode connection = body.get("connection");
    boolean defaultConnection = connection == null || connection.isNull() || DEFAULT_CONNECTION.equals(connection.asText());
    if (requirePassword && defaultConnection && (password == null || password.isNull())) {
      throw invalidBody("Missing required property: password");
    }
    ObjectNode user = JsonNodeFactory.instance.objectNode();
    String id = newId(body.get("user_id"));
    user.put("user_id", id);
    user.put("email", checkEmail(email));
    user.put("email_verified", false);
    user.put("blocked", false);
    for (Map.Entry<String, JsonNode> field : body.properties()) {
      String name = field.getKey();
      if (name.equals("user_id") || name.equals("password") || field.getValue().isNull()) {
        continue;
      }
      user.set(name, checkType(name, field.getValue()));
    }
    if (password != null && !password.isNull()) {
      checkPassword(password);
    }
    String emailKey = emailKey(user.get("email").asText());
    if (idsByEmail.containsKey(emailKey) || users.containsKey(id)) {
      throw ApiError.management(409, "user_exists", "The user already exists.");
    }
    String now = now();
    user.put("created_at", now);
    user.put("updated_at", now);
    for (String metadata : METADATA_FIELDS) {
      if (!user.has(metadata)) {
        user.set(metadata, JsonNodeFactory.instance.objectNode());
      }
    }
    users.put(id, user);
    idsByEmail.put(emailKey, id);
    return user.deepCopy();
  }

  /**
   * @param id a user id
   * @return the user, as it would be answered
   */
  public synchronized Optional<ObjectNode> get(String id) {
    ObjectNode user = users.get(id);
    return user == null ? Optional.empty() : Optional.of(user.deepCopy());
  }

  /**
   * Updates a user: metadata objects are merged at their top level (a key set to {@code null} is
   * removed); any other field given replaces the old value, and a field set to {@code null} is
   * removed ({@code email_verified} and {@code blocked} fall back to {@code false}, their default). The whole
   * patch is checked before anything changes.
   *
   * @param id the user id
   * @param patch the fields to change
   * @return the updated user
   * @throws ApiError 404 for an unknown user, 400 for invalid fields, 409 when the new email is taken
   */
  public synchronized ObjectNode update(String id, JsonNode patch) {
    ObjectNode current = users.get(id);
    if (current == null) {
      throw inexistentUser();
    }
    ObjectNode body = requireObject(patch);
    ObjectNode updated = current.deepCopy();
    for (Map.Entry<String, JsonNode> field : body.properties()) {
      String name = field.getKey();
      JsonNode value = field.getValue();
      if (SERVER_FIELDS.contains(name)) {
        // A client that sends back the user it read must not fail; changing these is an error.
        if (!value.equals(current.get(name))) {
          throw invalidBody(name + " cannot be changed");
        }
      } else if (name.equals("password")) {
        checkPassword(value);
      } else if (name.equals("email")) {
        if (value.isNull()) {
          throw invalidBody("email cannot be removed");
        }
        updated.put("email", checkEmail(value));
      } else if (METADATA_FIELDS.contains(name)) {
        updated.set(name, merge(updated.get(name), value, name));
      } else if (value.isNull()) {
        if (BOOLEAN_FIELDS.contains(name)) {
          updated.put(name, false);
        } else {
          updated.remove(name);
        }
      } else {
        updated.set(name, checkType(name, value));
      }
    }
    String oldKey = emailKey(current.get("email").asText());
    String newKey = emailKey(updated.get("email").asText());
    if (!newKey.equals(oldKey) && idsByEmail.containsKey(newKey)) {
      throw ApiError.management(409, "user_exists", "The user already exists.");
    }
    updated.put("updated_at", now());
    idsByEmail.remove(oldKey);
    idsByEmail.put(newKey, id);
    users.put(id, updated);
    return updated.deepCopy();
  }

  /**
   * Deletes a user; deleting one that is already gone is not an error.
   *
   * @param id the user id
   */
  public synchronized void delete(String id) {
    ObjectNode removed = users.remove(id);
    if (removed != null) {
      idsByEmail.remove(emailKey(removed.get("email").asText()));
    }
  }

  /**
   * Searches users.
   *
   * @param filter which users match
   * @param order the order of the result, applied after creation order
   * @param start the index of the first user to answer
   * @param limit how many users at most
   * @return the page and the number of matches
   */
  public synchronized Page search(Predicate<ObjectNode> filter, Comparator<ObjectNode> order, int start, int limit) {
    List<ObjectNode> matches = new ArrayList<>();
    for (ObjectNode user : users.values()) {
      if (filter.test(user)) {
        matches.add(user);
      }
    }
    if (order != null) {
      matches.sort(order);
    }
    int end = Math.min(Math.min(start + limit, SEARCH_CAP), matches.size());
    List<ObjectNode> page = new ArrayList<>();
    for (int i = start; i < end; i++) {
      page.add(matches.get(i).deepCopy());
    }
    return new Page(page, matches.size());
  }

  /**
   * A page of a search.
   *
   * @param users the users on the page
   * @param total how many users matched in all
   */
  public record Page(List<ObjectNode> users, int total) {}

  /** @return every user, in creation order */
  public synchronized List<ObjectNode> all() {
    return search(user -> true, null, 0, Integer.MAX_VALUE).users();
  }

  /** Removes every user. */
  public synchronized void clear() {
    users.clear();
    idsByEmail.clear();
  }

  static ApiError inexistentUser() {
    return ApiError.management(404, "inexistent_user", "The user does not exist.");
  }

  private static ApiError invalidBody(String message) {
    return ApiError.management(400, "invalid_body", "Payload validation error: " + message);
  }

  private static ObjectNode requireObject(JsonNode fields) {
    if (fields == null || !fields.isObject()) {
      throw invalidBody("the body must be a JSON object");
    }
    return (ObjectNode) fields;
  }

  private String newId(JsonNode requested) {
    if (requested != null && !requested.isNull()) {
      if (!requested.isTextual() || requested.asText().isBlank()) {
        throw invalidBody("user_id must be a non-blank string");
      }
      return requested.asText();
    }
    String id;
    do {
      byte[] bytes = new byte[12];
      RANDOM.nextBytes(bytes);
      id = "protekt|" + HexFormat.of().formatHex(bytes);
    } while (users.containsKey(id));
    return id;
  }

  /**
   * Refuses white space anywhere, around the address too: trimming it for the check only would
   * store {@code " a@b.c"} as sent, under another uniqueness key than {@code a@b.c}'s.
   */
  private static String checkEmail(JsonNode email) {
    String text = email.isTextual() ? email.asText() : "";
    int at = text.indexOf('@');
    if (at < 1 || at != text.lastIndexOf('@') || at == text.length() - 1
        || text.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
      throw invalidBody("email must be an email address");
    }
    return text;
  }

  private static void checkPassword(JsonNode password) {
    if (!password.isTextual()) {
      throw invalidBody("password must be a string");
    }
    if (password.asText().length() < MIN_PASSWORD_LENGTH) {
      throw ApiError.management(400, "password_strength",
          "PasswordStrengthError: Password is too weak (at least " + MIN_PASSWORD_LENGTH + " characters).");
    }
  }

  private static JsonNode checkType(String name, JsonNode value) {
    if (STRING_FIELDS.contains(name) && !value.isTextual()
        || BOOLEAN_FIELDS.contains(name) && !value.isBoolean()
        || METADATA_FIELDS.contains(name) && !value.isObject()) {
      String kind = STRING_FIELDS.contains(name) ? "a string" : BOOLEAN_FIELDS.contains(name) ? "a boolean" : "an object";
      throw invalidBody(name + " must be " + kind);
    }
    if (METADATA_FIELDS.contains(name)) {
      ObjectNode copy = value.deepCopy();
      copy.properties().removeIf(e -> e.getValue().isNull());
      return copy;
    }
    return value;
  }

  private static ObjectNode merge(JsonNode current, JsonNode patch, String name) {
    if (patch.isNull()) {
      return JsonNodeFactory.instance.objectNode();
    }
    if (!patch.isObject()) {
      throw invalidBody(name + " must be an object");
    }
    ObjectNode merged = current != null && current.isObject() ? current.deepCopy() : JsonNodeFactory.instance.objectNode();
    patch.properties().forEach(entry -> {
      if (entry.getValue().isNull()) {
        merged.remove(entry.getKey());
      } else {
        merged.set(entry.getKey(), entry.getValue().deepCopy());
      }
    });
    return merged;
  }

  private static String emailKey(String email) {
    return email.toLowerCase(Locale.ROOT);
  }

  private String now() {
    return TIMESTAMP.format(Instant.now());
  }
}
