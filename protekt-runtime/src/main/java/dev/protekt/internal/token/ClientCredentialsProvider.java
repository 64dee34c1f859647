package dev.protekt.internal.token;

import dev.protekt.AccessTokenProvider;
import dev.protekt.internal.Settings;
import dev.protekt.internal.discovery.Discovery;
import okhttp3.OkHttpClient;

/** The client-credentials grant. Placeholder until the Users API lands. */
public final class ClientCredentialsProvider implements AccessTokenProvider {
  public ClientCredentialsProvider(Settings settings, Discovery discovery, OkHttpClient http) {}

  @Override
  public String getAccessToken(String audience) {
    throw new UnsupportedOperationException("not yet implemented");
  }
}
