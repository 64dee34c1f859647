package dev.protekt.testing.internal;

import dev.protekt.testing.SigningAlgorithm;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A tenant's keys: the published ones (in the JWKS), the one that signs, and the retired ones, which
 * are kept so that tests can still sign with them and watch verifiers refuse.
 */
public final class KeyRing {
  private final Map<String, SigningKey> published = new LinkedHashMap<>();
  private final Map<String, SigningKey> retired = new LinkedHashMap<>();
  private final List<Map<String, Object>> rawJwks = new ArrayList<>();
  private SigningKey current;

  /**
   * Starts a ring with one published key that also signs.
   *
   * @param first the first key
   */
  public KeyRing(SigningKey first) {
    published.put(first.kid(), first);
    current = first;
  }

  /**
   * Publishes a key without signing with it yet.
   *
   * @param key the key
   * @throws IllegalArgumentException if this ring has a key with its {@code kid} already
   */
  public synchronized void publish(SigningKey key) {
    if (published.containsKey(key.kid()) || retired.containsKey(key.kid())) {
      throw new IllegalArgumentException("this tenant has a key with kid " + key.kid() + " already");
    }
    published.put(key.kid(), key);
  }

  /**
   * Makes a published key the one that signs new tokens.
   *
   * @param kid the key id
   */
  public synchronized void use(String kid) {
    SigningKey key = published.get(kid);
    if (key == null) {
      throw new IllegalArgumentException(retired.containsKey(kid)
          ? "key " + kid + " is retired; publish a new key instead"
          : "no published key with kid " + kid);
    }
    current = key;
  }

  /**
   * Removes a key from the JWKS. Tokens can still be signed with it through its {@code kid}.
   *
   * @param kid the key id
   */
  public synchronized void retire(String kid) {
    SigningKey key = published.get(kid);
    if (key == null) {
      throw new IllegalArgumentException("no published key with kid " + kid);
    }
    if (key == current) {
      throw new IllegalStateException("key " + kid + " signs new tokens; use another key before retiring it");
    }
    published.remove(kid);
    retired.put(kid, key);
  }

  /** @return the key that signs new tokens */
  public synchronized SigningKey current() {
    return current;
  }

  /**
   * @param kid a key id
   * @return the published or retired key with that id
   */
  public synchronized Optional<SigningKey> find(String kid) {
    SigningKey key = published.get(kid);
    return Optional.ofNullable(key != null ? key : retired.get(kid));
  }

  /**
   * @param kid a key id
   * @return the published key with that id, the only kind that verifies tokens
   */
  public synchronized Optional<SigningKey> findPublished(String kid) {
    return Optional.ofNullable(published.get(kid));
  }

  /**
   * @param algorithm an algorithm
   * @return the most recently published key of that algorithm
   */
  public synchronized Optional<SigningKey> newestPublished(SigningAlgorithm algorithm) {
    SigningKey newest = null;
    for (SigningKey key : published.values()) {
      if (key.algorithm() == algorithm) {
        newest = key;
      }
    }
    return Optional.ofNullable(newest);
  }

  /**
   * Publishes a JWK exactly as given, after the real keys: one no signature is made with, such as
   * a broken one.
   *
   * @param jwk the JWK's members
   */
  public synchronized void publishRaw(Map<String, Object> jwk) {
    rawJwks.add(jwk);
  }

  /** @return the JWKS's {@code keys}: the published keys' public JWKs, then the raw ones */
  public synchronized List<Map<String, Object>> jwks() {
    List<Map<String, Object>> all = new ArrayList<>();
    for (SigningKey key : published.values()) {
      all.add(key.publicJwk());
    }
    all.addAll(rawJwks);
    return all;
  }

  /** @return the published keys, oldest first */
  public synchronized List<SigningKey> published() {
    return new ArrayList<>(published.values());
  }
}
