package dev.protekt.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a processor charges javac per type it generates, ours beside two processors Java builds
 * commonly run, in the same JMH run: AutoValue over 500 value classes, MapStruct over 500 mappers
 * (with their source and target classes), Protekt over 500 guarded interfaces (with their
 * implementations). Each shot is one whole compile of one workload, with its processor or with
 * processing off; {@link Report} takes the difference of the medians over the 500 generated types,
 * and shows each median with the lowest and highest shot.
 */
@BenchmarkMode(Mode.SingleShotTime)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
@Warmup(iterations = 3)
@Measurement(iterations = 7)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ProcessorCostBenchmark {
  static final int TYPES = 500;

  /** One workload's sources, written once per trial. */
  @State(Scope.Benchmark)
  public static class Workload extends Workspace {
    /** Whose processor, over which sources. */
    @Param({"protekt", "autovalue", "mapstruct"})
    public String processor;

    String processorClass;
    List<Path> files;

    /** Writes the workload's sources and finds its processor. */
    @Setup(Level.Trial)
    public void write() throws IOException {
      root = Files.createTempDirectory("protekt-processor-cost");
      files = new ArrayList<>();
      Path pkg = Files.createDirectories(root.resolve("src/bench"));
      for (int i = 0; i < TYPES; i++) {
        switch (processor) {
          case "protekt" -> {
            files.add(write(pkg, "Handlers" + i, JavacBenchmark.handlers(i)
                .replace("package bench.handlers;", "package bench;")));
            files.add(write(pkg, "Handlers" + i + "Impl", JavacBenchmark.implementation(i)
                .replace("package bench.handlers;", "package bench;")));
          }
          case "autovalue" -> files.add(write(pkg, "Value" + i, value(i)));
          case "mapstruct" -> {
            files.add(write(pkg, "Source" + i, bean("Source" + i)));
            files.add(write(pkg, "Target" + i, bean("Target" + i)));
            files.add(write(pkg, "Mapper" + i, mapper(i)));
          }
          default -> throw new IllegalArgumentException("No workload for " + processor);
        }
      }
      processorClass = switch (processor) {
        case "protekt" -> JavacBenchmark.findProcessor();
        case "autovalue" -> "com.google.auto.value.processor.AutoValueProcessor";
        default -> "org.mapstruct.ap.MappingProcessor";
      };
    }

    private static Path write(Path pkg, String type, String source) throws IOException {
      return Files.writeString(pkg.resolve(type + ".java"), source);
    }
  }

  /** The workload with processing off: what its sources cost without the processor. */
  @Benchmark
  public int processingOff(Workload w) throws IOException {
    return Javac.compile(w.javac, w.out, w.files, "-proc:none");
  }

  /** The workload with its processor, which also means compiling the 500 types it generates. */
  @Benchmark
  public int processingOn(Workload w) throws IOException {
    int classes = Javac.compile(w.javac, w.out, w.files, "-processor", w.processorClass);
    if (classes < w.files.size() + TYPES) {
      throw new IllegalStateException(
          w.processor + " generated fewer than " + TYPES + " types: " + classes + " classes");
    }
    return classes;
  }

  /**
   * A value class as AutoValue's users write one, less the static factory that would name the
   * generated class, without which the workload compiles with processing off too.
   */
  static String value(int i) {
    return "package bench;\n"
        + "\n"
        + "import com.google.auto.value.AutoValue;\n"
        + "import java.util.List;\n"
        + "\n"
        + "@AutoValue\n"
        + "public abstract class Value" + i + " {\n"
        + "  public abstract long id();\n"
        + "  public abstract String title();\n"
        + "  public abstract String body();\n"
        + "  public abstract List<String> tags();\n"
        + "}\n";
  }

  /** A mutable bean with the properties of {@link #value}, as MapStruct maps them. */
  static String bean(String name) {
    StringBuilder s = new StringBuilder("package bench;\n\nimport java.util.List;\n\n")
        .append("public class ").append(name).append(" {\n");
    String[][] properties = {{"long", "Id"}, {"String", "Title"}, {"String", "Body"},
        {"List<String>", "Tags"}};
    for (String[] p : properties) {
      String field = Character.toLowerCase(p[1].charAt(0)) + p[1].substring(1);
      s.append("  private ").append(p[0]).append(' ').append(field).append(";\n")
          .append("  public ").append(p[0]).append(" get").append(p[1]).append("() { return ")
          .append(field).append("; }\n")
          .append("  public void set").append(p[1]).append('(').append(p[0]).append(' ')
          .append(field).append(") { this.").append(field).append(" = ").append(field)
          .append("; }\n");
    }
    return s.append("}\n").toString();
  }

  /** A mapper between the beans of one index. */
  static String mapper(int i) {
    return "package bench;\n"
        + "\n"
        + "import org.mapstruct.Mapper;\n"
        + "\n"
        + "@Mapper\n"
        + "public interface Mapper" + i + " {\n"
        + "  Target" + i + " map(Source" + i + " source);\n"
        + "}\n";
  }
}
