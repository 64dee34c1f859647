package dev.protekt.internal.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.protekt.CapturedLog;
import dev.protekt.ConfigurationException;
import dev.protekt.Eventually;
import dev.protekt.InvalidTokenException;
import dev.protekt.KeysUnavailableException;
import dev.protekt.LoopbackServers;
import dev.protekt.ProtektAuth;
import dev.protekt.ProtektUnavailableException;
import dev.protekt.health.Failure;
import dev.protekt.testing.LocalTenant;
import dev.protekt.testing.LocalTenantExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Where discovery may send the SDK for keys and for machine tokens, and how callers wait for it.
 * The "other host" is {@code localhost}, the same loopback server under another name, so that an
 * allowed one really answers.
 */
@ExtendWith(LocalTenantExtension.class)
class DiscoveryTest {
  private static final String DISCOVERY = "/.well-known/openid-configuration";
  private static final String JWKS = "/.well-known/jwks.json";
  private static final String TOKEN = "/oauth/token";

  private final LocalTenant tenant;

  DiscoveryTest(LocalTenant tenant) {
    this.tenant = tenant;
  }

  @AfterEach
  void clearFaults() {
    tenant.faults().clear();
  }

  /** The tenant's discovery document, with its two endpoints on {@code base} instead. */
  private void discoveryNames(String jwksBase, String tokenBase) {
    String doc = "{\"issuer\":\"" + tenant.issuer() + "\",\"jwks_uri\":\"" + jwksBase + JWKS
        + "\",\"token_endpoint\":\"" + tokenBase + TOKEN + "\"}";
    tenant.faults().clear();
    tenant.faults().failNext(DISCOVERY, 100, 200, Map.of("Content-Type", "application/json"), doc);
  }

  private ProtektAuth.Builder client() {
    return ProtektAuth.builder().domain(tenant.domain()).audience(tenant.apiAudience())
        .clientId(tenant.clientId()).clientSecret(tenant.clientSecret()).retryAttempts(0);
  }

  private String onLocalhost(String scheme) {
    return scheme + "://localhost:" + tenant.port();
  }

  @Test
  void anIssuerOtherThanTheUrlDiscoveredFromIsAConfigurationError() {
    // As Entra's multi-tenant document says it: a template, which OkHttp would percent-encode.
    String elsewhere = onLocalhost("http") + "/{tenantid}/v2.0";
    tenant.faults().failNext(DISCOVERY, 100, 200, Map.of("Content-Type", "application/json"),
        "{\"issuer\":\"" + elsewhere + "\",\"jwks_uri\":\"" + tenant.domain() + JWKS + "\"}");
    ProtektAuth auth = client().build();

    var e = assertThrows(ConfigurationException.class,
        () -> auth.verifyToken(tenant.token().issuer(elsewhere).sign()));
    assertTrue(e.getMessage().contains("names the issuer '" + elsewhere + "', which is not the URL"
        + " it was discovered from: a multi-tenant issuer is not supported"), e.getMessage());
    assertEquals(List.of("domain"), e.options());
    assertThrows(ConfigurationException.class, auth::warmUp);
    assertEquals(Failure.Kind.MISCONFIGURED, auth.health().keys().lastFailure().kind());
    assertTrue(tenant.requests(JWKS).isEmpty(), "no key was fetched for that issuer");
  }

  /**
   * The tenant's document names its issuer, and its endpoints, on 127.0.0.1 whatever name it was
   * asked by: configured as localhost, the issuer is the mistake to report, not the endpoints'
   * host, which allowing would only lead to the issuer's refusal next.
   */
  @Test
  void anIssuerOnAnotherHostIsReportedBeforeTheEndpointsOnIt() {
    ProtektAuth auth = client().domain(onLocalhost("http")).build();

    var e = assertThrows(ConfigurationException.class,
        () -> auth.verifyToken(tenant.token().sign()));
    assertTrue(e.getMessage().contains("names the issuer '" + tenant.issuer() + "', which is not"
        + " the URL it was discovered from: set domain (PROTEKT_DOMAIN) to the issuer its tokens"
        + " name in iss: '" + tenant.issuer() + "'"), e.getMessage());
    assertFalse(e.getMessage().contains("allowedEndpointHosts"), e.getMessage());
    assertEquals(List.of("domain"), e.options());
  }

