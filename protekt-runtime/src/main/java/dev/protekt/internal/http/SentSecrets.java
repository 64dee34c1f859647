package dev.protekt.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
 * the words it holds would garble the very answer that explains why it was refused. Quoted in its
 * own case, a password of at least {@link #FRAGMENT} characters is masked wherever it is, also
 * inside a longer word (a Chinese or Japanese message writes no spaces between words, and an
 * answer may glue a word to it), unless it is one word of the letters a to z only: such a password
 * may be a word of the answer's own, and is left in its error code {@code password_strength} or
 * {@code PasswordStrengthError} (for a password {@code password} or {@code Password}). Such a
 * password, one quoted only in another case and a shorter one are masked where they stand apart:
 * where the password's first character is a letter, digit or {@code _}, the character before it
 * must not be of one word with it, and likewise after its last ({@link #oneWord}: letters of
 * one script, digits and {@code _} are; a Latin word beside Han is apart). The other credentials
 * are random, and an answer may quote a part of one (a token's first characters, its payload, a
 * secret cut short): every run of at least {@link #FRAGMENT} of their characters is masked;
 * those shorter are masked whole, as a short password is. Matching ignores case: an answer may
 * lower- or upper-case what it quotes, and a credential in another case gives nearly all of it
 * away; text that matches only so is the password itself in another case, or eight characters of
 * a random credential, so masking it costs an answer nothing it needs.
 *
 * <p>An answer may quote a credential as written or encoded: as a JSON string holds it
 * (<code>&#92;u00e4</code> or <code>&#92;u00E4</code> for {@code ä}, {@code \/} for {@code /}), as
 * a form or URL holds it ({@code %2F} or {@code %2f}, UTF-8 bytes for {@code ä}; a form writes
 * {@code +} for a space, a URL {@code %20}, keeping {@code +} as it is), or as HTML or XML does
 * ({@code &amp;}, {@code &#38;} or {@code &#x26;} for {@code &}). Rather than list these
 * encodings of each credential, the text is also read decoded ({@link View}), each decoded
 * character remembering where in the text it came from, and what matches there is masked in the
 * text. Base64 and hex have no mark that tells them from other text, so these forms are listed
 * instead, for the random credentials of at least {@link #FRAGMENT} characters: their base64
 * (standard or URL alphabet, padded or not) and hex (in either case, as matching ignores case);
 * and for a token request, the base64 of {@code id:secret} that the same grant sends as HTTP Basic
 * (the two as they are or, as RFC 6749 section 2.3.1 asks, each form-encoded first). These are
 * random too: every run of {@link #FRAGMENT} of their characters is masked.
 */
final class SentSecrets {
  private static final String PASSWORD = "password";
  private static final String CLIENT_ID = "client_id";
  private static final String CLIENT_SECRET = "client_secret";
  private static final String MASK = "[redacted]";
  /**
   * Random credentials shorter than this are masked whole, as passwords are; those at least this
   * long, in every run of this many of their characters.
   */
  private static final int FRAGMENT = 8;
  /**
   * How many decodings deep a credential is looked for: a JSON string quoted in a JSON string,
   * a URL in a JSON string, HTML in a JSON string. Each reading is decoded four ways ({@link
   * View#decodings()}), so a message is read at most 1 + 4 + 16 times, each reading no longer than
   * the message and searched in time linear in its length; the readings of the last level are
   * searched, not decoded.
   */
  private static final int DEPTH = 2;

  /** Credentials masked where quoted whole (passwords, short random ones). */
  private final List<Whole> whole;
  /**
   * Every run of {@link #FRAGMENT} characters of the random credentials and of their encodings,
   * {@link #folded}.
   */
  private final Set<String> fragments;

  private SentSecrets(List<Whole> whole, Set<String> fragments) {
    this.whole = whole;
    this.fragments = fragments;
  }

  /** What {@code request} carried. */
  static SentSecrets of(Request request) {
    List<String> random = new ArrayList<>(HeldSecrets.of(request));
    List<String> whole = new ArrayList<>();
    String authorization = request.header("Authorization");
    if (authorization != null) {
      random.add(authorization.substring(authorization.indexOf(' ') + 1).trim());
    }
    JsonNode body = jsonBody(request.body());
    String clientId = field(body, CLIENT_ID);
    String clientSecret = field(body, CLIENT_SECRET);
    String password = field(body, PASSWORD);
    if (clientSecret != null) {
      random.add(clientSecret);
    }
    if (password != null) {
      whole.add(password);
    }
    Set<String> fragments = new HashSet<>();
    for (String secret : random) {
      if (secret.length() < FRAGMENT) {
        whole.add(secret);
      } else {
        addRuns(secret, fragments);
        base64(secret).forEach(encoded -> addRuns(encoded, fragments));
        addRuns(HexFormat.of().formatHex(secret.getBytes(StandardCharsets.UTF_8)), fragments);
      }
    }
    if (clientId != null && clientSecret != null && clientSecret.length() >= FRAGMENT) {
      // The hex of id:secret holds the secret's hex; its base64 holds the secret's base64 only
      // where the id and the colon are a multiple of 3 bytes.
      for (String basic : List.of(clientId + ":" + clientSecret,
          formEncoded(clientId) + ":" + formEncoded(clientSecret))) {
        base64(basic).forEach(encoded -> addRuns(encoded, fragments));
      }
    }
    whole.removeIf(String::isEmpty);
    return new SentSecrets(whole.stream().map(Whole::of).toList(), fragments);
  }

  /** The text field {@code name} of {@code body}, or null if it has none. */
  private static String field(JsonNode body, String name) {
    JsonNode value = body == null || !body.isObject() ? null : body.get(name);
    return value != null && value.isTextual() ? value.asText() : null;
  }

  /** Adds every run of {@link #FRAGMENT} characters of {@code secret} to {@code fragments}. */
  private static void addRuns(String secret, Set<String> fragments) {
    String folded = folded(secret);
    for (int at = 0; at + FRAGMENT <= folded.length(); at++) {
      fragments.add(folded.substring(at, at + FRAGMENT));
    }
  }

  /**
   * {@code text}'s UTF-8 bytes in base64, in the standard and the URL alphabet, padded: each
   * unpadded form is a part of its padded one.
   */
  private static List<String> base64(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    return List.of(Base64.getEncoder().encodeToString(bytes),
        Base64.getUrlEncoder().encodeToString(bytes));
  }

  /** {@code text} as a form holds it. */
  private static String formEncoded(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  /**
   * {@code text} with each character in one case, as {@link String#equalsIgnoreCase} compares
   * them; as long as {@code text}, so that its indexes are {@code text}'s.
   */
  private static String folded(String text) {
    char[] chars = text.toCharArray();
    for (int i = 0; i < chars.length; i++) {
      chars[i] = Character.toLowerCase(Character.toUpperCase(chars[i]));
    }
    return new String(chars);
  }

  /**
   * {@code text} with every credential masked; null stays null. A credential masked whole (a
   * password, a random one shorter than {@link #FRAGMENT}) is masked where it stands apart: a
   * password {@code "ab"} is masked where the answer quotes it, and "about" is left as it is; a
   * password {@code "Password"} is masked in "PASSWORD is too weak", not in the error code
   * "password_strength". One of at least {@link #FRAGMENT} characters that is not only the letters
   * a to z is masked anywhere it is quoted in its own case: {@code "hunter2hunter2"} in
   * "密码hunter2hunter2太常见". Case is ignored. Overlapping or touching stretches to mask are
   * masked as one.
   */
  String masked(String text) {
    if (text == null || (whole.isEmpty() && fragments.isEmpty())) {
      return text;
    }
    // covered[i]: text.charAt(i) is part of a credential in some reading of the text.
    boolean[] covered = new boolean[text.length()];
    List<View> level = List.of(View.of(text));
    for (int depth = 0; !level.isEmpty(); depth++) {
      List<View> next = new ArrayList<>();
      for (View view : level) {
        cover(view, covered);
        // The last level is searched, not decoded: nothing would read its decodings.
        if (depth < DEPTH) {
          next.addAll(view.decodings());
        }
      }
      level = next;
    }
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      if (!covered[i]) {
        out.append(text.charAt(i));
      } else if (i == 0 || !covered[i - 1]) {
        out.append(MASK);
      }
    }
    return out.toString();
  }

  /** Marks in {@code covered} the text under each credential {@code view} reads. */
  private void cover(View view, boolean[] covered) {
    String read = folded(view.text);
    for (int at = 0; at + FRAGMENT <= read.length(); at++) {
      if (fragments.contains(read.substring(at, at + FRAGMENT))) {
        view.cover(at, at + FRAGMENT, covered);
      }
    }
    for (Whole secret : whole) {
      String folded = secret.folded();
      for (int at = read.indexOf(folded); at >= 0; at = read.indexOf(folded, at + 1)) {
        int end = at + folded.length();
        if (secret.anywhere() && view.text.startsWith(secret.sent(), at)
            || !oneWord(read, at - 1, at) && !oneWord(read, end - 1, end)) {
          view.cover(at, end, covered);
        }
      }
    }
  }

  /**
   * Whether the characters of {@code text} at {@code left} and {@code right} are of one word:
   * both letters of one script (Latin, Cyrillic, ...), digits or {@code _}. Chinese, Japanese,
   * Korean particles and Thai write no space between words, so a letter of those scripts on
   * either side makes a word apart, even beside a digit ({@code 密码abc123太短}).
   */
  private static boolean oneWord(String text, int left, int right) {
    if (left < 0 || right >= text.length()) {
      return false;
    }
    char a = text.charAt(left);
    char b = text.charAt(right);
    return wordCharacter(a) && wordCharacter(b) && !writtenWithoutSpaces(a)
        && !writtenWithoutSpaces(b)
        && (!Character.isLetter(a) || !Character.isLetter(b)
            || Character.UnicodeScript.of(a) == Character.UnicodeScript.of(b));
  }

  private static boolean writtenWithoutSpaces(char c) {
    if (!Character.isLetter(c)) {
      return false;
    }
    switch (Character.UnicodeScript.of(c)) {
      case HAN, HIRAGANA, KATAKANA, HANGUL, THAI, LAO, KHMER, MYANMAR:
        return true;
      default:
        return false;
    }
  }

  private static boolean wordCharacter(char c) {
    return Character.isLetterOrDigit(c) || c == '_';
  }

  /**
   * A credential masked where quoted whole: {@code sent} as the request carried it, {@code folded}
   * as {@link #folded} matches it; {@code anywhere} if it is masked wherever it is quoted in its
   * own case, not only where it stands apart.
   */
  private record Whole(String sent, String folded, boolean anywhere) {
    /**
     * {@code secret} masked whole: where quoted in its own case, anywhere if it has at least
     * {@link #FRAGMENT} characters and is not a word of the letters a to z, which an answer's own
     * words and error codes may hold ({@code Password} in {@code PasswordStrengthError}, {@code
     * password} in {@code password_strength}).
     */
    static Whole of(String secret) {
      return new Whole(secret, SentSecrets.folded(secret),
          secret.length() >= FRAGMENT && !secret.chars().allMatch(Whole::asciiLetter));
    }

    private static boolean asciiLetter(int c) {
      return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }
  }

  /**
   * A reading of a message: {@code text}, each of whose characters came from the message's
   * characters {@code from[i]} to {@code to[i]} (exclusive), so that what matches in the reading
   * is masked where the message holds it.
   */
  private static final class View {
    private static final Map<String, Character> NAMED_REFERENCES =
        Map.of("amp", '&', "lt", '<', "gt", '>', "quot", '"', "apos", '\'');
    /** The most characters between {@code &} and {@code ;} that {@link #reference} reads. */
    private static final int LONGEST_REFERENCE = "#x10FFFF".length();
    final String text;
    private final int[] from;
    private final int[] to;

    private View(String text, int[] from, int[] to) {
      this.text = text;
      this.from = from;
      this.to = to;
    }

    /** The message as written. */
    static View of(String message) {
      int[] from = new int[message.length()];
      int[] to = new int[message.length()];
      for (int i = 0; i < message.length(); i++) {
        from[i] = i;
        to[i] = i + 1;
      }
      return new View(message, from, to);
    }

    /**
     * The readings one decoding further: JSON-unescaped, form-decoded, URL-decoded and
     * HTML-unescaped, leaving out those that read as this one does, and the URL reading where it
     * reads as the form one (no {@code +}).
     */
    List<View> decodings() {
      List<View> decodings = new ArrayList<>(4);
      decodings.add(jsonUnescaped());
      decodings.add(percentDecoded(true));
      if (text.indexOf('+') >= 0) {
        decodings.add(percentDecoded(false));
      }
      decodings.add(htmlUnescaped());
      decodings.removeIf(decoded -> decoded.text.equals(text));
      return decodings;
    }

    /** Marks the message's characters under this reading's {@code start} to {@code end}. */
    void cover(int start, int end, boolean[] covered) {
      Arrays.fill(covered, from[start], to[end - 1], true);
    }

    /**
     * This reading with JSON string escapes undone: <code>&#92;uXXXX</code> (hex in either case),
     * {@code \/}, {@code \"}, {@code \\} and the control escapes; a backslash before anything else
     * stays.
     */
    View jsonUnescaped() {
      Decoded out = new Decoded(this);
      for (int i = 0; i < text.length(); ) {
        char next = i + 1 < text.length() && text.charAt(i) == '\\' ? text.charAt(i + 1) : 0;
        int unicode = next == 'u' ? number(text, i + 2, 4, 16) : -1;
        char escaped = switch (next) {
          case '"', '\\', '/' -> next;
          case 'b' -> '\b';
          case 'f' -> '\f';
          case 'n' -> '\n';
          case 'r' -> '\r';
          case 't' -> '\t';
          default -> 0;
        };
        i = unicode >= 0 ? out.add(String.valueOf((char) unicode), i, 6)
            : escaped != 0 ? out.add(String.valueOf(escaped), i, 2)
            : out.add(String.valueOf(text.charAt(i)), i, 1);
      }
      return out.view();
    }

    /**
     * This reading with form or URL encoding undone: {@code %XX} (hex in either case) is a byte,
     * the bytes of a UTF-8 character that character; a {@code %} that starts no such character
     * stays as written. {@code +} is a space if {@code plusIsSpace} (a form), else itself (a URL).
     */
    View percentDecoded(boolean plusIsSpace) {
      Decoded out = new Decoded(this);
      for (int i = 0; i < text.length(); ) {
        int bytes = utf8Length(percentByte(text, i));
        // The lead byte's own bits: 7 of an ASCII byte, then 5, 4 or 3 after a 2- to 4-byte lead.
        int codePoint = bytes == 0 ? -1
            : percentByte(text, i) & (bytes == 1 ? 0x7F : 0xFF >> (bytes + 1));
        for (int k = 1; k < bytes && codePoint >= 0; k++) {
          int next = percentByte(text, i + 3 * k);
          codePoint = (next & 0xC0) == 0x80 ? codePoint << 6 | next & 0x3F : -1;
        }
        i = codePoint >= 0 && Character.isValidCodePoint(codePoint)
            ? out.add(Character.toString(codePoint), i, 3 * bytes)
            : out.add(plusIsSpace && text.charAt(i) == '+' ? " " : String.valueOf(text.charAt(i)),
                i, 1);
      }
      return out.view();
    }

    /** The byte {@code %XX} at {@code at} stands for, or -1 if there is none. */
    private static int percentByte(String text, int at) {
      return at < text.length() && text.charAt(at) == '%' ? number(text, at + 1, 2, 16) : -1;
    }

    /** How many bytes the UTF-8 character starting with {@code lead} has; 0 if none. */
    private static int utf8Length(int lead) {
      return lead < 0 ? 0 : lead < 0x80 ? 1 : lead >= 0xF8 ? 0 : lead >= 0xF0 ? 4
          : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 0;
    }

    /**
     * This reading with HTML or XML character references undone: {@code &amp;}, {@code &lt;},
     * {@code &gt;}, {@code &quot;} and {@code &apos;} (in any case), {@code &#NN;} and {@code
     * &#xNN;} (hex in either case) for any character; an {@code &} that starts no such reference
     * stays.
     */
    View htmlUnescaped() {
      Decoded out = new Decoded(this);
      for (int i = 0; i < text.length(); ) {
        int end = text.charAt(i) == '&' ? referenceEnd(i) : -1;
        int codePoint = end < 0 ? -1 : reference(text.substring(i + 1, end));
        i = codePoint >= 0 ? out.add(Character.toString(codePoint), i, end + 1 - i)
            : out.add(String.valueOf(text.charAt(i)), i, 1);
      }
      return out.view();
    }

    /** Where the {@code ;} ending a reference starting at {@code at} is, or -1 if none is. */
    private int referenceEnd(int at) {
      for (int i = at + 1; i < text.length() && i <= at + 1 + LONGEST_REFERENCE; i++) {
        if (text.charAt(i) == ';') {
          return i;
        }
      }
      return -1;
    }

    /**
     * The character the reference {@code &name;} stands for, or -1 if it is not one of those
     * {@link #htmlUnescaped()} reads.
     */
    private static int reference(String name) {
      Character named = NAMED_REFERENCES.get(name.toLowerCase(Locale.ROOT));
      if (named != null) {
        return named;
      }
      boolean hex = name.startsWith("#x") || name.startsWith("#X");
      int digits = name.length() - (hex ? 2 : 1);
      int codePoint = !name.startsWith("#") || digits < 1 || digits > (hex ? 6 : 7) ? -1
          : number(name, name.length() - digits, digits, hex ? 16 : 10);
      return Character.isValidCodePoint(codePoint) ? codePoint : -1;
    }

    /**
     * The value of {@code digits} digits in {@code radix} at {@code at}, or -1 if they are not all
     * there.
     */
    private static int number(String text, int at, int digits, int radix) {
      if (at < 0 || at + digits > text.length()) {
        return -1;
      }
      int value = 0;
      for (int i = at; i < at + digits; i++) {
        int digit = Character.digit(text.charAt(i), radix);
        if (digit < 0) {
          return -1;
        }
        value = value * radix + digit;
      }
      return value;
    }
  }

  /** A reading being decoded from another, character by character. */
  private static final class Decoded {
    private final View source;
    private final StringBuilder text = new StringBuilder();
    // No decoding makes a reading longer: an escape stands for fewer characters than it has.
    private final int[] from;
    private final int[] to;

    Decoded(View source) {
      this.source = source;
      this.from = new int[source.text.length()];
      this.to = new int[source.text.length()];
    }

    /**
     * Appends {@code decoded}, read from the source's {@code length} characters at {@code at};
     * answers where the next source character to read is.
     */
    int add(String decoded, int at, int length) {
      for (int k = 0; k < decoded.length(); k++) {
        from[text.length()] = source.from[at];
        to[text.length()] = source.to[at + length - 1];
        text.append(decoded.charAt(k));
      }
      return at + length;
    }

    View view() {
      return new View(text.toString(), Arrays.copyOf(from, text.length()),
          Arrays.copyOf(to, text.length()));
    }
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
