package dev.protekt.guard;

import dev.protekt.ConfigurationException;
import dev.protekt.ForbiddenException;
import dev.protekt.ProtektUser;
import dev.protekt.annotations.Match;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What one guarded method requires of its caller: a valid token, and optionally roles and
 * permissions, each matched any-of or all-of. Immutable and thread-safe; generated guards build one
 * per method into a {@code static final} field, so nothing is parsed or allocated per call.
 *
 * <pre>{@code
 * static final GuardPolicy CREATE = GuardPolicy.builder()
 *     .roles(Match.ANY, "admin")
 *     .permissions(Match.ALL, "write:posts", "publish:posts")
 *     .build();
 * }</pre>
 */
public final class GuardPolicy {
  private static final String[] NONE = new String[0];
  private static final GuardPolicy AUTHENTICATED = new GuardPolicy(NONE, Match.ANY, NONE, Match.ANY);

  private final String[] roles;
  private final Match roleMatch;
  private final String[] permissions;
  private final Match permissionMatch;

  private GuardPolicy(String[] roles, Match roleMatch, String[] permissions, Match permissionMatch) {
    this.roles = roles;
    this.roleMatch = roleMatch;
    this.permissions = permissions;
    this.permissionMatch = permissionMatch;
  }

  /** A valid token, and nothing more. */
  public static GuardPolicy authenticated() {
    return AUTHENTICATED;
  }

  /** A builder for a policy with roles or permissions; without either it builds {@link #authenticated()}. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Checks the grants of an already verified user.
   *
   * @throws ForbiddenException naming the roles or permissions required, roles checked first
   * @throws ConfigurationException if {@code user} is {@code null}, whatever the
   *     policy: what a mocked {@link dev.protekt.ProtektAuth} answers (HTTP 500)
   */
  public void check(ProtektUser user) {
    if (user == null) {
      throw new ConfigurationException("GuardPolicy.check was given no user (null), so it refuses"
          + " the call: pass the user ProtektAuth.verifyToken or verifyAuthorization returned,"
          + " which a real ProtektAuth never answers with null. A mocked ProtektAuth answers null"
          + " from each method not stubbed: test with tokens from the local tenant"
          + " (protekt-testing's LocalTenant) instead.");
    }
    if (roles.length > 0 && !grants(user, roles, roleMatch, false)) {
      throw new ForbiddenException(ForbiddenException.Kind.ROLE, List.of(roles), roleMatch == Match.ALL);
    }
    if (permissions.length > 0 && !grants(user, permissions, permissionMatch, true)) {
      throw new ForbiddenException(
          ForbiddenException.Kind.PERMISSION, List.of(permissions), permissionMatch == Match.ALL);
    }
  }

  private static boolean grants(ProtektUser user, String[] required, Match match, boolean permission) {
    boolean all = match == Match.ALL;
    for (String value : required) {
      boolean has = permission ? user.hasPermission(value) : user.hasRole(value);
      if (has != all) {
        return has;
      }
    }
    return all;
  }

  /** The required roles, in declaration order; empty when none are required. */
  public List<String> roles() {
    return List.of(roles);
  }

  /** How {@link #roles()} are matched. */
  public Match roleMatch() {
    return roleMatch;
  }

  /** The required permissions, in declaration order; empty when none are required. */
  public List<String> permissions() {
    return List.of(permissions);
  }