  @Test
  void anotherIssuerOfAnAdditionalIssuerNamesThatOptionAndTheIssuerToConfigure() {
    String elsewhere = onLocalhost("http") + "/oauth2/default";
    ProtektAuth auth = client().additionalIssuers(tenant.domain() + "/other").build();
    tenant.faults().failNext("/other" + DISCOVERY, 100, 200,
        Map.of("Content-Type", "application/json"),
        "{\"issuer\":\"" + elsewhere + "\",\"jwks_uri\":\"" + tenant.domain() + JWKS + "\"}");

    // The tokens' iss is no trusted issuer's, but the document of one names it: once that
    // discovery has answered (started by the first such token, which does not wait for it), its
    // tokens are told what to configure.
    String token = tenant.token().issuer(elsewhere).sign();
    assertEquals(InvalidTokenException.Reason.WRONG_ISSUER,
        assertThrows(InvalidTokenException.class, () -> auth.verifyToken(token)).reason());
    Eventually.holds("the document was read", () -> {
      try {
        auth.verifyToken(token);
        throw new AssertionError("accepted a token of an issuer not configured");
      } catch (InvalidTokenException beforeItWasRead) {
        return false;
      } catch (ConfigurationException e) {
        assertTrue(e.getMessage().contains("set additionalIssuers (PROTEKT_ADDITIONAL_ISSUERS) to"
            + " the issuer its tokens name in iss: '" + elsewhere + "' if it is this document's"),
            e.getMessage());
        assertEquals(List.of("additionalIssuers"), e.options());
        return true;
      }
    });
  }

  /**
   * A document naming a member twice says two things, and Jackson alone would take the last: a
   * second jwks_uri appended by whatever can append to the document would choose the keys.
   */
  @Test
  void aDocumentWithARepeatedMemberOrTextAfterItIsNoDocument() {
    for (String doc : List.of(
        "{\"issuer\":\"" + tenant.issuer() + "\",\"jwks_uri\":\"" + tenant.domain() + JWKS
            + "\",\"jwks_uri\":\"" + onLocalhost("http") + JWKS + "\"}",
        "{\"issuer\":\"" + tenant.issuer() + "\",\"jwks_uri\":\"" + tenant.domain() + JWKS
            + "\"} {\"jwks_uri\":\"" + onLocalhost("http") + JWKS + "\"}")) {
      tenant.faults().clear();
      tenant.faults().failNext(DISCOVERY, 100, 200, Map.of("Content-Type", "application/json"),
          doc);
      ProtektAuth auth = client().allowedEndpointHosts("localhost").build();

      assertThrows(KeysUnavailableException.class, () -> auth.verifyToken(tenant.token().sign()));
      assertEquals(Failure.Kind.BAD_ANSWER, auth.health().keys().lastFailure().kind());
      assertTrue(tenant.requests(JWKS).isEmpty(), "no key set was fetched");
    }
  }

