package dev.protekt.guard;

import dev.protekt.MissingTokenException;
import dev.protekt.ProtektAuth;
import dev.protekt.ProtektUser;

/**
 * The check every generated guard makes before it delegates. Generated code calls it; you may too,
 * in hand-written code that must enforce the same rules.
 */
public final class Guards {
  private Guards() {}

  /**
   * Finds the token in {@code authorization}, verifies it (a verified-token cache hit costs a map
   * lookup) and checks it against {@code policy}.
   *
   * @param authorization an {@code Authorization} header value ({@code Bearer eyJ…}), a bare token,
   *     or {@code null} when the caller sent none
   * @return the verified user, for {@link dev.protekt.CurrentUser#bind(ProtektUser)}
   * @throws MissingTokenException if there is no bearer token (HTTP 401)
   * @throws dev.protekt.InvalidTokenException if the token is not acceptable (HTTP 401)
   * @throws dev.protekt.ForbiddenException if the user lacks a required role or permission (HTTP 403)
   */
  public static ProtektUser authorize(ProtektAuth protekt, GuardPolicy policy, String authorization) {
    ProtektUser user = protekt.verifyAuthorization(authorization);
    policy.check(user);
    return user;
  }
}
