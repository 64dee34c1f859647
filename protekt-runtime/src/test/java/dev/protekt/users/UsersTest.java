package dev.protekt.users;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.protekt.ProtektApiException;
import dev.protekt.ProtektAuth;
import dev.protekt.ProtektUnavailableException;
import dev.protekt.UserExistsException;
import dev.protekt.UserNotFoundException;
import dev.protekt.testing.LocalTenant;
import dev.protekt.testing.LocalTenantExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import okhttp3.EventListener;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;

/** Every call and error row of the Users API contract, against a local tenant over HTTP. */
@ExtendWith(LocalTenantExtension.class)
class UsersTest {
  private final LocalTenant tenant;
  private final Users users;

  UsersTest(LocalTenant tenant) {
    this.tenant = tenant;
    this.users = Tenants.client(tenant).build().users();
  }

  private User newUser() {
    return users.create(UserCreate.builder().email(Tenants.uniqueEmail())
        .password("SecurePassword123!").name("John Doe").build());
  }

  @Test
  void createsGetsUpdatesAndDeletes() {
    User created = newUser();
    assertTrue(created.userId().startsWith("protekt|"), created.userId());
    assertNotNull(created.createdAt());

    User fetched = users.get(created.userId());
    assertEquals(created.email(), fetched.email());
    assertEquals("John Doe", fetched.name());

    User updated = users.update(created.userId(), UserUpdate.builder().blocked(true).build());
    assertEquals(Boolean.TRUE, updated.blocked());

    assertTrue(users.delete(created.userId()));
    assertThrows(UserNotFoundException.class, () -> users.get(created.userId()));
    assertTrue(users.delete(created.userId()), "204 also when the user is already gone");
  }

  /**
   * A tenant whose error text quotes the request (a validation message echoing the body, a proxy
   * echoing the headers) must not put a new user's password or the machine token into the
   * exception, whose message goes to logs. The JSON-escaped form, as a quoted body holds it, too.
   */
  @Test
  void whatTheRequestCarriedIsMaskedWhereTheRefusalQuotesIt() throws Exception {
    ProtektAuth protekt = Tenants.client(tenant).build();
    String token = protekt.getAccessToken();
    String password = "Secure\"Pass\\word123!";
    ObjectMapper json = new ObjectMapper();
    String echoed = "rejected " + password + " in " + json.writeValueAsString(
        Map.of("password", password)) + " sent with Bearer " + token;
    tenant.faults().failNext("/api/v2/users", 1, 400, Map.of("Content-Type", "application/json"),
        json.writeValueAsString(Map.of("statusCode", 400, "error", "Bad Request",
            "errorCode", "invalid_body", "message", echoed)));

    ProtektApiException e = assertThrows(ProtektApiException.class, () -> protekt.users()
        .create(UserCreate.builder().email(Tenants.uniqueEmail()).password(password).build()));
    assertEquals(400, e.statusCode());
    assertEquals("rejected [redacted] in {\"password\":\"[redacted]\"} sent with Bearer"
        + " [redacted]", e.getMessage());
    assertFalse(e.toString().contains(token), e.toString());
  }

  @Test
  void idsAreUrlEncoded() {
    List<String> sent = new CopyOnWriteArrayList<>();
    OkHttpClient watching = new OkHttpClient.Builder().addNetworkInterceptor(chain -> {
      sent.add(chain.request().url().encodedPath());
      return chain.proceed(chain.request());
    }).build();
    Users watched = Tenants.client(tenant).httpClient(watching).build().users();
    User created = newUser();
    assertEquals(created.userId(), watched.get(created.userId()).userId());
    String encoded = "/api/v2/users/" + created.userId().replace("|", "%7C");
    assertTrue(sent.contains(encoded), sent.toString());
    assertEquals(1, tenant.requests("/api/v2/users/" + created.userId()).size(),
        "the tenant decodes it back");
  }

  @Test
  void aSlashInAnIdCannotReachAnotherPath() {
    UserNotFoundException e = assertThrows(UserNotFoundException.class,
        () -> users.get("protekt|x/../../oauth/token"));
    assertEquals(404, e.statusCode());
    assertEquals("inexistent_user", e.errorCode());
  }

  @Test
  void blankIdsAreRefusedBeforeAnyRequest() {
    assertThrows(IllegalArgumentException.class, () -> users.get(" "));
    assertThrows(IllegalArgumentException.class, () -> users.get(null));
    assertThrows(IllegalArgumentException.class, () -> users.delete(".."));
    assertTrue(tenant.requests("/api/v2/users").isEmpty());
  }

