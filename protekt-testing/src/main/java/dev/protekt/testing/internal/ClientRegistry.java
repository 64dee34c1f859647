package dev.protekt.testing.internal;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The machine clients of a tenant: their secrets and, per audience, the scopes they are granted. */
public final class ClientRegistry {
  /** The scopes of the Users API, all granted to the default client. */
  public static final List<String> USERS_SCOPES = List.of("read:users", "create:users", "update:users", "delete:users");

  /**
   * A registered client.
   *
   * @param id the client id
   * @param secret the client secret
   * @param grants the scopes granted per audience
   */
  public record Client(String id, String secret, Map<String, Set<String>> grants) {
    @Override
    public String toString() {
      return "Client{" + id + ", audiences=" + grants.keySet() + "}";
    }
  }

  private final Map<String, Client> clients = new ConcurrentHashMap<>();

  /**
   * Registers a client or grants an existing one another audience.
   *
   * @param id the client id
   * @param secret the client secret; must match the one already registered for the id
   * @param audience an audience the client may ask tokens for
   * @param scopes the scopes granted with that audience, each one word
   */
  public synchronized void grant(String id, String secret, String audience, Iterable<String> scopes) {
    if (isBlank(id) || isBlank(secret) || isBlank(audience)) {
      throw new IllegalArgumentException("client id, client secret and audience must not be blank");
    }
    Client existing = clients.get(id);
    if (existing != null && !existing.secret().equals(secret)) {
      throw new IllegalArgumentException("client " + id + " is already registered with another secret");
    }
    Map<String, Set<String>> grants = existing == null ? new LinkedHashMap<>() : new LinkedHashMap<>(existing.grants());
    Set<String> granted = new LinkedHashSet<>(grants.getOrDefault(audience, Set.of()));
    scopes.forEach(granted::add);
    grants.put(audience, Collections.unmodifiableSet(granted));
    clients.put(id, new Client(id, secret, Map.copyOf(grants)));
  }

  /**
   * @param id a client id
   * @param secret the secret presented
   * @return the client when both match; the comparison takes the same time whatever the secret
   */
  public Optional<Client> authenticate(String id, String secret) {
    Client client = id == null ? null : clients.get(id);
    byte[] presented = (secret == null ? "" : secret).getBytes(StandardCharsets.UTF_8);
    byte[] expected = (client == null ? "\0" : client.secret()).getBytes(StandardCharsets.UTF_8);
    boolean match = MessageDigest.isEqual(presented, expected);
    return match && client != null ? Optional.of(client) : Optional.empty();
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }
}
