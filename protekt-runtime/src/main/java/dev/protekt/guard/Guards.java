package dev.protekt.guard;

import dev.protekt.ConfigurationException;
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

  /**
   * Returns {@code digest}. A guard's {@code CHECKS_DIGEST} is initialised with this call rather
   * than with the literal so that it is not a constant: the guards of sub-interfaces compiled in
   * other modules then read it from the guard class they run with, instead of a copy javac would
   * have inlined into them when they were compiled.
   *
   * @param digest what the guard checks, as the processor summed it up
   */
  public static String checksDigest(String digest) {
    return digest;
  }

  /**
   * Fails closed when a guard copied the checks of a guarded super-interface that has changed
   * since, and was compiled without the guard being generated again: in another module or jar, or
   * alone by an incremental build. A guard is written at compile time: the methods of {@code
   * superInterface} and their requirements are copied into it, so a method added to {@code
   * superInterface} later, or a requirement tightened there, would be missing from its checks.
   * Each guard calls this when it is constructed, for each guarded super-interface, with the digest
   * of the super-interface's own guard as it runs and the digest it was generated against.
   *
   * @param current {@code CHECKS_DIGEST} of the super-interface's guard, read at run time
   * @param generatedAgainst the digest of that guard's checks when {@code guard} was generated
   * @param superInterface the super-interface, by its qualified name
   * @param guard the guard being constructed, by its qualified name
   * @throws ConfigurationException if the digests differ: {@code guard} must be generated again
   */
  public static void requireSameChecks(
      String current, String generatedAgainst, String superInterface, String guard) {
    if (!current.equals(generatedAgainst)) {
      throw new ConfigurationException(guard + " was generated against another version of "
          + superInterface + ": the methods or requirements of " + superInterface + " have changed"
          + " since (or its guard was built by another version of the Protekt processor), so "
          + guard + " would not check them. Rebuild the module of " + guard + " from clean ("
          + "mvn clean verify) against the " + superInterface + " you run with.");
    }
  }
}
