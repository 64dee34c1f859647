package dev.protekt.internal.http;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import retrofit2.Call;
import retrofit2.Response;

/**
 * Cancels a blocking call when the thread waiting for it is interrupted. OkHttp's {@code
 * execute()} waits in socket reads, which an interrupt does not end, so a thread interrupted to
 * stop (an executor shutting down, a server ending a request that took too long) would wait out
 * the call's whole timeout. One daemon thread looks at the waiting threads every {@link #CHECK}
 * while calls are watched, and ends after a second without any: an idle SDK holds no thread.
 */
public final class InterruptWatch {
  /** How often the waiting threads are looked at: how late an interrupt may end a call. */
  static final Duration CHECK = Duration.ofMillis(20);
  /** How many looks without a call end the watching thread: a second. */
  private static final int IDLE_CHECKS = 50;

  private static final Map<Call<?>, Thread> WATCHED = new ConcurrentHashMap<>();
  private static final AtomicBoolean WATCHING = new AtomicBoolean();

  private InterruptWatch() {}

  /** The call was not sent: its thread was interrupted already. */
  public static final class NotSent extends InterruptedIOException {
    private static final long serialVersionUID = 1L;

    NotSent() {
      super("interrupted before it was sent");
    }
  }

  /**
   * {@code call.execute()}, cancelled if this thread is interrupted meanwhile; not sent at all if
   * it already is. Either way the thread stays interrupted, for its caller to see.
   *
   * @throws NotSent if the thread was interrupted before the call was sent
   * @throws IOException as {@code execute()}, also when the call was cancelled for an interrupt
   */
  public static <T> Response<T> execute(Call<T> call) throws IOException {
    Thread caller = Thread.currentThread();
    if (caller.isInterrupted()) {
      throw new NotSent();
    }
    WATCHED.put(call, caller);
    try {
      if (WATCHING.compareAndSet(false, true)) {
        startWatching();
      }
      return call.execute();
    } finally {
      WATCHED.remove(call);
    }
  }

  private static void startWatching() {
    try {
      Thread watcher = new Thread(InterruptWatch::watch, "protekt-interrupt-watch");
      watcher.setDaemon(true);
      // It outlives no call, but must not pin the class loader of the thread that started it.
      watcher.setContextClassLoader(null);
      watcher.start();
    } catch (RuntimeException | Error e) {
      // No thread to be had: the calls go on unwatched, bounded by their timeouts, and the next
      // one tries again.
      WATCHING.set(false);
    }
  }

  private static void watch() {
    int idle = 0;
    while (true) {
      LockSupport.parkNanos(CHECK.toNanos());
      WATCHED.forEach((call, thread) -> {
        if (thread.isInterrupted()) {
          call.cancel();
        }
      });
      idle = WATCHED.isEmpty() ? idle + 1 : 0;
      if (idle >= IDLE_CHECKS) {
        WATCHING.set(false);
        // A call watched since the last look found the flag still set and started no watcher.
        if (WATCHED.isEmpty() || !WATCHING.compareAndSet(false, true)) {
          return;
        }
        idle = 0;
      }
    }
  }
}
