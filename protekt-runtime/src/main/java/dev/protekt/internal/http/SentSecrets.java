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
 * token, and each of a JWT's parts long enough to be told apart), and the {@code password} and
 * {@code client_secret} of its JSON body (a new user's password, the client secret of a token
 * request); with them what the SDK holds besides ({@link HeldSecrets}). The answer's text goes
 * into an exception's message, and from there into logs.
 */
final class SentSecrets {
  private static final Set<String> SECRET_FIELDS = Set.of("password", "client_secret");
  private static final String MASK = "[redacted]";
  /** Credentials shorter than this are masked only where they stand apart from a word. */
  private static final int SHORT = 8;

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
      String credentials = authorization.substring(space + 1).trim();
      secrets.add(credentials);
      // A refusal may quote a part of a token: its signature, or the header and payload.
      int lastDot = credentials.lastIndexOf('.');
      for (String part : lastDot < 0 ? List.<String>of()
          : List.of(credentials.substring(0, lastDot), credentials.substring(lastDot + 1))) {
        if (part.length() >= SHORT) {
          secrets.add(part);
        }
      }
    }
    secrets.addAll(HeldSecrets.of(request));
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

  /**
   * {@code text} with every credential masked; null stays null. A credential shorter than {@link
   * #SHORT} is masked only where it stands apart from letters and digits: a password {@code "ab"}
   * is masked where the answer quotes it, and "about" is left as it is.
   */
  String masked(String text) {
    if (text == null) {
      return null;
    }
    String masked = text;
    for (String secret : secrets) {
      masked = secret.length() < SHORT ? maskedApart(masked, secret) : masked.replace(secret, MASK);
    }
    return masked;
  }

  private static String maskedApart(String text, String secret) {
    StringBuilder out = new StringBuilder(text.length());
    int from = 0;
    for (int at = text.indexOf(secret); at >= 0; at = text.indexOf(secret, at + 1)) {
      int end = at + secret.length();
      if (at >= from && !wordCharacter(text, at - 1) && !wordCharacter(text, end)) {
        out.append(text, from, at).append(MASK);
        from = end;
      }
    }
    return out.append(text, from, text.length()).toString();
  }

  private static boolean wordCharacter(String text, int index) {
    return index >= 0 && index < text.length() && Character.isLetterOrDigit(text.charAt(index));
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