  /** UTF-8 cannot hold half a pair: OkHttp would send {@code ?}, asking for another user. */
  @Test
  void anIdWithALoneSurrogateIsRefusedBeforeAnyRequest() {
    tenant.clearRequests();
    for (String id : List.of("\uD800", "protekt|a\uDC00", "protekt|\uDE00\uD83D")) {
      assertThrows(IllegalArgumentException.class, () -> users.get(id));
      assertThrows(IllegalArgumentException.class,
          () -> users.update(id, UserUpdate.builder().name("x").build()));
      assertThrows(IllegalArgumentException.class, () -> users.delete(id));
      ExecutionException e = assertThrows(ExecutionException.class, () -> users.getAsync(id).get());
      assertInstanceOf(IllegalArgumentException.class, e.getCause());
    }
    assertTrue(tenant.requests().stream().noneMatch(r -> r.path().startsWith("/api/")),
        tenant.requests().toString());
    assertThrows(UserNotFoundException.class, () -> users.get("protekt|\uD83D\uDE00"));
    assertEquals(1, tenant.requests("/api/v2/users/protekt|\uD83D\uDE00").size(),
        "a whole pair is sent as it is");
  }

  /**
   * A time the tenant sends that is no ISO-8601 instant is an answer that does not fit, as a field
   * of the wrong type is: not a user whose {@code createdAt()} says, wrongly, that none was sent.
   */
  @Test
  void aTimeThatIsNoInstantIsAnInvalidResponse() {
    String id = newUser().userId();
    Map<String, String> json = Map.of("Content-Type", "application/json");
    for (String field : List.of("created_at", "updated_at")) {
      for (String time : List.of("secret-data", "2026-13-01T00:00:00Z", "2026-11-27 10:00:00")) {
        tenant.faults().failNext("/api/v2/users/" + id, 1, 200, json,
            "{\"user_id\":\"" + id + "\",\"" + field + "\":\"" + time + "\"}");
        ProtektApiException e = assertThrows(ProtektApiException.class, () -> users.get(id));
        assertEquals("invalid_response", e.errorCode(), field + " " + time);
        assertFalse(e.getMessage().contains(time), e.getMessage());
      }
    }
    tenant.faults().failNext("/api/v2/users", 1, 200, json,
        "[{\"user_id\":\"" + id + "\",\"created_at\":\"yesterday\"}]");
    assertEquals("invalid_response", assertThrows(ProtektApiException.class,
        () -> users.list(UserQuery.builder().build())).errorCode());

    tenant.faults().failNext("/api/v2/users/" + id, 1, 200, json, "{\"user_id\":\"" + id
        + "\",\"created_at\":\"2026-11-27T11:00:00+01:00\",\"updated_at\":null}");
    User user = users.get(id);
    assertEquals(Instant.parse("2026-11-27T10:00:00Z"), user.createdAt(), "an offset is an instant");
    assertNull(user.updatedAt());
  }

  @Test
  void aUserReadTwiceIsEqualUntilItChanges() throws Exception {
    User created = newUser();
    User read = users.get(created.userId());

    assertEquals(read, users.get(created.userId()));
    assertEquals(read.hashCode(), users.get(created.userId()).hashCode());
    assertEquals(read, new ObjectMapper().readValue(
        new ObjectMapper().writeValueAsString(read), User.class), "as the User Javadoc says");
    User renamed = users.update(created.userId(), UserUpdate.builder().name("Other").build());
    assertFalse(read.equals(renamed));
    assertFalse(read.equals(users.get(created.userId())));
  }

  @Test
  void unknownUserIsUserNotFound() {
    UserNotFoundException e =
        assertThrows(UserNotFoundException.class, () -> users.get("protekt|nobody"));
    assertEquals(404, e.statusCode());
    assertFalse(e.getMessage().isBlank());
    assertThrows(UserNotFoundException.class,
        () -> users.update("protekt|nobody", UserUpdate.builder().name("x").build()));
  }

