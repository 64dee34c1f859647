package dev.protekt.internal.jwt;

import static dev.protekt.InvalidTokenException.Reason.MALFORMED;
import static dev.protekt.internal.jwt.Tokens.assertRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.protekt.InvalidTokenException;
import dev.protekt.ProtektAuth;
import dev.protekt.ProtektUser;
import dev.protekt.testing.LocalTenant;
import dev.protekt.testing.LocalTenantExtension;
import dev.protekt.testing.TokenBuilder;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Tokens whose header or claims are not strict UTF-8, each signed with the tenant's real key so
 * that the encoding is the only thing wrong: every one must be refused as MALFORMED, and the same
 * claims in proper UTF-8 must still verify. The random part's seed is printed on failure; set
 * {@code -Dprotekt.fuzz.seed=…} to replay it.
 */
@ExtendWith(LocalTenantExtension.class)
class TokenEncodingTest {
  private static final int RANDOM_FORMS = 400;

  private final LocalTenant tenant;
  private final ProtektAuth auth;
  private final TokenBuilder signer;
  private final byte[] header;

  TokenEncodingTest(LocalTenant tenant) {
    this.tenant = tenant;
    this.auth = ProtektAuth.builder().domain(tenant.domain()).audience(tenant.apiAudience())
        .cacheEnabled(false).build();
    this.signer = tenant.token();
    this.header =
        utf8("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + signer.signingKeyId() + "\"}");
  }

  /** Claims that verify, with {@code name} (a claim nothing checks) and {@code sub} as given. */
  private byte[] claims(String subName, String sub, String name) {
    long now = Instant.now().getEpochSecond();
    return utf8("{\"iss\":\"" + tenant.issuer() + "\",\"aud\":\"" + tenant.apiAudience() + "\","
        + "\"iat\":" + now + ",\"exp\":" + (now + 600) + ",\"name\":\"" + name + "\","
        + "\"" + subName + "\":\"" + sub + "\"}");
  }

  private String sign(byte[] payload) {
    return signer.signBytes(header, payload);
  }

  @Test
  void properUtf8VerifiesWhateverItsCharacters() {
    // Latin-1, BMP, astral (a 4-byte form), and an escaped surrogate pair: all well-formed.
    ProtektUser user = auth.verifyToken(sign(claims("sub", "u\u00e9\u20ac\uD83D\uDE00",
        "\\uD83D\\uDE00 \\u00e9 \u4e2d")));
    assertEquals("u\u00e9\u20ac\uD83D\uDE00", user.subject());
    assertEquals("\uD83D\uDE00 \u00e9 \u4e2d", user.claims().get("name"));
  }

  @Test
  void everyInvalidFormIsMalformed() {
    List<byte[]> payloads = new ArrayList<>();
    byte[] valid = claims("sub", "alice", "Alice");
    // Overlong forms of 'u' in "sub", read as "sub" by a lenient decoder: the token then has a
    // subject though it was signed with none.
    payloads.add(replace(claims("sXb", "alice", "Alice"), "X", 0xC1, 0xB5));
    payloads.add(replace(claims("sXb", "alice", "Alice"), "X", 0xE0, 0x81, 0xB5));
    payloads.add(replace(claims("sXb", "alice", "Alice"), "X", 0xF0, 0x80, 0x81, 0xB5));
    payloads.add(replace(claims("sub", "aXb", "Alice"), "X", 0xC0, 0xA2)); // an overlong quote
    payloads.add(replace(claims("sub", "aXb", "Alice"), "X", 0xC0, 0x80)); // modified UTF-8 NUL
    // Surrogates encoded in UTF-8 (CESU-8), paired and alone.
    payloads.add(replace(valid, "Alice", 0xED, 0xA0, 0xBD, 0xED, 0xB8, 0x80));
    payloads.add(replace(valid, "Alice", 0xED, 0xA0, 0x80));
    payloads.add(replace(valid, "Alice", 0xED, 0xBF, 0xBF));
    // Truncated sequences, before a quote and at the very end.
    payloads.add(replace(valid, "Alice", 0xC3));
    payloads.add(replace(valid, "Alice", 0xE2, 0x82));
    payloads.add(replace(valid, "Alice", 0xF0, 0x9F, 0x98));
    payloads.add(concat(valid, 0xC3));
    // Stray continuation bytes, bytes never in UTF-8, beyond U+10FFFF.
    payloads.add(replace(valid, "Alice", 0x80));
    payloads.add(replace(valid, "Alice", 0xBF, 0xBF));
    payloads.add(replace(valid, "Alice", 0xFE));
    payloads.add(replace(valid, "Alice", 0xFF));
    payloads.add(replace(valid, "Alice", 0xF5, 0x80, 0x80, 0x80));
    payloads.add(replace(valid, "Alice", 0xF4, 0x90, 0x80, 0x80));
    // A byte order mark, and the same JSON in the encodings Jackson detects.
    payloads.add(concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, valid));
    String json = new String(valid, StandardCharsets.UTF_8);
    payloads.add(json.getBytes(StandardCharsets.UTF_16BE));
    payloads.add(json.getBytes(StandardCharsets.UTF_16LE));
    payloads.add(json.getBytes(StandardCharsets.UTF_16)); // with a BOM
    payloads.add(json.getBytes(Charset.forName("UTF-32BE")));
    payloads.add(json.getBytes(Charset.forName("UTF-32LE")));
    // A raw NUL, which JSON never allows and which would make Jackson guess another encoding.
    payloads.add(replace(valid, "Alice", 0x00));
    // Escapes that make a lone surrogate, in a value and in a member name.
    payloads.add(claims("sub", "\\uD800", "Alice"));
    payloads.add(claims("sub", "alice", "A\\uDC00"));
    payloads.add(claims("sub", "alice", "A\\uD83D"));
    payloads.add(claims("sub", "alice", "\\uDE00\\uD83D"));
    payloads.add(claims("s\\uD800", "alice", "Alice"));

