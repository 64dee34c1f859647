package dev.protekt.internal.http;

import dev.protekt.internal.Settings;
import okhttp3.OkHttpClient;

/**
 * Builds the one OkHttp client through which the SDK fetches everything: discovery, keys, machine
 * tokens and the Users API.
 */
public final class HttpStack {
  private HttpStack() {}

  /** The user's client (or a new one) with the SDK's timeouts applied. */
  public static OkHttpClient create(Settings settings) {
    OkHttpClient.Builder builder =
        settings.httpClient() != null ? settings.httpClient().newBuilder() : new OkHttpClient.Builder();
    if (settings.timeout() != null) {
      builder
          .connectTimeout(settings.timeout())
          .readTimeout(settings.timeout())
          .writeTimeout(settings.timeout())
          .callTimeout(settings.timeout());
    }
    return builder.build();
  }
}
