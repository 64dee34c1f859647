package dev.protekt.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What the processor adds to a build: javac, in-process, over 500 guarded handler interfaces and
 * their implementations, once without annotation processing and once with the Protekt processor
 * (which also means compiling the 500 guards it generates), beside two {@link ReferenceProcessors}
 * that show what javac charges any processor. Each iteration is one whole compile
 * into a fresh output folder. The heap is fixed so that no compile is timed while the collector
 * is still growing it.
 */
@BenchmarkMode(Mode.SingleShotTime)
@Fork(jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class JavacBenchmark {
  static final int INTERFACES = 500;
  private static final String PROCESSOR_SERVICE =
      "META-INF/services/javax.annotation.processing.Processor";

  /** The generated sources, the class path and the processor's name. */
  @State(Scope.Benchmark)
  public static class Sources {
    JavaCompiler javac = Javac.compiler();
    Path root;
    List<Path> files;
    String processor;
    Path out;

    /** Writes the 500 interfaces and implementations. */
    @Setup(Level.Trial)
    public void write() throws IOException {
      processor = findProcessor();
      root = Files.createTempDirectory("protekt-javac-bench");
      Path pkg = Files.createDirectories(root.resolve("src/bench/handlers"));
      files = new ArrayList<>();
      for (int i = 0; i < INTERFACES; i++) {
        files.add(Files.writeString(pkg.resolve("Handlers" + i + ".java"), handlers(i)));
        files.add(Files.writeString(pkg.resolve("Handlers" + i + "Impl.java"), implementation(i)));
      }
    }

    /** A fresh, empty output folder for each compile. */
    @Setup(Level.Invocation)
    public void cleanOutput() throws IOException {
      out = Files.createTempDirectory(root, "out");
    }

    /** Removes what the compile wrote. */
    @TearDown(Level.Invocation)
    public void dropOutput() {
      Javac.delete(out);
    }

    /** Removes the sources. */
    @TearDown(Level.Trial)
    public void delete() {
      Javac.delete(root);
    }

    /** Compiles the sources, failing loudly on any error so a broken run is never timed as fast. */
    int compile(String... procOptions) throws IOException {
      return compile(files, procOptions);
    }

    int compile(List<Path> sources, String... procOptions) throws IOException {
      return Javac.compile(javac, out, sources, procOptions);
    }
  }

  /**
   * The guards the processor generates for {@link Sources}, written once per trial, so that
   * compiling them as ordinary sources separates what the processor itself costs from what
   * compiling its output costs.
   */
  @State(Scope.Benchmark)
  public static class Generated {
    List<Path> inputsAndGuards;

    /** Runs the processor once, with {@code -proc:only}, and collects the guards it wrote. */
    @Setup(Level.Trial)
    public void generate(Sources sources) throws IOException {
      sources.cleanOutput();
      sources.compile("-proc:only", "-processor", sources.processor);
      Path guards = Files.createDirectories(sources.root.resolve("guards"));
      inputsAndGuards = new ArrayList<>(sources.files);
      try (Stream<Path> written = Files.walk(sources.out)) {
        for (Path guard : written.filter(p -> p.toString().endsWith("Guard.java")).toList()) {
          inputsAndGuards.add(Files.copy(guard, guards.resolve(guard.getFileName())));
        }
      }
      sources.dropOutput();
      if (inputsAndGuards.size() != sources.files.size() + INTERFACES) {
        throw new IllegalStateException("Expected " + INTERFACES + " guards, found "
            + (inputsAndGuards.size() - sources.files.size()));
      }
    }
  }

  /** javac with annotation processing off: what the same code costs unguarded. */
  @Benchmark
  public int withoutProcessor(Sources sources) throws IOException {
    return sources.compile("-proc:none");
  }

  /** javac running the Protekt processor and compiling the guards it generates. */
  @Benchmark
  public int withProcessor(Sources sources) throws IOException {
    int classes = sources.compile("-processor", sources.processor);
    if (classes < 3 * INTERFACES) {
      throw new IllegalStateException("The processor generated no guards: " + classes + " classes");
    }
    return classes;
  }

  /**
   * javac running a processor that claims the same annotation and writes nothing: what enabling
   * annotation processing costs this build before any processor does work.
   */
  @Benchmark
  public int withSilentProcessor(Sources sources) throws IOException {
    return sources.compile("-processor", ReferenceProcessors.Silent.class.getName());
  }

  /**
   * javac running a processor that writes one empty class per interface: the least a processor
   * generating a file per interface costs, which the Protekt processor cannot go below.
   */
  @Benchmark
  public int withEmptyClassProcessor(Sources sources) throws IOException {
    int classes =
        sources.compile("-processor", ReferenceProcessors.EmptyClassPerInterface.class.getName());
    if (classes < 3 * INTERFACES) {
      throw new IllegalStateException("The processor generated no classes: " + classes);
    }
    return classes;
  }

  /**
   * javac without the processor over the same sources plus the guards it would generate: the
   * difference to {@link #withoutProcessor} is the cost of compiling the guards, the difference to
   * {@link #withProcessor} the cost of the processor itself.
   */
  @Benchmark
  public int generatedGuardsWithoutProcessor(Sources sources, Generated generated)
      throws IOException {
    return sources.compile(generated.inputsAndGuards, "-proc:none");
  }

  /** The processor as its jar declares it, so that this benchmark follows a rename. */
  static String findProcessor() throws IOException {
    Enumeration<URL> services =
        JavacBenchmark.class.getClassLoader().getResources(PROCESSOR_SERVICE);
    while (services.hasMoreElements()) {
      try (BufferedReader in = new BufferedReader(
          new InputStreamReader(services.nextElement().openStream(), StandardCharsets.UTF_8))) {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          if (line.trim().startsWith("dev.protekt.")) {
            return line.trim();
          }
        }
      }
    }
    throw new IllegalStateException("No Protekt annotation processor on the class path");
  }

  /** A guarded handler interface using every kind of requirement, as a real service would. */
  static String handlers(int i) {
    return "package bench.handlers;\n"
        + "\n"
        + "import dev.protekt.annotations.BearerToken;\n"
        + "import dev.protekt.annotations.Match;\n"
        + "import dev.protekt.annotations.Public;\n"
        + "import dev.protekt.annotations.RequiresAuth;\n"
        + "import dev.protekt.annotations.RequiresPermission;\n"
        + "import dev.protekt.annotations.RequiresRole;\n"
        + "import java.io.IOException;\n"
        + "import java.util.List;\n"
        + "\n"
        + "@RequiresAuth\n"
        + "public interface Handlers" + i + " {\n"
        + "  @Public\n"
        + "  String health(@BearerToken String authorization);\n"
        + "\n"
        + "  @RequiresPermission(\"read:posts\")\n"
        + "  List<String> list(@BearerToken String authorization, int page, int size);\n"
        + "\n"
        + "  @RequiresRole({\"admin\", \"editor\"})\n"
        + "  @RequiresPermission(value = {\"read:posts\", \"write:posts\"}, match = Match.ALL)\n"
        + "  String create(@BearerToken String authorization, String title, String body)\n"
        + "      throws IOException;\n"
        + "\n"
        + "  @RequiresRole(\"admin\")\n"
        + "  boolean delete(@BearerToken String authorization, long id);\n"
        + "}\n";
  }

  /** An ordinary implementation, so the build is not interfaces alone. */
  static String implementation(int i) {
    return "package bench.handlers;\n"
        + "\n"
        + "import java.io.IOException;\n"
        + "import java.util.ArrayList;\n"
        + "import java.util.List;\n"
        + "import java.util.Map;\n"
        + "import java.util.concurrent.ConcurrentHashMap;\n"
        + "\n"
        + "public final class Handlers" + i + "Impl implements Handlers" + i + " {\n"
        + "  private final Map<Long, String> posts = new ConcurrentHashMap<>();\n"
        + "\n"
        + "  @Override\n"
        + "  public String health(String authorization) {\n"
        + "    return \"ok \" + posts.size();\n"
        + "  }\n"
        + "\n"
        + "  @Override\n"
        + "  public List<String> list(String authorization, int page, int size) {\n"
        + "    List<String> out = new ArrayList<>();\n"
        + "    posts.entrySet().stream()\n"
        + "        .sorted(Map.Entry.comparingByKey())\n"
        + "        .skip((long) page * size)\n"
        + "        .limit(size)\n"
        + "        .forEach(e -> out.add(e.getKey() + \": \" + e.getValue()));\n"
        + "    return out;\n"
        + "  }\n"
        + "\n"
        + "  @Override\n"
        + "  public String create(String authorization, String title, String body)\n"
        + "      throws IOException {\n"
        + "    if (title == null || title.isBlank()) {\n"
        + "      throw new IOException(\"a post needs a title\");\n"
        + "    }\n"
        + "    long id = posts.size() + 1L;\n"
        + "    posts.put(id, title.strip() + \"\\n\\n\" + body);\n"
        + "    return Long.toString(id);\n"
        + "  }\n"
        + "\n"
        + "  @Override\n"
        + "  public boolean delete(String authorization, long id) {\n"
        + "    return posts.remove(id) != null;\n"
        + "  }\n"
        + "}\n";
  }
}
