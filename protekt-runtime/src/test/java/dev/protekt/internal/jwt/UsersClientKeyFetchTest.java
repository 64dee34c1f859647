package dev.protekt.internal.jwt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.protekt.Eventually;
import dev.protekt.KeysUnavailableException;
import dev.protekt.ProtektAuth;
import dev.protekt.health.KeySetHealth;
import dev.protekt.testing.LocalTenant;
import dev.protekt.testing.LocalTenantExtension;
import dev.protekt.testing.SigningAlgorithm;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import okhttp3.Cache;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Key fetches through an {@code OkHttpClient} of the user's, as an application configures its own:
 * with an HTTP cache, and with OkHttp's default of no bound on a whole call.
 */
@ExtendWith(LocalTenantExtension.class)
class UsersClientKeyFetchTest {
  private static final String JWKS = "/.well-known/jwks.json";

  private final LocalTenant tenant;

  UsersClientKeyFetchTest(LocalTenant tenant) {
    this.tenant = tenant;
  }

  @BeforeEach
  void clearRequests() {
    tenant.clearRequests();
  }

  @AfterEach
  void clearFaults() {
    tenant.faults().clear();
  }

  private ProtektAuth.Builder client(OkHttpClient app) {
    return ProtektAuth.builder().domain(tenant.domain()).audience(tenant.apiAudience())
        .httpClient(app).retryAttempts(0);
  }

  private String jwks() throws IOException {
    try (InputStream in = URI.create(tenant.domain() + JWKS).toURL().openStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void theUsersHttpCacheDoesNotAnswerKeyFetches(@TempDir Path dir) throws IOException {
    // Several providers send a JWKS with a long max-age.
    tenant.faults().failNext(JWKS, 1, 200, Map.of("Content-Type", "application/json",
        "Cache-Control", "public, max-age=3600"), jwks());
    tenant.clearRequests();
    OkHttpClient app = new OkHttpClient.Builder().cache(new Cache(dir.toFile(), 1 << 20)).build();
    ProtektAuth auth = client(app).build();
    auth.verifyToken(tenant.token().sign());

    tenant.keys().rotate(SigningAlgorithm.RS256);
    auth.verifyToken(tenant.token().sign());

    assertEquals(2, tenant.requests(JWKS).size());
    assertEquals(0, app.cache().hitCount());
  }

  @Test
  void aFetchTheTenantTricklesEndsSoThatTheNextCanStart() {
    // Each byte comes well within the read timeout; only a bound on the whole call ends it.
    OkHttpClient app = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(2)).build();
    ProtektAuth auth = client(app).build();
    auth.verifyToken(tenant.token().sign());

    tenant.faults().trickleNext(JWKS, 1, Duration.ofMillis(500));
    tenant.keys().rotate(SigningAlgorithm.RS256);
    String rotated = tenant.token().sign();
    // The fetch outlasts keyFetchWait: the kid could not be looked for.
    assertThrows(KeysUnavailableException.class, () -> auth.verifyToken(rotated));
    // Past keyFetchWait the fetch has failed its callers, whether it still runs or ended.
    Eventually.holds("stale keys, before the fetch can end", () ->
        auth.health().keys().state() == KeySetHealth.State.STALE);
    assertNull(auth.health().keys().lastFailure());

    Eventually.holds("the next fetch brings the rotated key", () -> {
      try {
        auth.verifyToken(rotated);
        return true;
      } catch (KeysUnavailableException e) {
        return false;
      }
    });
    assertEquals(3, tenant.requests(JWKS).size());
  }
}
