package dev.protekt;

import java.util.List;

/**
 * The caller's token is valid but lacks a role or permission the handler requires. Maps to HTTP 403
 * with {@code error="insufficient_scope"} (RFC 6750). The message names what was required, never the
 * token.
 */
public class ForbiddenException extends ProtektException {
  private static final long serialVersionUID = 1L;

  /** Which kind of grant was missing. */
  public enum Kind {
    ROLE,
    PERMISSION
  }

  private final Kind kind;
  @SuppressWarnings("serial") // always a List.copyOf(...), which is serializable
  private final List<String> required;
  private final boolean all;

  /**
   * @param kind whether roles or permissions were missing
   * @param required the values the handler asked for, at least one
   * @param all {@code true} when every value was needed, {@code false} when any one would do
   * @throws IllegalArgumentException if {@code kind} is null, or {@code required} is null, empty
   *     or holds a null or blank name: a refusal must say what it refused
   */
  public ForbiddenException(Kind kind, List<String> required, boolean all) {
    super(message(checked(kind, required), required, all));
    this.kind = kind;
    this.required = List.copyOf(required);
    this.all = all;
  }

  private static Kind checked(Kind kind, List<String> required) {
    if (kind == null) {
      throw new IllegalArgumentException("kind is null: say whether a ROLE or a PERMISSION was"
          + " missing.");
    }
    // Not contains(null), which List.of(...) answers with a NullPointerException.
    if (required == null || required.isEmpty()
        || required.stream().anyMatch(name -> name == null || name.isBlank())) {
      throw new IllegalArgumentException("required names no role or permission, or holds a null"
          + " or blank name: name each value the handler asked for.");
    }
    return kind;
  }

  private static String message(Kind kind, List<String> required, boolean all) {
    String what = kind == Kind.ROLE ? "role" : "permission";
    if (required.size() == 1) {
      return "Forbidden: requires the " + what + " " + required.get(0) + ".";
    }
    return "Forbidden: requires " + (all ? "all" : "one") + " of the " + what + "s "
        + String.join(", ", required) + ".";
  }

  /** Whether a role or a permission was missing. */
  public Kind kind() {
    return kind;
  }

  /** The roles or permissions the handler required. */
  public List<String> required() {
    return required;
  }

  /** {@code true} if all of {@link #required()} were needed, {@code false} if any one would do. */
  public boolean requiresAll() {
    return all;
  }
}
