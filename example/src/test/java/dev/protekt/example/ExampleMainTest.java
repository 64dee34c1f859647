package dev.protekt.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code java -jar protekt-example.jar} as a newcomer meets it: its own JVM, its own exit. */
class ExampleMainTest {
  @Test
  void aTakenPortEndsTheProcessWithOneLineAndStatusTwo(@TempDir Path dir) throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Path out = dir.resolve("out.txt");
      Path err = dir.resolve("err.txt");
      ProcessBuilder builder = example(out, err);
      builder.environment().put("PORT", String.valueOf(taken.getLocalPort()));
      Process process = builder.start();

      boolean exited = process.waitFor(60, TimeUnit.SECONDS);
      if (!exited) {
        process.destroyForcibly();
      }
      assertTrue(exited, "the process must end, not hang on the tenant's threads");
      List<String> lines = Files.readAllLines(err);
      assertEquals(2, process.exitValue(), String.join("\n", lines));
      assertEquals(1, lines.size(), "one line, no stack trace: " + lines);
      assertTrue(lines.get(0).startsWith("Cannot start: 127.0.0.1:" + taken.getLocalPort()
          + " is taken"), lines.get(0));
      assertTrue(lines.get(0).contains("Set PORT"), lines.get(0));
      assertEquals("", Files.readString(out));
    }
  }

  @Test
  void anUnknownArgumentEndsTheProcessWithOneLineAndStatusTwo(@TempDir Path dir) throws Exception {
    for (String argument : List.of("--bogus", "-demo", "--Demo")) {
      Path out = dir.resolve("out.txt");
      Path err = dir.resolve("err.txt");
      ProcessBuilder builder = example(out, err, argument);
      // Were the argument ignored, the service would start here, not on a fixed port.
      builder.environment().put("PORT", "0");
      Process process = builder.start();

      boolean exited = process.waitFor(30, TimeUnit.SECONDS);
      process.destroyForcibly();
      assertTrue(exited, argument + " must end the process, not start the service");
      List<String> lines = Files.readAllLines(err);
      assertEquals(2, process.exitValue(), String.join("\n", lines));
      assertEquals(List.of("Cannot start: unknown argument '" + argument + "'. The only argument is --demo;"
          + " the rest comes from the environment (PORT, HOST, PROTEKT_DOMAIN, ...)."), lines);
      assertEquals("", Files.readString(out));
    }
  }

  /** The example's main in a JVM of its own, on its embedded tenant, its output in two files. */
  private static ProcessBuilder example(Path out, Path err, String... args) {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), ExampleApp.class.getName()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
    builder.environment().remove("PROTEKT_DOMAIN");
    return builder;
  }

  @Test
  void theDemoPrintsNeitherTokensNorCurlLinesForAServiceAboutToStop() throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();

    ExampleApp.demo(Map.of(), new PrintStream(printed, true, StandardCharsets.UTF_8));

    String out = printed.toString(StandardCharsets.UTF_8);
    assertTrue(out.startsWith("Protekt example service on http://127.0.0.1:"), out);
    assertTrue(!out.contains("curl") && !out.contains("_TOKEN=") && !out.contains("eyJ"), out);
  }
}