  /**
   * An answer that is no document is described as a user can check it (its content type, where its
   * JSON breaks, its size), never by the parser's or the SDK's own exception. A bare server sends
   * the content types, which the local tenant chooses itself.
   */
  @Test
  void anAnswerThatIsNoDocumentIsDescribedWithoutTheParsersWords() {
    Map<String, String> answers = Map.of(
        "text/html; charset=utf-8", "<!doctype html><title>Sign in</title>",
        "application/json", "{\"issuer\":\"" + tenant.issuer() + "\",",
        "application/jrd+json", "{\"issuer\":" + " ".repeat(9 * 1024 * 1024) + "}");
    Map<String, String> described = Map.of(
        "text/html; charset=utf-8", " answered text/html, not JSON. ",
        "application/json", " answered malformed JSON (at line 1, column ",
        "application/jrd+json", " failed. The response is larger than 8 MiB, more than the SDK"
            + " reads from a tenant. ");
    AtomicReference<String> type = new AtomicReference<>();
    HttpServer server = LoopbackServers.start(exchange -> {
      try (exchange) {
        byte[] body = answers.get(type.get()).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type.get());
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
      } catch (IOException clientGaveUp) {
        // The SDK stops reading an answer at its bound.
      }
    });
    try {
      for (String sent : answers.keySet()) {
        type.set(sent);
        ProtektAuth auth = client().domain(LoopbackServers.domain(server)).build();

        String message = assertThrows(KeysUnavailableException.class,
            () -> auth.verifyToken(tenant.token().sign())).getMessage();
        assertTrue(message.contains("OIDC discovery at " + LoopbackServers.domain(server)
            + DISCOVERY + described.get(sent)), message);
        for (String internal : List.of("Exception", "jackson", "Source", "dev.protekt")) {
          assertFalse(message.contains(internal), message);
        }
        assertEquals(Failure.Kind.BAD_ANSWER, auth.health().keys().lastFailure().kind());
      }
    } finally {
      server.stop(0);
    }
  }

  @Test
  void textOfTheDocumentReachesMessagesAndLogsOnlyAsPrintableText() {
    tenant.faults().failNext(DISCOVERY, 100, 200, Map.of("Content-Type", "application/json"),
        "{\"issuer\":\"urn:x\\n[main] INFO forged - admin logged in\\u001b[31m\",\"jwks_uri\":\""
            + tenant.domain() + JWKS + "\"}");
    ProtektAuth auth = client().build();
    AtomicReference<String> message = new AtomicReference<>();

    String log = CapturedLog.until("cannot be fetched", () -> message.set(assertThrows(
        ConfigurationException.class, () -> auth.verifyToken(tenant.token().sign()))
        .getMessage()));

    assertTrue(message.get().contains("names the issuer 'urn:x?[main] INFO forged"),
        message.get());
    for (String shown : new String[] {message.get(), log}) {
      assertFalse(shown.contains("\n[main] INFO forged"), shown);
      assertFalse(shown.contains("\u001b"), shown);
    }
  }

  @Test
  void aJwksUriOnAnotherHostInPlainHttpIsRefusedAndAllowedWithTheOption() {
    discoveryNames(onLocalhost("http"), tenant.domain());
    var e = assertThrows(ConfigurationException.class,
        () -> client().build().verifyToken(tenant.token().sign()));
    assertTrue(e.getMessage().contains("names the jwks_uri http://localhost:" + tenant.port()
        + JWKS + " on the host 'localhost', not on the domain's host '127.0.0.1'"), e.getMessage());
    assertTrue(e.getMessage().contains("allowedEndpointHosts(\"localhost\")"), e.getMessage());
    assertEquals("allowedEndpointHosts", e.options().get(0));
    assertTrue(tenant.requests(JWKS).isEmpty(), "no key was fetched from there");

    ProtektAuth allowed = client().allowedEndpointHosts("localhost").build();
    assertEquals("protekt|ok", allowed.verifyToken(tenant.token().subject("protekt|ok").sign())
        .subject());
    assertEquals("localhost:" + tenant.port(), tenant.requests(JWKS).get(0).header("Host").orElse(""));
  }

  @Test
  void aJwksUriOnAnotherHostInHttpsIsRefusedAndAllowedWithTheOption() {
    discoveryNames(onLocalhost("https"), tenant.domain());
    var e = assertThrows(ConfigurationException.class,
        () -> client().build().verifyToken(tenant.token().sign()));
    assertTrue(e.getMessage().contains("on the host 'localhost'"), e.getMessage());

    // Allowed, the SDK goes there: the tenant speaks no TLS, so the fetch itself fails (or hangs
    // until its timeout, past the wait).
    assertThrows(KeysUnavailableException.class, () -> client()
        .allowedEndpointHosts("localhost").build().verifyToken(tenant.token().sign()));
  }

  @Test
  void plainHttpOutsideLoopbackIsRefusedEvenOnAnAllowedHost() {
    // 192.0.2.0/24 is TEST-NET-1: never routed, and never reached, since the refusal comes first.
    discoveryNames("http://192.0.2.7", "http://192.0.2.7");
    ProtektAuth auth = client().allowedEndpointHosts("192.0.2.7").build();
    var e = assertThrows(ConfigurationException.class,
        () -> auth.verifyToken(tenant.token().sign()));
    assertTrue(e.getMessage().contains("names the jwks_uri http://192.0.2.7" + JWKS
        + " in plain http: outside loopback it must be https"), e.getMessage());
    assertThrows(ConfigurationException.class, auth::getAccessToken);
  }

  @Test
  void entraWithoutV2IsToldBothIssuersItMayMean() {
    // Entra's v1 document, served for a domain without /v2.0 whatever version its tokens are.
    tenant.faults().failNext("/tid" + DISCOVERY, 100, 200,
        Map.of("Content-Type", "application/json"), "{\"issuer\":\"https://sts.windows.net/tid/\","
            + "\"jwks_uri\":\"" + tenant.domain() + JWKS + "\"}");
    ProtektAuth auth = client().domain(tenant.domain() + "/tid").build();

    var e = assertThrows(ConfigurationException.class, auth::warmUp);
    assertTrue(e.getMessage().endsWith("set domain (PROTEKT_DOMAIN) to the issuer its tokens name"
        + " in iss: 'https://sts.windows.net/tid/' if it is this document's, or '"
        + tenant.domain() + "/tid/v2.0' for Entra ID's v2 tokens, whose iss ends in /v2.0."),
        e.getMessage());
  }

  @Test
  void anAdditionalIssuerWhoseDocumentNamesTheDomainIsToldToGo() {
    tenant.faults().failNext("/other" + DISCOVERY, 100, 200,
        Map.of("Content-Type", "application/json"), "{\"issuer\":\"" + tenant.issuer()
            + "\",\"jwks_uri\":\"" + tenant.domain() + JWKS + "\"}");
    ProtektAuth auth = client().additionalIssuers(tenant.domain() + "/other").build();

    var e = assertThrows(ConfigurationException.class, auth::warmUp);
    assertTrue(e.getMessage().endsWith("that issuer is configured already, as domain: remove '"
        + tenant.domain() + "/other' from additionalIssuers."), e.getMessage());
  }

  @Test
  void aJwksUriOrIssuerTheSdkCannotUseIsAConfigurationError() {
    for (String doc : List.of(
        "{\"issuer\":\"" + tenant.issuer() + "\",\"jwks_uri\":\"ftp://127.0.0.1/jwks\"}",
        "{\"issuer\":\"" + tenant.issuer() + "\",\"jwks_uri\":\"file:///etc/passwd\"}",
        "{\"issuer\":\"" + tenant.issuer() + "\",\"jwks_uri\":\"/relative/jwks\"}",
        "{\"issuer\":[\"" + tenant.issuer() + "\"],\"jwks_uri\":\"" + tenant.domain() + JWKS
            + "\"}")) {
      tenant.faults().clear();
      tenant.faults().failNext(DISCOVERY, 100, 200, Map.of("Content-Type", "application/json"),
          doc);
      ProtektAuth auth = client().build();
      var e = assertThrows(ConfigurationException.class,
          () -> auth.verifyToken(tenant.token().sign()), doc);
      assertTrue(e.getMessage().endsWith("Fix the tenant's discovery document."), e.getMessage());
      assertEquals(Failure.Kind.MISCONFIGURED, auth.health().keys().lastFailure().kind());
    }
    assertTrue(tenant.requests(JWKS).isEmpty(), "a key was fetched");
  }

  @Test
  void aClientThatOnlyVerifiesIgnoresTheTokenEndpointItNeverUses() {
    // As Cognito's document: the token endpoint on another host than the issuer and its keys.
    for (String tokenBase : List.of(onLocalhost("https"), "http://192.0.2.7")) {
      discoveryNames(tenant.domain(), tokenBase);
      ProtektAuth verifyOnly = ProtektAuth.builder().domain(tenant.domain())
          .audience(tenant.apiAudience()).build();
      assertEquals("protekt|ok",
          verifyOnly.verifyToken(tenant.token().subject("protekt|ok").sign()).subject());
      assertThrows(ConfigurationException.class, () -> client().build().verifyToken(
          tenant.token().sign()), "a client with a secret to send is still refused");
    }
  }

  @Test
  void aTokenEndpointOnAnotherHostIsRefusedBeforeTheSecretIsSent() {
    discoveryNames(tenant.domain(), onLocalhost("http"));
    var e = assertThrows(ConfigurationException.class, () -> client().build().getAccessToken());
    assertTrue(e.getMessage().contains("names the token_endpoint http://localhost:"),
        e.getMessage());
    discoveryNames(tenant.domain(), onLocalhost("https"));
    e = assertThrows(ConfigurationException.class, () -> client().build().getAccessToken());
    assertTrue(e.getMessage().contains("names the token_endpoint https://localhost:"),
        e.getMessage());
    assertTrue(tenant.requests(TOKEN).isEmpty(), "the client secret was sent");

    discoveryNames(tenant.domain(), onLocalhost("http"));
    String token = client().allowedEndpointHosts("LOCALHOST").build().getAccessToken();
    assertTrue(token.startsWith("ey"));
    assertEquals("localhost:" + tenant.port(), tenant.requests(TOKEN).get(0).header("Host").orElse(""));
  }

  @Test
  void aCallerWaitingForAnotherCallersDiscoveryCanBeInterrupted() throws Exception {
    ProtektAuth auth = client().build();
    tenant.faults().hangNext(DISCOVERY, 1);
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      Future<String> first = threads.submit(() -> auth.getAccessToken());
      while (tenant.requests(DISCOVERY).isEmpty()) {
        Thread.sleep(5);
      }
      AtomicReference<Thread> waiter = new AtomicReference<>();
      CompletableFuture<Throwable> second = new CompletableFuture<>();
      threads.submit(() -> {
        waiter.set(Thread.currentThread());
        try {
          auth.getAccessToken();
          second.complete(null);
        } catch (RuntimeException e) {
          second.complete(e);
        }
      });
      while (waiter.get() == null) {
        Thread.sleep(5);
      }
      Thread.sleep(200);
      waiter.get().interrupt();
      // A caller blocked on a monitor could not be interrupted: it would wait for the hang.
      Throwable outcome = second.get(5, TimeUnit.SECONDS);
      assertTrue(outcome instanceof ProtektUnavailableException, String.valueOf(outcome));
      assertEquals(1, tenant.requests(DISCOVERY).size(), "the waiter fetched on its own");

      tenant.faults().clear();
      assertTrue(first.get(10, TimeUnit.SECONDS).startsWith("ey"));
    } finally {
      tenant.faults().clear();
      threads.shutdownNow();
    }
  }
}
