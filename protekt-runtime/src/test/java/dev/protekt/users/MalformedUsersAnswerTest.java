package dev.protekt.users;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.protekt.LoopbackServers;
import dev.protekt.ProtektApiException;
import dev.protekt.ProtektAuth;
import dev.protekt.ProtektUnavailableException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Successful answers that do not fit the contract, which the local tenant (validating what it
 * stores) cannot be made to give: served by a bare HTTP server on 127.0.0.1. Each is a typed error
 * that quotes none of the answer, never a {@code null} user or an empty page.
 */
class MalformedUsersAnswerTest {
  private HttpServer server;
  private Users users;
  private int status;
  private String body;

  @BeforeEach
  void start() throws IOException {
    server = LoopbackServers.start(this::answer);
    users = ProtektAuth.builder()
        .domain(LoopbackServers.domain(server))
        .tokenProvider(audience -> "machine-token")
        .retryAttempts(0)
        .build()
        .users();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  /** Discovery 404s (so the contract's fallback applies); the Users API answers {@link #body}. */
  private void answer(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!exchange.getRequestURI().getPath().startsWith("/api/v2/users")) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  private ProtektApiException assertUnfit(int status, String body, Executable call) {
    this.status = status;
    this.body = body;
    ProtektApiException e = assertThrows(ProtektApiException.class, call);
    assertEquals(status, e.statusCode());
    assertEquals("invalid_response", e.errorCode());
    assertFalse(e.getMessage().contains("secret-data"), e.getMessage());
    assertEquals(null, e.getCause(), "the cause would quote the answer");
    return e;
  }

  @Test
  void aUserListThatDoesNotFitTheContractIsATypedError() {
    UserQuery query = UserQuery.builder().build();
    assertUnfit(200, "[{\"user_id\":{\"secret-data\":\"x\"}}]", () -> users.list(query));
    assertUnfit(200, "{\"users\":[{\"email\":[\"secret-data\"]}]}", () -> users.list(query));
    assertUnfit(200, "{\"start\":0,\"total\":3,\"note\":\"secret-data\"}", () -> users.list(query));
    assertUnfit(200, "null", () -> users.list(query));
    assertUnfit(200, "[null]", () -> users.list(query));
    assertUnfit(200, "{\"users\":null,\"note\":\"secret-data\"}", () -> users.list(query));
    assertUnfit(200, "{\"users\":[{\"user_id\":\"protekt|a\"},null]}", () -> users.list(query));
  }

  @Test
  void aUserThatDoesNotFitTheContractIsATypedError() {
    assertUnfit(200, "null", () -> users.get("protekt|abc"));
    assertUnfit(200, "[\"secret-data\"]", () -> users.get("protekt|abc"));
    assertUnfit(200, "{\"user_id\":\"protekt|abc\",\"blocked\":\"secret-data\"}",
        () -> users.get("protekt|abc"));
    assertUnfit(200, "{\"user_id\":\"protekt|abc\",\"app_metadata\":[\"secret-data\"]}",
        () -> users.update("protekt|abc", UserUpdate.builder().name("New Name").build()));
  }

  @Test
  void aUserIsReadStrictly() {
    // Jackson's leniency would take each of these for a user: a number as an id, "true" or 1 as a
    // boolean, the last of two ids, the JSON before some text.
    assertUnfit(200, "{\"user_id\":123}", () -> users.get("protekt|abc"));
    assertUnfit(200, "{\"user_id\":\"protekt|abc\",\"email\":true}",
        () -> users.get("protekt|abc"));
    assertUnfit(200, "{\"user_id\":\"protekt|abc\",\"blocked\":\"true\"}",
        () -> users.get("protekt|abc"));
    assertUnfit(200, "{\"user_id\":\"protekt|abc\",\"email_verified\":1}",
        () -> users.get("protekt|abc"));
    assertUnfit(200, "{\"user_id\":\"protekt|abc\"} secret-data", () -> users.get("protekt|abc"));
    assertUnfit(200, "{\"user_id\":\"protekt|abc\",\"user_id\":\"protekt|secret-data\"}",
        () -> users.get("protekt|abc"));
    assertUnfit(200, "{\"user_id\":\"protekt|abc\",\"user_metadata\":{\"a\":1,\"a\":2}}",
        () -> users.get("protekt|abc"));
    UserQuery query = UserQuery.builder().build();
    assertUnfit(200, "{\"users\":[],\"total\":\"3\"}", () -> users.list(query));
    assertUnfit(200, "[] []", () -> users.list(query));
  }

  @Test
  void anAnswerAboutAnotherUserIsUnfit() {
    // A misrouting proxy or cache would hand back another person's record.
    assertUnfit(200, "{\"user_id\":\"protekt|someone-else\",\"email\":\"secret-data\"}",
        () -> users.get("protekt|me"));
    ProtektApiException updated = assertUnfit(200, "{\"user_id\":\"protekt|someone-else\"}",
        () -> users.update("protekt|me", UserUpdate.builder().name("New Name").build()));
    assertTrue(updated.getMessage().endsWith(
        " answered 200 with another user than the one it names; it may have taken effect."),
        updated.getMessage());
    this.body = "{\"user_id\":\"protekt|a/b c\"}";
    assertEquals("protekt|a/b c", users.get("protekt|a/b c").userId());
  }

  @Test
  void aListThatAskedForTotalsNeedsAUsableTotal() {
    UserQuery totals = UserQuery.builder().includeTotals(true).build();
    assertUnfit(200, "[]", () -> users.list(totals));
    assertUnfit(200, "{\"users\":[],\"total\":null}", () -> users.list(totals));
    assertUnfit(200, "{\"users\":[],\"total\":-1}", () -> users.list(totals));
    assertUnfit(200, "{\"users\":[],\"total\":-1}", () -> users.list());
    this.body = "{\"users\":[],\"total\":0}";
    assertEquals(0L, users.list(totals).total());
  }

  @Test
  void nullsAndUnknownFieldsStillFit() {
    this.status = 200;
    this.body = "{\"user_id\":\"protekt|abc\",\"email\":null,\"blocked\":null,"
        + "\"user_metadata\":null,\"logins_count\":3,\"identities\":[{\"provider\":null}]}";
    User user = users.get("protekt|abc");
    assertEquals(null, user.email());
    assertEquals(null, user.blocked());
    assertEquals(3, user.otherFields().get("logins_count"));
    this.body = "{\"users\":[{\"user_id\":\"protekt|abc\"}],\"total\":null,\"length\":1}";
    assertEquals(1, users.list(UserQuery.builder().build()).users().size());
  }

  @Test
  void anAnswerWithoutAUserIdIsNoUser() {
    assertUnfit(200, "{}", () -> users.get("protekt|abc"));
    assertUnfit(200, "{\"user_id\":null,\"email\":\"secret-data\"}",
        () -> users.update("protekt|abc", UserUpdate.builder().name("New Name").build()));
    assertUnfit(200, "[{\"user_id\":\"protekt|a\"},{\"email\":\"secret-data\"}]",
        () -> users.list(UserQuery.builder().build()));
  }

  @Test
  void theAsyncFormsFailTheSameWay() {
    this.status = 200;
    this.body = "[\"secret-data\"]";
    ExecutionException failed =
        assertThrows(ExecutionException.class, () -> users.getAsync("protekt|abc").get());
    ProtektApiException e = assertInstanceOf(ProtektApiException.class, failed.getCause());
    assertEquals(200, e.statusCode());
    assertEquals("invalid_response", e.errorCode());
    assertFalse(e.getMessage().contains("secret-data"), e.getMessage());

    server.stop(0);
    ExecutionException unreachable =
        assertThrows(ExecutionException.class, () -> users.getAsync("protekt|abc").get());
    assertInstanceOf(ProtektUnavailableException.class, unreachable.getCause());
  }

  @Test
  void anUnreadableAnswerToACreateSaysTheUserMayExist() {
    ProtektApiException e = assertUnfit(201, "{\"user_id\":\"protekt|new\",\"app_metadata\":[]}",
        () -> users.create(UserCreate.builder().email("b@example.com")
            .password("Xx1!xxxxxxxx").build()));
    assertTrue(e.getMessage().contains("may have taken effect"), e.getMessage());
  }

  @Test
  void aCreateThatCouldNotConnectSaysItWasNotSent() {
    OkHttpClient http = new OkHttpClient();
    Users known = ProtektAuth.builder()
        .domain(LoopbackServers.domain(server))
        .tokenProvider(audience -> "machine-token")
        .httpClient(http)
        .build()
        .users();
    this.status = 200;
    this.body = "{\"user_id\":\"protekt|abc\"}";
    known.get("protekt|abc");
    server.stop(0);
    // A pooled connection the server closed may fail after the body was written.
    http.connectionPool().evictAll();

    ProtektUnavailableException e = assertThrows(ProtektUnavailableException.class,
        () -> known.create(UserCreate.builder().email("d@example.com").build()));

    assertTrue(e.getMessage().startsWith("The Users API call POST "), e.getMessage());
    assertTrue(e.getMessage().endsWith("; it was not sent."), e.getMessage());
  }

  @Test
  void aSuccessThatIsNotJsonIsUnfitNotUnavailable() {
    // A proxy's page, say: the status is kept, so a create that took effect is not taken for an
    // unreachable tenant and retried.
    assertUnfit(200, "<html>secret-data</html>", () -> users.get("protekt|abc"));
    assertUnfit(200, "", () -> users.list(UserQuery.builder().build()));
    ProtektApiException created = assertUnfit(201, "  ", () -> users.create(
        UserCreate.builder().email("c@example.com").password("Xx1!xxxxxxxx").build()));
    assertTrue(created.getMessage().contains("may have taken effect"), created.getMessage());
  }
}
