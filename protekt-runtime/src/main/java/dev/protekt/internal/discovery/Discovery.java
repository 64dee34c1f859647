package dev.protekt.internal.discovery;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.protekt.ConfigurationException;
import dev.protekt.ProtektApiException;
import dev.protekt.ProtektAuth;
import dev.protekt.ProtektUnavailableException;
import dev.protekt.internal.FailedAttempt;
import dev.protekt.internal.Failures;
import dev.protekt.internal.IssuerLocation;
import dev.protekt.internal.Settings;
import dev.protekt.internal.http.CallInterruptedException;
import dev.protekt.internal.http.CallerWaits;
import dev.protekt.internal.http.Hosts;
import dev.protekt.internal.http.InterruptWatch;
import dev.protekt.internal.http.PlainTextAnswers;
import dev.protekt.internal.http.RetriedAttempts;
import dev.protekt.internal.http.RetryAfter;
import dev.protekt.internal.http.StrictJson;
import dev.protekt.internal.http.UnusableAnswerException;
import dev.protekt.internal.http.Urls;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.ResponseBody;
import retrofit2.Response;

/**
 * Finds an issuer's exact issuer, JWKS and token endpoint by OIDC discovery, once: the domain's
 * (the tenant, whose token endpoint and Users API the SDK uses) or another trusted issuer's. A
 * document found is kept for the life of the client (a tenant's endpoints do not move); a failed
 * discovery is not, so the next caller tries again (once the wait a {@code Retry-After} asked for,
 * or the pause after a misconfiguration, is over). One fetch runs at a time: callers that arrive
 * meanwhile share its outcome, waiting on a future rather than a monitor, so that no lock is held
 * across network I/O (a virtual thread waiting here unmounts) and a waiting caller can be
 * interrupted.
 *
 * <p>The document must name its {@code jwks_uri}, and for a client with a secret to send its
 * {@code token_endpoint}, on the domain's host (or one of {@code allowedEndpointHosts}) and over
 * {@code https} unless they are loopback: otherwise whoever could change the document would choose
 * where keys come from and where the client secret goes ({@link ConfigurationException}).
 *
 * <p>When the discovery document is absent (404) the contract's fallback applies: keys at {@code
 * {base}/.well-known/jwks.json}, tokens at {@code {base}/oauth/token}, and the issuer {@code
 * {base}/}. A 404 may as well be a moment of a deploy, so the fallback is provisional: it stands
 * until the next key fetch, which asks again ({@link #rediscovered()}); a document found then
 * replaces it for good. A tenant without a document costs one more request per key fetch. Keys
 * not found at the fallback either say that nothing lives at the domain ({@link #keySetRefusal}).
 */
public final class Discovery {
  /** Entra ID's v1 issuer, which its document names when the domain lacks {@code /v2.0}. */
  private static final String ENTRA_V1 = "https://sts.windows.net/";

  private final Settings settings;
  private final IssuerLocation location;
  private final OidcApi api;
  /** What the document said, once it was found; then final. */
  private volatile OidcMetadata metadata;
  /** The contract's fallback after the last 404, while no document was found. */
  private volatile OidcMetadata fallback;
  private final AtomicReference<CompletableFuture<OidcMetadata>> inFlight = new AtomicReference<>();
  /** The last failed discovery, or {@code null} once one succeeded or before any failed. */
  private volatile FailedAttempt<RuntimeException> lastFailure;
  /** The last document that named an issuer other than this one, with its refusal. */
  private volatile Misnamed misnamed;
  /** What the request in flight met on its attempts so far, or {@code null} when none is. */
  private volatile RetriedAttempts requesting;

  /** A document's {@code issuer} that is not this issuer's, and the refusal that says so. */
  private record Misnamed(String issuer, ConfigurationException refusal) {}

  /** Discovery for the domain; nothing is fetched until first use. */
  public Discovery(Settings settings, OkHttpClient http) {
    this(settings, settings.primaryIssuer(), http);
  }

