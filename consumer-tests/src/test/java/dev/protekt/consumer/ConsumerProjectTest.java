package dev.protekt.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.protekt.consumer.ConsumerBuild.Result;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The README's consumer projects, built from nothing but their own files and the SDK just built:
 * the processor generates their guards, and their JUnit 5 tests run and pass. This build runs on
 * whichever JDK runs the suite; {@code .ci/run} runs the suite on each JDK it finds.
 */
class ConsumerProjectTest {
  /** The Spring Boot lines the README names as supported; each one is built and started here. */
  static final List<String> SPRING_BOOT_LINES = List.of("3.5.7", "4.0.7");

  @Test
  void theReadmeProjectCompilesWithTheProcessorAndPassesItsTests() throws Exception {
    Result build = ConsumerBuild.test("consumer", "plain");

    assertPassed(build, 5);
    assertTrue(build.log().contains("Tests run: 5, Failures: 0, Errors: 0"), build.log());
  }

  @ParameterizedTest(name = "Spring Boot {0}")
  @FieldSource("SPRING_BOOT_LINES")
  void theReadmeSpringBootAppServesOnARealPort(String bootVersion) throws Exception {
    Result build = ConsumerBuild.test("consumer-spring", "boot-" + bootVersion,
        "-Dspring-boot.version=" + bootVersion);

    assertPassed(build, 4);
    assertTrue(build.log().contains("Tomcat started on port"), build.log());
    assertRanOn(build, bootVersion);
  }

  @ParameterizedTest(name = "Spring Boot {0}")
  @FieldSource("SPRING_BOOT_LINES")
  void theReadmeSpringSecurityAppUsesProtektAsItsJwtDecoder(String bootVersion) throws Exception {
    Result build = ConsumerBuild.test("consumer-spring-security", "boot-" + bootVersion,
        "-Dspring-boot.version=" + bootVersion);

    assertPassed(build, 4);
    assertRanOn(build, bootVersion);
  }

  private static void assertRanOn(Result build, String bootVersion) {
    assertTrue(Pattern.compile(":: Spring Boot ::\\s+\\(v" + Pattern.quote(bootVersion) + "\\)")
        .matcher(build.log()).find(), "ran on Spring Boot " + bootVersion + ":\n" + build.log());
  }

  private static void assertPassed(Result build, int tests) {
    assertEquals(0, build.exitStatus(), build.log());
    assertEquals(tests, build.tests(), "tests counted in the surefire reports\n" + build.log());
    assertEquals(0, build.failed(), build.log());
    assertEquals(0, build.skipped(), build.log());
  }
}
