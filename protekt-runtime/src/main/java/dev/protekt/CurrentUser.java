package dev.protekt;

import dev.protekt.internal.ThreadBinding;
import java.util.Optional;

/**
 * The verified caller of the guarded call running on this thread, like {@code
 * request.current_user} in the Python SDK. A generated guard binds the user it verified before it
 * calls your implementation and unbinds it when the call returns or throws, so the token is
 * verified once per call.
 *
 * <pre>{@code
 * public Response profile(HttpExchange exchange) {
 *   ProtektUser user = CurrentUser.get();
 *   …
 * }
 * }</pre>
 *
 * <p>Work handed to another thread does not see the user; pass the {@link ProtektUser} along.
 */
public final class CurrentUser {
  private static final ThreadBinding<ProtektUser> USERS = new ThreadBinding<>();

  private CurrentUser() {}

  /**
   * The verified user of the current guarded call. A {@code @Public} method checks no token, even
   * one the request sent, so a request to it has no verified user; called from within a guarded
   * call (your implementation calling another guard), it sees that call's user.
   *
   * @throws IllegalStateException outside a guarded call that required authentication
   */
  public static ProtektUser get() {
    ProtektUser user = user();
    if (user == null) {
      throw new IllegalStateException("No verified user on this thread: CurrentUser.get() works"
          + " only inside a call through a generated guard to a method that requires"
          + " authentication. A @Public method checks no token, even one that was sent; where"
          + " code also runs without a verified user, use CurrentUser.find(), which is empty"
          + " there.");
    }
    return user;
  }

  /**
   * The verified user of the current guarded call, or empty outside one (and so in a {@code
   * @Public} method a request called directly: it checks no token).
   */
  public static Optional<ProtektUser> find() {
    return Optional.ofNullable(user());
  }

  private static ProtektUser user() {
    ThreadBinding.Scope<ProtektUser> scope = USERS.current();
    return scope == null ? null : scope.value();
  }

  /**
   * Makes {@code user} the current user until the returned scope is closed, which restores whatever
   * was current before. Generated guards call this; so may tests that exercise code reading
   * {@link #get()}. Close scopes innermost first, on the thread that opened them: a scope closed
   * out of that order, or on another thread, leaves its thread with no user at all, never with one
   * whose call has ended.
   *
   * @throws IllegalArgumentException if {@code user} is {@code null}: code that must run without a
   *     verified user runs outside any binding, where {@link #find()} is empty
   */
  public static Scope bind(ProtektUser user) {
    if (user == null) {
      throw new IllegalArgumentException("CurrentUser.bind(null): there is no user to bind. Bind"
          + " the ProtektUser that a real ProtektAuth verified (Guards.authorize returns it); code"
          + " that must run without a verified user runs outside any binding, where"
          + " CurrentUser.find() is empty.");
    }
    return USERS.bind(user, Scope::new);
  }

  /**
   * The current user's binding. Close it in a {@code finally} block: {@code close()} restores the
   * user that was current at {@code bind}, and a second call does nothing.
   */
  public static final class Scope extends ThreadBinding.Scope<ProtektUser> {
    private Scope(Object[] slot, ThreadBinding.Scope<ProtektUser> previous, ProtektUser bound) {
      super(slot, previous, bound);
    }
  }
}
