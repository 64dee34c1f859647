package dev.protekt.users;

import dev.protekt.ProtektApiException;
import dev.protekt.ProtektUnavailableException;
import dev.protekt.UserExistsException;
import dev.protekt.UserNotFoundException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * The tenant's Users API, reached as {@code protekt.users()}. Thread-safe. Every call gets a
 * machine token itself (cached, renewed before it expires), retries what the contract allows, and
 * throws:
 *
 * <ul>
 *   <li>{@link UserNotFoundException} — 404 {@code inexistent_user} to a get, update or delete
 *       (another 404 is a {@link ProtektApiException});
 *   <li>{@link UserExistsException} — 409 on create;
 *   <li>{@link ProtektApiException} — any other refusal, with {@code statusCode()}, {@code
 *       errorCode()} ({@code invalid_body}, {@code insufficient_scope}, {@code
 *       too_many_requests}, …) and the tenant's message; also a 5xx that outlasted the retries;
 *   <li>{@link ProtektUnavailableException} — the tenant could not be reached or timed out, after
 *       the retries;
 *   <li>a {@link ProtektApiException} {@code invalid_response} — a success that does not fit the
 *       contract, such as another user than the one the id names, or a list that asked for
 *       totals without one;
 *   <li>{@link IllegalArgumentException} — a blank user id or other input the tenant could not
 *       accept, before any request;
 *   <li>whatever getting the machine token threw: {@link dev.protekt.ConfigurationException}
 *       without a client id and secret, a {@link ProtektApiException} when the token endpoint
 *       refuses them, or the exception of your own {@link dev.protekt.AccessTokenProvider}.
 * </ul>
 *
 * <p>Ids are URL-encoded ({@code protekt|abc} travels as {@code protekt%7Cabc}). The map forms
 * accept the same JSON field names as the Python SDK's dictionaries; a {@code null} value there
 * clears the field, as in {@link UserUpdate}.
 */
public interface Users {
  /** The user with this id. */
  User get(String userId);

  /**
   * Creates a user; the answer carries its new {@code user_id}. A create is never sent twice, and
   * one whose outcome is unknown (a timeout, a dropped connection, a 5xx, an answer that does not
   * fit) may have stored the user: its message says so, and to search for the user by email
   * before creating it again. A {@link ProtektUnavailableException} whose message ends "it was
   * not sent" (its cause a {@link java.net.ConnectException}, {@link
   * java.net.UnknownHostException} or {@link java.net.NoRouteToHostException}) is safe to send
   * again.
   */
  User create(UserCreate user);

  /**
   * Creates a user from JSON field names, as {@code users.create({...})} in Python; failing as
   * {@link #create(UserCreate)} does.
   */
  User create(Map<String, ?> fields);

  /** Applies a partial update and returns the updated user. */
  User update(String userId, UserUpdate update);

  /** Applies a partial update given as JSON field names, as {@code users.update(id, {...})}. */
  User update(String userId, Map<String, ?> fields);

  /**
   * Deletes the user. Returns {@code true} once the user no longer exists — also when it was
   * already gone, as the tenant answers 204 in both cases.
   */
  boolean delete(String userId);

  /** One page of users. */
  UsersPage list(UserQuery query);

  /** The first page of every user, with the tenant's defaults. */
  default UsersPage list() {
    return list(UserQuery.builder().build());
  }

  /**
   * Every user matching the query, from its page on, fetched one page at a time as the stream is
   * consumed (so {@code .limit(10)} costs one request). A search never yields more than {@link
   * UserQuery#MAX_RESULTS} users: narrow {@code q} to see others; a query whose page starts past
   * them is refused as {@link #list(UserQuery)} refuses it. Errors surface from the terminal
   * operation as from {@link #list(UserQuery)}.
   *
   * <p>The tenant pages by offset, so users created or deleted while the stream runs move the
   * others between pages. No user is yielded twice; but a user deleted behind the stream's
   * position moves a later one onto a page already fetched, and that one is missed. Sorted by
   * {@code created_at} ascending, new users come last, so only deletions can cause a miss.
   */
  Stream<User> stream(UserQuery query);

  /** {@link #get(String)} on another thread. */
  CompletableFuture<User> getAsync(String userId);

  /** {@link #create(UserCreate)} on another thread. */
  CompletableFuture<User> createAsync(UserCreate user);

  /** {@link #update(String, UserUpdate)} on another thread. */
  CompletableFuture<User> updateAsync(String userId, UserUpdate update);

  /** {@link #delete(String)} on another thread. */
  CompletableFuture<Boolean> deleteAsync(String userId);

  /** {@link #list(UserQuery)} on another thread. */
  CompletableFuture<UsersPage> listAsync(UserQuery query);
}
