package dev.protekt;

import dev.protekt.internal.jwt.VerifiedClaims;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The caller behind a verified access token: what {@link ProtektAuth#verifyToken(String)} returns
 * and what a guarded handler sees through {@link CurrentUser}. Immutable and thread-safe.
 *
 * <p>The well-known claims have typed accessors; every claim, including custom and namespaced ones,
 * is available by name through {@link #claim(String)} and as JSON-ready values through {@link
 * #claims()}. The raw token is not kept, so neither {@link #toString()} nor serialization can leak
 * it.
 */
public final class ProtektUser {
  /** Seconds either side of the epoch that any {@link Instant} can hold, with room to spare. */
  private static final double MAX_INSTANT_SECONDS = 3.0e16;
  static final List<ClaimPath> DEFAULT_ROLES = List.of(ClaimPath.of("roles"));
  static final List<ClaimPath> DEFAULT_PERMISSIONS = List.of(ClaimPath.of("permissions"));
  /**
   * {@code scope} as RFC 8693 and Spring Authorization Server (an array) write it, and {@code scp}
   * as Entra ID (a string) and Okta (an array) do; Spring Security's own converter reads both.
   */
  private static final List<ClaimPath> SCOPE_CLAIMS =
      List.of(ClaimPath.of("scope"), ClaimPath.of("scp"));

  private final Map<String, Object> claims;
  private final String subject;
  private final String issuer;
  private final List<String> audiences;
  private final Instant expiresAt;
  private final NameSet roles;
  private final NameSet permissions;
  private final NameSet scopes;

  private ProtektUser(
      Map<String, Object> claims, List<ClaimPath> rolesClaims, List<ClaimPath> permissionsClaims) {
    this.claims = claims;
    this.subject = stringClaim(claims, "sub");
    this.issuer = stringClaim(claims, "iss");
    this.audiences = strings(claims.get("aud"));
    this.expiresAt = instant(claims.get("exp"));
    this.roles = NameSet.of(claims, rolesClaims);
    this.permissions = NameSet.of(claims, permissionsClaims);
    this.scopes = NameSet.of(claims, SCOPE_CLAIMS);
  }

  /**
   * A user with these claims, reading roles and permissions at the given paths. Verification is the
   * only way to obtain a user from a token; this factory exists so that your own unit tests can
   * hand a user to code that takes one, read as the verifier configured with the same paths reads
   * it.
   *
   * @param claims JSON-compatible values: {@code String}, {@code Number}, {@code Boolean}, {@code
   *     List}, {@code Map} or {@code null}; copied deeply into unmodifiable collections
   * @param rolesClaims where roles are, merged in this order (see {@link #roles()})
   * @param permissionsClaims where permissions are, merged in this order
   */
  public static ProtektUser fromClaims(Map<String, ?> claims, List<ClaimPath> rolesClaims,
      List<ClaimPath> permissionsClaims) {
    Objects.requireNonNull(claims, "claims");
    // The verifier's lists are immutable already, and List.copyOf hands them back as they are.
    List<ClaimPath> roles = List.copyOf(rolesClaims);
    List<ClaimPath> permissions = List.copyOf(permissionsClaims);
    // The verifier's own parse is deeply unmodifiable already; copying it again cost a sixth of a
    // verification's time outside the signature check.
    @SuppressWarnings("unchecked")
    Map<String, Object> copy = claims instanceof VerifiedClaims
        ? ((VerifiedClaims) claims).frozen()
        : (Map<String, Object>) freeze(claims);
    return new ProtektUser(copy, roles, permissions);
  }

  /**
   * Same as {@link #fromClaims(Map, List, List)} with one path each, in the text form of {@link
   * ClaimPath#parse(String)}: {@code fromClaims(claims, "realm_access.roles", "permissions")}.
   *
   * @throws IllegalArgumentException if a path cannot be read, saying what to write instead
   */
  public static ProtektUser fromClaims(
      Map<String, ?> claims, String rolesClaim, String permissionsClaim) {
    Objects.requireNonNull(rolesClaim, "rolesClaim");
    Objects.requireNonNull(permissionsClaim, "permissionsClaim");
    return fromClaims(claims, List.of(ClaimPath.parse(rolesClaim)),
        List.of(ClaimPath.parse(permissionsClaim)));
  }

  /**
   * Same as {@link #fromClaims(Map, List, List)} with the default claims, {@code roles} and {@code
   * permissions}.
   */
  public static ProtektUser fromClaims(Map<String, ?> claims) {
    return fromClaims(claims, DEFAULT_ROLES, DEFAULT_PERMISSIONS);
  }

  /** The {@code sub} claim: a user id such as {@code protekt|…}, or {@code <client_id>@clients}. */
  public String subject() {
    return subject;
  }

  /**
   * The {@code iss} claim. For a verified token it is exactly the issuer whose key verified it:
   * the domain's, or one of {@link ProtektAuth.Builder#additionalIssuers(String...)}, so it tells
   * which trusted issuer the user comes from.
   */
  public String issuer() {
    return issuer;
  }

  /** The {@code aud} claim as a list, whether the token carried a string or an array. */
  public List<String> audiences() {
    return audiences;
  }

  /**
   * The {@code exp} claim. Never {@code null} for a verified token; {@code null} for a user made by
   * {@link #fromClaims(Map)} from claims without a number of seconds there that an {@link Instant}
   * can hold.
   */
  public Instant expiresAt() {
    return expiresAt;
  }

  /** The {@code iat} claim, if present as a number of seconds an {@link Instant} can hold. */
  public Optional<Instant> issuedAt() {
    return Optional.ofNullable(instant(claims.get("iat")));
  }

  /** The {@code email} claim, if present. */
  public Optional<String> email() {
    return Optional.ofNullable(stringClaim(claims, "email"));
  }

  /**
   * The roles at the configured paths ({@code roles} unless configured otherwise), merged in the
   * order of the paths and the token, repeats kept once; empty when the token has none. An array
   * gives its strings as they are, a string its space-separated names; other values give none.
   */
  public Set<String> roles() {
    return roles;
  }

  /**
   * The permissions at the configured paths ({@code permissions} unless configured otherwise), read
   * as {@link #roles()} are; empty when the token has none.
   */
  public Set<String> permissions() {
    return permissions;
  }

  /**
   * The scopes of the {@code scope} and {@code scp} claims, each a space-separated string or an
   * array of strings, merged; empty when the token has neither.
   */
  public Set<String> scopes() {
    return scopes;
  }

  /** Whether the token carries this role. */
  public boolean hasRole(String role) {
    return roles.contains(role);
  }

  /** Whether the token grants this permission, in its {@link #permissions()} or {@link #scopes()}. */
  public boolean hasPermission(String permission) {
    return permissions.contains(permission) || scopes.contains(permission);
  }

  /**
   * One claim by name: a {@code String}, a number ({@code Integer}, {@code Long} or {@code
   * BigInteger} for a whole one, whichever holds it; {@code Double}, or {@code BigDecimal} where a
   * double cannot hold it), a {@code Boolean}, an unmodifiable {@code List} or {@code Map}, or empty
   * when the token does not carry it.
   */
  public Optional<Object> claim(String name) {
    return Optional.ofNullable(claims.get(name));
  }

  /** One claim by name if present and of the given type; a claim of another type is empty. */
  public <T> Optional<T> claim(String name, Class<T> type) {
    Object value = claims.get(name);
    return type.isInstance(value) ? Optional.of(type.cast(value)) : Optional.empty();
  }

  /**
   * Every claim of the token, unmodifiable, in the token's order, with JSON-compatible values: ready
   * to be returned as JSON, like the Python SDK's dictionary.
   */
  public Map<String, Object> claims() {
    return claims;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ProtektUser && ((ProtektUser) o).claims.equals(claims);
  }

  @Override
  public int hashCode() {
    return claims.hashCode();
  }

  /** Subject, issuer, roles and permissions; never the token. */
  @Override
  public String toString() {
    return "ProtektUser{subject=" + subject + ", issuer=" + issuer + ", roles=" + roles
        + ", permissions=" + permissions + ", scopes=" + scopes + "}";
  }

  /**
   * A NumericDate as an instant, or {@code null}. The verifier range-checks the dates of a token;
   * claims given to {@link #fromClaims(Map)} may hold any number.
   */
  private static Instant instant(Object seconds) {
    if (!(seconds instanceof Number)) {
      return null;
    }
    // Compared as a double first, so that NaN, infinities and numbers beyond any Instant (which
    // longValue() would clamp or, for a BigInteger, wrap around) all read as absent.
    double value = ((Number) seconds).doubleValue();
    return value >= -MAX_INSTANT_SECONDS && value <= MAX_INSTANT_SECONDS
        ? Instant.ofEpochSecond(((Number) seconds).longValue())
        : null;
  }

  private static String stringClaim(Map<String, Object> claims, String name) {
    Object value = claims.get(name);
    return value instanceof String ? (String) value : null;
  }

  private static List<String> strings(Object value) {
    if (value instanceof String) {
      return List.of((String) value);
    }
    if (value instanceof Collection) {
      List<String> out = new ArrayList<>();
      for (Object o : (Collection<?>) value) {
        if (o instanceof String) {
          out.add((String) o);
        }
      }
      return Collections.unmodifiableList(out);
    }
    return List.of();
  }

  private static Object freeze(Object value) {
    if (value instanceof Map) {
      Map<String, Object> copy = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
        copy.put(String.valueOf(e.getKey()), freeze(e.getValue()));
      }
      return Collections.unmodifiableMap(copy);
    }
    if (value instanceof Collection) {
      List<Object> copy = new ArrayList<>();
      for (Object o : (Collection<?>) value) {
        copy.add(freeze(o));
      }
      return Collections.unmodifiableList(copy);
    }
    return value;
  }
}
