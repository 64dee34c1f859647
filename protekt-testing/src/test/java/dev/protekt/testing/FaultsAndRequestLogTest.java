package dev.protekt.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Injected faults and the request log, seen from a real HTTP client. */
@ExtendWith(LocalTenantExtension.class)
class FaultsAndRequestLogTest {
  private static final String JWKS = "/.well-known/jwks.json";
  private final LocalTenant tenant;
  private final Http http;

  FaultsAndRequestLogTest(LocalTenant tenant) {
    this.tenant = tenant;
    this.http = new Http(tenant);
  }

  @Test
  void failNextAnswersTheStatusNTimesThenRecovers() {
    tenant.faults().failNext("/api/v2/users", 2, 503);
    String users = "/api/v2/users/" + Http.encode("protekt|x");
    HttpResponse<String> first = http.get(users);
    assertEquals(503, first.statusCode());
    JsonNode body = Http.json(first);
    assertEquals(503, body.get("statusCode").asInt());
    assertEquals("Service Unavailable", body.get("error").asText());
    assertEquals(503, http.get("/api/v2/users").statusCode(), "a fault covers the paths below its own");
    assertEquals(401, http.get("/api/v2/users").statusCode(), "then normal handling resumes");
    assertEquals(3, tenant.requests().size(), "faulted requests are logged too");
  }

  @Test
  void rateLimitCarriesItsHeadersAndMayHaveAnEmptyBody() {
    tenant.faults().failNext("/api/v2/users", 1, 429, Map.of("Retry-After", "2", "X-RateLimit-Limit", "10",
        "X-RateLimit-Remaining", "0", "X-RateLimit-Reset", "1900000000"));
    HttpResponse<String> limited = http.get("/api/v2/users");
    assertEquals(429, limited.statusCode());
    assertEquals("2", limited.headers().firstValue("retry-after").orElseThrow());
    assertEquals("0", limited.headers().firstValue("x-ratelimit-remaining").orElseThrow());
    assertEquals("too_many_requests", Http.json(limited).get("errorCode").asText());

    tenant.faults().failNext("/api/v2/users", 1, 429, Map.of("Retry-After", "1"), "");
    HttpResponse<String> empty = http.get("/api/v2/users");
    assertEquals(429, empty.statusCode());
    assertEquals("", empty.body());

    tenant.faults().failNext("/oauth/token", 1, 401, Map.of(), "{\"error\":\"invalid_client\"}");
    HttpResponse<String> custom = http.postJson("/oauth/token", Map.of());
    assertEquals(401, custom.statusCode());
    assertEquals("{\"error\":\"invalid_client\"}", custom.body());
  }

  @Test
  void aRateLimitWithoutHeadersGivenCarriesTheContractsHeadersAskingForNoWait() {
    long before = Instant.now().getEpochSecond();
    tenant.faults().failNext("/api/v2/users", 1, 429);
    HttpResponse<String> limited = http.get("/api/v2/users");
    assertEquals(429, limited.statusCode());
    assertEquals("0", limited.headers().firstValue("Retry-After").orElse(null));
    assertEquals("100", limited.headers().firstValue("X-RateLimit-Limit").orElse(null));
    assertEquals("0", limited.headers().firstValue("X-RateLimit-Remaining").orElse(null));
    long reset = Long.parseLong(limited.headers().firstValue("X-RateLimit-Reset").orElse("-1"));
    assertTrue(reset >= before && reset <= Instant.now().getEpochSecond(), "reset " + reset);

    tenant.faults().failNext("/api/v2/users", 1, 429, Map.of());
    assertEquals(Optional.empty(), http.get("/api/v2/users").headers().firstValue("Retry-After"),
        "with headers given, exactly those");
  }