  /**
   * Discovery for one trusted issuer, the domain or another, whose document is held to the same
   * endpoint policy on its own host; nothing is fetched until first use.
   */
  public Discovery(Settings settings, IssuerLocation location, OkHttpClient http) {
    this.settings = settings;
    this.location = location;
    this.api = OidcApi.create(http, settings, location.baseUrl());
  }

  /** Where this issuer lives, as configured. */
  public IssuerLocation location() {
    return location;
  }

  /**
   * The tenant's metadata, fetched on first use; the fallback, if the last discovery found none.
   *
   * @throws ProtektUnavailableException if discovery fails or its document is unusable
   * @throws ConfigurationException if the document names endpoints the SDK must not use, or an
   *     issuer other than the one configured
   */
  public OidcMetadata metadata() {
    OidcMetadata f = fallback;
    return metadata == null && f != null ? f : rediscovered();
  }

  /**
   * As {@link #metadata()}, but a fallback is not taken as the answer: discovery is asked again
   * (or the discovery in flight is joined), unless the last one failed with a 429 or 503 whose
   * {@code Retry-After} has not ended, or on the configuration less than its {@link
   * Failures#pauseMillis pause} ago: then that failure is thrown again at once.
   *
   * @throws ProtektUnavailableException if discovery fails or its document is unusable
   * @throws ConfigurationException if the document names endpoints the SDK must not use, or an
   *     issuer other than the one configured
   */
  public OidcMetadata rediscovered() {
    OidcMetadata m = metadata;
    if (m != null) {
      return m;
    }
    FailedAttempt<RuntimeException> failed = lastFailure;
    // A Retry-After, or a configuration known wrong, holds for every caller, machine tokens too;
    // after another failure a caller that waits for the answer may ask again at once.
    if (failed != null && pausing(failed)
        && Failures.pauseMillis(failed.error()) > Failures.PAUSE_AFTER_FAILURE_MILLIS) {
      throwIfConfiguration(failed.error());
      throw failed.error();
    }
    CompletableFuture<OidcMetadata> mine = new CompletableFuture<>();
    CompletableFuture<OidcMetadata> running = inFlight.compareAndExchange(null, mine);
    if (running == null) {
      run(mine);
      return await(mine);
    }
    try {
      return await(running);
    } catch (CallInterruptedException e) {
      if (Thread.currentThread().isInterrupted()) {
        throw e;
      }
      // The caller that ran it was interrupted, which is no answer for this one: ask again.
      return rediscovered();
    }
  }

  /**
   * Whether {@code iss} may be this issuer's although its issuer is not known yet: it is the
   * configured URL, a trailing slash aside, since {@link #fetch} accepts no other issuer (nor does
   * the fallback name another). So a token's {@code iss} finds its issuer before discovery
   * answers, and another issuer's discovery, slow or broken, never stands in its way.
   */
  public boolean mayBecome(String iss) {
    return knownIssuer() == null && sameUrl(iss, location.baseUrl());
  }

  /**
   * The refusal of this issuer's document, again, if the last discovery failed because it named
   * {@code iss} instead of this issuer: a token of {@code iss} is then this issuer's, configured
   * by another URL, and the refusal says which to configure. Else {@code null}; never asks.
   */
  public ConfigurationException namedInstead(String iss) {
    Misnamed m = misnamed;
    FailedAttempt<RuntimeException> failed = lastFailure;
    return m != null && failed != null && failed.error() == m.refusal() && m.issuer().equals(iss)
        ? again(m.refusal()) : null;
  }

  /**
   * Starts discovery on a thread of its own, unless it has answered, one runs, or the last failed
   * less than its {@link Failures#pauseMillis pause} ago: for a token whose {@code iss} is no
   * trusted issuer's, so that later ones are told when this issuer's document named theirs
   * ({@link #namedInstead}), without that token waiting for it.
   */
  public void discoverInBackground() {
    FailedAttempt<RuntimeException> failed = lastFailure;
    if (known() != null || inFlight.get() != null || (failed != null && pausing(failed))) {
      return;
    }
    CompletableFuture<OidcMetadata> mine = new CompletableFuture<>();
    if (!inFlight.compareAndSet(null, mine)) {
      return;
    }
    try {
      Thread fetcher = new Thread(() -> run(mine), "protekt-discovery");
      fetcher.setDaemon(true);
      fetcher.start();
    } catch (Throwable e) {
      // A discovery that never started must not stay in flight, or none would start again.
      inFlight.compareAndSet(mine, null);
      mine.completeExceptionally(e);
      throw e;
    }
  }

