package dev.protekt.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.protekt.ProtektApiException;
import dev.protekt.ProtektAuth;
import dev.protekt.testing.LocalTenant;
import dev.protekt.testing.LocalTenantExtension;
import dev.protekt.users.Tenants;
import dev.protekt.users.UserCreate;
import dev.protekt.users.UserQuery;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A refusal whose text quotes a credential the SDK holds is masked, also where the request did not
 * carry it, or carried only a part of it: the message of the exception goes to logs.
 */
@ExtendWith(LocalTenantExtension.class)
class EchoedSecretsTest {
  private static final String USERS = "/api/v2/users";

  private final LocalTenant tenant;

  EchoedSecretsTest(LocalTenant tenant) {
    this.tenant = tenant;
  }

  @BeforeEach
  void clear() {
    tenant.faults().clear();
  }

  /** The message of a Users API list refused with a 400 whose message is {@code message}. */
  private String refusedWith(ProtektAuth protekt, String message) throws Exception {
    return refused(message, () -> protekt.users().list(UserQuery.builder().build()));
  }

  /** The message of creating a user with {@code password}, refused with {@code message}. */
  private String creationRefusedWith(String password, String message) throws Exception {
    return refused(message, () -> Tenants.client(tenant).build().users().create(
        UserCreate.builder().email("pw@example.com").password(password).build()));
  }

  /** The message of {@code call} to the Users API, refused with a 400 saying {@code message}. */
  private String refused(String message, Executable call) throws Exception {
    tenant.faults().failNext(USERS, 1, 400, Map.of("Content-Type", "application/json"),
        new ObjectMapper().writeValueAsString(Map.of("statusCode", 400, "error", "Bad Request",
            "errorCode", "invalid_query_string", "message", message)));
    return assertThrows(ProtektApiException.class, call).getMessage();
  }

  @Test
  void theClientSecretIsMaskedOnAUsersApiCall() throws Exception {
    ProtektAuth protekt = Tenants.client(tenant).build();

    assertEquals("client [redacted] refused",
        refusedWith(protekt, "client " + tenant.clientSecret() + " refused"));
  }

  @Test
  void theTokenA401RefusedIsMaskedOnTheCallSentAgain() throws Exception {
    ProtektAuth protekt = Tenants.client(tenant).build();
    String refused = protekt.getAccessToken();
    tenant.faults().failNext(USERS, 1, 401);

    String message = refusedWith(protekt, "earlier " + refused + " now");

    assertEquals("earlier [redacted] now", message);
  }

  @Test
  void aPartOfTheTokenSentIsMasked() throws Exception {
    ProtektAuth protekt = Tenants.client(tenant).build();
    String token = protekt.getAccessToken();
    int lastDot = token.lastIndexOf('.');

    assertEquals("signed [redacted] over [redacted]", refusedWith(protekt,
        "signed " + token.substring(lastDot + 1) + " over " + token.substring(0, lastDot)));
  }

  @Test
  void anyRunOfEightCharactersOfTheTokenIsMasked() throws Exception {
    ProtektAuth protekt = Tenants.client(tenant).build();
    String token = protekt.getAccessToken();
    String[] parts = token.split("\\.");

    assertEquals("claims [redacted], begins [redacted]…, ends …[redacted]; a [redacted]",
        refusedWith(protekt, "claims " + parts[1] + ", begins " + token.substring(0, 40)
            + "…, ends …" + token.substring(token.length() - 12) + "; a "
            + token.substring(100, 108)));
  }

  @Test
  void aClientSecretCutShortIsMasked() throws Exception {
    ProtektAuth protekt = Tenants.client(tenant).build();
    String secret = tenant.clientSecret();

    assertEquals("client [redacted]… refused",
        refusedWith(protekt, "client " + secret.substring(0, 12) + "… refused"));
    tenant.faults().failNext("/oauth/token", 1, 401, Map.of("Content-Type", "application/json"),
        new ObjectMapper().writeValueAsString(Map.of("error", "access_denied",
            "error_description", "no client with secret " + secret.substring(4) + ".")));
    assertEquals("The token endpoint answered HTTP 401: no client with secret [redacted].",
        assertThrows(ProtektApiException.class,
            Tenants.client(tenant).build()::getAccessToken).getMessage());
  }

  @Test
  void aPasswordIsMaskedWholeNotByTheWordsItHolds() {
    SentSecrets secrets = SentSecrets.of(new okhttp3.Request.Builder()
        .url("http://127.0.0.1/")
        .post(okhttp3.RequestBody.create("{\"password\":\"password-of-mine\"}",
            okhttp3.MediaType.get("application/json")))
        .build());

    assertEquals("the password is too weak: [redacted] (password-of)",
        secrets.masked("the password is too weak: password-of-mine (password-of)"));
  }

