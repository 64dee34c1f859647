package dev.protekt.guard;

import dev.protekt.ConfigurationException;
import dev.protekt.MissingTokenException;
import dev.protekt.ProtektAuth;
import dev.protekt.ProtektUser;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The check every generated guard makes before it delegates. Generated code calls it; you may too,
 * in hand-written code that must enforce the same rules.
 */
public final class Guards {
  /** Named for what it reports, as the SDK's other loggers are. */
  private static final Logger log = LoggerFactory.getLogger("dev.protekt.guard");

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
   * @throws ConfigurationException if {@code protekt} answered no user, or a user without a
   *     subject, as a mocked {@link ProtektAuth} does (HTTP 500): the call is refused, never run
   *     without a verified user
   */
  public static ProtektUser authorize(ProtektAuth protekt, GuardPolicy policy, String authorization) {
    ProtektUser user = protekt.verifyAuthorization(authorization);
    if (user == null || user.subject() == null || user.subject().isEmpty()) {
      // A verified token always has a subject; a mock's user (deep stubs, fromClaims of nothing)
      // need not, and must not pass for one.
      throw new ConfigurationException("ProtektAuth.verifyAuthorization returned "
          + (user == null ? "no user" : "a user without a subject, which no verified token has")
          + ", so the guard refuses the call: a real ProtektAuth returns the verified user or"
          + " throws, so this one is probably a mock. Guards need a real ProtektAuth: test them"
          + " with tokens from the local tenant (protekt-testing's LocalTenant), which it"
          + " verifies for real.");
    }
    policy.check(user);
    return user;
  }

  /**
   * Returns {@code digest}. A guard's {@code CHECKS_DIGEST} (a digest of what its interface
   * declares) is initialised with this call rather than with the literal so that it is not a
   * constant: the guards of sub-interfaces compiled in other modules then read it from the guard
   * class they run with, instead of a copy javac would have inlined into them when they were
   * compiled.
   *
   * @param digest what the guard's interface declares, as the processor summed it up
   */
  public static String checksDigest(String digest) {
    return digest;
  }

  /**
   * Fails closed when a guard copied the checks of a guarded super-interface that has changed
   * since, and was compiled without the guard being generated again: in another module or jar, or
   * alone by an incremental build. A guard is written at compile time: the methods of {@code
   * superInterface} and their requirements are copied into it, so a method added to {@code
   * superInterface} later, or a requirement changed there, would be missing from its checks. Each
   * guard calls this when it is constructed, for each guarded super-interface, with the digest of
   * the super-interface's own guard as it runs and the digest it was generated against. Digests of
   * two formats (written by processors that sum up differently) are not compared: that is logged
   * as a WARN of {@code dev.protekt.guard}.
   *
   * @param current reads {@code CHECKS_DIGEST} of the super-interface's guard, at run time
   * @param generatedAgainst the digest of that guard when {@code guard} was generated
   * @param superInterface the super-interface, by its qualified name
   * @param guard the guard being constructed, by its qualified name
   * @throws ConfigurationException if the digests differ, or the super-interface's guard or its
   *     digest is gone: {@code guard} must be generated again
   */
  public static void requireSameChecks(Supplier<String> current, String generatedAgainst,
      String superInterface, String guard) {
    String now;
    try {
      now = current.get();
    } catch (LinkageError gone) {
      ConfigurationException e = new ConfigurationException(guard + " was generated against a"
          + " version of " + superInterface + " whose guard has a checks digest, and the one it"
          + " runs with has none (" + gone + "): " + superInterface + " lost its Protekt"
          + " annotations, or its guard was written by a processor without digests, so the checks "
          + guard + " copied from it may be out of date. " + rebuild(superInterface, guard));
      e.initCause(gone);
      throw e;
    }
    if (generatedAgainst.equals(now)) {
      return;
    }
    if (now != null && !format(now).equals(format(generatedAgainst))) {
      log.warn("{} cannot tell whether {} changed since it was generated: the two were built by"
          + " Protekt processors that sum interfaces up differently. Build both with one Protekt"
          + " version to have them compared.", guard, superInterface);
      return;
    }
    throw new ConfigurationException(guard + " was generated against another version of "
        + superInterface + ": what it declares (its methods, its super-interfaces or their"
        + " Protekt annotations) has changed since, so the checks " + guard + " copied from it"
        + " are out of date. " + rebuild(superInterface, guard));
  }

  private static String format(String digest) {
    int colon = digest.indexOf(':');
    return colon < 0 ? "" : digest.substring(0, colon);
  }

  private static String rebuild(String superInterface, String guard) {
    return "Rebuild the module of " + guard + " against the " + superInterface + " you run with"
        + " (mvn clean verify); if that does not help, the guard of " + superInterface + " is"
        + " older than " + superInterface + " itself: rebuild its module from clean.";
  }
}