  /** Whether {@code failed} still holds discovery off. */
  private boolean pausing(FailedAttempt<RuntimeException> failed) {
    return failed.pauseLeftMillis(settings.clock()) > 0;
  }

  /**
   * The last discovery's failure, if {@code error} is that failure (a misconfiguration thrown
   * again: a copy, whose cause it is) and it ended before {@code sinceNanos} ({@link
   * System#nanoTime()}): then it was thrown again at once from its pause, and no request was made
   * for a caller that began then. Else {@code null}.
   */
  public FailedAttempt<RuntimeException> failedBefore(Throwable error, long sinceNanos) {
    FailedAttempt<RuntimeException> failed = lastFailure;
    boolean same = failed != null
        && (failed.error() == error || failed.error() == error.getCause());
    return same && failed.atNanos() - sinceNanos < 0 ? failed : null;
  }

  /**
   * A configuration error again, with this caller's stack; it is no outage to wait out. The one
   * first thrown is its cause (as {@code ForkJoinTask} does): where it was found, and which failure
   * it is, for {@link #failedBefore}.
   */
  private static void throwIfConfiguration(Throwable error) {
    if (error instanceof ConfigurationException e) {
      throw again(e);
    }
  }

  /** {@code first} as {@link #throwIfConfiguration} throws it again. */
  private static ConfigurationException again(ConfigurationException first) {
    ConfigurationException again =
        new ConfigurationException(first.getMessage(), first.options().toArray(new String[0]));
    again.initCause(first);
    return again;
  }

  /**
   * The exact issuer if it is known without asking anyone: a bare-host domain's, or the one
   * discovery named (or fell back to); else {@code null}.
   */
  public String knownIssuer() {
    OidcMetadata m = known();
    return m != null ? m.issuer() : location.fixedIssuer();
  }

  /** Fetches the document for {@code mine}, the fetch in flight, and completes it either way. */
  private void run(CompletableFuture<OidcMetadata> mine) {
    OidcMetadata found = null;
    RuntimeException failed = null;
    try {
      // A fetch may have finished between the first look and winning this one.
      OidcMetadata m = metadata != null ? metadata : fetch();
      if (m == null) {
        m = fallback();
        fallback = m;
      } else {
        metadata = m;
        fallback = null;
      }
      lastFailure = null;
      found = m;
    } catch (CallInterruptedException e) {
      // Its caller's interrupt, no failure of the tenant's: neither health nor a pause holds it.
      failed = e;
    } catch (RuntimeException e) {
      lastFailure = FailedAttempt.now(e, settings.clock());
      failed = e;
    } finally {
      // Out of flight before its waiters wake: one that asks again at once must find the outcome
      // (or the pause), not this finished fetch.
      inFlight.compareAndSet(mine, null);
    }
    if (failed != null) {
      mine.completeExceptionally(failed);
    } else {
      mine.complete(found);
    }
  }

  /**
   * The last attempt that the request in flight retried, or {@code null} when no request is in
   * flight or it has not retried yet.
   */
  public RetriedAttempts.Attempt lastRetried() {
    RetriedAttempts r = requesting;
    return r == null ? null : r.last();
  }

  /** The tenant's metadata (or fallback) if a fetch succeeded, else {@code null}; never fetches. */
  public OidcMetadata known() {
    OidcMetadata m = metadata;
    return m != null ? m : fallback;
  }