  @Test
  void aShortSecretIsMaskedWhereItStandsApartOnly() {
    SentSecrets secrets = SentSecrets.of(new okhttp3.Request.Builder()
        .url("http://127.0.0.1/").header("Authorization", "Bearer ab").build());

    assertEquals("token '[redacted]' is about [redacted]; abab, cab",
        secrets.masked("token 'ab' is about ab; abab, cab"));
  }

  @Test
  void aPasswordEchoedWithJsonEscapesIsMasked() throws Exception {
    assertEquals("body {\"password\":\"[redacted]\"} rejected",
        creationRefusedWith("Pässwörd-Geheim-123",
            "body {\"password\":\"P\\u00e4ssw\\u00F6rd-Geheim-123\"} rejected"));
  }

  @Test
  void aPasswordIsMaskedAsAJsonStringOrAFormHoldsIt() {
    SentSecrets secrets = sent("{\"password\":\"pass/word 1\\u00e4\"}", null);

    assertEquals("a [redacted] b [redacted] c [redacted] d [redacted]", secrets.masked(
        "a pass\\/word 1\\u00E4 b pass%2Fword+1%C3%A4 c pass%2fword%201%c3%a4 d pass/word 1ä"));
  }

  @Test
  void aClientSecretEchoedEncodedIsMaskedInEveryRunOfEight() throws Exception {
    String secret = "aB3/dE6+gH9/jK2+mN5/pQ8=";
    String unicode = "Sécret-Ünïcode-Välue-42";
    tenant.faults().failNext("/oauth/token", 1, 401, Map.of("Content-Type", "application/json"),
        new ObjectMapper().writeValueAsString(Map.of("error", "access_denied",
            "error_description", "no client with secret S\\u00e9cret-\\u00dcn\\u00efcode-V\\u00e4"
                + "lue-42.")));

    assertEquals("The token endpoint answered HTTP 401: no client with secret [redacted].",
        assertThrows(ProtektApiException.class,
            Tenants.client(tenant).clientSecret(unicode).build()::getAccessToken).getMessage());
    SentSecrets held = sent("{}", secret);
    assertEquals("as JSON [redacted], cut [redacted]…, as a form [redacted], lower [redacted]",
        held.masked("as JSON aB3\\/dE6+gH9\\/jK2+mN5\\/pQ8=, cut dE6+gH9\\/jK2…, as a form "
            + "aB3%2FdE6%2BgH9%2FjK2%2BmN5%2FpQ8%3D, lower aB3%2fdE6%2bgH9%2fjK2%2bmN5%2fpQ8%3d"));
  }

  /**
   * A URL (a path, JavaScript's {@code encodeURI}) writes a space as {@code %20} and keeps {@code
   * +} as it is, where a form writes {@code +} for a space.
   */
  @Test
  void aPasswordEchoedAsAUrlHoldsItIsMasked() throws Exception {
    assertEquals("rejected: [redacted]",
        creationRefusedWith("Tr0ub4dor 3+x", "rejected: Tr0ub4dor%203+x"));
  }

  /** Every ASCII character percent-encoded, {@code @} the most common in a password. */
  @Test
  void aPasswordWithAnyAsciiCharacterPercentEncodedIsMasked() throws Exception {
    assertEquals("pw [redacted] end", creationRefusedWith("p@ssword1", "pw p%40ssword1 end"));
    assertEquals("pw [redacted] end", creationRefusedWith("p@ss/wörd+x y",
        "pw " + java.net.URLEncoder.encode("p@ss/wörd+x y", StandardCharsets.UTF_8) + " end"));
    assertEquals("pw [redacted] end", creationRefusedWith("{a|b}~[c]^`d",
        "pw %7Ba%7Cb%7D%7E%5Bc%5D%5E%60d end"));
  }

  @Test
  void aClientSecretEchoedAsAUrlHoldsItIsMasked() throws Exception {
    // Every run of 8 characters holds a "+" kept as it is and a "/" written %2F.
    String secret = "Ab+C/dE+f/Gh+I/jK+l/Mn+o/Pq";
    tenant.faults().failNext("/oauth/token", 1, 401, Map.of("Content-Type", "application/json"),
        new ObjectMapper().writeValueAsString(Map.of("error", "access_denied",
            "error_description", "no client with secret " + secret.replace("/", "%2F") + ".")));

    assertEquals("The token endpoint answered HTTP 401: no client with secret [redacted].",
        assertThrows(ProtektApiException.class,
            Tenants.client(tenant).clientSecret(secret).build()::getAccessToken).getMessage());
  }

  @Test
  void textThatOnlyLooksEncodedIsLeftAsItIs() {
    SentSecrets secrets = sent("{\"password\":\"correct horse\"}", null);

    assertEquals("100% sure: \\u00zz, %C3, \\q, a+b, AT&T; &amp &#xZZ; &#1114112; &#; [redacted]",
        secrets.masked("100% sure: \\u00zz, %C3, \\q, a+b, AT&T; &amp &#xZZ; &#1114112; &#; "
            + "correct&#x2B;horse"));
  }

