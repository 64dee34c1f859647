package dev.protekt.internal.jwt;

import dev.protekt.ProtektUser;
import dev.protekt.internal.Settings;
import dev.protekt.internal.discovery.Discovery;
import okhttp3.OkHttpClient;

/** Verifies access tokens against the tenant's keys. Placeholder until the verifier lands. */
public final class TokenVerifier {
  public TokenVerifier(Settings settings, Discovery discovery, OkHttpClient http) {}

  public ProtektUser verify(String token) {
    throw new UnsupportedOperationException("not yet implemented");
  }
}