  @Test
  void a404WithoutTheContractsMissingUserIsNoUserNotFound() {
    User created = newUser();
    String html = "<html>Not here</html>";
    String other = "{\"statusCode\":404,\"error\":\"Not Found\",\"message\":\"No such"
        + " endpoint.\",\"errorCode\":\"not_found\"}";
    String missing = "{\"statusCode\":404,\"error\":\"Not Found\",\"message\":\"The user"
        + " does not exist.\",\"errorCode\":\"inexistent_user\"}";
    UserCreate create = UserCreate.builder().email(Tenants.uniqueEmail())
        .password("SecurePassword123!").build();
    Map<String, Executable> calls = Map.of(
        "get", () -> users.get(created.userId()),
        "update", () -> users.update(created.userId(), UserUpdate.builder().name("x").build()),
        "delete", () -> users.delete(created.userId()),
        "create", () -> users.create(create),
        "list", () -> users.list());
    calls.forEach((name, call) -> {
      tenant.faults().failNext("/api/v2/users", 1, 404, Map.of("Content-Type", "text/html"), html)
          .failNext("/api/v2/users", 1, 404, Map.of(), other);
      for (String code : new String[] {null, "not_found"}) {
        ProtektApiException e = assertThrows(ProtektApiException.class, call, name);
        assertFalse(e instanceof UserNotFoundException, name + " " + code);
        assertEquals(404, e.statusCode(), name);
        assertEquals(code, e.errorCode(), name);
      }
    });
    for (String name : List.of("create", "list")) {
      tenant.faults().failNext("/api/v2/users", 1, 404, Map.of(), missing);
      ProtektApiException e = assertThrows(ProtektApiException.class, calls.get(name), name);
      assertFalse(e instanceof UserNotFoundException, name + " names no one user");
      assertEquals("inexistent_user", e.errorCode(), name);
    }
    tenant.faults().failNext("/api/v2/users", 1, 404, Map.of(), missing);
    assertThrows(UserNotFoundException.class, calls.get("delete"), "the contract's error");
    assertEquals(created.email(), users.get(created.userId()).email(), "no fault changed it");
  }

  @Test
  void duplicateEmailIsUserExists() {
    String email = Tenants.uniqueEmail();
    users.create(Map.of("email", email, "password", "SecurePassword123!"));
    UserExistsException e = assertThrows(UserExistsException.class,
        () -> users.create(Map.of("email", email, "password", "SecurePassword123!")));
    assertEquals(409, e.statusCode());
    assertEquals("user_exists", e.errorCode());
  }

  @Test
  void badRequestsCarryStatusAndErrorCode() {
    ProtektApiException noEmail = assertThrows(ProtektApiException.class,
        () -> users.create(Map.of("password", "SecurePassword123!")));
    assertEquals(400, noEmail.statusCode());
    assertEquals("invalid_body", noEmail.errorCode());

    ProtektApiException tooMany = assertThrows(ProtektApiException.class,
        () -> users.list(UserQuery.builder().page(20).perPage(100).build()));
    assertEquals(400, tooMany.statusCode());
    assertNotNull(tooMany.errorCode());
  }

  @Test
  void missingScopeIsForbidden() {
    tenant.registerClient("reader", "reader-secret", tenant.usersAudience(), "read:users");
    ProtektAuth readOnly =
        Tenants.client(tenant).clientId("reader").clientSecret("reader-secret").build();
    ProtektApiException e = assertThrows(ProtektApiException.class,
        () -> readOnly.users().create(Map.of("email", Tenants.uniqueEmail(), "password", "Pw123456!x")));
    assertEquals(403, e.statusCode());
    assertEquals("insufficient_scope", e.errorCode());
  }

  @Test
  void settingAFieldToNullClearsItWhileAbsentFieldsStay() {
    User created = users.create(UserCreate.builder().email(Tenants.uniqueEmail())
        .password("SecurePassword123!").name("John Doe").blocked(false)
        .userMetadata("first_name", "John").userMetadata("last_name", "Doe").build());

    User updated = users.update(created.userId(), UserUpdate.builder()
        .name(null).removeUserMetadata("last_name").userMetadata("nickname", "JD").build());

    assertNull(updated.name(), "name set to null is cleared");
    assertEquals(created.email(), updated.email(), "absent email is unchanged");
    assertEquals(Boolean.FALSE, updated.blocked(), "absent blocked is unchanged");
    assertEquals(Map.of("first_name", "John", "nickname", "JD"), updated.userMetadata());
    assertEquals(updated.userMetadata(), users.get(created.userId()).userMetadata());
  }

