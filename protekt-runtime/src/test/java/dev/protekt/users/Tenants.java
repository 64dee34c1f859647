package dev.protekt.users;

import dev.protekt.ProtektAuth;
import dev.protekt.testing.LocalTenant;
import java.time.Duration;
import java.util.UUID;

/** A client for a local tenant with fast retries, shared by the Users API and HTTP tests. */
public final class Tenants {
  private Tenants() {}

  /** A builder for {@code tenant}'s default machine client, retrying after 10 ms. */
  public static ProtektAuth.Builder client(LocalTenant tenant) {
    return ProtektAuth.builder()
        .domain(tenant.domain())
        .clientId(tenant.clientId())
        .clientSecret(tenant.clientSecret())
        .timeout(Duration.ofSeconds(2))
        .retryDelay(Duration.ofMillis(10));
  }

  /** An email no other test uses. */
  public static String uniqueEmail() {
    return "user-" + UUID.randomUUID() + "@example.com";
  }
}
