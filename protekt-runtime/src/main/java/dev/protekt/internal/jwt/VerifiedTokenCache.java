package dev.protekt.internal.jwt;

import dev.protekt.ProtektUser;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongConsumer;

/**
 * Successful verifications, keyed by the exact token, so that a token seen again costs a map lookup
 * and a clock read instead of a signature check. An entry dies at the earliest of the token's
 * {@code exp} (the leeway does not extend it), the cache TTL after it was verified, and the moment
 * a key refresh drops the key that verified it.
 *
 * <p>The cache is bounded both in entries and in the memory they hold; tokens longer than {@link
 * #MAX_TOKEN_CHARS} are never cached. The memory is an upper bound per entry, whatever the claims'
 * shape ({@link #weight}): the token's string, the parsed claims as {@link ClaimsParser} counted
 * them node by node, and what {@code ProtektUser} derives from them; a token whose claims are many
 * small objects is charged for its maps, not for its length. When a bound is exceeded, one thread
 * sweeps out dead entries and, if that is not enough, arbitrary live ones (in the map's hash order,
 * which is effectively random) down to 90% of the bounds: cheaper than keeping an LRU order on
 * every hit, and an evicted entry only costs one more full verification.
 */
final class VerifiedTokenCache {
  /** Longer tokens are verified every time: they would crowd out many ordinary ones. */
  static final int MAX_TOKEN_CHARS = 8 * 1024;
  /** The memory the cache may hold, bounded per entry by {@link #weight}. */
  static final long MAX_BYTES = 32L * 1024 * 1024;
  private static final String BEARER = "Bearer ";
  /**
   * A ConcurrentHashMap node and table slots, a {@link Key}, an {@link Entry} and its {@code
   * onHit}.
   */
  private static final int ENTRY_BYTES = 128;
  /**
   * A ProtektUser, its expiry Instant, the claims wrapper, the audience list and three name sets
   * with their arrays and, past eight names, hash indexes.
   */
  private static final int USER_BYTES = 1024;
  /** A name's slot in a name set's array (grown by doubling) and its node in the hash index. */
  private static final int NAME_BYTES = 56;

  private final ConcurrentHashMap<Key, Entry> entries = new ConcurrentHashMap<>();
  private final AtomicLong bytes = new AtomicLong();
  private final ReentrantLock evicting = new ReentrantLock();
  private final Clock clock;
  private final long ttlMillis;
  private final int maxEntries;

  VerifiedTokenCache(Clock clock, long ttlMillis, int maxEntries) {
    this.clock = clock;
    this.ttlMillis = ttlMillis;
    this.maxEntries = maxEntries;
  }

  /** The user of a live cached verification of exactly this token, or {@code null}. */
  ProtektUser get(String token) {
    return lookup(new Key(token, false));
  }

  /**
   * The user of a live cached verification reached through exactly this {@code Authorization}
   * value (see {@link #alias(String, String)}), or {@code null}.
   */
  ProtektUser getByAuthorization(String authorization) {
    return lookup(new Key(authorization, true));
  }

  /**
   * Makes the cached verification of {@code token} reachable through the {@code Authorization}
   * value it was read from, so that a guard's next call with the same header finds it without
   * copying the token out of the header. The alias dies with the verification it copies. Aliases
   * live apart from tokens: {@link #get(String)} never answers for a header value.
   *
   * <p>Only the canonical {@code Bearer <token>} gets an alias. Other spellings verify as well, by
   * way of the token's own entry; were they aliased too, one token could fill the cache with its
   * variants ({@code bearer}, {@code BEARER}, any amount of surrounding space) and push out
   * everyone else's entries.
   */
  void alias(String authorization, String token) {
    if (authorization.length() != BEARER.length() + token.length()
        || !authorization.startsWith(BEARER)
        || !authorization.regionMatches(BEARER.length(), token, 0, token.length())
        || authorization.length() > MAX_TOKEN_CHARS) {
      return;
    }
    Entry entry = entries.get(new Key(token, false));
    if (entry != null) {
      // The alias is charged the user as well: it keeps the user alive once the token's own entry
      // is gone.
      store(new Key(authorization, true), new Entry(entry.user, entry.expiresAtMillis, entry.key,
          entry.onHit, entry.weight + authorization.length() - token.length()));
    }
  }

  private ProtektUser lookup(Key key) {
    Entry entry = entries.get(key);
    if (entry == null) {
      return null;
    }
    long now = clock.millis();
    if (entry.expiresAtMillis > now && !entry.key.retired()) {
      entry.onHit.accept(now);
      return entry.user;
    }
    remove(key, entry);
    return null;
  }

