package dev.protekt.internal.http;

import java.util.List;
import java.util.Locale;
import okhttp3.HttpUrl;

/** How the SDK shows a URL in a log line or an exception message. */
public final class Urls {
  /** Parts of query parameter names that mark a credential: api_key, X-Amz-Signature, sig, … */
  private static final List<String> SECRET_NAME_PARTS =
      List.of("token", "secret", "password", "key", "sig", "credential", "auth", "code");

  private Urls() {}

  /** {@code url} without user info and with the values of secret-looking query parameters masked. */
  public static String redact(HttpUrl url) {
    HttpUrl.Builder builder = url.newBuilder().username("").password("");
    for (String name : url.queryParameterNames()) {
      String lower = name.toLowerCase(Locale.ROOT);
      if (SECRET_NAME_PARTS.stream().anyMatch(lower::contains)) {
        builder.setQueryParameter(name, "[redacted]");
      }
    }
    return builder.build().toString();
  }
}
