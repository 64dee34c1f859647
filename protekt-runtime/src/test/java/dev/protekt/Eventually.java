package dev.protekt;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.function.BooleanSupplier;

/** Waits for what a background thread does, within a bound so that a test always ends. */
public final class Eventually {
  private static final long LONGEST_WAIT_MILLIS = 10_000;

  private Eventually() {}

  /** Returns once {@code condition} holds; fails after ten seconds, saying {@code what}. */
  public static void holds(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + LONGEST_WAIT_MILLIS * 1_000_000;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        fail("Within " + LONGEST_WAIT_MILLIS + " ms, expected: " + what);
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        fail("Interrupted while waiting for: " + what);
      }
    }
  }
}