  @Test
  void unknownFieldsSurviveARoundTrip() throws Exception {
    User created = users.create(UserCreate.builder().email(Tenants.uniqueEmail())
        .password("SecurePassword123!").set("nickname", "jd").build());
    User fetched = users.get(created.userId());
    assertEquals("jd", fetched.otherFields().get("nickname"));

    ObjectMapper json = new ObjectMapper();
    Map<?, ?> written = json.readValue(json.writeValueAsString(fetched), Map.class);
    assertEquals("jd", written.get("nickname"));
    assertEquals(created.userId(), written.get("user_id"));
    assertFalse(written.containsKey("password"));
    User reread = json.readValue(json.writeValueAsString(fetched), User.class);
    assertEquals(fetched.otherFields(), reread.otherFields());
    assertEquals(fetched.createdAt(), reread.createdAt());
  }

  @Test
  void fieldsTheTenantDidNotSendStayAbsentWhenWrittenBack() throws Exception {
    User created = users.create(UserCreate.builder().email(Tenants.uniqueEmail())
        .password("SecurePassword123!").build());
    User fetched = users.get(created.userId());
    assertNull(fetched.name(), "the local tenant sends no name it was not given");

    // Under the contract a null in an update clears the field: written back as one, a field the
    // tenant did not send would be wiped.
    ObjectMapper json = new ObjectMapper();
    String written = json.writeValueAsString(fetched);
    Map<?, ?> fields = json.readValue(written, Map.class);
    assertFalse(fields.containsKey("name"), written);
    assertFalse(fields.containsValue(null), written);
    assertEquals(written, json.writeValueAsString(json.readValue(written, User.class)));
  }

  @Test
  void listsPagesWithTotalsQueryAndSort() {
    String tag = "list-" + System.nanoTime();
    for (int i = 0; i < 3; i++) {
      users.create(UserCreate.builder().email(tag + "-" + i + "@example.com")
          .password("SecurePassword123!").build());
    }
    UsersPage withTotals = users.list(UserQuery.builder().q("email:\"" + tag + "-1@example.com\"")
        .includeTotals(true).build());
    assertEquals(1, withTotals.users().size());
    assertEquals(1L, withTotals.total());
    assertEquals(0, withTotals.start());

    UsersPage bare = users.list(UserQuery.builder().perPage(2).page(0)
        .sort("created_at", false).build());
    assertEquals(2, bare.users().size());
    assertTrue(bare.totalIfKnown().isEmpty());
    String query = tenant.requests("/api/v2/users").stream()
        .filter(r -> r.method().equals("GET")).reduce((a, b) -> b).orElseThrow().query();
    assertTrue(query.contains("per_page=2") && query.contains("page=0"), query);
  }

  @Test
  void streamsEveryPageLazily() {
    for (int i = 0; i < 5; i++) {
      newUser();
    }
    int all = (int) users.list(UserQuery.builder().includeTotals(true).build()).total().longValue();
    tenant.clearRequests();

    List<User> walked = users.stream(UserQuery.builder().perPage(2).build())
        .collect(Collectors.toList());
    assertEquals(Math.min(all, UserQuery.MAX_RESULTS), walked.size());
    Set<String> ids = walked.stream().map(User::userId).collect(Collectors.toSet());
    assertEquals(walked.size(), ids.size(), "no user twice");
    assertEquals(all / 2 + 1, tenant.requests("/api/v2/users").size());

    tenant.clearRequests();
    assertEquals(3, users.stream(UserQuery.builder().perPage(2).build()).limit(3).count());
    assertEquals(2, tenant.requests("/api/v2/users").size(), "pages are fetched on demand");
  }

