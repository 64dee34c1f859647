package dev.protekt.benchmarks;

import dev.protekt.ForbiddenException;
import dev.protekt.MissingTokenException;
import dev.protekt.ProtektAuth;
import dev.protekt.ProtektUser;
import dev.protekt.guard.BearerTokens;
import java.util.List;
import java.util.function.Predicate;

/**
 * What a guard checks for one method, written by hand: the token from a parameter, any one of the
 * roles, any one of the permissions. The hand-written and the {@code Proxy} guards both use it, so
 * they do exactly the checks the generated guard does for {@link PostsApi#read}.
 */
final class Policy {
  private final int tokenParameter;
  private final List<String> anyRole;
  private final List<String> anyPermission;

  Policy(int tokenParameter, List<String> anyRole, List<String> anyPermission) {
    this.tokenParameter = tokenParameter;
    this.anyRole = List.copyOf(anyRole);
    this.anyPermission = List.copyOf(anyPermission);
  }

  /** Which argument carries the {@code Authorization} value. */
  int tokenParameter() {
    return tokenParameter;
  }

  /** Verifies the caller's token and requires the roles and permissions. */
  ProtektUser authorize(ProtektAuth protekt, String authorization) {
    String token = BearerTokens.fromAuthorization(authorization);
    if (token == null) {
      throw new MissingTokenException();
    }
    ProtektUser user = protekt.verifyToken(token);
    if (!any(anyRole, user::hasRole)) {
      throw new ForbiddenException(ForbiddenException.Kind.ROLE, anyRole, false);
    }
    if (!any(anyPermission, user::hasPermission)) {
      throw new ForbiddenException(ForbiddenException.Kind.PERMISSION, anyPermission, false);
    }
    return user;
  }

  private static boolean any(List<String> wanted, Predicate<String> granted) {
    for (int i = 0; i < wanted.size(); i++) {
      if (granted.test(wanted.get(i))) {
        return true;
      }
    }
    return false;
  }
}
