package dev.protekt.testing;

import dev.protekt.testing.internal.KeyRing;
import dev.protekt.testing.internal.Lifecycle;
import dev.protekt.testing.internal.SigningKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The signing keys of a {@link LocalTenant}, for key-rotation and algorithm tests.
 *
 * <p>As on a real tenant, a key is first published in the JWKS ({@link #add}), then used to sign
 * ({@link #use}), and finally removed from the JWKS ({@link #retire}). Tokens can still be minted
 * with a retired key through {@link TokenBuilder#keyId(String)}, which a verifier refuses once it has
 * fetched the key set without that key (until then, its cached copy still has it).
 * Once the tenant is closed, every call that changes the keys throws {@link IllegalStateException}.
 */
public final class TenantKeys {
  private final KeyRing ring;
  private final Lifecycle lifecycle;

  TenantKeys(KeyRing ring, Lifecycle lifecycle) {
    this.ring = ring;
    this.lifecycle = lifecycle;
  }

  /**
   * Generates a key and publishes it in the JWKS without signing with it yet.
   *
   * @param algorithm the algorithm (RSA keys have 2048 bits)
   * @return the new key's {@code kid}
   */
  public String add(SigningAlgorithm algorithm) {
    lifecycle.requireOpen();
    if (algorithm == null) {
      throw new IllegalArgumentException("algorithm must not be null");
    }
    SigningKey key = SigningKey.generate(algorithm);
    ring.publish(key);
    return key.kid();
  }

  /**
   * Generates a key with a {@code kid} of your choosing and publishes it without signing with it
   * yet: for tests of what a verifier trusting several issuers does when two of them publish the
   * same {@code kid} with different keys (each tenant's keys are its own; only the name collides).
   *
   * @param algorithm the algorithm (RSA keys have 2048 bits)
   * @param kid the key id, such as {@code "shared"}
   * @return {@code kid}
   * @throws IllegalArgumentException if {@code kid} is blank or this tenant has a key with it
   */
  public String add(SigningAlgorithm algorithm, String kid) {
    lifecycle.requireOpen();
    if (algorithm == null) {
      throw new IllegalArgumentException("algorithm must not be null");
    }
    if (kid == null || kid.isBlank()) {
      throw new IllegalArgumentException("kid must not be blank");
    }
    ring.publish(SigningKey.generate(algorithm, kid));
    return kid;
  }

  /**
   * Generates and publishes an RS256 key of the given size, typically a weak one (1024 bits) for
   * tests that verifiers refuse short keys. It does not sign until {@link #use} or
   * {@link TokenBuilder#keyId(String)} asks for it.
   *
   * @param bits the modulus size, 512 to 8192
   * @return the new key's {@code kid}
   */
  public String rsa(int bits) {
    lifecycle.requireOpen();
    SigningKey key = SigningKey.rsa(bits);
    ring.publish(key);
    return key.kid();
  }

  /**
   * Publishes a JWK in the JWKS exactly as given, after the tenant's own keys, for tests of what a
   * verifier does with a broken or foreign key: an EC point off its curve, an RSA key without
   * {@code e}, an {@code oct} key without {@code k}. Nothing is checked, and nothing can sign with
   * it; it stays published for the tenant's life.
   *
   * @param jwk the JWK's members, such as {@code Map.of("kty", "oct", "kid", "no-k")}
   */
  public void publishJwk(Map<String, ?> jwk) {
    lifecycle.requireOpen();
    if (jwk == null) {
      throw new IllegalArgumentException("jwk must not be null");
    }
    ring.publishRaw(new LinkedHashMap<>(jwk));
  }

  /**
   * Makes a published key the one that signs new tokens, machine tokens included.
   *
   * @param kid the key's id
   * @throws IllegalArgumentException if no published key has that id
   */
  public void use(String kid) {
    lifecycle.requireOpen();
    ring.use(kid);
  }

  /**
   * Removes a key from the JWKS.
   *
   * @param kid the key's id
   * @throws IllegalArgumentException if no published key has that id
   * @throws IllegalStateException if the key still signs new tokens
   */
  public void retire(String kid) {
    lifecycle.requireOpen();
    ring.retire(kid);
  }

  /**
   * Rotates the way a tenant does: publishes a new key and signs with it from now on; the old key
   * stays in the JWKS until {@link #retire} removes it.
   *
   * @param algorithm the new key's algorithm
   * @return the new key's {@code kid}
   */
  public String rotate(SigningAlgorithm algorithm) {
    String kid = add(algorithm);
    use(kid);
    return kid;
  }

  /** @return the {@code kid} of the key that signs new tokens */
  public String current() {
    return ring.current().kid();
  }

  /** @return the {@code kid}s in the JWKS, oldest first */
  public List<String> published() {
    return ring.published().stream().map(SigningKey::kid).collect(Collectors.toList());
  }
}
