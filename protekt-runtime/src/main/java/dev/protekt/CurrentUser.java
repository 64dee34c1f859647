package dev.protekt;

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
  private static final ThreadLocal<ProtektUser> USER = new ThreadLocal<>();

  private CurrentUser() {}

  /**
   * The verified user of the current guarded call.
   *
   * @throws IllegalStateException outside a guarded call, or inside a {@code @Public} one
   */
  public static ProtektUser get() {
    ProtektUser user = USER.get();
    if (user == null) {
      throw new IllegalStateException("No verified user on this thread: CurrentUser.get() works"
          + " only inside a call through a generated guard to a method that requires"
          + " authentication. Use CurrentUser.find() where the caller may be anonymous.");
    }
    return user;
  }

  /** The verified user of the current guarded call, or empty outside one. */
  public static Optional<ProtektUser> find() {
    return Optional.ofNullable(USER.get());
  }

  /**
   * Makes {@code user} the current user until the returned scope is closed, which restores whatever
   * was current before. Generated guards call this; so may tests that exercise code reading
   * {@link #get()}.
   */
  public static Scope bind(ProtektUser user) {
    ProtektUser previous = USER.get();
    USER.set(user);
    return new Scope(previous);
  }

  /** Restores the previous current user when closed. Close it in a {@code finally} block. */
  public static final class Scope implements AutoCloseable {
    private final ProtektUser previous;

    private Scope(ProtektUser previous) {
      this.previous = previous;
    }

    @Override
    public void close() {
      if (previous == null) {
        USER.remove();
      } else {
        USER.set(previous);
      }
    }
  }
}
