package dev.protekt.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.annotation.processing.Processor;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/** One whole compile, in-process, as the javac benchmarks time it. */
final class Javac {
  private Javac() {}

  /** The JDK's compiler; the benchmarks must run on a JDK. */
  static JavaCompiler compiler() {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    if (javac == null) {
      throw new IllegalStateException("Run the benchmarks on a JDK: this runtime has no javac.");
    }
    return javac;
  }

  /**
   * Compiles {@code sources} into {@code out} against this JVM's class path, failing loudly on any
   * error so a broken run is never timed as fast; returns the number of classes written.
   */
  static int compile(JavaCompiler javac, Path out, List<Path> sources, String... procOptions)
      throws IOException {
    return compile(javac, out, sources, null, procOptions);
  }

  /**
   * As {@link #compile(JavaCompiler, Path, List, String...)}, with {@code processor}, when not
   * null, as the compile's only processor instead of those javac would find.
   */
  static int compile(JavaCompiler javac, Path out, List<Path> sources, Processor processor,
      String... procOptions) throws IOException {
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager fm =
        javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
      List<String> options = new ArrayList<>(List.of(
          "--release", "17", "-classpath", System.getProperty("java.class.path"),
          "-d", out.toString(), "-s", out.toString(), "-implicit:none", "-Xlint:none"));
      options.addAll(List.of(procOptions));
      JavaCompiler.CompilationTask task = javac.getTask(null, fm, diagnostics, options, null,
          fm.getJavaFileObjectsFromPaths(sources));
      if (processor != null) {
        task.setProcessors(List.of(processor));
      }
      boolean ok = task.call();
      if (!ok) {
        throw new IllegalStateException("javac failed: " + diagnostics.getDiagnostics().stream()
            .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
            .limit(5)
            .map(Object::toString)
            .collect(Collectors.joining("\n")));
      }
    }
    try (Stream<Path> classes = Files.walk(out)) {
      return (int) classes.filter(p -> p.toString().endsWith(".class")).count();
    }
  }

  /** Removes {@code dir} and all it holds, if it exists. */
  static void delete(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