  /** A fetch's outcome, bounded by that fetch's own call timeout. */
  private static OidcMetadata await(CompletableFuture<OidcMetadata> running) {
    try {
      return running.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CallInterruptedException("Interrupted while waiting for OIDC discovery.", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw new ProtektUnavailableException("OIDC discovery failed: " + e.getCause(), e);
    }
  }

  /** The audience of the tenant's Users API: {@code {issuer}api/v2/}. */
  public String usersAudience() {
    String issuer = metadata().issuer();
    return issuer + (issuer.endsWith("/") ? "" : "/") + "api/v2/";
  }

  /** The base URL of the tenant's Users API: {@code {base}/api/v2/}. */
  public HttpUrl usersBaseUrl() {
    return location.baseUrl().newBuilder().addPathSegments("api/v2/").build();
  }

  /** The document's metadata, or {@code null} when there is none (404). */
  private OidcMetadata fetch() {
    HttpUrl url = documentUrl();
    String shown = Urls.redact(url);
    JsonNode doc;
    RetriedAttempts retried = new RetriedAttempts();
    requesting = retried;
    try {
      Response<ResponseBody> response =
          InterruptWatch.execute(api.configuration(url, CallerWaits.TAG, retried));
      if (response.code() == 404) {
        return null;
      }
      if (!response.isSuccessful()) {
        String answered = "OIDC discovery at " + shown + " answered HTTP " + response.code() + ".";
        // The status goes along as the cause, for health to show it.
        throw new ProtektUnavailableException(answered, new ProtektApiException(response.code(),
            null, answered, RetryAfter.askedBy(response, settings.clock())));
      }
      doc = document(response.body(), shown);
    } catch (UnusableAnswerException e) {
      throw new ProtektUnavailableException("OIDC discovery at " + shown + " failed. "
          + e.getMessage(), e);
    } catch (IOException e) {
      if (Thread.currentThread().isInterrupted()) {
        throw new CallInterruptedException("OIDC discovery at " + shown
            + (e instanceof InterruptWatch.NotSent ? " was not sent: the thread is interrupted."
                : " was interrupted."), e);
      }
      throw noAnswer(e, "OIDC discovery at " + shown + " failed: ");
    } finally {
      requesting = null;
    }
    String issuer = text(doc, "issuer", shown);
    if (issuer == null) {
      throw lacks(shown);
    }
    // The issuer first: a domain that is not the issuer's own URL (an Okta custom domain, Entra
    // without /v2.0, localhost for 127.0.0.1) is the mistake to report, and the endpoints' hosts,
    // checked against the domain's, would only send the user to allow them instead.
    if (location.fixedIssuer() != null && !location.fixedIssuer().equals(issuer)) {
      throw otherIssuer(shown, issuer, "but " + option().builderName() + " '" + location.shown()
          + "' means '" + location.fixedIssuer() + "'");
    }
    if (location.fixedIssuer() == null && !sameUrl(issuer, location.baseUrl())) {
      // OIDC Discovery 1.0, section 4.3: else whoever serves the document could make the SDK
      // trust another issuer's tokens.
      throw otherIssuer(shown, issuer, "which is not the URL it was discovered from");
    }
    HttpUrl jwks = url(doc, "jwks_uri", shown);
    if (jwks == null) {
      throw lacks(shown);
    }
    // Only a client that sends its secret there needs the token endpoint, and a verify-only client
    // of a provider that keeps it on another host (Cognito, Google) must not be refused for it.
    HttpUrl tokenEndpoint = sendsClientSecret() ? url(doc, "token_endpoint", shown) : null;
    return new OidcMetadata(issuer, jwks, tokenEndpoint);
  }

  /**
   * The failure of a discovery request that got no answer, {@code failed} the start of its
   * message. A server that answers a TLS greeting in another protocol where the domain asks for
   * TLS (as a bare host always does) is a configuration to fix, not an outage; one that closes the
   * connection instead may be either. Both messages name the domain to write for plain http.
   */
  private RuntimeException noAnswer(IOException e, String failed) {
    String tls = e instanceof SSLException && location.baseUrl().isHttps()
        ? String.valueOf(e.getMessage()) : "";
    // The server answered in another protocol, such as the "400 Bad Request" a plain-http server
    // sends for a TLS greeting.
    if (!tls.isEmpty() && PlainTextAnswers.answeredInPlainText(e)) {
      ConfigurationException refusal = new ConfigurationException(failed + "the server at "
          + hostAndPort() + " does not speak TLS" + notTls(), option().builderName());
      refusal.initCause(e);
      return refusal;
    }
    // Closed without a TLS alert, as a plain-http server that waits for a request line does; a
    // TLS server going down does too, so it stays an outage, retried, with the hint.
    if (e instanceof SSLHandshakeException && tls.contains("terminated the handshake")) {
      return new ProtektUnavailableException(failed + "the server at " + hostAndPort()
          + " closed the connection during the TLS handshake, as one that does not speak TLS"
          + " does" + notTls(), e);
    }
    // Silent at the greeting until the read timeout, as the JDK's HTTP server (and so the local
    // tenant run by hand) often is: on loopback, where plain http is the likely tenant, the hint.
    if (e instanceof InterruptedIOException && location.baseUrl().isHttps()
        && Hosts.isLoopback(location.baseUrl().host())) {
      return new ProtektUnavailableException(failed + Urls.printable(e.toString()) + ". A server"
          + " that does not speak TLS may not answer its greeting at all" + notTls(), e);
    }
    return new ProtektUnavailableException(failed + Urls.printable(e.toString()), e);
  }

  /** Where the domain asks for TLS, and the domain that would not, for {@link #noAnswer}. */
  private String notTls() {
    ProtektAuth.Option option = option();
    String asks = location.fixedIssuer() != null
        ? ", but " + option.builderName() + " '" + location.shown() + "' means https://"
            + hostAndPort() + ", as a bare host always does"
        : ", but " + option.builderName() + " '" + location.shown() + "' asks for https";
    String set = " set " + option.builderName() + " (" + option.environmentVariable() + ") to ";
    if (!Hosts.isLoopback(location.baseUrl().host())) {
      return asks + ":" + set + "the tenant's https address (plain http is allowed only to"
          + " loopback).";
    }
    String path = location.baseUrl().encodedPath();
    return asks + ". For a plain-http tenant on loopback," + set + "http://" + hostAndPort()
        + ("/".equals(path) ? "" : path) + ".";
  }

  /** The domain's host and port, as a URL writes them ({@code [::1]:8443}). */
  private String hostAndPort() {
    HttpUrl base = location.baseUrl();
    String host = base.host().contains(":") ? "[" + base.host() + "]" : base.host();
    return host + ":" + base.port();
  }

  /** Where the discovery document is: {@code {base}/.well-known/openid-configuration}. */
  private HttpUrl documentUrl() {
    return location.baseUrl().newBuilder()
        .addPathSegments(".well-known/openid-configuration").build();
  }

  /**
   * The failure of a request for the keys at {@code metadata}'s {@code jwks_uri} that answered
   * {@code response}'s error status, with the {@code Retry-After} it asked for. A 404 where the
   * contract's fallback put them, discovery having answered 404 too, says that nothing lives at
   * the configured URL (a host serving something else, or an issuer's path missing or wrong), so
   * the message says to check it rather than to wait.
   */
  public ProtektApiException keySetRefusal(OidcMetadata metadata, Response<?> response) {
    int status = response.code();
    String keys = Urls.redact(metadata.jwksUri());
    String message;
    // A document found is kept for good: any other metadata is the fallback.
    if (status == 404 && metadata != this.metadata) {
      ProtektAuth.Option option = option();
      message = "OIDC discovery at " + Urls.redact(documentUrl()) + " and the keys at " + keys
          + ", where the contract puts them without it, both answered HTTP 404 (not found): no"
          + " issuer was found at " + option.builderName() + " '" + location.shown() + "'. Check "
          + option.builderName() + " (" + option.environmentVariable() + "): it is the issuer's"
          + " URL, with the path of a Keycloak, Okta or Entra ID issuer"
          + " (https://kc.example.com/realms/acme, https://your-org.okta.com/oauth2/default,"
          + " https://login.microsoftonline.com/<tenant-id>/v2.0)";
    } else {
      message = "JWKS at " + keys + " answered HTTP " + status;
    }
    return new ProtektApiException(status, null, message,
        RetryAfter.askedBy(response, settings.clock()));
  }

  /** The refusal of a document without the issuer or the jwks_uri it must name. */
  private static ProtektUnavailableException lacks(String shown) {
    return new ProtektUnavailableException("OIDC discovery at " + shown
        + " lacks a valid issuer or jwks_uri.");
  }

  /**
   * The document in {@code body}, read strictly ({@link StrictJson}); {@code null} when there is
   * no body.
   *
   * @throws ProtektUnavailableException if it is not JSON, saying what it is instead: the
   *     parser's message would quote the answer and name its own classes
   */
  private static JsonNode document(ResponseBody body, String shown) throws IOException {
    if (body == null) {
      return null;
    }
    try (body) {
      return StrictJson.MAPPER.readTree(body.byteStream());
    } catch (JsonProcessingException e) {
      MediaType type = body.contentType();
      boolean json = type != null
          && (type.subtype().equals("json") || type.subtype().endsWith("+json"));
      JsonLocation at = e.getLocation();
      // The content type says what answered instead (a proxy's or a login page's HTML); where
      // the JSON breaks is what a user can look up in the answer.
      String what = json ? "malformed JSON" + (at == null ? "" : " (at line " + at.getLineNr()
          + ", column " + at.getColumnNr() + ")")
          : (type == null ? "without a content type" : Urls.printable(type.type() + "/"
              + type.subtype())) + ", not JSON";
      throw new ProtektUnavailableException("OIDC discovery at " + shown + " answered " + what
          + ".", e);
    }
  }

  /** Whether this is the domain of a client that requests machine tokens with its secret. */
  private boolean sendsClientSecret() {
    return location.equals(settings.primaryIssuer()) && settings.clientSecret() != null
        && settings.tokenProvider() == null;
  }

  /** The option this issuer was configured with: the domain, or one of additionalIssuers. */
  private ProtektAuth.Option option() {
    return location.equals(settings.primaryIssuer())
        ? ProtektAuth.Option.DOMAIN : ProtektAuth.Option.ADDITIONAL_ISSUERS;
  }

  /**
   * The refusal of a document whose issuer is not the one configured, {@code why} says how; kept
   * with that issuer for {@link #namedInstead}.
   */
  private ConfigurationException otherIssuer(String shown, String issuer, String why) {
    ProtektAuth.Option option = option();
    String named = Urls.asWritten(issuer);
    ProtektAuth.Option configuredAs = configuredAs(issuer);
    String advice;
    if (issuer.contains("{tenantid}")) {
      // Entra's multi-tenant ("common", "organizations") documents name a template, no issuer.
      advice = "a multi-tenant issuer is not supported: configure each tenant's own issuer"
          + " (https://login.microsoftonline.com/<tenant id>/v2.0), several of them with"
          + " additionalIssuers";
    } else if (configuredAs != null) {
      advice = "that issuer is configured already, as " + configuredAs.builderName() + ": remove '"
          + location.shown() + "' from " + option.builderName();
    } else {
      advice = "set " + option.builderName() + " (" + option.environmentVariable() + ") to the"
          + " issuer its tokens name in iss: '" + named + "' if it is this document's";
      if (issuer.startsWith(ENTRA_V1)) {
        // Entra without /v2.0 is served the v1 document, whatever version its tokens are.
        advice += ", or '" + Urls.asWritten(location.baseUrl() + "/v2.0")
            + "' for Entra ID's v2 tokens, whose iss ends in /v2.0";
      }
    }
    ConfigurationException refusal = new ConfigurationException("OIDC discovery at " + shown
        + " names the issuer '" + named + "', " + why + ": " + advice + ".", option.builderName());
    misnamed = new Misnamed(issuer, refusal);
    return refusal;
  }

  /** The option that configures {@code issuer} as another trusted issuer, or {@code null}. */
  private ProtektAuth.Option configuredAs(String issuer) {
    if (!location.equals(settings.primaryIssuer()) && names(settings.primaryIssuer(), issuer)) {
      return ProtektAuth.Option.DOMAIN;
    }
    for (IssuerLocation other : settings.additionalIssuers()) {
      if (!other.equals(location) && names(other, issuer)) {
        return ProtektAuth.Option.ADDITIONAL_ISSUERS;
      }
    }
    return null;
  }

  /** Whether {@code issuer} is the one {@code other} configures. */
  private static boolean names(IssuerLocation other, String issuer) {
    return other.fixedIssuer() != null
        ? other.fixedIssuer().equals(issuer) : sameUrl(issuer, other.baseUrl());
  }

  /** Whether {@code issuer} is {@code base}, a trailing slash aside. */
  private static boolean sameUrl(String issuer, HttpUrl base) {
    HttpUrl parsed = HttpUrl.parse(issuer);
    return parsed != null && withoutTrailingSlash(parsed).equals(withoutTrailingSlash(base));
  }

  private static String withoutTrailingSlash(HttpUrl url) {
    String text = url.toString();
    return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
  }

  private OidcMetadata fallback() {
    HttpUrl base = location.baseUrl();
    String issuer = location.fixedIssuer() != null ? location.fixedIssuer() : base + "/";
    if (issuer.endsWith("//")) {
      issuer = issuer.substring(0, issuer.length() - 1);
    }
    return new OidcMetadata(issuer,
        base.newBuilder().addPathSegments(".well-known/jwks.json").build(),
        base.newBuilder().addPathSegments("oauth/token").build());
  }

  /**
   * The text of {@code field}, {@code null} if absent or blank.
   *
   * @throws ConfigurationException if the document gives it as something else than a string: a
   *     document to fix, not an outage to wait out
   */
  private static String text(JsonNode doc, String field, String shown) {
    JsonNode node = doc == null ? null : doc.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual()) {
      throw new ConfigurationException("OIDC discovery at " + shown + " gives its " + field
          + " as a JSON " + node.getNodeType().toString().toLowerCase(Locale.ROOT)
          + ", not a string. Fix the tenant's discovery document.", "domain");
    }
    return node.asText().isBlank() ? null : node.asText();
  }

