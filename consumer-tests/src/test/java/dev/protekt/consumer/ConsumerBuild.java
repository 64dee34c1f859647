package dev.protekt.consumer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One Maven build of a consumer project, run as its user would run it: a separate {@code mvn}
 * process on the Maven and the JDK that run this build, against a local repository that holds
 * nothing of ours but the SDK artifacts just built.
 *
 * <p>That repository starts empty for every build of this module. So that it need not download
 * again what the host's repository already holds, a settings file names the host's repository as a
 * file-based remote for releases (never for snapshots: the SDK can come only from this build).
 * Anything else comes from Maven Central, as it would for the user.
 */
final class ConsumerBuild {
  private static final Path ROOT = Path.of(System.getProperty("protekt.root")).normalize();
  private static final String VERSION = System.getProperty("protekt.version");
  private static final Path WORK = ROOT.resolve("consumer-tests/target/consumers");
  private static final Path REPOSITORY = WORK.resolve("repository");
  private static final Path SETTINGS = WORK.resolve("settings.xml");
  /** What a user installs with {@code mvn install}; the parent is how their POMs find versions. */
  static final List<String> PUBLISHED = List.of("protekt-annotations", "protekt-runtime",
      "protekt-processor", "protekt-testing", "protekt-servlet", "protekt-spring-boot");
  private static final Pattern SUITE =
      Pattern.compile("<testsuite[^>]*?\\btests=\"(\\d+)\"[^>]*?\\berrors=\"(\\d+)\"[^>]*?"
          + "\\bskipped=\"(\\d+)\"[^>]*?\\bfailures=\"(\\d+)\"");
  private static boolean staged;

  /**
   * What a build did: the copy it ran in, its exit status, its log, and the tests its surefire
   * reports counted.
   */
  record Result(Path project, int exitStatus, String log, int tests, int failed, int skipped) {}

  private ConsumerBuild() {}

  /** The project under {@code docs/}, as a file there names it. */
  static Path project(String name) {
    return ROOT.resolve("docs").resolve(name);
  }

  static Path readme() {
    return ROOT.resolve("README.md");
  }

  /**
   * Copies {@code docs/<project>} (without any {@code target}) to a fresh folder and runs {@code
   * mvn -B -ntp <arguments> <phase>} there.
   *
   * @param label names the copy, so that builds of one project with other arguments keep their logs
   */
  static Result build(String project, String label, String phase, String... arguments)
      throws IOException, InterruptedException {
    return build(project, label, UnaryOperator.identity(), phase, arguments);
  }

  /**
   * As {@link #build(String, String, String, String...)}, with the copy's {@code pom.xml} as
   * {@code pom} makes it from the project's.
   */
  static Result build(String project, String label, UnaryOperator<String> pom, String phase,
      String... arguments) throws IOException, InterruptedException {
    stageSdk();
    Path copy = WORK.resolve(project + "-" + label);
    deleteRecursively(copy);
    copyProject(project(project), copy);
    Files.writeString(copy.resolve("pom.xml"), pom.apply(Files.readString(copy.resolve("pom.xml"))));
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("protekt.maven.home"), "bin", "mvn").toString(),
        "-B", "-ntp", "-s", SETTINGS.toString(), "-Dmaven.repo.local=" + REPOSITORY));
    command.addAll(List.of(arguments));
    command.add(phase);
    Path log = copy.resolve("build.log");
    ProcessBuilder builder = new ProcessBuilder(command).directory(copy.toFile())
        .redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    builder.environment().remove("MAVEN_OPTS");
    Process process = builder.start();
    if (!process.waitFor(8, TimeUnit.MINUTES)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      throw new AssertionError("The build of " + copy + " took over 8 minutes; see " + log);
    }
    int[] counts = countTests(copy.resolve("target/surefire-reports"));
    return new Result(copy, process.exitValue(), Files.readString(log), counts[0], counts[1],
        counts[2]);
  }

  /** Tests, failed (failures and errors), skipped, over every surefire report in {@code reports}. */
  private static int[] countTests(Path reports) throws IOException {
    int[] counts = new int[3];
    if (!Files.isDirectory(reports)) {
      return counts;
    }
    try (Stream<Path> files = Files.list(reports)) {
      for (Path file : files.filter(f -> f.getFileName().toString().matches("TEST-.*\\.xml"))
          .toList()) {
        Matcher suite = SUITE.matcher(Files.readString(file));
        if (!suite.find()) {
          throw new AssertionError("No <testsuite> counts in " + file);
        }
        counts[0] += Integer.parseInt(suite.group(1));
        counts[1] += Integer.parseInt(suite.group(2)) + Integer.parseInt(suite.group(4));
        counts[2] += Integer.parseInt(suite.group(3));
      }
    }
    return counts;
  }

  /** The jar the reactor build just packaged for {@code module}. */
  static Path moduleJar(String module) {
    Path jar = ROOT.resolve(module).resolve("target").resolve(module + "-" + VERSION + ".jar");
    if (!Files.isRegularFile(jar)) {
      throw new AssertionError(jar + " is missing: run this module in the reactor build"
          + " (mvn verify from the root), which packages the SDK before these tests.");
    }
    return jar;
  }

  /** Puts the parent POM and each published module's POM and jar where {@code install} would. */
  private static synchronized void stageSdk() throws IOException {
    if (staged) {
      return;
    }
    deleteRecursively(WORK);
    stage("protekt-parent", ROOT.resolve("pom.xml"), null);
    for (String module : PUBLISHED) {
      stage(module, ROOT.resolve(module).resolve("pom.xml"), moduleJar(module));
    }
    String hostRepository = """
        <id>host-repository</id>
        <url>%s</url>
        <releases><checksumPolicy>ignore</checksumPolicy></releases>
        <snapshots><enabled>false</enabled></snapshots>
        """.formatted(Path.of(System.getProperty("protekt.host.repository")).toUri());
    Files.writeString(SETTINGS, """
        <settings>
          <profiles>
            <profile>
              <id>host-repository</id>
              <repositories><repository>%1$s</repository></repositories>
              <pluginRepositories><pluginRepository>%1$s</pluginRepository></pluginRepositories>
            </profile>
          </profiles>
          <activeProfiles>
            <activeProfile>host-repository</activeProfile>
          </activeProfiles>
        </settings>
        """.formatted(hostRepository));
    staged = true;
  }

  private static void stage(String artifactId, Path pom, Path jar) throws IOException {
    Path folder = REPOSITORY.resolve("dev/protekt").resolve(artifactId).resolve(VERSION);
    Files.createDirectories(folder);
    String base = artifactId + "-" + VERSION;
    Files.copy(pom, folder.resolve(base + ".pom"), StandardCopyOption.REPLACE_EXISTING);
    if (jar != null) {
      Files.copy(jar, folder.resolve(base + ".jar"), StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static void copyProject(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : files.toList()) {
        Path relative = from.relativize(file);
        if (relative.startsWith("target")) {
          continue;
        }
        Path target = to.resolve(relative.toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target);
        }
      }
    }
  }

  private static void deleteRecursively(Path folder) throws IOException {
    if (!Files.exists(folder)) {
      return;
    }
    try (Stream<Path> files = Files.walk(folder)) {
      files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(file -> {
        try {
          Files.delete(file);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }
}
