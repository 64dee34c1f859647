package dev.protekt.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.protekt.testing.LocalTenant;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's named module ({@code docs/consumer-jpms} with the posts service of {@code
 * docs/consumer}) compiles against the SDK's jars on the module path, and starts with the launch
 * flag the README gives (its {@code java --add-modules …} line): it verifies a token of a local
 * tenant and refuses the others. Without the flag the same launch fails, as the README warns.
 */
class JpmsConsumerTest {
  /**
   * The runtime's dependencies as {@code mvn dependency:tree -pl protekt-runtime} lists them,
   * without the optional Micrometer, the Kotlin jars newer Kotlin folds into {@code kotlin-stdlib}
   * and {@code okio-<version>.jar} (Kotlin metadata the README says to leave out).
   */
  private static final List<String> RUNTIME_DEPENDENCIES = List.of("nimbus-jose-jwt", "retrofit",
      "converter-jackson", "okhttp", "okio-jvm", "kotlin-stdlib", "jackson-databind",
      "jackson-core", "jackson-annotations", "slf4j-api");
  private static final Pattern LAUNCH =
      Pattern.compile("(?m)^java (--add-modules \\S+) -p out:libs -m (\\S+)");
  private static final String MODULE = "com.example.posts";

  @Test
  void theNamedModuleStartsWithTheReadmesFlagAndNotWithout(@TempDir Path work) throws Exception {
    Matcher launch = LAUNCH.matcher(Files.readString(ConsumerBuild.readme()));
    assertTrue(launch.find(), "the README's java --add-modules … -p out:libs -m … line");
    List<String> libs = libs();
    Path out = compile(work, libs);
    String modulePath = out + File.pathSeparator + String.join(File.pathSeparator, libs);

    try (LocalTenant tenant = LocalTenant.start()) {
      List<String> arguments = List.of("-p", modulePath, "-m", launch.group(2), tenant.domain(),
          tenant.apiAudience(),
          tenant.token().subject("protekt|alice").permissions("write:posts").sign(),
          tenant.token().subject("protekt|bob").permissions("read:posts").sign(),
          "not-a-token");

      List<String> withFlag = new ArrayList<>(List.of(launch.group(1).split(" ")));
      withFlag.addAll(arguments);
      Launch started = launch(work, withFlag);
      assertEquals(0, started.exitStatus(), started::toString);
      assertEquals("protekt|alice wrote Hello\n403\n401\n", started.output(), started::toString);

      Launch without = launch(work, arguments);
      assertNotEquals(0, without.exitStatus(), without::toString);
      assertTrue(without.errors().contains("NoClassDefFoundError"), without::toString);
    }
  }

  /**
   * The SDK jars the module requires and the runtime's dependencies, as the test class path holds
   * them (the versions this build resolved).
   */
  private static List<String> libs() {
    List<String> libs = new ArrayList<>(List.of(
        ConsumerBuild.moduleJar("protekt-runtime").toString(),
        ConsumerBuild.moduleJar("protekt-annotations").toString()));
    List<String> classPath = List.of(System.getProperty("java.class.path").split(File.pathSeparator));
    for (String artifact : RUNTIME_DEPENDENCIES) {
      List<String> jars = classPath.stream()
          .filter(jar -> Path.of(jar).getFileName().toString().matches(
              Pattern.quote(artifact) + "-\\d[^/]*\\.jar"))
          .toList();
      assertEquals(1, jars.size(), artifact + " on the test class path: " + jars);
      libs.addAll(jars);
    }
    return libs;
  }

  /**
   * Lays out {@code src/com.example.posts} as the README does (the consumer project's posts service
   * beside {@code docs/consumer-jpms}'s files) and compiles it as the README's {@code javac} line
   * does, for Java 17, without a warning of {@code -Xlint:all} but the one the README's {@code
   * requires} lines bring: they name automatic modules.
   */
  private static Path compile(Path work, List<String> libs) throws IOException {
    Path src = work.resolve("src");
    Path from = ConsumerBuild.project("consumer-jpms").resolve("src");
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        copy(file, src.resolve(from.relativize(file).toString()));
      }
    }
    Path posts = ConsumerBuild.project("consumer").resolve("src/main/java/com/example/posts");
    Path into = src.resolve(MODULE).resolve("com/example/posts");
    for (String name : List.of("PostsHandlers.java", "PostsService.java", "Accounts.java")) {
      copy(posts.resolve(name), into.resolve(name));
    }
    Path out = work.resolve("out");
    String processorPath = ConsumerBuild.moduleJar("protekt-processor") + File.pathSeparator
        + System.getProperty("java.class.path");
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager files =
        javac.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
      // As the README's javac line: no class path (in-process, this JVM's would be the default),
      // which would hand the runtime what its module does not read.
      files.setLocation(StandardLocation.CLASS_PATH, List.of());
      boolean compiled = javac.getTask(null, files, diagnostics, List.of("--release", "17",
          "-Xlint:all,-requires-automatic", "-Werror", "-processorpath", processorPath,
          "-p", String.join(File.pathSeparator, libs), "--module-source-path", src.toString(),
          "-m", MODULE, "-d", out.toString()), null, null).call();
      assertTrue(compiled, diagnostics.getDiagnostics().toString());
    }
    return out;
  }

  private static void copy(Path from, Path to) throws IOException {
    Files.createDirectories(to.getParent());
    Files.copy(from, to);
  }

  /** How a child JVM ended, and what it printed on its standard output and error. */
  private record Launch(int exitStatus, String output, String errors) {
    @Override
    public String toString() {
      return "exit status " + exitStatus + "\n" + output + errors;
    }
  }

  private static Launch launch(Path work, List<String> arguments)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(
        List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(arguments);
    Path output = Files.createTempFile(work, "launch", ".out");
    Path errors = Files.createTempFile(work, "launch", ".err");
    Process process = new ProcessBuilder(command).redirectOutput(output.toFile())
        .redirectError(errors.toFile()).start();
    if (!process.waitFor(2, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("java did not end in 2 minutes: " + command);
    }
    return new Launch(process.exitValue(), Files.readString(output), Files.readString(errors));
  }
}