  /** A tenant or a proxy may HTML-escape a message. */
  @Test
  void aPasswordEchoedHtmlEscapedIsMasked() throws Exception {
    assertEquals("password [redacted] is too common",
        creationRefusedWith("Tr0ub4dor&3-horse", "password Tr0ub4dor&amp;3-horse is too common"));
  }

  /** A tenant or a proxy may lower- or upper-case a message. */
  @Test
  void aPasswordEchoedInAnotherCaseIsMasked() throws Exception {
    String password = "Tr0ub4dor&3-horse";

    assertEquals("password [redacted] is too common",
        creationRefusedWith(password, "password tr0ub4dor&3-horse is too common"));
    assertEquals("<p>PASSWORD [redacted] IS TOO COMMON</p>",
        creationRefusedWith(password, "<p>PASSWORD TR0UB4DOR&AMP;3-HORSE IS TOO COMMON</p>"));
  }

  /**
   * A password that is a word is masked, in any case, only where it stands apart: the answer's
   * error code, which callers compare, and its own words hold the word too.
   */
  @ParameterizedTest
  @ValueSource(strings = {"Password", "password"})
  void aPasswordIsMaskedOnlyWhereItStandsApart(String password) throws Exception {
    tenant.faults().failNext(USERS, 1, 400, Map.of("Content-Type", "application/json"),
        new ObjectMapper().writeValueAsString(Map.of("statusCode", 400, "error", "Bad Request",
            "errorCode", "password_strength",
            "message", "PasswordStrengthError: Password is too common (PASSWORD).")));

    ProtektApiException refused = assertThrows(ProtektApiException.class,
        () -> Tenants.client(tenant).build().users().create(
            UserCreate.builder().email("pw@example.com").password(password).build()));

    assertEquals("password_strength", refused.errorCode());
    assertEquals("PasswordStrengthError: [redacted] is too common ([redacted]).",
        refused.getMessage());
  }

