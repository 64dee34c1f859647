package dev.protekt.internal.http;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import okhttp3.Request;
import okhttp3.RequestBody;
import okio.Buffer;

/**
 * The credentials a request carried, to mask where the tenant's error answer quotes them (a
 * description echoing the request): its {@code Authorization} header's credentials (the machine
 * token), and the {@code password} and {@code client_secret} of its JSON body (a new user's
 * password, the client secret of a token request); with them what the SDK holds besides ({@link
 * HeldSecrets}). The answer's text goes into an exception's message, and from there into logs.
 *
 * <p>A password is masked where it is quoted whole: it is the user's choice of words, and masking
 * the words it holds would garble the very answer that explains why it was refused. The other
 * credentials are random, and an answer may quote a part of one (a token's first characters, its
 * payload, a secret cut short): every run of at least {@link #FRAGMENT} of their characters is
 * masked.
 */
final class SentSecrets {
  private static final Set<String> CHOSEN_FIELDS = Set.of("password");
  private static final Set<String> RANDOM_FIELDS = Set.of("client_secret");
  private static final String MASK = "[redacted]";
  /**
   * Credentials shorter than this are masked only where they stand apart from a word; random
   * ones at least this long, in every run of this many of their characters.
   */
  private static final int FRAGMENT = 8;

  /** Credentials masked where quoted whole, the longer first. */
  private final List<String> whole;
  /** Every run of {@link #FRAGMENT} characters of the random credentials. */
  private final Set<String> fragments;

  private SentSecrets(List<String> whole, Set<String> fragments) {
    this.whole = whole;
    this.fragments = fragments;
  }

  /** What {@code request} carried. */
  static SentSecrets of(Request request) {
    List<String> random = new ArrayList<>(HeldSecrets.of(request));
    List<String> chosen = new ArrayList<>();
    String authorization = request.header("Authorization");
    if (authorization != null) {
      random.add(authorization.substring(authorization.indexOf(' ') + 1).trim());
    }
    JsonNode body = jsonBody(request.body());
    if (body != null && body.isObject()) {
      addFields(body, RANDOM_FIELDS, random);
      addFields(body, CHOSEN_FIELDS, chosen);
    }
    List<String> whole = new ArrayList<>(chosen);
    Set<String> fragments = new HashSet<>();
    for (String secret : random) {
      if (secret.length() < FRAGMENT) {
        whole.add(secret);
      } else {
        addFragments(secret, fragments);
        // Also as a JSON string writes it: an answer may quote the body it was sent.
        addFragments(quoted(secret), fragments);
      }
    }
    whole.removeIf(String::isEmpty);
    for (String secret : List.copyOf(whole)) {
      whole.add(quoted(secret));
    }
    // The longer first, so that a secret holding another is masked whole.
    whole.sort((a, b) -> b.length() - a.length());
    return new SentSecrets(whole, fragments);
  }

  private static void addFields(JsonNode body, Set<String> names, List<String> to) {
    for (String name : names) {
      JsonNode value = body.get(name);
      if (value != null && value.isTextual()) {
        to.add(value.asText());
      }
    }
  }

  private static void addFragments(String secret, Set<String> to) {
    for (int at = 0; at + FRAGMENT <= secret.length(); at++) {
      to.add(secret.substring(at, at + FRAGMENT));
    }
  }

  private static String quoted(String secret) {
    return new String(JsonStringEncoder.getInstance().quoteAsString(secret));
  }

  /**
   * {@code text} with every credential masked; null stays null. A credential shorter than {@link
   * #FRAGMENT} is masked only where it stands apart from letters and digits: a password {@code
   * "ab"} is masked where the answer quotes it, and "about" is left as it is.
   */
  String masked(String text) {
    if (text == null) {
      return null;
    }
    String masked = maskedFragments(text);
    for (String secret : whole) {
      masked = secret.length() < FRAGMENT
          ? maskedApart(masked, secret)
          : masked.replace(secret, MASK);
    }
    return masked;
  }

  /** {@code text} with each stretch covered by fragments of a random credential masked once. */
  private String maskedFragments(String text) {
    if (fragments.isEmpty()) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    int copied = 0;
    int coveredTo = -1;
    for (int at = 0; at + FRAGMENT <= text.length(); at++) {
      if (!fragments.contains(text.substring(at, at + FRAGMENT))) {
        continue;
      }
      if (at > coveredTo) {
        out.append(text, copied, at).append(MASK);
      }
      coveredTo = at + FRAGMENT;
      copied = coveredTo;
    }
    return out.append(text, copied, text.length()).toString();
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
