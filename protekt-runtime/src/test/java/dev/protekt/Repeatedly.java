package dev.protekt;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;

/** Checks what must stay so, again and again for a bounded real time, so that a test always ends. */
public final class Repeatedly {
  private Repeatedly() {}

  /** Runs {@code check} every 20 ms or so for {@code time}; it fails as its assertions do. */
  public static void during(Duration time, Runnable check) {
    long end = System.nanoTime() + time.toNanos();
    while (System.nanoTime() - end < 0) {
      check.run();
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        fail("Interrupted while checking repeatedly");
      }
    }
  }
}