  /**
   * A password of 8 characters or more quoted in its own case is masked wherever it stands: a
   * message in Chinese or Japanese has no spaces between words, and an answer may glue a word to
   * it.
   */
  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      hunter2hunter2        | 密码hunter2hunter2太常见       | 密码[redacted]太常见
      Summer2024!           | password Summer2024!is weak  | password [redacted]is weak
      !Secret2024           | x!Secret2024                 | x[redacted]
      correct horse battery | correct horse battery_staple | [redacted]_staple
      """)
  void aPasswordQuotedInItsOwnCaseIsMaskedWhereverItStands(String password, String answer,
      String masked) throws Exception {
    assertEquals(masked, creationRefusedWith(password, answer));
  }

  /**
   * Where a password begins or ends with a character that is no letter, digit or {@code _}, it
   * stands apart on that side, also quoted in another case or shorter than 8 characters.
   */
  @Test
  void anEndThatIsNoLetterDigitOrUnderscoreStandsApart() {
    assertEquals("x[redacted], x!secret2024y", sent("{\"password\":\"!Secret2024\"}", null)
        .masked("x!SECRET2024, x!secret2024y"));
    assertEquals("[redacted]is weak, aab!, -[redacted]x", sent("{\"password\":\"ab!\"}", null)
        .masked("AB!is weak, aab!, -ab!x"));
  }

  /**
   * A password that is one word of the letters a to z may be a word of the answer's own, so in its
   * own case too it is masked only where it stands apart; beside a word in another script it does.
   */
  @ParameterizedTest
  @ValueSource(strings = {"sunshine", "SUNSHINE"})
  void aPasswordThatIsAWordIsMaskedBesideAWordInAnotherScript(String quoted) throws Exception {
    assertEquals("密码[redacted]太常见", creationRefusedWith("sunshine", "密码" + quoted + "太常见"));
  }

  /**
   * Chinese, Japanese and Korean messages glue words together: a password ending or starting with
   * a digit is apart from them too, short or quoted in another case.
   */
  @Test
  void aPasswordWithADigitAtItsEndIsMaskedBesideWordsWrittenWithoutSpaces() throws Exception {
    assertEquals("密码[redacted]太短", creationRefusedWith("abc123", "密码abc123太短"));
    assertEquals("密码[redacted]太常见",
        creationRefusedWith("hunter2hunter2", "密码HUNTER2HUNTER2太常见"));
    assertEquals("パスワード[redacted]は短すぎます",
        creationRefusedWith("1secret", "パスワード1secretは短すぎます"));
    assertEquals("비밀번호[redacted]가 너무 짧습니다",
        creationRefusedWith("abc123", "비밀번호abc123가 너무 짧습니다"));
  }

  @Test
  void everyHtmlOrXmlCharacterReferenceIsReadDecoded() {
    SentSecrets secrets = sent("{\"password\":\"<a href='x'>&\\\"\"}", null);

    assertEquals("[redacted] [redacted] [redacted] [redacted]", secrets.masked(
        "&lt;a href=&apos;x&apos;&gt;&amp;&quot; &#60;a href=&#39;x&#39;&#62;&#38;&#34; "
            + "&#x3C;a href=&#X27;x&#x27;&#x3e;&#x26;&#x22; "
            + "\\u0026lt;a href=&#39;x&#39;\\u0026gt;&amp;&QUOT;"));
  }

  /** Of a token or client secret, case is ignored in every run of eight characters too. */
  @Test
  void aClientSecretEchoedInAnotherCaseIsMasked() throws Exception {
    String secret = tenant.clientSecret();

    assertEquals("The token endpoint answered HTTP 401: no client with secret [redacted], "
        + "[redacted]…", tokenRefusedWith("no client with secret "
        + secret.toUpperCase(java.util.Locale.ROOT) + ", "
        + secret.substring(0, 10).toLowerCase(java.util.Locale.ROOT) + "…"));
  }

  @Test
  void aClientSecretEchoedInBase64OrHexIsMasked() throws Exception {
    // Its base64 has a "+", a "/" and padding: WnE5P34+S3gzP3c+YWI/fg==
    String secret = "Zq9?~>Kx3?w>ab?~";
    byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
    String hex = java.util.HexFormat.of().formatHex(bytes);
    tenant.faults().failNext("/oauth/token", 1, 401, Map.of("Content-Type", "application/json"),
        new ObjectMapper().writeValueAsString(Map.of("error", "access_denied",
            "error_description", "secret " + Base64.getEncoder().encodeToString(bytes) + ", "
                + Base64.getEncoder().withoutPadding().encodeToString(bytes) + ", "
                + Base64.getUrlEncoder().encodeToString(bytes) + " or "
                + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes) + "; hex " + hex
                + ", " + hex.toUpperCase(java.util.Locale.ROOT))));

    assertEquals("The token endpoint answered HTTP 401: secret [redacted], [redacted], [redacted] "
        + "or [redacted]; hex [redacted], [redacted]", assertThrows(ProtektApiException.class,
            Tenants.client(tenant).clientSecret(secret).build()::getAccessToken).getMessage());
  }

  /**
   * A client-credentials grant may send the client's id and secret as HTTP Basic, base64 of
   * {@code id:secret}, as written or (RFC 6749, 2.3.1) each form-encoded first.
   */
  @Test
  void theClientIdAndSecretEchoedAsHttpBasicAreMasked() throws Exception {
    String id = "billing@example";
    String secret = "aB3/dE6+gH9/jK2+mN5/pQ8=";
    String basic = Base64.getEncoder().encodeToString(
        (id + ":" + secret).getBytes(StandardCharsets.UTF_8));
    String formEncoded = Base64.getUrlEncoder().withoutPadding().encodeToString(
        (java.net.URLEncoder.encode(id, StandardCharsets.UTF_8) + ":"
            + java.net.URLEncoder.encode(secret, StandardCharsets.UTF_8))
            .getBytes(StandardCharsets.UTF_8));
    tenant.faults().failNext("/oauth/token", 1, 400, Map.of("Content-Type", "application/json"),
        new ObjectMapper().writeValueAsString(Map.of("error", "invalid_client",
            "error_description", "Authorization: Basic " + basic + " or " + formEncoded)));

    assertEquals("The token endpoint answered HTTP 400: Authorization: Basic [redacted] or "
        + "[redacted]", assertThrows(ProtektApiException.class,
            Tenants.client(tenant).clientId(id).clientSecret(secret).build()::getAccessToken)
            .getMessage());
  }

  /** The message of a token request refused with a 401 whose description is {@code text}. */
  private String tokenRefusedWith(String text) throws Exception {
    tenant.faults().failNext("/oauth/token", 1, 401, Map.of("Content-Type", "application/json"),
        new ObjectMapper().writeValueAsString(Map.of("error", "access_denied",
            "error_description", text)));
    return assertThrows(ProtektApiException.class,
        Tenants.client(tenant).build()::getAccessToken).getMessage();
  }

  /** What a request carrying {@code json} as its body, and holding {@code held}, masks. */
  private static SentSecrets sent(String json, String held) {
    okhttp3.Request.Builder request = new okhttp3.Request.Builder()
        .url("http://127.0.0.1/")
        .post(okhttp3.RequestBody.create(json, okhttp3.MediaType.get("application/json")));
    return SentSecrets.of(held == null ? request.build()
        : HeldSecrets.adding(request, request.build(), held).build());
  }
}
