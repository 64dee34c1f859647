package dev.protekt.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.protekt.consumer.ConsumerBuild.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
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
    Result build = ConsumerBuild.build("consumer", "plain", "package");

    assertPassed(build, 5);
    assertTrue(build.log().contains("Tests run: 5, Failures: 0, Errors: 0"), build.log());
    Path jar = build.project().resolve("target/posts-service-1.0-SNAPSHOT.jar");
    assertTrue(Files.isRegularFile(jar), "no " + jar + "\n" + build.log());
    assertEveryPluginIsPinned(build, ConsumerBuild.project("consumer").resolve("pom.xml"));
  }

  /**
   * The oldest maven-compiler-plugin the POM's comment allows runs the processor with that POM
   * ({@code maven.compiler.release} set), which 3.6.0 to 3.7.0 silently do not and older ones
   * cannot: the generated guard is there after {@code compile}.
   */
  @Test
  void theOldestCompilerPluginThePomAllowsRunsTheProcessor() throws Exception {
    Path pom = ConsumerBuild.project("consumer").resolve("pom.xml");
    Matcher oldest = Pattern.compile("<!-- ([\\d.]+) or later: ").matcher(Files.readString(pom));
    assertTrue(oldest.find(), "the oldest compiler plugin in " + pom);
    Pattern compiler =
        Pattern.compile("(<artifactId>maven-compiler-plugin</artifactId>\\s*<version>)[^<]+");
    Result build = ConsumerBuild.build("consumer", "compiler-" + oldest.group(1),
        text -> compiler.matcher(text).replaceFirst("$1" + oldest.group(1)), "compile");

    assertEquals(0, build.exitStatus(), build.log());
    assertTrue(build.log().contains("maven-compiler-plugin:" + oldest.group(1) + ":compile")
        || build.log().contains("compiler:" + oldest.group(1) + ":compile"), build.log());
    assertTrue(Files.isRegularFile(build.project().resolve(
        "target/generated-sources/annotations/com/example/posts/PostsHandlersGuard.java")),
        build.log());
  }

  /**
   * The README says the POM names every plugin version its build needs: each plugin the build ran
   * is one the POM names, not one of the defaults Maven 3.8 falls back to (resources 2.6 and jar
   * 2.4 among them, from 2013).
   */
  private static void assertEveryPluginIsPinned(Result build, Path pom) throws IOException {
    String declared = Files.readString(pom).replaceAll("(?s)<!--.*?-->", "");
    // Maven 3.8 logs "--- maven-jar-plugin:3.4.2:jar (default-jar) @ …", 3.9 "--- jar:3.4.2:jar".
    Matcher ran = Pattern.compile("--- ([\\w.-]+):([\\w.-]+):[\\w-]+ \\(").matcher(build.log());
    int plugins = 0;
    while (ran.find()) {
      String plugin = ran.group(1).contains("plugin")
          ? ran.group(1)
          : "maven-" + ran.group(1) + "-plugin";
      String pinned = "<artifactId>" + plugin + "</artifactId>\\s*<version>"
          + Pattern.quote(ran.group(2)) + "</version>";
      assertTrue(Pattern.compile(pinned).matcher(declared).find(),
          plugin + " " + ran.group(2) + " ran, a version " + pom + " does not name\n"
              + build.log());
      plugins++;
    }
    assertTrue(plugins >= 5, "plugins found in the log: " + plugins + "\n" + build.log());
  }

  @ParameterizedTest(name = "Spring Boot {0}")
  @FieldSource("SPRING_BOOT_LINES")
  void theReadmeSpringBootAppServesOnARealPort(String bootVersion) throws Exception {
    Result build = ConsumerBuild.build("consumer-spring", "boot-" + bootVersion, "test",
        "-Dspring-boot.version=" + bootVersion);

    assertPassed(build, 4);
    assertTrue(build.log().contains("Tomcat started on port"), build.log());
    assertRanOn(build, bootVersion);
  }

  @ParameterizedTest(name = "Spring Boot {0}")
  @FieldSource("SPRING_BOOT_LINES")
  void theReadmeSpringSecurityAppUsesProtektAsItsJwtDecoder(String bootVersion) throws Exception {
    Result build = ConsumerBuild.build("consumer-spring-security", "boot-" + bootVersion, "test",
        "-Dspring-boot.version=" + bootVersion);

    assertPassed(build, 5);
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
