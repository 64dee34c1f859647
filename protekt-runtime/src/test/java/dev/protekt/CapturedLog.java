package dev.protekt;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** What the SDK logs, as the tests see it: slf4j-simple writes every line to System.err. */
public final class CapturedLog {
  /** The capture of {@link #of} running on this thread, for {@link #until}. */
  private static final ThreadLocal<ByteArrayOutputStream> CURRENT = new ThreadLocal<>();

  private CapturedLog() {}

  private static String current() {
    ByteArrayOutputStream captured = CURRENT.get();
    synchronized (captured) {
      return captured.toString(StandardCharsets.UTF_8);
    }
  }

  /** What was logged while {@code calls} ran, still written to the real System.err too. */
  public static String of(Runnable calls) {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.err;
    CURRENT.set(captured);
    System.setErr(new PrintStream(tee(original, captured), true, StandardCharsets.UTF_8));
    try {
      calls.run();
    } finally {
      System.setErr(original);
      CURRENT.remove();
    }
    return captured.toString(StandardCharsets.UTF_8);
  }

  /**
   * What was logged while {@code calls} ran and then until {@code awaited} appeared, for what a
   * background thread logs; ten seconds at most.
   */
  public static String until(String awaited, Runnable calls) {
    return of(() -> {
      calls.run();
      Eventually.holds("'" + awaited + "' is logged", () -> current().contains(awaited));
    });
  }

  private static OutputStream tee(PrintStream original, ByteArrayOutputStream copy) {
    return new OutputStream() {
      @Override
      public void write(int c) {
        write(new byte[] {(byte) c}, 0, 1);
      }

      @Override
      public void write(byte[] bytes, int off, int len) {
        original.write(bytes, off, len);
        synchronized (copy) {
          copy.write(bytes, off, len);
        }
      }
    };
  }
}
