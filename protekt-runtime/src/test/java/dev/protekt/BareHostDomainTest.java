package dev.protekt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.protekt.testing.LocalTenant;
import dev.protekt.testing.LocalTenantExtension;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A domain written as a bare host means the issuer {@code https://host/}: spellings of the same
 * host verify the tenant's tokens, and text that is no host name is refused at build.
 */
@ExtendWith(LocalTenantExtension.class)
class BareHostDomainTest {
  private static final String HOST = "tenant.protekt.dev";
  private static final String ISSUER = "https://" + HOST + "/";

  private final LocalTenant tenant;
  /** The tenant as it would be at {@code https://tenant.protekt.dev}: its issuer, its keys. */
  private final HttpServer front;

  BareHostDomainTest(LocalTenant tenant) {
    this.tenant = tenant;
    this.front = LoopbackServers.start(exchange -> {
      byte[] body;
      if (exchange.getRequestURI().getPath().equals("/.well-known/openid-configuration")) {
        body = ("{\"issuer\":\"" + ISSUER + "\",\"jwks_uri\":\"" + ISSUER
            + ".well-known/jwks.json\",\"token_endpoint\":\"" + ISSUER + "oauth/token\"}")
            .getBytes(StandardCharsets.UTF_8);
      } else {
        try (InputStream keys = URI.create(tenant.domain() + "/.well-known/jwks.json").toURL()
            .openStream()) {
          body = keys.readAllBytes();
        }
      }
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
  }

  @AfterEach
  void stop() {
    front.stop(0);
  }

  /** Sends what the SDK asks of {@code https://tenant.protekt.dev} to {@link #front}. */
  private OkHttpClient toFront() {
    HttpUrl local = HttpUrl.get(LoopbackServers.domain(front));
    return new OkHttpClient.Builder().addInterceptor(chain -> {
      Request request = chain.request();
      return chain.proceed(request.newBuilder().url(request.url().newBuilder().scheme("http")
          .host(local.host()).port(local.port()).build()).build());
    }).build();
  }

  @Test
  void spellingsOfTheTenantsHostVerifyItsTokens() {
    String token = tenant.token().issuer(ISSUER).sign();
    for (String domain : List.of(HOST, HOST + "/", "Tenant.Protekt.DEV", HOST + ":443",
        " TENANT.protekt.dev:443/ ", ISSUER)) {
      ProtektAuth auth = ProtektAuth.builder().domain(domain).audience(tenant.apiAudience())
          .httpClient(toFront()).retryAttempts(0).keyFetchWait(Duration.ofSeconds(10)).build();
      assertEquals(ISSUER, auth.verifyToken(token).issuer(), domain);
    }
  }

  @Test
  void textThatIsNoHostNameIsRefusedNamingTheOption() {
    for (String domain : List.of("\"tenant.example\"", "'tenant.example'", "tenant.example,b.example",
        "tenant.example;x", "tenant.example\u200b", "tenant.example\u00a0", "\ufefftenant.example",
        "tenant_example.com", "tenant.example.", "-bad-.example", "tenant.example//",
        "tenant.example:", "tenant.example:0", "ex\u00e4mple.com")) {
      ConfigurationException e = assertThrows(ConfigurationException.class,
          () -> ProtektAuth.builder().domain(domain).build(), domain);
      assertEquals(List.of("domain"), e.options(), e.getMessage());
      assertTrue(e.getMessage().startsWith("domain (PROTEKT_DOMAIN)"), e.getMessage());
    }
    // The form to write instead, and never a query that could hold a credential.
    assertTrue(assertThrows(ConfigurationException.class,
        () -> ProtektAuth.builder().domain("ex\u00e4mple.com").build()).getMessage()
        .contains("(xn--exmple-cua.com)"));
    assertFalse(assertThrows(ConfigurationException.class,
        () -> ProtektAuth.builder().domain("ex\u00e4mple.com?code=s3cr3t").build()).getMessage()
        .contains("s3cr3t"));
    // As a .env file read by something other than a shell hands them over.
    ConfigurationException quoted = assertThrows(ConfigurationException.class,
        () -> ProtektAuth.builder().fromEnv(Map.of("PROTEKT_DOMAIN", "\"tenant.example\""))
            .build());
    assertTrue(quoted.getMessage().contains("quotes"), quoted.getMessage());
    assertTrue(assertThrows(ConfigurationException.class, () -> ProtektAuth.builder()
        .domain("acme.example").additionalIssuers("'login.example'").build()).getMessage()
        .startsWith("additionalIssuers (PROTEKT_ADDITIONAL_ISSUERS)"));
    // Still host names: punycode, IP literals, another port, a single label.
    for (String domain : List.of("xn--exmple-cua.com", "127.0.0.1:8443", "[::1]:8443", "x",
        "tenant.example:8443")) {
      ProtektAuth.builder().domain(domain).build();
    }
  }
}
