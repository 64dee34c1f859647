package dev.protekt.guard;

import dev.protekt.ForbiddenException;
import dev.protekt.ProtektUser;
import dev.protekt.annotations.Match;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

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
   */
  public void check(ProtektUser user) {
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

  /** Builds a {@link GuardPolicy}; validated by {@link #build()}. */
  public static final class Builder {
    private String[] roles = NONE;
    private Match roleMatch = Match.ANY;
    private String[] permissions = NONE;
    private Match permissionMatch = Match.ANY;

    private Builder() {}

    /** Requires any one, or all, of these roles; replaces roles set before. */
    public Builder roles(Match match, String... roles) {
      this.roleMatch = Objects.requireNonNull(match, "match");
      this.roles = validated("role", roles);
      return this;
    }

    /** Requires any one, or all, of these permissions; replaces permissions set before. */
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

    /** Copies, because a varargs array belongs to the caller. Duplicates are dropped, order kept. */
    private static String[] validated(String what, String[] values) {
      if (values == null || values.length == 0) {
        throw new IllegalArgumentException("Name at least one " + what + ".");
      }
      LinkedHashSet<String> set = new LinkedHashSet<>();
      for (String v : values) {
        if (v == null || v.isBlank()) {
          throw new IllegalArgumentException("A " + what + " name must not be null or blank.");
        }
        set.add(v);
      }
      return set.toArray(NONE);
    }
  }
}
