package dev.protekt.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.protekt.ConfigurationException;
import dev.protekt.ForbiddenException;
import dev.protekt.InvalidTokenException;
import dev.protekt.KeysUnavailableException;
import dev.protekt.MissingTokenException;
import dev.protekt.ProtektApiException;
import dev.protekt.ProtektException;
import dev.protekt.ProtektUnavailableException;
import dev.protekt.UserExistsException;
import dev.protekt.UserNotFoundException;
import dev.protekt.internal.http.CallInterruptedException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The HTTP answer to a failure of the SDK, as RFC 6750 (Bearer token usage) prescribes: the one
 * mapping that the example service and the Servlet and Spring Boot adapters share, with no
 * dependency on any web framework. A framework writes {@link #status()}, {@link #headers()} and
 * {@link #body()} to its response.
 *
 * <table>
 *   <caption>Failures and their answers</caption>
 *   <tr><th>Failure</th><th>Status</th><th>{@code WWW-Authenticate}</th><th>{@code error}</th></tr>
 *   <tr><td>{@link MissingTokenException}</td><td>401</td><td>{@code Bearer realm="…"}</td><td>{@code unauthorized}</td></tr>
 *   <tr><td>{@link MissingTokenException} of a request with several {@code Authorization} headers ({@link #find(Throwable, String, int)})</td><td>400</td><td>{@code Bearer realm="…", error="invalid_request", error_description="…"}</td><td>{@code invalid_request}</td></tr>
 *   <tr><td>{@link InvalidTokenException}</td><td>401</td><td>{@code Bearer realm="…", error="invalid_token", error_description="…"}</td><td>{@code invalid_token}</td></tr>
 *   <tr><td>{@link ForbiddenException}</td><td>403</td><td>{@code Bearer realm="…", error="insufficient_scope", error_description="…"}, and {@code scope="…"} listing the permissions when every one of them is needed (see below)</td><td>{@code insufficient_scope}</td></tr>
 *   <tr><td>{@link KeysUnavailableException}</td><td>503, with {@code Retry-After} when its {@link KeysUnavailableException#retryAfter() retryAfter()} is known</td><td>none</td><td>{@code temporarily_unavailable}</td></tr>
 *   <tr><td>a {@link ProtektUnavailableException} of a thread that was interrupted while it waited (a shutdown, a request timeout)</td><td>503</td><td>none</td><td>{@code temporarily_unavailable}</td></tr>
 *   <tr><td>{@link UserExistsException}</td><td>409</td><td>none</td><td>{@code user_exists}</td></tr>
 *   <tr><td>{@link UserNotFoundException}</td><td>404</td><td>none</td><td>{@code not_found}</td></tr>
 *   <tr><td>other {@link ProtektUnavailableException} or {@link ProtektApiException}</td><td>502</td><td>none</td><td>{@code bad_gateway}</td></tr>
 *   <tr><td>anything else</td><td>500</td><td>none</td><td>{@code server_error}</td></tr>
 * </table>
 *
 * <p>Every answer has a JSON body {@code {"error":"…","error_description":"…"}}, {@code
 * Content-Type: application/json} and {@code Cache-Control: no-store}. Descriptions are fixed texts
 * chosen by the kind of failure (for an invalid token, by its {@linkplain
 * InvalidTokenException#reason() reason}); they never repeat an exception message, so nothing the
 * caller sent (a {@code kid}, an issuer) and nothing about the server's configuration reaches the
 * response, and no stack trace ever does.
 *
 * <p>A 403 names the roles or permissions required, as the {@link ForbiddenException} lists them;
 * when a name is one the challenge cannot carry as it is (not printable ASCII, or with {@code "} or
 * {@code \}), or the description naming them would take over 1,024 characters (servers cap a
 * response's headers), the
 * challenge's {@code error_description} says only "Requires a role (permission) this token does not
 * have; the response body says which." and the body names them, rather than the header naming
 * another or failing the answer. The challenge's {@code scope} is, as RFC 6750 section 3 has it,
 * the scopes the request needs: it is there only for missing permissions that are all needed
 * (all-of, or a single one), each a scope token, named by the description. A role is no scope,
 * and of permissions any one of which would do, asking for all would ask for more than needed:
 * those challenges have no {@code scope}.
 */
public final class AuthErrorResponse {
  private static final ObjectMapper JSON = new ObjectMapper();
  /**
   * The longest description of a 403, naming what was required, that its challenge carries (and
   * then its scope too): servers cap a response's headers (Tomcat and Jetty at 8 KiB, all of them
   * together) and fail the whole answer beyond it, a 500 for a 403. Longer ones are left to the
   * body.
   */
  private static final int MAX_NAMES_IN_CHALLENGE = 1024;
  /** The longest realm {@link #checkRealm(String)} takes, for the same reason. */
  private static final int MAX_REALM = 256;
  /** Bounds the walk along a cause chain; real chains are a few links long. */
  private static final int MAX_CAUSE_DEPTH = 32;

  private final int status;
  private final String error;
  private final String description;
  private final Map<String, String> headers;

  private AuthErrorResponse(int status, String error, String description, String challenge) {
    this(status, error, description, challenge, null);
  }

  private AuthErrorResponse(
      int status, String error, String description, String challenge, Duration retryAfter) {
    this.status = status;
    this.error = error;
    this.description = description;
    Map<String, String> h = new LinkedHashMap<>();
    if (challenge != null) {
      h.put("WWW-Authenticate", challenge);
    }
    if (retryAfter != null) {
      // Whole seconds, rounded up: a client that comes back sooner is refused again.
      long seconds = retryAfter.getSeconds() + (retryAfter.getNano() > 0 ? 1 : 0);
      h.put("Retry-After", Long.toString(Math.max(1, seconds)));
    }
    h.put("Content-Type", "application/json; charset=utf-8");
    h.put("Cache-Control", "no-store");
    this.headers = Collections.unmodifiableMap(h);
  }

  /**
   * Returns {@code realm} if a {@code WWW-Authenticate} challenge can name it as it is, and refuses
   * it otherwise, so that a realm is never rewritten on its way into a header: it must be
   * printable ASCII (space to {@code ~}) without {@code "} or {@code \}, and not blank. A quote or
   * backslash would end or escape the quoted-string, and other characters cannot be sent in a
   * header; a blank realm names nothing. Empty is no realm, as {@code null} is: the one way a
   * property, an init parameter or an environment variable can say "none". Adapters call it when
   * they are configured, so that a bad realm stops the application from starting rather than show
   * in its answers.
   *
   * @param realm the protection space, such as your API's name; {@code null} or empty leaves the
   *     realm out of challenges
   * @return {@code realm}, or {@code null} for no realm
   * @throws IllegalArgumentException saying what is wrong, when {@code realm} is blank but not
   *     empty, holds a character a challenge cannot carry as it is, or is over 256 characters
   */
  public static String checkRealm(String realm) {
    if (realm == null || realm.isEmpty()) {
      return null;
    }
    int bad = unquotable(realm, ' ');
    if (bad >= 0) {
      throw new IllegalArgumentException("a realm is printable ASCII without \" or \\, such as"
          + " posts-api; it is named in WWW-Authenticate challenges as it is, and this one holds"
          + String.format(" U+%04X at index %d.", (int) realm.charAt(bad), bad));
    }
    if (realm.isBlank()) {
      throw new IllegalArgumentException("a realm is not blank: it names the protected API in"
          + " WWW-Authenticate challenges, such as posts-api.");
    }
    if (realm.length() > MAX_REALM) {
      throw new IllegalArgumentException("a realm is at most " + MAX_REALM + " characters: it is"
          + " named in every WWW-Authenticate challenge, and servers cap a response's headers;"
          + " this one has " + realm.length() + ".");
    }
    return realm;
  }

  /**
   * The answer to {@code failure}: the first SDK exception on its cause chain (so a failure wrapped
   * by a framework, such as a {@code ServletException}, is answered as what it wraps), or {@code 500
   * server_error} when the chain holds none.
   *
   * @param realm the protection space named in {@code WWW-Authenticate}, such as your API's name;
   *     {@code null} or empty leaves the realm out
   * @throws IllegalArgumentException if {@link #checkRealm(String)} refuses {@code realm}
   */
  public static AuthErrorResponse from(Throwable failure, String realm) {
    return find(failure, realm)
        .orElseGet(() -> new AuthErrorResponse(500, "server_error", "Internal server error.", null));
  }

  /**
   * The answer to the first SDK exception ({@link ProtektException}) on the cause chain of {@code
   * failure}, or empty when there is none, for code that should let other failures take their usual
   * course.
   *
   * @param realm as in {@link #from(Throwable, String)}
   * @throws IllegalArgumentException if {@link #checkRealm(String)} refuses {@code realm}
   */
  public static Optional<AuthErrorResponse> find(Throwable failure, String realm) {
    return find(failure, realm, 1);
  }

  /**
   * As {@link #find(Throwable, String)}, for a failure of a request that carried {@code
   * authorizationHeaders} {@code Authorization} headers. A request that carried several was sent a
   * token, but which one the client meant is unknowable (and a proxy in front may have checked the
   * other), so none was taken: the missing token it then fails with ({@link MissingTokenException})
   * is answered 400 {@code invalid_request} saying so (RFC 6750 section 3.1), rather than a 401
   * asking for a token the client did send. Adapters that see the request call this one.
   *
   * @param authorizationHeaders how many {@code Authorization} headers the request carried
   * @throws IllegalArgumentException if {@link #checkRealm(String)} refuses {@code realm}
   */
  public static Optional<AuthErrorResponse> find(
      Throwable failure, String realm, int authorizationHeaders) {
    String checked = checkRealm(realm);
    ProtektException sdk = sdkCause(failure);
    if (sdk instanceof MissingTokenException && authorizationHeaders > 1) {
      String description = "Several Authorization headers were sent: send one,"
          + " 'Authorization: Bearer <token>'.";
      return Optional.of(new AuthErrorResponse(400, "invalid_request", description,
          new Challenge(checked).param("error", "invalid_request")
              .param("error_description", description).toString()));
    }
    return sdk == null ? Optional.empty() : Optional.of(of(sdk, checked));
  }

  private static ProtektException sdkCause(Throwable failure) {
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    Throwable t = failure;
    while (t != null && seen.size() < MAX_CAUSE_DEPTH && seen.add(t)) {
      if (t instanceof ProtektException) {
        return (ProtektException) t;
      }
      t = t.getCause();
    }
    return null;
  }

  private static AuthErrorResponse of(ProtektException e, String realm) {
    if (e instanceof MissingTokenException) {
      return new AuthErrorResponse(401, "unauthorized",
          "An access token is required: send 'Authorization: Bearer <token>'.",
          new Challenge(realm).toString());
    }
    if (e instanceof InvalidTokenException) {
      String description = describe(((InvalidTokenException) e).reason());
      return new AuthErrorResponse(401, "invalid_token", description,
          new Challenge(realm).param("error", "invalid_token")
              .param("error_description", description).toString());
    }
    if (e instanceof ForbiddenException) {
      ForbiddenException f = (ForbiddenException) e;
      String description = forbidden(f);
      boolean named = carried(description);
      Challenge challenge = new Challenge(realm).param("error", "insufficient_scope")
          .param("error_description", named ? description : unnamed(f));
      // RFC 6750 section 3: scope lists the scopes the request needs, all of them. A role is no
      // OAuth scope, and permissions of which any one would do are not all needed, so both go
      // unsaid; a client that asked for every one of them would ask for more than it needs. A name
      // a scope token cannot carry ("rédacteur", "team lead") is not mangled into another name,
      // and naming only the others would understate the need: then too the scope goes unsaid.
      // Only beside a description that names them: a header that said "the response body says
      // which" and listed them anyway would be as long as the one it avoids.
      if (named && f.kind() == ForbiddenException.Kind.PERMISSION
          && (f.requiresAll() || f.required().size() == 1)
          && f.required().stream().allMatch(AuthErrorResponse::isScopeToken)) {
        challenge.param("scope", String.join(" ", f.required()));
      }
      return new AuthErrorResponse(403, "insufficient_scope", description, challenge.toString());
    }
    if (e instanceof KeysUnavailableException keys) {
      return new AuthErrorResponse(503, "temporarily_unavailable",
          "Access tokens cannot be checked right now; try again later.", null,
          keys.retryAfter().orElse(null));
    }
    if (e instanceof CallInterruptedException) {
      // The service's own thread was interrupted (shutting down, ending a request that took too
      // long): no failure of the identity provider's, and another try may well succeed.
      return new AuthErrorResponse(503, "temporarily_unavailable",
          "The service was interrupted while handling the request; try again later.", null);
    }
    if (e instanceof UserExistsException) {
      return new AuthErrorResponse(409, "user_exists", "A user with that email already exists.",
          null);
    }
    if (e instanceof UserNotFoundException) {
      return new AuthErrorResponse(404, "not_found", "The user does not exist.", null);
    }
    if (e instanceof ProtektApiException api && api.statusCode() >= 400 && api.statusCode() < 500
        && api.statusCode() != 429) {
      // The tenant refused what the service sent (a field it does not take, the client's
      // rights): the same request fails again, so no "try again later".
      return new AuthErrorResponse(502, "bad_gateway",
          "The identity provider refused the service's request.", null);
    }
    if (e instanceof ProtektUnavailableException || e instanceof ProtektApiException) {
      return new AuthErrorResponse(502, "bad_gateway",
          "The identity provider did not answer as expected; try again later.", null);
    }
    String description = e instanceof ConfigurationException
        ? "The service's authentication is misconfigured."
        : "Internal server error.";
    return new AuthErrorResponse(500, "server_error", description, null);
  }

  private static String describe(InvalidTokenException.Reason reason) {
    switch (reason) {
      case MALFORMED: return "The access token is malformed.";
      case TOO_LARGE: return "The access token is too large.";
      case ENCRYPTED: return "Encrypted access tokens are not accepted.";
      case DISALLOWED_ALGORITHM: return "The access token is signed with an algorithm that is not accepted.";
      case WRONG_TYPE: return "The access token has the wrong type.";
      case UNSUPPORTED_CRITICAL_HEADER: return "The access token has an unsupported critical header.";
      case UNKNOWN_KEY: return "The access token is signed with an unknown key.";
      case KEY_MISMATCH: return "The access token's key does not match its algorithm.";
      case WEAK_KEY: return "The access token is signed with a key that is too weak.";
      case BAD_SIGNATURE: return "The access token's signature is invalid.";
      case MISSING_CLAIM: return "The access token lacks a required claim, or has a claim of the wrong type.";
      case EXPIRED: return "The access token expired.";
      case NOT_YET_VALID: return "The access token is not valid yet.";
      case WRONG_ISSUER: return "The access token is from another issuer.";
      case WRONG_AUDIENCE: return "The access token is not meant for this API.";
      default: return "The access token is invalid.";
    }
  }

  /** RFC 6750 section 3: {@code scope-token = 1*( %x21 / %x23-5B / %x5D-7E )}. */
  private static boolean isScopeToken(String name) {
    return !name.isEmpty() && unquotable(name, '!') < 0;
  }

  /**
   * Whether the challenge carries a 403's {@code description}, which names what was required, as
   * it is: not when a name holds a character it cannot carry, nor when the names are too many or
   * too long for a header.
   */
  private static boolean carried(String description) {
    return describable(description) && description.length() <= MAX_NAMES_IN_CHALLENGE;
  }

  /**
   * RFC 6750 section 3: {@code error_description} is {@code *( %x20-21 / %x23-5B / %x5D-7E )}, so
   * a challenge can carry {@code description} as it is.
   */
  private static boolean describable(String description) {
    return unquotable(description, ' ') < 0;
  }

  /**
   * The index of the first character of {@code value} that a quoted-string cannot carry as it is
   * (below {@code lowest}, above {@code ~}, a quote or a backslash), or -1 when there is none.
   */
  private static int unquotable(String value, char lowest) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < lowest || c > '~' || c == '"' || c == '\\') {
        return i;
      }
    }
    return -1;
  }

  private static String forbidden(ForbiddenException f) {
    String what = f.kind() == ForbiddenException.Kind.ROLE ? "role" : "permission";
    if (f.required().size() == 1) {
      return "Requires the " + what + " " + f.required().get(0) + ".";
    }
    return "Requires " + (f.requiresAll() ? "all" : "one") + " of the " + what + "s "
        + String.join(", ", f.required()) + ".";
  }

  /**
   * The header's description of a failure whose {@link #forbidden(ForbiddenException)} text names a
   * role or permission the challenge cannot carry ("rédacteur", a quote): of the same kind, naming
   * none, rather than a name mangled into another. The body names them, as JSON can.
   */
  private static String unnamed(ForbiddenException f) {
    String what = f.kind() == ForbiddenException.Kind.ROLE ? "role" : "permission";
    return "Requires a " + what + " this token does not have; the response body says which.";
  }

  /** The HTTP status code. */
  public int status() {
    return status;
  }

  /**
   * The {@code error} code of the body (and of the challenge, for 400, 401 with a token and 403).
   */
  public String error() {
    return error;
  }

  /**
   * The human-readable {@code error_description} of the body: a fixed text that is safe to show
   * anyone, naming for a 403 the roles or permissions required. The challenge carries the same
   * text, except where such a name is one a header cannot carry as it is.
   */
  public String description() {
    return description;
  }

  /**
   * The headers to set, in order: {@code WWW-Authenticate} for 400, 401 and 403, {@code Retry-After}
   * for a 503 whose next key fetch is due at a known time ({@link
   * KeysUnavailableException#retryAfter()}), {@code Content-Type} and {@code Cache-Control}
   * always. Unmodifiable.
   */
  public Map<String, String> headers() {
    return headers;
  }

  /** The {@code WWW-Authenticate} challenge, present for 400, 401 and 403. */
  public Optional<String> challenge() {
    return Optional.ofNullable(headers.get("WWW-Authenticate"));
  }

  /** The JSON body, {@code {"error":"…","error_description":"…"}}, to be sent as UTF-8. */
  public String body() {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("error", error);
    body.put("error_description", description);
    try {
      return JSON.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      // Two string fields cannot fail to serialize; if they did, that is a bug, not a client error.
      throw new UncheckedIOException(e);
    }
  }

  /** Status, error code and description; the same safe text the response carries. */
  @Override
  public String toString() {
    return "AuthErrorResponse{" + status + " " + error + ": " + description + "}";
  }

  /**
   * A {@code Bearer} challenge (RFC 6750 section 3). Every value goes in as it is, never rewritten:
   * the callers put in only values a quoted-string carries as they are ({@link
   * #describable(String)} holds of each: fixed texts, a {@linkplain #checkRealm(String) checked} realm, scope tokens, and
   * names only where they pass), and a value that does not is refused, so no value can break out
   * of its quotes or the header line, nor reach it changed into another.
   */
  private static final class Challenge {
    private final StringBuilder header = new StringBuilder("Bearer");
    private boolean first = true;

    Challenge(String realm) {
      if (realm != null) {
        param("realm", realm);
      }
    }

    Challenge param(String name, String value) {
      if (!describable(value)) {
        throw new IllegalArgumentException("a " + name + " a challenge cannot carry as it is");
      }
      header.append(first ? " " : ", ").append(name).append("=\"").append(value).append('"');
      first = false;
      return this;
    }

    @Override
    public String toString() {
      return header.toString();
    }
  }
}
