package dev.protekt.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A value bound to the current thread while a scope is open: the one implementation behind {@code
 * CurrentUser} and {@code TokenContext}. Scopes nest; closed innermost first, on the thread that
 * opened them, each restores what was bound before it. Any other close fails closed, because the
 * value it would restore may belong to a call that has ended:
 *
 * <ul>
 *   <li>a scope closed out of order leaves its thread with nothing bound, also inside scopes opened
 *       within it that are still open;
 *   <li>a scope closed on another thread leaves its own thread with nothing bound from then on, the
 *       same way (that thread's state is not touched from elsewhere: its next read sees the close).
 * </ul>
 *
 * <p>A second close does nothing. Scopes, not values, are compared: nested calls often carry the
 * same (cached) value. The thread-local holds a JDK array, emptied when the outermost scope closes,
 * so that a pooled thread keeps neither a value nor a class of ours alive after a request; binding
 * and reading cost one thread-local lookup each.
 *
 * @param <T> the bound value
 */
public final class ThreadBinding<T> {
  private final ThreadLocal<Object[]> slot = ThreadLocal.withInitial(() -> new Object[1]);

  /**
   * Makes the scope object of one binding. The public scope types ({@code CurrentUser.Scope},
   * {@code TokenContext.Scope}) are subclasses of {@link Scope} made here, so that a bind on a
   * guard's path allocates one object, not a public scope around an internal one.
   *
   * @param <T> the bound value
   * @param <S> the scope type
   */
  @FunctionalInterface
  public interface ScopeFactory<T, S extends Scope<T>> {
    /** Calls the scope's constructor, which passes these on to {@link Scope#Scope}. */
    S create(Object[] slot, Scope<T> previous, T value);
  }

  /** Binds {@code value} (which may be {@code null}) until the returned scope is closed. */
  public <S extends Scope<T>> S bind(T value, ScopeFactory<T, S> scopes) {
    Object[] innermost = slot.get();
    S scope = scopes.create(innermost, open(innermost), value);
    innermost[0] = scope;
    return scope;
  }

  /** This thread's innermost open scope, or {@code null} when nothing is bound. */
  public Scope<T> current() {
    return open(slot.get());
  }

  @SuppressWarnings("unchecked") // a binding's slot holds only its own scopes
  private static <T> Scope<T> open(Object[] innermost) {
    return Scope.open((Scope<T>) innermost[0]);
  }

  /**
   * One binding; closing it restores the previous one, see {@link ThreadBinding}.
   *
   * @param <T> the bound value
   */
  public abstract static class Scope<T> implements AutoCloseable {
    /**
     * Release/acquire access to {@link #closed}: enough for a close on another thread to be seen by
     * the scope's own thread, without the full fence a volatile write costs on every request.
     */
    private static final VarHandle CLOSED;

    static {
      try {
        CLOSED = MethodHandles.lookup().findVarHandle(Scope.class, "closed", boolean.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    private final Object[] slot;
    private final Scope<T> previous;
    private final T value;
    private final Thread thread = Thread.currentThread();
    @SuppressWarnings("unused") // read and written through CLOSED
    private boolean closed;

    /** Only through {@link ThreadBinding#bind}, which hands the subclass these. */
    protected Scope(Object[] slot, Scope<T> previous, T value) {
      this.slot = slot;
      this.previous = previous;
      this.value = value;
    }

    /** The bound value. */
    public final T value() {
      return value;
    }

    /**
     * {@code scope}, or {@code null} when it or any scope it would restore has been closed: out of
     * order (an outer scope before this one) or on another thread, which cannot touch this
     * thread's slot.
     */
    private static <T> Scope<T> open(Scope<T> scope) {
      for (Scope<T> s = scope; s != null; s = s.previous) {
        if ((boolean) CLOSED.getAcquire(s)) {
          return null;
        }
      }
      return scope;
    }

    @Override
    public final void close() {
      boolean first = !(boolean) CLOSED.getAcquire(this);
      CLOSED.setRelease(this, true);
      // Only in order, on its own thread, is there something to restore. Any other close needs no
      // more than the flag: every read checks the scopes it would restore (see open).
      if (Thread.currentThread() == thread && slot[0] == this) {
        slot[0] = first ? open(previous) : null;
      }
    }
  }
}