  /** How {@link #permissions()} are matched. */
  public Match permissionMatch() {
    return permissionMatch;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof GuardPolicy)) {
      return false;
    }
    GuardPolicy that = (GuardPolicy) o;
    return Arrays.equals(roles, that.roles) && roleMatch == that.roleMatch
        && Arrays.equals(permissions, that.permissions) && permissionMatch == that.permissionMatch;
  }

  @Override
  public int hashCode() {
    return Objects.hash(Arrays.hashCode(roles), roleMatch, Arrays.hashCode(permissions), permissionMatch);
  }

  /** The requirements, for diagnostics, for example {@code GuardPolicy{roles=ANY[admin]}}. */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("GuardPolicy{authenticated");
    if (roles.length > 0) {
      s.append(", roles=").append(roleMatch).append(Arrays.toString(roles));
    }
    if (permissions.length > 0) {
      s.append(", permissions=").append(permissionMatch).append(Arrays.toString(permissions));
    }
    return s.append('}').toString();
  }

  /**
   * Builds a {@link GuardPolicy}; each role and permission is checked as it is given, and one that
   * no token could match is refused with an {@link IllegalArgumentException} naming it.
   */
  public static final class Builder {
    // The character classes of the processor's checks: white space with no-break spaces
    // (javaWhitespace, javaSpaceChar); those and format characters such as a zero-width space
    // (Cf), which String.strip() keeps; control characters and line and paragraph separators.
    private static final String INVISIBLE = "[\\p{javaWhitespace}\\p{javaSpaceChar}\\p{Cf}]+";
    private static final Pattern INVISIBLE_ENDS =
        Pattern.compile("^" + INVISIBLE + "|" + INVISIBLE + "$");
    private static final Pattern SPACES =
        Pattern.compile("[\\p{javaWhitespace}\\p{javaSpaceChar}]+");
    private static final Pattern UNPRINTABLE = Pattern.compile("[\\p{Cc}\\p{Zl}\\p{Zp}]");
    private static final Pattern QUOTED = Pattern.compile("[\"\\\\\\p{Cc}\\p{Zl}\\p{Zp}]");

    private String[] roles = NONE;
    private Match roleMatch = Match.ANY;
    private String[] permissions = NONE;
    private Match permissionMatch = Match.ANY;

    private Builder() {}

    /**
     * Requires any one, or all, of these roles; replaces roles set before.
     *
     * @throws IllegalArgumentException if there is none, or one is null, blank, starts or ends
     *     with white space, or holds a control character, naming it and what to write instead
     */
    public Builder roles(Match match, String... roles) {
      this.roleMatch = Objects.requireNonNull(match, "match");
      this.roles = validated("role", roles);
      return this;
    }

    /**
     * Requires any one, or all, of these permissions; replaces permissions set before.
     *
     * @throws IllegalArgumentException as {@link #roles} does, and also for a permission with
     *     white space inside ({@code "read:posts write:posts"}), which no token's scope grants:
     *     give each permission as a value of its own
     */
    public Builder permissions(Match match, String... permissions) {
      this.permissionMatch = Objects.requireNonNull(match, "match");
      this.permissions = validated("permission", permissions);
      return this;
    }

    /** The policy. */
    public GuardPolicy build() {
      if (roles.length == 0 && permissions.length == 0) {
        return AUTHENTICATED;
      }
      return new GuardPolicy(roles, roleMatch, permissions, permissionMatch);
    }

    /**
     * Copies, because a varargs array belongs to the caller. Duplicates are dropped, order kept.
     * Each value must pass the checks the annotation processor makes on {@code @RequiresRole} and
     * {@code @RequiresPermission} values, so that a policy built by hand cannot hold a value no
     * token ever matches, which would deny every call without a word.
     */
    private static String[] validated(String what, String[] values) {
      if (values == null || values.length == 0) {
        throw new IllegalArgumentException("Name at least one " + what + ".");
      }
      LinkedHashSet<String> set = new LinkedHashSet<>();
      for (String v : values) {
        check(what, v);
        set.add(v);
      }
      return set.toArray(NONE);
    }

    /**
     * Refuses what the processor's ProtektBlankValue, ProtektPaddedValue, ProtektControlCharacter
     * and ProtektSpaceInPermission refuse, in the same words.
     */
    private static void check(String what, String value) {
      String stripped = value == null ? "" : INVISIBLE_ENDS.matcher(value).replaceAll("");
      if (stripped.isEmpty()) {
        throw new IllegalArgumentException("A " + what + " is null, empty or blank: write the "
            + what + " name exactly as the token carries it, or remove the empty entry.");
      }
      if (!stripped.equals(value)) {
        throw new IllegalArgumentException("The " + what + " " + quoted(value) + " starts or ends"
            + " with white space, so only a token carrying those spaces too would match it: write"
            + " the " + what + " name exactly as the token carries it: " + quoted(stripped) + ".");
      }
      Matcher unprintable = UNPRINTABLE.matcher(value);
      if (unprintable.find()) {
        throw new IllegalArgumentException("The " + what + " " + quoted(value) + " has the"
            + " character "
            + String.format(Locale.ROOT, "U+%04X", unprintable.group().codePointAt(0))
            + " inside, which no " + what + " name a token carries holds: write the " + what
            + " name exactly as the token carries it, without control characters or line and"
            + " paragraph separators.");
      }
      // A role may hold a space ("Account Admin"); scope, split at spaces, never grants a
      // permission that does.
      if (what.equals("permission") && SPACES.matcher(value).find()) {
        throw new IllegalArgumentException("The permission " + quoted(value) + " has white space"
            + " inside, which no token grants from its scope claim, whose permissions are"
            + " separated by spaces: give each permission as a value of its own: "
            + SPACES.splitAsStream(value).map(Builder::quoted).collect(Collectors.joining(", "))
            + ".");
      }
    }

    /** {@code value} quoted, each unprintable character as a Java escape, for messages. */
    private static String quoted(String value) {
      return '"' + QUOTED.matcher(value).replaceAll(c -> Matcher.quoteReplacement(
          c.group().equals("\"") || c.group().equals("\\")
              ? "\\" + c.group()
              : String.format(Locale.ROOT, "\\u%04x", c.group().codePointAt(0)))) + '"';
    }
  }
}
