package dev.protekt.spring;

import dev.protekt.ConfigurationException;
import dev.protekt.ProtektAuth;
import dev.protekt.servlet.ProtektWarmUpListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Warms several clients up side by side, each on a thread of its own, so that one bound holds for
 * them all and a context closed meanwhile cuts the wait short.
 *
 * <p>Spring's {@code close()} interrupts a thread that is refreshing the context only while that
 * thread waits without a time limit; otherwise it waits for the refresh to end, so that a SIGTERM
 * during a 10-minute warm-up would be answered after it. The refreshing thread therefore joins the
 * warm-ups untimed (each is bounded by its own {@code within}), and an interrupt abandons them.
 * A JVM shutdown hook, held only during the warm-up, interrupts it as well.
 */
final class WarmUps {
  private WarmUps() {}

  /**
   * Warms each of {@code clients} up as {@link ProtektWarmUpListener#warmUp} does, side by side.
   *
   * @param fromProperties which of {@code clients} the {@code protekt.*} properties configure: a
   *     configuration their warm-up refuses is reported as a {@link PropertyRefusal}
   * @throws RuntimeException the first client's failure (in {@code clients}' order), with the
   *     others' added as suppressed, when {@code required} and a warm-up failed
   * @throws WarmUpInterruptedException if the waiting thread was interrupted, as Spring interrupts
   *     it when the context is closed during its refresh, or the JVM is shutting down
   */
  static void warmUp(List<ProtektAuth> clients, Duration within, boolean required,
      Predicate<ProtektAuth> fromProperties) {
    // Spring Boot 3.5's close() tries the interrupt once, and a SIGTERM may come before the wait
    // starts: a JVM shutdown interrupts the wait by itself.
    Thread waiting = Thread.currentThread();
    Thread onShutdown = new Thread(waiting::interrupt, "protekt-warm-up-shutdown");
    try {
      Runtime.getRuntime().addShutdownHook(onShutdown);
    } catch (IllegalStateException shuttingDown) {
      throw new WarmUpInterruptedException(shuttingDown);
    }
    try {
      warmUpSideBySide(clients, within, required, fromProperties);
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(onShutdown);
      } catch (IllegalStateException shuttingDown) {
        // The hook runs, or ran: the start is being abandoned anyway.
      }
    }
  }

  private static void warmUpSideBySide(List<ProtektAuth> clients, Duration within,
      boolean required, Predicate<ProtektAuth> fromProperties) {
    List<Thread> threads = new ArrayList<>();
    Throwable[] failures = new Throwable[clients.size()];
    for (int i = 0; i < clients.size(); i++) {
      ProtektAuth protekt = clients.get(i);
      int index = i;
      Thread thread = new Thread(() -> {
        try {
          ProtektWarmUpListener.warmUp(protekt, within, required);
        } catch (ConfigurationException e) {
          failures[index] = fromProperties.test(protekt) ? PropertyRefusal.of(e) : e;
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

    WarmUpInterruptedException(Exception cause) {
      super("Protekt warm-up interrupted: the application is being stopped (a SIGTERM, or its"
          + " context closed) while it starts, so it does not start.", cause);
    }
  }
}