  /**
   * Remembers a successful verification.
   *
   * @param claimsBytes {@link VerifiedClaims#retainedBytes()} of the user's claims
   * @param expMillis the token's {@code exp}, without leeway
   * @param key the key that verified the signature
   * @param onHit told the time of each hit, which is a request like any other: the keys' refresh
   *     ahead of their TTL must start on one as on a full check, or a key withdrawn would keep
   *     verifying its cached tokens until they expire; it must cost next to nothing
   * @param nowMillis when it was verified
   */
  void put(String token, ProtektUser user, long claimsBytes, long expMillis, VerificationKey key,
      LongConsumer onHit, long nowMillis) {
    long expiresAt = Math.min(expMillis, nowMillis + ttlMillis);
    if (token.length() > MAX_TOKEN_CHARS || expiresAt <= nowMillis) {
      return;
    }
    store(new Key(token, false),
        new Entry(user, expiresAt, key, onHit, weight(token, claimsBytes, user)));
  }

  private void store(Key key, Entry entry) {
    Entry previous = entries.put(key, entry);
    long total = bytes.addAndGet(entry.weight - (previous == null ? 0 : previous.weight));
    if (total > MAX_BYTES || entries.size() > maxEntries) {
      evict();
    }
  }

  /** How many verifications are cached; for tests and diagnostics. */
  int size() {
    return entries.size();
  }

  private void evict() {
    if (!evicting.tryLock()) {
      return;
    }
    try {
      long now = clock.millis();
      for (Map.Entry<Key, Entry> e : entries.entrySet()) {
        Entry entry = e.getValue();
        if (entry.expiresAtMillis <= now || entry.key.retired()) {
          remove(e.getKey(), entry);
        }
      }
      long targetBytes = MAX_BYTES / 10 * 9;
      int targetEntries = maxEntries - Math.max(1, maxEntries / 10);
      for (Map.Entry<Key, Entry> e : entries.entrySet()) {
        if (bytes.get() <= targetBytes && entries.size() <= targetEntries) {
          break;
        }
        remove(e.getKey(), e.getValue());
      }
    } finally {
      evicting.unlock();
    }
  }

  private void remove(Key key, Entry entry) {
    if (entries.remove(key, entry)) {
      bytes.addAndGet(-entry.weight);
    }
  }

  /**
   * An upper bound of the heap an entry retains, on a 64-bit JVM with compressed references (any
   * heap below 32 GiB; above, references and headers are wider and the bound is about 1.5 times
   * too low): the map node, key and entry objects ({@value #ENTRY_BYTES} bytes); the token string
   * (one byte a character, a token being ASCII, plus its headers); the claims as {@link
   * ClaimsParser} counted them; and the user built on them ({@value #USER_BYTES} bytes of fixed
   * parts, then per role, permission, scope and audience an array slot and a hash-index node, and
   * per role, permission and scope a string of its own, as a space-separated claim is split).
   */
  static long weight(String token, long claimsBytes, ProtektUser user) {
    return ENTRY_BYTES + ClaimsParser.STRING_BYTES + token.length() + claimsBytes + USER_BYTES
        + (long) NAME_BYTES * user.audiences().size()
        + names(user.roles()) + names(user.permissions()) + names(user.scopes());
  }

  private static long names(Set<String> names) {
    long bytes = 0;
    for (String name : names) {
      bytes += NAME_BYTES + ClaimsParser.STRING_BYTES + 2L * name.length();
    }
    return bytes;
  }

  private record Entry(ProtektUser user, long expiresAtMillis, VerificationKey key,
      LongConsumer onHit, long weight) {}

  /**
   * A token, or an {@code Authorization} value holding one, as a map key, hashed on its length and
   * the {@value #HASHED_CHARS} characters before the last one: they are signature bytes, hence
   * uniformly random (36 bits; the last character may carry only 2), and hashing a fresh string in
   * full would cost more than the rest of a hit. Only verified tokens, and one alias of each (see
   * {@link #alias}), are ever stored, so nobody can fill a bucket with keys of their choosing; a
   * lookup that collides costs one more comparison.
   */
  private static final class Key {
    private static final int HASHED_CHARS = 6;

    private final String token;
    private final boolean authorization;
    private final int hash;

    Key(String token, boolean authorization) {
      this.token = token;
      this.authorization = authorization;
      int h = token.length();
      int end = token.length() - 1;
      for (int i = Math.max(0, end - HASHED_CHARS); i < end; i++) {
        h = 31 * h + token.charAt(i);
      }
      this.hash = h;
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key && ((Key) o).authorization == authorization
          && ((Key) o).token.equals(token);
    }
  }
}
