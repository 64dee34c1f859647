package dev.protekt.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.protekt.ConfigurationException;
import dev.protekt.ForbiddenException;
import dev.protekt.InvalidTokenException;
import dev.protekt.KeysUnavailableException;
import dev.protekt.MissingTokenException;
import dev.protekt.ProtektApiException;
import dev.protekt.ProtektUnavailableException;
import dev.protekt.UserExistsException;
import dev.protekt.UserNotFoundException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class AuthErrorResponseTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void missingTokenIsA401ChallengeWithoutErrorCode() throws IOException {
    AuthErrorResponse r = AuthErrorResponse.from(new MissingTokenException(), "orders");

    assertEquals(401, r.status());
    assertEquals("Bearer realm=\"orders\"", r.headers().get("WWW-Authenticate"));
    assertEquals("unauthorized", body(r).get("error"));
    assertStandardHeaders(r);
  }

  @Test
  void aMissingTokenOfARequestWithSeveralAuthorizationHeadersIsA400InvalidRequest()
      throws IOException {
    // The client sent a token, two in fact: asking it for one would mislead it.
    AuthErrorResponse r = AuthErrorResponse.find(
        new RuntimeException("handler", new MissingTokenException()), "orders", 2).orElseThrow();

    assertEquals(400, r.status());
    assertEquals("Bearer realm=\"orders\", error=\"invalid_request\", error_description=\"Several"
        + " Authorization headers were sent: send one, 'Authorization: Bearer <token>'.\"",
        r.headers().get("WWW-Authenticate"));
    assertEquals(Map.of("error", "invalid_request", "error_description", "Several Authorization"
        + " headers were sent: send one, 'Authorization: Bearer <token>'."), body(r));
    assertStandardHeaders(r);
    // One header or none: a missing token is missing; other failures are answered as ever.
    assertEquals(401, AuthErrorResponse.find(new MissingTokenException(), "orders", 1)
        .orElseThrow().status());
    assertEquals(401, AuthErrorResponse.find(new MissingTokenException(), "orders", 0)
        .orElseThrow().status());
    assertEquals("invalid_token", AuthErrorResponse.find(new InvalidTokenException(
        InvalidTokenException.Reason.EXPIRED, "expired"), "orders", 2).orElseThrow().error());
    assertTrue(AuthErrorResponse.find(new IOException("broken pipe"), "orders", 2).isEmpty());
  }

  @Test
  void invalidTokenNamesItsReasonSafelyAndNeverEchoesTheMessage() throws IOException {
    // The message may carry what the caller sent (a kid, an issuer); none of it may reach the answer.
    InvalidTokenException e = new InvalidTokenException(InvalidTokenException.Reason.UNKNOWN_KEY,
        "No key with kid \"evil\"\r\nX-Injected: 1 in the key set");

    AuthErrorResponse r = AuthErrorResponse.from(e, "orders");

    assertEquals(401, r.status());
    assertEquals("Bearer realm=\"orders\", error=\"invalid_token\","
        + " error_description=\"The access token is signed with an unknown key.\"",
        r.headers().get("WWW-Authenticate"));
    assertEquals(Map.of("error", "invalid_token",
        "error_description", "The access token is signed with an unknown key."), body(r));
    assertFalse(r.body().contains("evil"));
    assertFalse(r.toString().contains("evil"));
  }

  @ParameterizedTest
  @EnumSource(InvalidTokenException.Reason.class)
  void everyReasonHasItsOwnRfc6750SafeDescription(InvalidTokenException.Reason reason) {
    AuthErrorResponse r =
        AuthErrorResponse.from(new InvalidTokenException(reason, "detail"), "api");

    assertEquals(401, r.status());
    assertFalse(r.description().contains("detail"));
    // RFC 6750 section 3: error_description is %x20-21 / %x23-5B / %x5D-7E.
    assertTrue(r.description().chars().allMatch(c -> c >= 0x20 && c <= 0x7e && c != '"' && c != '\\'),
        r.description());
    assertFalse(r.description().equals("The access token is invalid."), reason + " has no text");
  }

  @Test
  void forbiddenRoleIs403InsufficientScopeNamingTheRoleButNotAsAScope() throws IOException {
    // RFC 6750 section 3: scope lists OAuth scopes the request needs, and a role is none.
    AuthErrorResponse r = AuthErrorResponse.from(
        new ForbiddenException(ForbiddenException.Kind.ROLE, List.of("admin"), false), "api");

    assertEquals(403, r.status());
    assertEquals("Bearer realm=\"api\", error=\"insufficient_scope\","
        + " error_description=\"Requires the role admin.\"",
        r.headers().get("WWW-Authenticate"));
    assertEquals("insufficient_scope", body(r).get("error"));
  }

  @Test
  void aSinglePermissionIsTheScopeTheRequestNeeds() {
    for (boolean all : new boolean[] {true, false}) {
      AuthErrorResponse r = AuthErrorResponse.from(new ForbiddenException(
          ForbiddenException.Kind.PERMISSION, List.of("read:posts"), all), "api");
      assertEquals("Bearer realm=\"api\", error=\"insufficient_scope\", error_description="
          + "\"Requires the permission read:posts.\", scope=\"read:posts\"",
          r.challenge().orElseThrow());
    }
  }

  @Test
  void permissionsOfWhichAnyOneWouldDoAreNoScope() {
    // A client asking for every one of them would ask for more than the request needs.
    assertEquals("Bearer realm=\"api\", error=\"insufficient_scope\", error_description="
        + "\"Requires one of the permissions write:posts, admin:posts.\"", AuthErrorResponse.from(
            new ForbiddenException(ForbiddenException.Kind.PERMISSION,
                List.of("write:posts", "admin:posts"), false), "api").challenge().orElseThrow());
  }

  @Test
  void aRefusalMustSayWhatItRefused() {
    // ForbiddenException's constructor is public: an empty list made "Requires all of the
    // permissions ." and an empty scope, a null kind was answered as a permission.
    List<String> withNull = new ArrayList<>(List.of("admin"));
    withNull.add(null);
    for (Executable made : List.<Executable>of(
        () -> new ForbiddenException(ForbiddenException.Kind.PERMISSION, List.of(), true),
        () -> new ForbiddenException(ForbiddenException.Kind.ROLE, null, true),
        () -> new ForbiddenException(ForbiddenException.Kind.ROLE, withNull, true),
        () -> new ForbiddenException(ForbiddenException.Kind.ROLE, List.of("admin", " "), true),
        () -> new ForbiddenException(null, List.of("admin"), true))) {
      assertThrows(IllegalArgumentException.class, made);
    }
  }

  @Test
  void namesTooLongForAHeaderAreLeftToTheBody() throws Exception {
    // Tomcat failed the whole answer (a 500) past its 8 KiB of response headers.
    String role = "r".repeat(20_000);
    String permission = "p".repeat(600);
    for (ForbiddenException refusal : List.of(
        new ForbiddenException(ForbiddenException.Kind.ROLE, List.of(role), true),
        new ForbiddenException(ForbiddenException.Kind.PERMISSION,
            List.of(permission + 1, permission + 2), true))) {
      AuthErrorResponse answer = AuthErrorResponse.from(refusal, "api");
      String challenge = answer.challenge().orElseThrow();
      assertEquals(403, answer.status());
      assertTrue(challenge.length() < 1_200, challenge.length() + " characters");
      assertTrue(challenge.contains("the response body says which."), challenge);
      assertFalse(challenge.contains("scope="), challenge);
      assertTrue(answer.body().contains(refusal.required().get(0)), "the body names them");
    }
    // A name that would fit the scope but not the description: no scope either, as documented.
    String almost = "p".repeat(1_010);
    String challenge = AuthErrorResponse.from(new ForbiddenException(
        ForbiddenException.Kind.PERMISSION, List.of(almost), true), "api").challenge().orElseThrow();
    assertTrue(challenge.contains("the response body says which."), challenge);
    assertFalse(challenge.contains("scope="), challenge);
  }

  @Test
  void aRealmLongerThanAHeaderShouldCarryIsRefused() {
    assertEquals("r".repeat(256), AuthErrorResponse.checkRealm("r".repeat(256)));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> AuthErrorResponse.checkRealm("r".repeat(257)));
    assertTrue(e.getMessage().startsWith("a realm is at most 256 characters"), e.getMessage());
  }

  @Test
  void rolesAreNoScopeWhetherAllOrAnyAreRequired() {
    for (boolean all : new boolean[] {true, false}) {
      String challenge = AuthErrorResponse.from(new ForbiddenException(
          ForbiddenException.Kind.ROLE, List.of("editor", "admin"), all), "api")
          .challenge().orElseThrow();
      assertFalse(challenge.contains("scope=\""), challenge);
    }
  }

  @Test
  void forbiddenPermissionsListEveryRequiredValueAndWhetherAllWereNeeded() {
    AuthErrorResponse r = AuthErrorResponse.from(new ForbiddenException(
        ForbiddenException.Kind.PERMISSION, List.of("read:posts", "write:posts"), true), null);

    assertEquals("Bearer error=\"insufficient_scope\", error_description=\"Requires all of the"
        + " permissions read:posts, write:posts.\", scope=\"read:posts write:posts\"",
        r.challenge().orElseThrow());
  }

  @Test
  void quotesBackslashesAndLineBreaksCannotEscapeTheChallenge() throws IOException {
    AuthErrorResponse r = AuthErrorResponse.from(new ForbiddenException(
        ForbiddenException.Kind.ROLE, List.of("a\"b\\c\r\nX: y"), false), "my realm");

    String challenge = r.challenge().orElseThrow();
    assertEquals("Bearer realm=\"my realm\", error=\"insufficient_scope\", error_description=\""
        + "Requires a role this token does not have; the response body says which.\"", challenge);
    assertEquals("Requires the role a\"b\\c\r\nX: y.", body(r).get("error_description"));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "r\u00e9dacteur", "\u7de8\u96c6\u8005", "tab\there", "a\"b", "C:\\x", "del\u007f"})
  void aNameTheHeaderCannotCarryIsNeverMangledIntoAnotherName(String name) throws IOException {
    // "rédacteur" stripped to "rdacteur" would name a role that does not exist.
    for (ForbiddenException.Kind kind : ForbiddenException.Kind.values()) {
      String what = kind == ForbiddenException.Kind.ROLE ? "role" : "permission";
      for (List<String> required : List.of(List.of(name), List.of("editor", name))) {
        for (boolean all : new boolean[] {true, false}) {
          AuthErrorResponse r =
              AuthErrorResponse.from(new ForbiddenException(kind, required, all), "api");

          assertEquals("Bearer realm=\"api\", error=\"insufficient_scope\", error_description=\""
              + "Requires a " + what + " this token does not have; the response body says which.\"",
              r.challenge().orElseThrow());
          assertTrue(((String) body(r).get("error_description")).contains(name), r.body());
        }
      }
    }
  }

  @Test
  void aRealmAChallengeCannotCarryAsItIsIsRefusedNotRewritten() {
    // The realm is what a client shows its user and keys credentials by: a changed one is another.
    Map<String, String> refused = Map.of(
        "my \"realm\"", "U+0022 at index 3",
        "C:\\api", "U+005C at index 2",
        "orders\r\napi", "U+000D at index 6",
        "orders\tapi", "U+0009 at index 6",
        "r\u00e9dacteur", "U+00E9 at index 1",
        "api\u007f", "U+007F at index 3");
    refused.forEach((realm, where) -> {
      String expected = "a realm is printable ASCII without \" or \\, such as posts-api; it is"
          + " named in WWW-Authenticate challenges as it is, and this one holds " + where + ".";
      for (Executable call : List.<Executable>of(() -> AuthErrorResponse.checkRealm(realm),
          () -> AuthErrorResponse.from(new MissingTokenException(), realm),
          () -> AuthErrorResponse.find(new IllegalStateException(), realm))) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, call).getMessage());
      }
    });
  }

  @ParameterizedTest
  @ValueSource(strings = {" ", "   "})
  void aBlankRealmIsRefusedRatherThanLeftOut(String realm) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> AuthErrorResponse.from(new MissingTokenException(), realm));

    assertEquals("a realm is not blank: it names the protected API in WWW-Authenticate"
        + " challenges, such as posts-api.", e.getMessage());
  }

  @Test
  void aRealmOfPrintableAsciiGoesInAsItIsAndNullOrEmptyLeavesItOut() {
    String realm = " Posts API (v2) ~!#$%&'*+,/:;<=>?@[]^_`{|} ";

    assertEquals(realm, AuthErrorResponse.checkRealm(realm));
    assertEquals("Bearer realm=\"" + realm + "\"", AuthErrorResponse
        .from(new MissingTokenException(), realm).challenge().orElseThrow());
    for (String none : new String[] {null, ""}) {
      assertEquals(null, AuthErrorResponse.checkRealm(none));
      assertEquals("Bearer", AuthErrorResponse
          .from(new MissingTokenException(), none).challenge().orElseThrow());
    }
  }

  @Test
  void aNameNoScopeTokenCanCarryLeavesTheScopeUnsaidNotMangled() {
    // "team lead" can be described, but is no scope token; naming only the others would
    // understate what the caller lacks.
    String all = AuthErrorResponse.from(new ForbiddenException(ForbiddenException.Kind.PERMISSION,
        List.of("team lead", "read:posts"), true), "r").challenge().orElseThrow();
    assertEquals("Bearer realm=\"r\", error=\"insufficient_scope\", error_description=\"Requires"
        + " all of the permissions team lead, read:posts.\"", all);
  }

  @Test
  void keysUnavailableIs503WithoutChallenge() throws IOException {
    AuthErrorResponse r = AuthErrorResponse.from(
        new KeysUnavailableException("JWKS at http://10.0.0.1/secret-path failed"), "api");

    assertEquals(503, r.status());
    assertTrue(r.challenge().isEmpty());
    assertEquals("temporarily_unavailable", body(r).get("error"));
    assertFalse(r.body().contains("secret-path"));
    assertStandardHeaders(r);
  }

  @Test
  void a503SaysWhenTheNextKeyFetchIsDueWhenThatIsKnown() {
    AuthErrorResponse due = AuthErrorResponse.from(new KeysUnavailableException(
        "JWKS answered HTTP 503", null, Duration.ofMillis(2_300)), "api");
    AuthErrorResponse now = AuthErrorResponse.from(new KeysUnavailableException(
        "JWKS answered HTTP 503", null, Duration.ZERO), "api");
    AuthErrorResponse fetching = AuthErrorResponse.from(
        new KeysUnavailableException("the fetch goes on in the background"), "api");

    assertEquals("3", due.headers().get("Retry-After"));
    assertEquals("1", now.headers().get("Retry-After"));
    assertFalse(fetching.headers().containsKey("Retry-After"));
  }

  @Test
  void usersApiFailuresAre502ExceptTheTwoTheCallerCanActOn() {
    assertEquals(502, AuthErrorResponse.from(
        new ProtektUnavailableException("connect timed out"), "api").status());
    assertEquals(502, AuthErrorResponse.from(
        new ProtektApiException(403, "insufficient_scope", "machine token lacks create:users"),
        "api").status());
    assertEquals(409, AuthErrorResponse.from(new UserExistsException("exists"), "api").status());
    assertEquals(404, AuthErrorResponse.from(new UserNotFoundException("gone"), "api").status());
  }

  @Test
  void aRequestTheTenantRefusedIsNotToBeTriedAgainLater() {
    String tryAgain = "The identity provider did not answer as expected; try again later.";
    String refused = "The identity provider refused the service's request.";

    for (int status : new int[] {400, 401, 403, 422}) {
      assertEquals(refused, AuthErrorResponse.from(
          new ProtektApiException(status, "invalid_body", "email is not valid"), "api")
          .description(), "tenant answered " + status);
    }
    for (int status : new int[] {429, 500, 503}) {
      assertEquals(tryAgain, AuthErrorResponse.from(
          new ProtektApiException(status, null, "busy"), "api").description(),
          "tenant answered " + status);
    }
    assertEquals(tryAgain, AuthErrorResponse.from(
        new ProtektUnavailableException("connect timed out"), "api").description());
  }

  @Test
  void configurationErrorsAndForeignFailuresAre500WithoutDetails() throws IOException {
    AuthErrorResponse config =
        AuthErrorResponse.from(new ConfigurationException("PROTEKT_CLIENT_SECRET is wrong"), "api");
    AuthErrorResponse foreign =
        AuthErrorResponse.from(new IllegalStateException("db password is hunter2"), "api");

    assertEquals(500, config.status());
    assertFalse(config.body().contains("SECRET"));
    assertEquals(500, foreign.status());
    assertEquals("server_error", body(foreign).get("error"));
    assertFalse(foreign.body().contains("hunter2"));
  }

  @Test
  void findLooksThroughWrappersAndIgnoresForeignFailures() {
    Exception wrapped =
        new ExecutionException(new RuntimeException("handler", new MissingTokenException()));

    assertEquals(401, AuthErrorResponse.find(wrapped, "api").orElseThrow().status());
    assertTrue(AuthErrorResponse.find(new IOException("broken pipe"), "api").isEmpty());
    assertTrue(AuthErrorResponse.find(null, "api").isEmpty());
  }

  @Test
  void aCyclicCauseChainEnds() {
    RuntimeException a = new RuntimeException("a");
    RuntimeException b = new RuntimeException("b", a);
    a.initCause(b);

    assertTrue(AuthErrorResponse.find(a, "api").isEmpty());
    assertEquals(500, AuthErrorResponse.from(a, "api").status());
  }

  private static Map<?, ?> body(AuthErrorResponse r) throws IOException {
    return JSON.readValue(r.body(), Map.class);
  }

  private static void assertStandardHeaders(AuthErrorResponse r) {
    assertEquals("application/json; charset=utf-8", r.headers().get("Content-Type"));
    assertEquals("no-store", r.headers().get("Cache-Control"));
  }
}
