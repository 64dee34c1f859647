package dev.protekt.spring;

import dev.protekt.ProtektAuth;
import dev.protekt.servlet.ProtektWarmUpListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Warms several clients up side by side, each on a thread of its own, so that one bound holds for
 * them all and a context closed meanwhile cuts the wait short.
 *
 * <p>Spring's {@code close()} interrupts a thread that is refreshing the context only while that
 * thread waits without a time limit; otherwise it waits for the refresh to end, so that a SIGTERM
 * during a 10-minute warm-up would be answered after it. The refreshing thread therefore joins the
 * warm-ups untimed (each is bounded by its own {@code within}), and an interrupt abandons them.
 */
final class WarmUps {
  private WarmUps() {}

  /**
   * Warms each of {@code clients} up as {@link ProtektWarmUpListener#warmUp} does, side by side.
   *
   * @throws RuntimeException the first client's failure (in {@code clients}' order), with the
   *     others' added as suppressed, when {@code required} and a warm-up failed
   * @throws WarmUpInterruptedException if the waiting thread was interrupted, as Spring interrupts
   *     it when the context is closed during its refresh
   */
  static void warmUp(List<ProtektAuth> clients, Duration within, boolean required) {
    List<Thread> threads = new ArrayList<>();
    Throwable[] failures = new Throwable[clients.size()];
    for (int i = 0; i < clients.size(); i++) {
      ProtektAuth protekt = clients.get(i);
      int index = i;
      Thread thread = new Thread(() -> {
        try {
          ProtektWarmUpListener.warmUp(protekt, within, required);
        } catch (RuntimeException | Error e) {
          failures[index] = e;
        }
      }, "protekt-warm-up");
      // An abandoned warm-up must not keep the JVM alive; it ends by its own bound anyway.
      thread.setDaemon(true);
      thread.start();
      threads.add(thread);
    }
    try {
      for (Thread thread : threads) {
        thread.join();
      }
    } catch (InterruptedException e) {
      // ProtektAuth.warmUp returns promptly when interrupted; nobody waits for it any more.
      threads.forEach(Thread::interrupt);
      Thread.currentThread().interrupt();
      throw new WarmUpInterruptedException(e);
    }
    Throwable first = null;
    for (Throwable failure : failures) {
      if (first == null) {
        first = failure;
      } else if (failure != null) {
        first.addSuppressed(failure);
      }
    }
    if (first instanceof RuntimeException e) {
      throw e;
    } else if (first instanceof Error e) {
      throw e;
    }
  }

  /** The application is being shut down while its clients warm up: its start ends here. */
  static final class WarmUpInterruptedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    WarmUpInterruptedException(InterruptedException cause) {
      super("Protekt warm-up interrupted: the application context was closed (such as by a"
          + " SIGTERM's shutdown hook) while it started, so it does not start.", cause);
    }
  }
}