  @Test
  void hangNextHoldsTheRequestUntilTheFaultsAreCleared() throws Exception {
    tenant.faults().hangNext(JWKS, 1);
    HttpRequest.Builder impatient = http.request(JWKS).timeout(Duration.ofMillis(300)).GET();
    assertThrows(HttpTimeoutException.class, () -> HttpClient.newHttpClient().send(impatient.build(),
        HttpResponse.BodyHandlers.ofString()));
    // The client gave up after 300 ms; on a busy machine the server may take longer to read what it sent.
    for (int i = 0; i < 50 && tenant.requests(JWKS).isEmpty(); i++) {
      TimeUnit.MILLISECONDS.sleep(100);
    }
    assertEquals(1, tenant.requests(JWKS).size(), "a held request is logged on arrival");

    tenant.faults().hangNext(JWKS, 1);
    var held = HttpClient.newHttpClient().sendAsync(http.request(JWKS).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    Thread.sleep(200);
    assertFalse(held.isDone());
    tenant.faults().clear();
    assertEquals(200, held.get(5, TimeUnit.SECONDS).statusCode());
  }

  @Test
  void clearAndDropHeldAnswersHeldRequests503WithoutCarryingThemOut() throws Exception {
    tenant.clearUsers();
    String token = http.machineToken();
    tenant.faults().hangNext("/api/v2/users", 1).delayNext("/api/v2/users", 1, Duration.ofMinutes(1));
    List<CompletableFuture<HttpResponse<String>>> held = new ArrayList<>();
    for (String email : List.of("hung@example.com", "delayed@example.com")) {
      held.add(HttpClient.newHttpClient().sendAsync(http.createUser(token, email).build(),
          HttpResponse.BodyHandlers.ofString()));
      for (int i = 0; i < 100 && tenant.requests("/api/v2/users").size() < held.size(); i++) {
        TimeUnit.MILLISECONDS.sleep(50);
      }
    }
    tenant.faults().clearAndDropHeld();
    for (var answer : held) {
      HttpResponse<String> dropped = answer.get(10, TimeUnit.SECONDS);
      assertEquals(503, dropped.statusCode(), dropped.body());
      assertTrue(Http.json(dropped).get("message").asText().contains("without carrying it out"), dropped.body());
    }
    assertEquals(List.of(), tenant.users());
    assertEquals(200, http.get(JWKS).statusCode(), "the tenant goes on");
  }

  @Test
  void trickleNextSendsTheWholeAnswerSlowly() {
    String whole = http.get(JWKS).body();
    tenant.faults().trickleNext(JWKS, 1, Duration.ofMillis(1));
    long started = System.nanoTime();
    HttpResponse<String> slow = http.get(JWKS);
    assertEquals(whole, slow.body());
    assertTrue((System.nanoTime() - started) / 1_000_000 >= whole.length(), "not one byte per ms");
    assertThrows(IllegalArgumentException.class,
        () -> tenant.faults().trickleNext(JWKS, 1, Duration.ZERO));
  }

  @Test
  void publishJwkPutsAKeyInTheJwksAsGiven() {
    tenant.keys().publishJwk(Map.of("kty", "oct", "kid", "no-k"));
    JsonNode keys = Http.json(http.get(JWKS)).get("keys");
    assertEquals(tenant.keys().current(), keys.get(0).get("kid").asText());
    assertEquals(2, keys.get(1).size(), "nothing added: " + keys.get(1));
    assertEquals("no-k", keys.get(1).get("kid").asText());
  }

  @Test
  void tokenEndpointFaultsUseTheOauthErrorShape() {
    tenant.faults().failNext("/oauth/token", 1, 429, Map.of("Retry-After", "3"));
    HttpResponse<String> response = http.postJson("/oauth/token", Map.of());
    assertEquals(429, response.statusCode());
    assertEquals("too_many_requests", Http.json(response).get("error").asText());
    assertEquals("3", response.headers().firstValue("Retry-After").orElseThrow());
  }

  @Test
  void delayedRequestOutlivesAShortClientTimeoutThenServiceResumes() {
    tenant.faults().delayNext(JWKS, 1, Duration.ofSeconds(3));
    HttpRequest.Builder impatient = http.request(JWKS).timeout(Duration.ofMillis(300)).GET();
    assertThrows(HttpTimeoutException.class, () -> HttpClient.newHttpClient().send(impatient.build(),
        HttpResponse.BodyHandlers.ofString()));
    assertEquals(200, http.get(JWKS).statusCode());
  }

  @Test
  void aFailedCreateStoresNothingWhileADelayedOneStoresItsUserEvenAfterTheClientGaveUp() throws Exception {
    tenant.clearUsers();
    HttpRequest.Builder create = http.createUser(http.machineToken(), "late@example.com");
    tenant.faults().failNext("/api/v2/users", 1, 503);
    assertEquals(503, http.send(create).statusCode());
    assertEquals(List.of(), tenant.users(), "a planned failure answers in the endpoint's place");

    tenant.faults().delayNext("/api/v2/users", 1, Duration.ofSeconds(1));
    // The client gives up once the tenant holds the create: a timeout alone may end it before it
    // is sent on a busy machine, and then nothing is created.
    http.sendUntilReceived(create, "/api/v2/users").cancel(true);
    for (int i = 0; i < 50 && tenant.users().isEmpty(); i++) {
      TimeUnit.MILLISECONDS.sleep(100);
    }
    assertEquals(1, tenant.users().size(), "the outcome the client could not know: created");
  }

  @Test
  void delayedRequestIsAnsweredNormallyAfterTheWait() {
    tenant.faults().delayNext(JWKS, 1, Duration.ofMillis(200));
    long started = System.nanoTime();
    HttpResponse<String> response = http.get(JWKS);
    assertEquals(200, response.statusCode());
    assertTrue(System.nanoTime() - started >= Duration.ofMillis(200).toNanos());
  }

  @Test
  void droppedRequestGetsNoAnswerAtAllThenServiceResumes() throws IOException {
    tenant.faults().dropNext(JWKS, 1);
    try (Socket socket = new Socket("127.0.0.1", tenant.port())) {
      socket.setSoTimeout(5000);
      OutputStream out = socket.getOutputStream();
      out.write(("GET " + JWKS + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      assertEquals(-1, in.read(), "the connection closes without a single byte");
    }
    // A POST, because java.net.http quietly retries a GET once when the connection closes unanswered.
    tenant.faults().dropNext("/oauth/token", 1);
    assertThrows(IOException.class, () -> HttpClient.newHttpClient().send(http.request("/oauth/token")
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString()));
    assertEquals(400, http.postJson("/oauth/token", Map.of()).statusCode());
    assertEquals(2, tenant.requests("/oauth/token").size());
  }

  @Test
  void clearForgetsPlannedFaults() {
    tenant.faults().failNext(JWKS, 5, 500).dropNext(JWKS, 5);
    tenant.faults().clear();
    assertEquals(200, http.get(JWKS).statusCode());
  }

  @Test
  void badFaultsAreRefusedUpFront() {
    assertThrows(IllegalArgumentException.class, () -> tenant.faults().failNext("/x", 0, 503));
    assertThrows(IllegalArgumentException.class, () -> tenant.faults().failNext("x", 1, 503));
    assertThrows(IllegalArgumentException.class, () -> tenant.faults().failNext("/x", 1, 99));
    assertThrows(IllegalArgumentException.class, () -> tenant.faults().delayNext("/x", 1, Duration.ofSeconds(-1)));
  }

  @Test
  void requestLogKeepsMethodDecodedPathQueryHeadersAndBody() {
    http.send(http.request("/api/v2/users/" + Http.encode("protekt|abc") + "?fields=email&x=%7C")
        .header("X-Custom", "one").GET());
    http.send(http.request("/oauth/token").header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"grant_type\":\"client_credentials\"}")));
    List<RecordedRequest> all = tenant.requests();
    assertEquals(2, all.size());
    RecordedRequest get = all.get(0);
    assertEquals("GET", get.method());
    assertEquals("/api/v2/users/protekt|abc", get.path());
    assertEquals("fields=email&x=%7C", get.query());
    assertEquals("one", get.header("x-custom").orElseThrow());
    assertEquals(List.of("one"), get.headers().get("X-CUSTOM"));
    assertEquals("", get.body());
    RecordedRequest post = tenant.requests("/oauth/token").get(0);
    assertEquals("POST", post.method());
    assertEquals("{\"grant_type\":\"client_credentials\"}", post.body());
    assertEquals("POST /oauth/token", post.toString());
    tenant.clearRequests();
    assertTrue(tenant.requests().isEmpty());
    assertFalse(tenant.requests("/oauth/token").iterator().hasNext());
  }
}
