package dev.protekt.testing;

import dev.protekt.testing.internal.Jws;
import dev.protekt.testing.internal.KeyRing;
import dev.protekt.testing.internal.Lifecycle;
import dev.protekt.testing.internal.SigningKey;
import java.security.GeneralSecurityException;
import java.lang.reflect.Array;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Mints an access token of a {@link LocalTenant}, reading like the claims it makes:
 *
 * <pre>{@code
 * String jwt = tenant.token().subject("protekt|abc").roles("admin").permissions("read:posts")
 *     .expiresIn(Duration.ofMinutes(5)).sign();
 * }</pre>
 *
 * <p>Unless told otherwise a token has the header {@code alg}, {@code typ: JWT} and the {@code kid} of
 * the tenant's signing key, and the claims {@code iss} (the tenant's issuer), {@code sub}
 * ({@value #DEFAULT_SUBJECT}), {@code aud} ({@link LocalTenant#apiAudience()}), {@code iat} (now),
 * {@code exp} (one hour after {@code iat}) and {@code azp} (the default client id). Any of them can
 * be replaced with {@link #claim} or removed with {@link #withoutClaim}.
 *
 * <p>Besides {@link #sign()}, three terminal methods mint deliberately broken tokens for negative
 * tests: {@link #signWithForeignKey()}, {@link #unsigned()} and {@link #hmacWithPublicKey()}.
 * A builder is not thread-safe; it may be used for several tokens. Once its tenant is closed it
 * still signs with the keys the tenant had, so that a test of an outage can send tokens a service
 * verifies with the keys it keeps; a token that would need a new key (an algorithm the tenant
 * never published) throws {@link IllegalStateException}, as every change to a closed tenant does.
 */
public final class TokenBuilder {
  /** The subject of a token unless {@link #subject} says otherwise. */
  public static final String DEFAULT_SUBJECT = "protekt|5f7c8ec7c33c6c004bbafe82";

  private final KeyRing keys;
  private final Lifecycle lifecycle;
  private final Map<String, Object> claims = new LinkedHashMap<>();
  private final Map<String, Object> headers = new LinkedHashMap<>();
  private final Set<String> removedClaims = new HashSet<>();
  private Instant issuedAt;
  private Instant expiresAt;
  private Duration expiresIn = Duration.ofHours(1);
  private String keyId;
  private SigningAlgorithm algorithm;

  TokenBuilder(KeyRing keys, Lifecycle lifecycle, String issuer, String audience, String clientId) {
    this.keys = keys;
    this.lifecycle = lifecycle;
    claims.put("iss", issuer);
    claims.put("sub", DEFAULT_SUBJECT);
    claims.put("aud", audience);
    claims.put("azp", clientId);
  }

  /**
   * @param subject the {@code sub} claim: a user id such as {@code protekt|abc}, or
   *     {@code <client_id>@clients} for a machine
   * @return this builder
   */
  public TokenBuilder subject(String subject) {
    return claim("sub", requireClaim("sub", subject));
  }

  /**
   * @param audiences the {@code aud} claim: one audience is written as a string, several as an array
   * @return this builder
   */
  public TokenBuilder audience(String... audiences) {
    requireValues("audience", audiences);
    return claim("aud", audiences.length == 1 ? audiences[0] : List.of(audiences));
  }

  /**
   * @param issuer the {@code iss} claim, to mint a token from some other issuer
   * @return this builder
   */
  public TokenBuilder issuer(String issuer) {
    return claim("iss", requireClaim("iss", issuer));
  }

  /**
   * @param roles the {@code roles} claim, an array of role names
   * @return this builder
   */
  public TokenBuilder roles(String... roles) {
    requireValues("roles", roles);
    return claim("roles", List.of(roles));
  }

  /**
   * @param permissions the {@code permissions} claim, an array such as {@code read:posts}
   * @return this builder
   */
  public TokenBuilder permissions(String... permissions) {
    requireValues("permissions", permissions);
    return claim("permissions", List.of(permissions));
  }

  /**
   * @param scopes the {@code scope} claim; the scopes are joined with spaces
   * @return this builder
   */
  public TokenBuilder scope(String... scopes) {
    requireValues("scope", scopes);
    return claim("scope", String.join(" ", scopes));
  }

  /**
   * @param issuedAt the {@code iat} claim; {@code exp} counts from it unless set directly
   * @return this builder
   */
  public TokenBuilder issuedAt(Instant issuedAt) {
    this.issuedAt = requireValue("issuedAt", issuedAt);
    claims.remove("iat");
    removedClaims.remove("iat");
    return this;
  }

  /**
   * @param notBefore the {@code nbf} claim
   * @return this builder
   */
  public TokenBuilder notBefore(Instant notBefore) {
    return claim("nbf", requireValue("notBefore", notBefore));
  }

  /**
   * @param expiresAt the {@code exp} claim, for instance in the past for an expired token
   * @return this builder
   */
  public TokenBuilder expiresAt(Instant expiresAt) {
    this.expiresAt = requireValue("expiresAt", expiresAt);
    claims.remove("exp");
    removedClaims.remove("exp");
    return this;
  }

  /**
   * @param lifetime how long after {@code iat} the token expires (negative for an expired token)
   * @return this builder
   * @throws IllegalArgumentException if now plus the lifetime is beyond what an {@link Instant} holds
   */
  public TokenBuilder expiresIn(Duration lifetime) {
    plus(Instant.now(), requireValue("lifetime", lifetime));
    this.expiresIn = lifetime;
    this.expiresAt = null;
    claims.remove("exp");
    removedClaims.remove("exp");
    return this;
  }

  /**
   * Sets any claim, replacing a default one of the same name. Lists and maps nest, so every
   * provider's shape can be minted for a test of your claim mapping:
   *
   * <pre>{@code
   * tenant.token()
   *     .claim("realm_access", Map.of("roles", List.of("admin")))            // Keycloak
   *     .claim("resource_access", Map.of("posts-api", Map.of("roles", List.of("editor"))))
   *     .claim("scp", "read:posts write:posts")                              // Entra ID
   *     .claim("https://example.com/roles", List.of("admin"))                // Auth0
   *     .claim("scope", List.of("read:posts"))                               // Spring AS
   *     .sign();
   * }</pre>
   *
   * @param name the claim name, such as {@code email} or {@code https://your-app.com/plan}
   * @param value a string, number, boolean, {@link Instant} (written as epoch seconds), list, array or
   *     map of these, at any depth (an {@code Instant} in a list or map is written as epoch seconds
   *     too); {@code null} writes a JSON {@code null}
   * @return this builder
   * @throws IllegalArgumentException for a value of any other type, such as a {@code Duration}
   */
  public TokenBuilder claim(String name, Object value) {
    requireValue("claim name", name);
    claims.put(name, json(name, value));
    removedClaims.remove(name);
    return this;
  }

  /**
   * Leaves a claim out, default ones ({@code exp}, {@code iss}, …) included.
   *
   * @param name the claim name
   * @return this builder
   */
  public TokenBuilder withoutClaim(String name) {
    removedClaims.add(requireValue("claim name", name));
    return this;
  }

  /**
   * Sets a header parameter, replacing the default one ({@code typ}, {@code kid}, even {@code alg});
   * {@code null} leaves the parameter out.
   *
   * @param name the header parameter name
   * @param value its value, or {@code null} to leave it out
   * @return this builder
   */
  public TokenBuilder header(String name, Object value) {
    headers.put(requireValue("header name", name), value);
    return this;
  }

  /**
   * Signs with a particular key of this tenant: a published one, or a retired one. A verifier
   * refuses a token of a retired key once it has fetched the key set without that key (a new
   * {@code ProtektAuth} does at its first token); one that fetched the key before it was retired
   * keeps accepting it until its key cache refreshes.
   *
   * @param kid the key id from {@link TenantKeys}
   * @return this builder
   */
  public TokenBuilder keyId(String kid) {
    this.keyId = requireValue("kid", kid);
    this.algorithm = null;
    return this;
  }

  /**
   * Signs with the newest published key of an algorithm, publishing a new one if the tenant has
   * none.
   *
   * @param algorithm the algorithm
   * @return this builder
   */
  public TokenBuilder algorithm(SigningAlgorithm algorithm) {
    this.algorithm = requireValue("algorithm", algorithm);
    this.keyId = null;
    return this;
  }

  /** @return the signed token, in JWS compact form */
  public String sign() {
    SigningKey key = signingKey();
    return Jws.compact(header(key.algorithm().name(), key.kid()), claims(), key::sign);
  }

  /**
   * Signs these exact bytes as header and payload, with the key {@link #sign()} would use, for
   * tests of what a verifier does with text no JSON writer would make (another encoding, invalid
   * UTF-8, a byte order mark): the signature is genuine, so the bytes are all that is wrong. The
   * builder's claims and header parameters are not used; the header must name the key itself
   * ({@link #signingKeyId()}).
   *
   * @param header the protected header's bytes
   * @param payload the payload's bytes
   * @return the token, in JWS compact form
   */
  public String signBytes(byte[] header, byte[] payload) {
    return Jws.compact(requireValue("header", header), requireValue("payload", payload),
        signingKey()::sign);
  }

  /** @return the {@code kid} of the key {@link #sign()} would use */
  public String signingKeyId() {
    return signingKey().kid();
  }

  /**
   * Signs with a key that is not the tenant's but claims the {@code kid} of the key that would
   * have signed: the signature cannot verify.
   *
   * @return the forged token
   */
  public String signWithForeignKey() {
    SigningKey impostor = signingKey().impostor();
    return Jws.compact(header(impostor.algorithm().name(), impostor.kid()), claims(), impostor::sign);
  }

  /** @return the token with {@code alg: none} and an empty signature */
  public String unsigned() {
    SigningKey key = signingKey();
    return Jws.compact(header("none", key.kid()), claims(), input -> new byte[0]);
  }

  /**
   * Mints the algorithm-confusion attack: {@code alg: HS256}, the {@code kid} of the RSA (or other)
   * key that would have signed, and an HMAC-SHA256 keyed with that key's public bytes (its X.509
   * DER encoding), which any verifier that lets the token choose the algorithm would accept.
   *
   * @return the forged token
   */
  public String hmacWithPublicKey() {
    SigningKey key = signingKey();
    return Jws.compact(header("HS256", key.kid()), claims(), input -> hmac(key.publicKeyBytes(), input));
  }

  private static byte[] hmac(byte[] secret, byte[] input) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return mac.doFinal(input);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK lacks HmacSHA256", e);
    }
  }

  /** The JSON form of a claim value, checked now so that a wrong one fails where it was set. */
  private static Object json(String name, Object value) {
    if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) {
      return value;
    }
    if (value instanceof Instant) {
      return ((Instant) value).getEpochSecond();
    }
    if (value instanceof Map) {
      Map<String, Object> map = new LinkedHashMap<>();
      ((Map<?, ?>) value).forEach((key, member) -> {
        if (!(key instanceof String)) {
          throw new IllegalArgumentException("claim " + name + ": map keys must be strings, was " + key);
        }
        map.put((String) key, json(name, member));
      });
      return map;
    }
    if (value instanceof Collection || value.getClass().isArray()) {
      Collection<?> elements = value instanceof Collection ? (Collection<?>) value : arrayElements(value);
      List<Object> list = new ArrayList<>();
      elements.forEach(element -> list.add(json(name, element)));
      return list;
    }
    throw new IllegalArgumentException("claim " + name + ": a " + value.getClass().getName()
        + " is no JSON value; give a string, number, boolean, Instant, list, array or map of these");
  }

  private static List<Object> arrayElements(Object array) {
    List<Object> elements = new ArrayList<>();
    for (int i = 0; i < Array.getLength(array); i++) {
      elements.add(Array.get(array, i));
    }
    return elements;
  }

  private static Instant plus(Instant from, Duration lifetime) {
    try {
      return from.plus(lifetime);
    } catch (DateTimeException | ArithmeticException e) {
      throw new IllegalArgumentException("an exp " + lifetime + " after " + from
          + " is beyond what a token can carry; give a shorter lifetime, or expiresAt(…) for a far-off exp", e);
    }
  }

  private SigningKey signingKey() {
    if (keyId != null) {
      return keys.find(keyId).orElseThrow(() -> new IllegalArgumentException("this tenant has no key " + keyId));
    }
    if (algorithm != null) {
      return keys.newestPublished(algorithm).orElseGet(() -> {
        lifecycle.requireOpen();
        SigningKey key = SigningKey.generate(algorithm);
        keys.publish(key);
        return key;
      });
    }
    return keys.current();
  }

  private Map<String, Object> header(String alg, String kid) {
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("alg", alg);
    header.put("typ", "JWT");
    header.put("kid", kid);
    header.putAll(headers);
    header.values().removeIf(v -> v == null);
    return header;
  }

  private Map<String, Object> claims() {
    Instant iat = issuedAt != null ? issuedAt : Instant.now();
    Map<String, Object> out = new LinkedHashMap<>();
    // Times are computed at signing so that a builder kept around still mints fresh tokens.
    out.put("iat", iat.getEpochSecond());
    out.put("exp", (expiresAt != null ? expiresAt : plus(iat, expiresIn)).getEpochSecond());
    out.putAll(claims);
    out.keySet().removeAll(removedClaims);
    return out;
  }

  private static <T> T requireValue(String what, T value) {
    if (value == null) {
      throw new IllegalArgumentException(what + " must not be null");
    }
    return value;
  }

  private static String requireClaim(String claim, String value) {
    if (value == null) {
      throw new IllegalArgumentException(claim + " must not be null; to test a token without " + claim
          + " or with \"" + claim + "\": null, use withoutClaim(\"" + claim + "\") or claim(\"" + claim + "\", null)");
    }
    return value;
  }

  private static void requireValues(String what, String[] values) {
    if (values == null || values.length == 0 || Arrays.stream(values).anyMatch(v -> v == null)) {
      throw new IllegalArgumentException(what + " needs at least one value and no nulls");
    }
  }
}