  @Test
  void aValueJsonCannotHoldIsRefusedWithoutQuotingThePassword() {
    UserCreate create = UserCreate.builder().email(Tenants.uniqueEmail())
        .password("Sup3rSecret!Pw").userMetadata("registered_at", Instant.now()).build();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> users.create(create));
    assertTrue(e.getMessage().contains("user_metadata.registered_at"), e.getMessage());
    assertFalse(e.getMessage().contains("Sup3rSecret!Pw"), e.getMessage());
    assertNull(e.getCause(), "the cause would quote the body");
    assertTrue(tenant.requests("/api/v2/users").isEmpty(), "nothing was sent");
  }

  @Test
  void badValuesAreRefusedWithAShortMessageNamingWhere() {
    Map<String, Object> cyclic = new HashMap<>();
    cyclic.put("user_metadata", cyclic);
    assertRefused(() -> users.create(cyclic),
        "user_metadata.user_metadata holds a map or list that contains itself");
    Map<String, Object> nullKey = new HashMap<>();
    nullKey.put(null, "x");
    assertRefused(() -> users.create(Map.of("email", Tenants.uniqueEmail(), "password",
        "Sup3rSecret!Pw", "user_metadata", Map.of("prefs", nullKey))),
        "user_metadata.prefs has a null key");
    nullKey.put("email", Tenants.uniqueEmail());
    assertRefused(() -> users.create(nullKey), "The request body has a null key");
    assertRefused(() -> users.create(UserCreate.builder().email(Tenants.uniqueEmail())
        .password("Sup3rSecret!Pw").userMetadata("score", Double.NaN).build()),
        "user_metadata.score is NaN");
    assertRefused(() -> users.update("protekt|x", UserUpdate.builder()
        .appMetadata("limits", List.of(1.0, Double.POSITIVE_INFINITY)).build()),
        "app_metadata.limits.1 is Infinity");
    assertRefused(() -> users.update("protekt|x", Map.of("user_metadata",
        Map.of("scores", new double[] {1.5, Double.NaN}))), "user_metadata.scores.1 is NaN");
    List<Object> deep = new ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      deep = new ArrayList<>(List.of(deep));
    }
    Map<String, Object> deeply = Map.of("user_metadata", Map.of("deep", deep));
    assertRefused(() -> users.update("protekt|x", deeply),
        "user_metadata.deep.0.0", "nested more than 1000 levels deep");
    assertRefused(() -> users.update("protekt|x", Map.of("user_metadata",
        Map.of("k".repeat(10_000), Float.NEGATIVE_INFINITY))),
        "user_metadata.kkkk", "is -Infinity");
    assertTrue(tenant.requests("/api/v2/users").isEmpty(), "nothing was sent");
  }

  /** {@code call} is refused with a short message saying each of {@code says}. */
  private static void assertRefused(Executable call, String... says) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    for (String said : says) {
      assertTrue(e.getMessage().contains(said), e.getMessage());
    }
    assertTrue(e.getMessage().length() < 300, e.getMessage().length() + " characters");
    assertFalse(e.getMessage().contains("Sup3rSecret!Pw"), e.getMessage());
  }

  @Test
  void aUserCreatedAheadOfTheStreamIsNotYieldedTwice() {
    String batch = "Shift " + UUID.randomUUID();
    for (String local : List.of("b", "c", "d", "e")) {
      users.create(UserCreate.builder().email(local + "-" + Tenants.uniqueEmail())
          .password("SecurePassword123!").name(batch).build());
    }
    Iterator<User> walk = users.stream(UserQuery.builder()
        .q("name:\"" + batch + "\"").sort("email", true).perPage(2).build()).iterator();
    List<String> seen = new ArrayList<>(List.of(walk.next().email(), walk.next().email()));

    // Sorts first: every user moves one place back, so page 1 now starts with the "c" user.
    users.create(UserCreate.builder().email("a-" + Tenants.uniqueEmail())
        .password("SecurePassword123!").name(batch).build());
    walk.forEachRemaining(u -> seen.add(u.email()));

    assertEquals(List.of("b", "c", "d", "e"),
        seen.stream().map(email -> email.substring(0, 1)).collect(Collectors.toList()));
    assertEquals(3, tenant.requests("/api/v2/users").stream()
        .filter(r -> r.method().equals("GET")).count(), "pages 0, 1 and 2, as before");
  }

  @Test
  void aStreamStartingPastTheSearchLimitIsRefusedAsTheListIs() {
    // An empty stream would say that no user matches.
    UserQuery beyond = UserQuery.builder().page(10).perPage(100).build();
    ProtektApiException listed =
        assertThrows(ProtektApiException.class, () -> users.list(beyond));
    ProtektApiException streamed =
        assertThrows(ProtektApiException.class, () -> users.stream(beyond).count());

    assertEquals(400, streamed.statusCode());
    assertEquals(listed.errorCode(), streamed.errorCode());
  }

  /**
   * Page 9 full, as on a tenant of 1000 users or more, repeating the last user of page 8 (one was
   * created ahead of the stream): 199 users are yielded, fewer than the limit, and page 10, which
   * the tenant refuses with a 400, is not asked for all the same.
   */
  @Test
  void aStreamStopsAtTheSearchLimitWithoutAsking400() throws Exception {
    Map<String, String> json = Map.of("Content-Type", "application/json");
    for (int firstUser : List.of(0, 99)) {
      List<Map<String, String>> page = new ArrayList<>();
      for (int i = firstUser; i < firstUser + 100; i++) {
        page.add(Map.of("user_id", "protekt|limit-" + i));
      }
      tenant.faults().failNext("/api/v2/users", 1, 200, json,
          new ObjectMapper().writeValueAsString(page));
    }
    tenant.clearRequests();

    assertEquals(199, users.stream(UserQuery.builder().page(8).perPage(100).build()).count());
    assertEquals(List.of("8", "9"), tenant.requests("/api/v2/users").stream()
        .map(r -> r.query().replaceAll(".*\\bpage=(\\d+).*", "$1")).collect(Collectors.toList()),
        "pages 8 and 9, not page 10");
  }

  @Test
  void aCreateWhoseOutcomeIsUnknownSaysItMayHaveTakenEffect() {
    Users impatient = Tenants.client(tenant).timeout(Duration.ofSeconds(1)).build().users();
    String email = Tenants.uniqueEmail();
    tenant.faults().delayNext("/api/v2/users", 1, Duration.ofMillis(1500));

    ProtektUnavailableException timedOut = assertThrows(ProtektUnavailableException.class,
        () -> impatient.create(UserCreate.builder().email(email)
            .password("SecurePassword123!").build()));

    assertTrue(timedOut.getMessage().endsWith("; it may have taken effect: search for the user"
        + " by email before creating it again."), timedOut.getMessage());
    tenant.faults().failNext("/api/v2/users", 1, 500);
    ProtektApiException failed = assertThrows(ProtektApiException.class,
        () -> users.create(UserCreate.builder().email(Tenants.uniqueEmail())
            .password("SecurePassword123!").build()));
    assertTrue(failed.getMessage().endsWith(" The call may have taken effect: search for the user"
        + " by email before creating it again."), failed.getMessage());
    ProtektApiException gets = assertThrows(ProtektApiException.class, () -> {
      tenant.faults().failNext("/api/v2/users", 4, 500);
      users.list();
    });
    assertFalse(gets.getMessage().contains("taken effect"), gets.getMessage());
  }

  @Test
  void asyncFormsComplete() throws Exception {
    User created = users.createAsync(UserCreate.builder().email(Tenants.uniqueEmail())
        .password("SecurePassword123!").build()).get();
    assertEquals(created.userId(), users.getAsync(created.userId()).get().userId());
    assertTrue(users.deleteAsync(created.userId()).get());
    assertEquals(0L, users.listAsync(UserQuery.builder().q("email:\"" + created.email() + "\"")
        .includeTotals(true).build()).get().total(), "gone");
  }

  @Test
  void cancellingAnAsyncFormCancelsItsRequest() throws Exception {
    CountDownLatch cancelled = new CountDownLatch(1);
    OkHttpClient watching = new OkHttpClient.Builder().eventListener(new EventListener() {
      @Override
      public void canceled(okhttp3.Call call) {
        cancelled.countDown();
      }
    }).build();
    // No retry: a request that was not cancelled would be sent again during the next test.
    Users watched =
        Tenants.client(tenant).httpClient(watching).retryAttempts(0).build().users();
    tenant.faults().delayNext("/api/v2/users", 1, Duration.ofSeconds(2));
    CompletableFuture<UsersPage> page = watched.listAsync(UserQuery.builder().build());
    assertTrue(page.cancel(true));
    assertTrue(cancelled.await(1, TimeUnit.SECONDS), "the request was cancelled");
  }

  @Test
  void asyncFormsFailTheirFutureAsTheCallsThrow() {
    ExecutionException gone =
        assertThrows(ExecutionException.class, () -> users.getAsync("protekt|nobody").get());
    assertInstanceOf(UserNotFoundException.class, gone.getCause());
    ExecutionException update = assertThrows(ExecutionException.class, () -> users.updateAsync(
        "protekt|nobody", UserUpdate.builder().name("x").build()).get());
    assertInstanceOf(UserNotFoundException.class, update.getCause());

    // Bad arguments fail the future too, as the call on another thread would, and send nothing.
    ExecutionException blank = assertThrows(ExecutionException.class, users.getAsync(" ")::get);
    assertInstanceOf(IllegalArgumentException.class, blank.getCause());
    ExecutionException unwritable = assertThrows(ExecutionException.class, users.createAsync(
        UserCreate.builder().email(Tenants.uniqueEmail()).password("Sup3rSecret!Pw")
            .set("born", Instant.now()).build())::get);
    assertInstanceOf(IllegalArgumentException.class, unwritable.getCause());
    assertTrue(unwritable.getCause().getMessage().contains("born"));
    assertFalse(unwritable.getCause().getMessage().contains("Sup3rSecret!Pw"));
    assertTrue(tenant.requests("/api/v2/users").stream()
        .noneMatch(r -> r.method().equals("POST")), "nothing was sent");
  }
}