  /**
   * The URL in {@code field}, {@code null} if absent.
   *
   * @throws ConfigurationException if it is not an absolute http(s) URL, or one the SDK must not
   *     use
   */
  private HttpUrl url(JsonNode doc, String field, String shown) {
    String value = text(doc, field, shown);
    if (value == null) {
      return null;
    }
    HttpUrl url = HttpUrl.parse(value);
    if (url == null) {
      throw new ConfigurationException("OIDC discovery at " + shown + " names the " + field + " '"
          + Urls.redact(value) + "', which is not an absolute https URL (or http"
          + " to loopback). Fix the tenant's discovery document.", "domain");
    }
    boolean loopback = Hosts.isLoopback(url.host());
    if (!url.isHttps() && !loopback) {
      throw new ConfigurationException("OIDC discovery at " + shown + " names the " + field + " "
          + Urls.redact(url) + " in plain http: outside loopback it must be https, since keys and"
          + " the client secret would travel in the clear. Fix the tenant's discovery document.",
          "domain");
    }
    String host = url.host();
    if (!host.equals(location.baseUrl().host())
        && !settings.allowedEndpointHosts().contains(host)) {
      throw new ConfigurationException("OIDC discovery at " + shown + " names the " + field + " "
          + Urls.redact(url) + " on the host '" + host + "', not on the domain's host '"
          + location.baseUrl().host() + "'. If that host is really the tenant's, allow it with"
          + " allowedEndpointHosts(\"" + host + "\") or PROTEKT_ALLOWED_ENDPOINT_HOSTS=" + host
          + ".", "allowedEndpointHosts");
    }
    return url;
  }
}
