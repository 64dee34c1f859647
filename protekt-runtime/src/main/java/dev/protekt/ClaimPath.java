package dev.protekt;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where in a token's claims roles or permissions are found: a claim name, or a path of names into
 * nested JSON objects. Immutable; {@link ProtektAuth.Builder#rolesClaim(String...)} and {@link
 * ProtektAuth.Builder#permissionsClaim(String...)} parse their paths into these once, at {@code
 * build()}.
 *
 * <p>The text form, as the builder, {@code PROTEKT_ROLES_CLAIM} and {@code protekt.roles-claim}
 * take it:
 *
 * <ul>
 *   <li>{@code roles}: the top-level claim {@code roles};
 *   <li>{@code realm_access.roles}: the member {@code roles} of the object in the claim {@code
 *       realm_access} (Keycloak), and so on at any depth;
 *   <li>{@code "https://example.com/roles"} or {@code resource_access."my.client".roles}: a name in
 *       double quotes is taken as it is, dots, slashes, commas and spaces included; a double quote
 *       inside it is written twice ({@code "say ""hi"""});
 *   <li>{@code https://example.com/roles}: a path without quotes that contains {@code ://} is one
 *       claim name, whole, as namespaced claims (Auth0) have always been configured.
 * </ul>
 *
 * <p>A name without quotes must not be empty or contain whitespace, commas, double quotes,
 * brackets or slashes (a name with {@code ://} aside, which may hold slashes), and a path without
 * quotes must not start with {@code $}, so a typo such as {@code realm_access..roles} or {@code
 * realm_access. roles}, and another notation ({@code $.realm_access.roles}, {@code
 * /realm_access/roles}, {@code realm_access/roles}, {@code roles[0]}), fails at {@code build()}
 * instead of silently finding nothing; the message gives the quoted or dotted path to write.
 */
public final class ClaimPath {
  private static final String HOW =
      " Write a claim name (roles), a path into nested objects (realm_access.roles), and a name"
          + " with dots or slashes in double quotes (\"https://example.com/roles\").";

  /**
   * One step of a JSONPath or bracketed path: a name after an optional dot, a quoted name in
   * brackets, or an index or wildcard in brackets (which a claim path does not need).
   */
  private static final Pattern STEP = Pattern.compile(
      "\\.?([^.\\[\\]'\"]+)|\\[\\s*(?:'([^']*)'|\"([^\"]*)\"|\\d+|\\*)\\s*]");

  private final String[] names;

  private ClaimPath(String[] names) {
    this.names = names;
  }

  /**
   * A path of the given names, each taken literally (no dots are split, no quotes read): {@code
   * ClaimPath.of("resource_access", "my.client", "roles")}.
   *
   * @throws IllegalArgumentException if no name is given, or one is {@code null} or empty
   */
  public static ClaimPath of(String... names) {
    if (names == null || names.length == 0) {
      throw new IllegalArgumentException("A claim path needs at least one name." + HOW);
    }
    String[] copy = names.clone();
    for (String name : copy) {
      if (name == null || name.isEmpty()) {
        throw new IllegalArgumentException("A claim path's names must not be null or empty.");
      }
    }
    return new ClaimPath(copy);
  }

  /**
   * Reads the text form described above.
   *
   * @throws IllegalArgumentException if {@code path} is {@code null}, blank, has an empty name, an
   *     unbalanced quote, or a character a name without quotes must not have; the message says
   *     what to write instead
   */
  public static ClaimPath parse(String path) {
    if (path == null || path.isBlank()) {
      throw new IllegalArgumentException("A claim path must not be blank." + HOW);
    }
    String text = path.trim();
    if (text.startsWith("$")) {
      throw anotherNotation(text, "JSONPath");
    }
    if (text.indexOf('"') < 0 && text.contains("://")) {
      requirePlain(text, text);
      return new ClaimPath(new String[] {text});
    }
    if (text.startsWith("/")) {
      throw anotherNotation(text, "a JSON Pointer");
    }
    List<String> names = new ArrayList<>(2);
    int at = 0;
    while (true) {
      String name;
      // After a final dot, at is the length: the name read there is empty, and refused.
      if (at < text.length() && text.charAt(at) == '"') {
        StringBuilder quoted = new StringBuilder();
        at++;
        while (true) {
          if (at == text.length()) {
            throw new IllegalArgumentException(
                "The claim path '" + text + "' has a double quote that is not closed." + HOW);
          }
          char c = text.charAt(at++);
          if (c != '"') {
            quoted.append(c);
          } else if (at < text.length() && text.charAt(at) == '"') {
            quoted.append('"');
            at++;
          } else {
            break;
          }
        }
        if (at < text.length() && text.charAt(at) != '.') {
          throw new IllegalArgumentException("The claim path '" + text + "' goes on after a"
              + " closing quote without a dot: put the whole name in the quotes." + HOW);
        }
        name = quoted.toString();
      } else {
        int dot = text.indexOf('.', at);
        int end = dot < 0 ? text.length() : dot;
        name = text.substring(at, end);
        requirePlain(text, name);
        if (name.indexOf('/') >= 0) {
          throw slashOutsideQuotes(text, name);
        }
        at = end;
      }
      if (name.isEmpty()) {
        throw new IllegalArgumentException("The claim path '" + text
            + "' has an empty name (two dots, or a dot at an end)." + HOW);
      }
      names.add(name);
      if (at == text.length()) {
        return new ClaimPath(names.toArray(new String[0]));
      }
      at++;
    }
  }

  /** Refuses in a name without quotes what would make it mean something else than it reads. */
  private static void requirePlain(String path, String name) {
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '[' || c == ']') {
        throw anotherNotation(path, "bracket syntax");
      }
      if (c == '"' || c == ',' || Character.isWhitespace(c)) {
        throw new IllegalArgumentException("The claim path '" + path + "' has "
            + (c == '"' ? "a double quote inside a name" : c == ',' ? "a comma" : "whitespace")
            + " outside quotes: put a name holding it in double quotes (\"my name\"), doubling a"
            + " double quote inside them; give several paths as several values.");
      }
    }
  }

  /**
   * The refusal of a path with a slash in a name without quotes: read as it is, it would be one
   * claim name no token has, whether the user meant the name of a namespaced claim ({@code
   * example.com/roles}, which would also be split at its dot) or objects nested in one another
   * ({@code realm_access/roles}). It gives both spellings it can: the path in quotes, and its
   * names between dots.
   */
  private static IllegalArgumentException slashOutsideQuotes(String path, String name) {
    boolean quoteFree = path.indexOf('"') < 0;
    String nested = quoteFree && path.indexOf('.') < 0 ? dotted("/" + path) : null;
    return new IllegalArgumentException("The claim path '" + path + "' has a slash outside"
        + " quotes: " + (quoteFree
            ? "write " + ClaimPath.of(path) + " (in double quotes) for one claim of that name"
            : "put a name holding it in double quotes (" + ClaimPath.of(name) + ")")
        + (nested != null ? ", or " + nested + " for objects nested in one another."
            : "; the names of objects nested in one another go between dots"
                + " (realm_access.roles)."));
  }

  /**
   * The refusal of a path written in another notation, which would otherwise be read as one
   * literal claim name that no token has: it gives the dotted path to write where it can read one.
   */
  private static IllegalArgumentException anotherNotation(String path, String notation) {
    String dotted = dotted(path);
    return new IllegalArgumentException("The claim path '" + path + "' is " + notation
        + ", which claim paths are not: "
        + (dotted == null ? "write the names from the outermost claim inwards, between dots"
            : "write " + dotted)
        + " (no $, no leading /, no index: every string of an array is read). A claim whose name"
        + " holds one of these goes in double quotes (\"$name\").");
  }

  /**
   * The dotted text form of a JSONPath, JSON Pointer or bracketed path, or {@code null} if it
   * cannot be read as one.
   */
  private static String dotted(String path) {
    List<String> names = new ArrayList<>();
    if (path.startsWith("/")) {
      for (String name : path.substring(1).split("/", -1)) {
        names.add(name.replace("~1", "/").replace("~0", "~"));
      }
    } else {
      String rest = path;
      if (path.startsWith("$")) {
        rest = path.substring(1);
      } else if (path.contains("://")) {
        // A name with :// is whole up to its first bracket, dots and slashes included.
        int bracket = path.indexOf('[');
        if (bracket < 0) {
          return null;
        }
        names.add(path.substring(0, bracket));
        rest = path.substring(bracket);
      }
      Matcher step = STEP.matcher(rest);
      boolean inArray = false;
      for (int at = 0; at < rest.length(); at = step.end()) {
        if (!step.find(at) || step.start() != at) {
          return null;
        }
        String name = step.group(1) != null ? step.group(1)
            : step.group(2) != null ? step.group(2) : step.group(3);
        if (name == null || name.equals("*")) {
          inArray = true;
        } else if (inArray) {
          return null; // a member of an array's objects, which no claim path reaches
        } else {
          names.add(name);
        }
      }
    }
    if (names.isEmpty() || names.contains("")) {
      return null;
    }
    return new ClaimPath(names.toArray(new String[0])).toString();
  }

  /**
   * Splits a comma-separated list of paths, as an environment variable or property holds it, at
   * the commas outside double quotes; blank entries are dropped. Never fails: an unbalanced quote
   * is left for {@link #parse(String)} to report.
   */
  static String[] splitList(String text) {
    List<String> paths = new ArrayList<>();
    boolean quoted = false;
    int start = 0;
    for (int i = 0; i <= text.length(); i++) {
      if (i == text.length() || text.charAt(i) == ',' && !quoted) {
        String path = text.substring(start, i).trim();
        if (!path.isEmpty()) {
          paths.add(path);
        }
        start = i + 1;
      } else if (text.charAt(i) == '"') {
        quoted = !quoted;
      }
    }
    return paths.toArray(new String[0]);
  }

  /** The names from the outermost claim inwards. */
  public List<String> names() {
    return List.of(names);
  }

  /**
   * The value at this path, or {@code null} when a name is missing or a value on the way is not
   * an object. Costs one map lookup per name: this runs once per verified token.
   */
  Object find(Map<String, ?> claims) {
    Object value = claims.get(names[0]);
    for (int i = 1; i < names.length && value != null; i++) {
      value = value instanceof Map ? ((Map<?, ?>) value).get(names[i]) : null;
    }
    return value;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ClaimPath && Arrays.equals(((ClaimPath) o).names, names);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(names);
  }

  /** The text form, which {@link #parse(String)} reads back as an equal path. */
  @Override
  public String toString() {
    if (names.length == 1 && names[0].contains("://") && isPlain(names[0].replace('.', '_'))) {
      return names[0];
    }
    StringBuilder text = new StringBuilder();
    for (String name : names) {
      if (text.length() > 0) {
        text.append('.');
      }
      if (isPlain(name) && name.indexOf('/') < 0) {
        text.append(name);
      } else {
        text.append('"').append(name.replace("\"", "\"\"")).append('"');
      }
    }
    return text.toString();
  }

  private static boolean isPlain(String name) {
    if (name.startsWith("$") || name.startsWith("/")) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '"' || c == ',' || c == '.' || c == '[' || c == ']'
          || Character.isWhitespace(c)) {
        return false;
      }
    }
    return true;
  }
}