    auth.verifyToken(sign(valid));
    for (byte[] payload : payloads) {
      assertRejected(auth, sign(payload), MALFORMED);
    }
  }

  @Test
  void headersAreHeldToTheSameRules() {
    byte[] claims = claims("sub", "alice", "Alice");
    String kid = signer.signingKeyId();
    String json = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + kid + "\"}";
    List<byte[]> headers = List.of(
        concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, utf8(json)),
        json.getBytes(StandardCharsets.UTF_16LE),
        json.getBytes(Charset.forName("UTF-32BE")),
        replace(utf8(json), "\"alg\"", '"', 0xC1, 0xA1, 'l', 'g', '"'), // overlong 'a' in "alg"
        replace(utf8(json), "\"JWT\"", '"', 'J', 'W', 'T', 0xED, 0xA0, 0x80, '"'),
        utf8("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + kid + "\\uD800\"}"));
    for (byte[] h : headers) {
      assertRejected(auth, signer.signBytes(h, claims), MALFORMED);
    }
  }

  @Test
  void randomInvalidSequencesAreNeverAccepted() {
    long seed = Long.getLong("protekt.fuzz.seed", System.nanoTime());
    Random random = new Random(seed);
    int invalid = 0;
    int valid = 0;
    for (int i = 0; i < RANDOM_FORMS; i++) {
      byte[] inserted = randomForm(random);
      // In a string value, or in a member name, where an overlong form can spell another claim.
      byte[] payload = random.nextBoolean()
          ? replace(claims("sub", "alice", "AX"), "X", inserted)
          : replace(claims("sub", "alice", "Alice"), "name", concat(concat(utf8("na"), inserted),
              utf8("me")));
      String token = sign(payload);
      if (decodesStrictly(payload)) {
        valid++;
        auth.verifyToken(token);
        continue;
      }
      invalid++;
      try {
        auth.verifyToken(token);
        fail("form #" + i + " was accepted; seed " + seed);
      } catch (InvalidTokenException e) {
        assertEquals(MALFORMED, e.reason(), "form #" + i + "; seed " + seed);
      }
    }
    assertTrue(invalid > RANDOM_FORMS / 2 && valid > 0,
        invalid + " invalid, " + valid + " valid forms; seed " + seed);
  }

  /**
   * One or two sequences of a random kind: a well-formed character, an overlong form, an encoded
   * surrogate, a code point beyond U+10FFFF, a truncated sequence, or random high bytes.
   */
  private static byte[] randomForm(Random random) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int n = 1 + random.nextInt(2); n > 0; n--) {
      int kind = random.nextInt(6);
      switch (kind) {
        case 0 -> { // well-formed, so that valid forms are tried too
          int cp = random.nextBoolean() ? 0x80 + random.nextInt(0xD800 - 0x80)
              : 0x10000 + random.nextInt(0x100000);
          out.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
        }
        case 1 -> { // overlong: a code point in more bytes than it needs
          int length = 2 + random.nextInt(3);
          int cp = random.nextInt(length == 2 ? 0x80 : length == 3 ? 0x800 : 0x10000);
          out.writeBytes(encode(cp, length));
        }
        case 2 -> out.writeBytes(encode(0xD800 + random.nextInt(0x800), 3));
        case 3 -> out.writeBytes(encode(0x110000 + random.nextInt(0xEFFFF), 4));
        case 4 -> { // truncated
          int cp = 0x80 + random.nextInt(0x10FFFF - 0x80);
          byte[] full = encode(cp, cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4);
          out.write(full, 0, 1 + random.nextInt(full.length - 1));
        }
        default -> {
          for (int k = random.nextInt(4); k >= 0; k--) {
            out.write(0x80 + random.nextInt(0x80));
          }
        }
      }
    }
    return out.toByteArray();
  }

  /** {@code cp} in UTF-8's bit pattern of {@code length} bytes, whether or not that is allowed. */
  private static byte[] encode(int cp, int length) {
    byte[] bytes = new byte[length];
    for (int i = length - 1; i > 0; i--) {
      bytes[i] = (byte) (0x80 | (cp & 0x3F));
      cp >>>= 6;
    }
    bytes[0] = (byte) ((0xFF00 >> length) | cp);
    return bytes;
  }

  /** The JDK's decoder, told to report what it cannot decode: the oracle for the random part. */
  private static boolean decodesStrictly(byte[] bytes) {
    try {
      StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] replace(byte[] text, String marker, int... bytes) {
    byte[] with = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      with[i] = (byte) bytes[i];
    }
    return replace(text, marker, with);
  }

  /** {@code text} with the first occurrence of the ASCII {@code marker} replaced. */
  private static byte[] replace(byte[] text, String marker, byte[] with) {
    String latin1 = new String(text, StandardCharsets.ISO_8859_1);
    int at = latin1.indexOf(marker);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(text, 0, at);
    out.write(with, 0, with.length);
    out.write(text, at + marker.length(), text.length - at - marker.length());
    return out.toByteArray();
  }

  private static byte[] concat(byte[] a, int... b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    for (int i = 0; i < b.length; i++) {
      out[a.length + i] = (byte) b[i];
    }
    return out;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
