package dev.protekt.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.protekt.ProtektAuth;
import dev.protekt.testing.LocalTenant;
import dev.protekt.testing.LocalTenantExtension;
import dev.protekt.testing.TokenBuilder;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Micrometer is optional: a JVM without it on the class path builds a client, warms it up, verifies
 * a token and reads its health, and never loads a Micrometer class or {@link MicrometerMetrics}.
 */
@ExtendWith(LocalTenantExtension.class)
class WithoutMicrometerTest {
  private final LocalTenant tenant;

  WithoutMicrometerTest(LocalTenant tenant) {
    this.tenant = tenant;
  }

  @Test
  void aClientWithoutMicrometerOnTheClassPathVerifiesTokensAndLoadsNoneOfIt() throws Exception {
    String classPath = System.getProperty("surefire.test.class.path",
        System.getProperty("java.class.path"));
    List<String> entries = Arrays.asList(classPath.split(File.pathSeparator));
    List<String> without = entries.stream().filter(e -> !e.contains("micrometer"))
        .collect(Collectors.toList());
    assertNotEquals(entries.size(), without.size(), "Micrometer was on the test class path");

    Path output = Files.createTempFile("without-micrometer", ".log");
    try {
      Process child = new ProcessBuilder(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-verbose:class", "-cp", String.join(File.pathSeparator, without),
          Child.class.getName(), tenant.domain(), tenant.apiAudience(), tenant.token().sign())
          .redirectErrorStream(true).redirectOutput(output.toFile()).start();
      boolean ended = child.waitFor(60, TimeUnit.SECONDS);
      if (!ended) {
        child.destroyForcibly();
      }
      String log = Files.readString(output, StandardCharsets.UTF_8);
      assertTrue(ended, "the child JVM did not end within 60 s:\n" + tail(log));
      assertEquals(0, child.exitValue(), tail(log));
      assertTrue(log.contains("verified " + TokenBuilder.DEFAULT_SUBJECT + ", keys FRESH"),
          tail(log));
      assertFalse(log.contains("io.micrometer"), "a Micrometer class was loaded");
      assertFalse(log.contains(MicrometerMetrics.class.getName()), "MicrometerMetrics was loaded");
    } finally {
      Files.deleteIfExists(output);
    }
  }

  private static String tail(String log) {
    return log.lines().filter(line -> !line.startsWith("[")).collect(Collectors.joining("\n"));
  }

  /** The child JVM: {@code domain audience token}. */
  static final class Child {
    public static void main(String[] args) {
      try {
        Class.forName("io.micrometer.core.instrument.MeterRegistry");
        throw new AssertionError("Micrometer is on the class path");
      } catch (ClassNotFoundException expected) {
        // The point of the test.
      }
      ProtektAuth auth = ProtektAuth.builder().domain(args[0]).audience(args[1]).build();
      auth.warmUp();
      System.out.println("verified " + auth.verifyToken(args[2]).subject() + ", keys "
          + auth.health().keys().state());
    }
  }
}
