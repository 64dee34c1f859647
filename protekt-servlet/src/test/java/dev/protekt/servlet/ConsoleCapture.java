package dev.protekt.servlet;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * What a service under test printed to the console (slf4j-simple writes to System.err, Spring
 * Boot's Logback to System.out), still passed on to the real streams.
 */
final class ConsoleCapture {
  /** A call that may throw, as a test's HTTP requests do. */
  interface Call {
    void run() throws Exception;
  }

  private ConsoleCapture() {}

  /** What was printed while {@code call} ran, by any thread. */
  static String of(Call call) throws Exception {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream out = System.out;
    PrintStream err = System.err;
    System.setOut(new PrintStream(tee(out, captured), true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(tee(err, captured), true, StandardCharsets.UTF_8));
    try {
      call.run();
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
    synchronized (captured) {
      return captured.toString(StandardCharsets.UTF_8);
    }
  }

  private static OutputStream tee(PrintStream original, ByteArrayOutputStream copy) {
    return new OutputStream() {
      @Override
      public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
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
