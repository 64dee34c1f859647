package dev.protekt.internal.http;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import okhttp3.Request;
import okhttp3.RequestBody;
import okio.Buffer;

/**
 * The credentials a request carried, to mask where the tenant's error answer quotes them (a
 * description echoing the request): its {@code Authorization} header's credentials (the machine
 * token), and the {@code password} and {@code client_secret} of its JSON body (a new user's
 * password, the client secret of a token request). The answer's text goes into an exception's
 * message, and from there into logs.
 */
final class SentSecrets {
  private static final Set<String> SECRET_FIELDS = Set.of("password", "client_secret");
  private static final String MASK = "[redacted]";

  private final List<String> secrets;

  private SentSecrets(List<String> secrets) {
    this.secrets = secrets;
  }

  /** What {@code request} carried. */
  static SentSecrets of(Request request) {
    List<String> secrets = new ArrayList<>();
    String authorization = request.header("Authorization");
    if (authorization != null) {
      int space = authorization.indexOf(' ');
      secrets.add(authorization.substring(space + 1).trim());
    }
    JsonNode body = jsonBody(request.body());
    if (body != null && body.isObject()) {
      for (String field : SECRET_FIELDS) {
        JsonNode value = body.get(field);
        if (value != null && value.isTextual()) {
          secrets.add(value.asText());
        }
      }
    }
    secrets.removeIf(String::isEmpty);
    // Also as a JSON string writes them: an answer may quote the body it was sent.
    for (String secret : List.copyOf(secrets)) {
      secrets.add(new String(JsonStringEncoder.getInstance().quoteAsString(secret)));
    }
    // The longer first, so that a secret holding another is masked whole.
    secrets.sort((a, b) -> b.length() - a.length());
    return new SentSecrets(secrets);
  }

  /** {@code text} with every credential masked; null stays null. */
  String masked(String text) {
    if (text == null) {
      return null;
    }
    String masked = text;
    for (String secret : secrets) {
      masked = masked.replace(secret, MASK);
    }
    return masked;
  }

  /** The body as JSON, or null if it is none (no body, a form, unreadable). */
  private static JsonNode jsonBody(RequestBody body) {
    if (body == null || body.contentType() == null
        || !"json".equals(body.contentType().subtype())) {
      return null;
    }
    try (Buffer buffer = new Buffer()) {
      body.writeTo(buffer);
      return StrictJson.MAPPER.readTree(buffer.inputStream());
    } catch (IOException | RuntimeException e) {
      // Not what the SDK sends; nothing of it is quoted anyway.
      return null;
    }
  }
}
