package dev.protekt.interop;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A third-party issuer running for the tests in a JVM of its own, on the class path its module's
 * build wrote, listening on a free port of 127.0.0.1. Closing it ends its standard input, which
 * stops it; it is killed if it has not stopped a few seconds later. Should the test JVM die first,
 * its end of the pipe closes all the same.
 */
final class IssuerProcess implements AutoCloseable {
  /** A cold JVM, Spring's context and Tomcat, on two cores that other builds share. */
  private static final long STARTUP_SECONDS = 120;
  private static final long STOP_SECONDS = 10;
  private static final Pattern LISTENING = Pattern.compile("listening on (\\d+)");

  private final String module;
  private final Process process;
  private final Path log;
  private final CompletableFuture<Integer> port = new CompletableFuture<>();

  private IssuerProcess(String module, Process process, Path log) {
    this.module = module;
    this.process = process;
    this.log = log;
  }

  /**
   * Starts the main class of {@code interop-tests/<module>} with these arguments, on the JDK that
   * runs the tests. Returns at once: {@link #port()} waits for the server to listen.
   */
  static IssuerProcess start(String module, String mainClass, String... args) {
    Path target = Path.of(System.getProperty("protekt.interop.home", "."), module, "target");
    Path classPathFile = target.resolve("server-class-path.txt");
    if (!Files.isRegularFile(classPathFile)) {
      throw new AssertionError(classPathFile + " is missing: run these tests through Maven"
          + " (mvn -pl interop-tests -am verify), which builds the issuers' modules first.");
    }
    try {
      String classPath = target.resolve("classes") + File.pathSeparator
          + Files.readString(classPathFile).trim();
      List<String> command = new ArrayList<>(List.of(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          // A server that lives for a minute starts faster without the optimizing compiler.
          "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m",
          "-cp", classPath, mainClass));
      command.addAll(List.of(args));
      Path logs = Path.of(System.getProperty("protekt.interop.logs", "target/issuer-logs"));
      Files.createDirectories(logs);
      IssuerProcess issuer = new IssuerProcess(module,
          new ProcessBuilder(command).redirectErrorStream(true).start(),
          logs.resolve(module + ".log"));
      Thread reader = new Thread(issuer::readOutput, module + "-output");
      reader.setDaemon(true);
      reader.start();
      return issuer;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start " + module, e);
    }
  }

  /** Copies the server's output to its log, and learns its port from the line that tells it. */
  private void readOutput() {
    try (BufferedReader lines = new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        Writer out = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        out.write(line);
        out.write('\n');
        out.flush();
        Matcher listening = LISTENING.matcher(line);
        if (!port.isDone() && listening.matches()) {
          port.complete(Integer.valueOf(listening.group(1)));
        }
      }
    } catch (IOException e) {
      port.completeExceptionally(e);
    }
    port.completeExceptionally(new IllegalStateException("it stopped before it listened"));
  }

  /** The port the server listens on, once it does. */
  int port() {
    try {
      return port.get(STARTUP_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError(module + " did not listen within " + STARTUP_SECONDS
          + " seconds; its output is in " + log, e);
    } catch (ExecutionException e) {
      throw new AssertionError(module + " could not start (" + e.getCause().getMessage()
          + "); its output is in " + log, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("Interrupted while " + module + " started", e);
    }
  }

  /** {@code http://127.0.0.1:<port>}, once the server listens. */
  String url() {
    return "http://127.0.0.1:" + port();
  }

  /** Tells the server to stop, by ending its input; {@link #close()} waits for it. */
  void stop() {
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      // Its end of the pipe is gone: it is stopping already, or close() kills it.
    }
  }

  /** Stops the server, and kills it if it has not stopped within a few seconds. */
  @Override
  public void close() {
    stop();
    try {
      if (process.waitFor(STOP_SECONDS, TimeUnit.SECONDS)) {
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process.destroyForcibly();
  }
}
