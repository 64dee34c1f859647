package dev.protekt.benchmarks;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;

/**
 * What a processor charges javac per type it generates, ours beside two processors Java builds
 * commonly run, in one run: AutoValue over 500 value classes, MapStruct over 500 mappers (with
 * their source and target classes), Protekt over 500 guarded interfaces with their
 * implementations, and over the same interfaces alone (as many input files as AutoValue's). Each
 * workload is compiled in-process with its processor and with processing
 * off.
 *
 * <p>Not a JMH benchmark, because on a machine shared with other work a whole compile takes from
 * one to ten times its quiet time, and JMH times one row's shots one after the other: the load of
 * the minute decides the ratio. Here every round compiles every workload in every mode, the order
 * turning from round to round, and each compile is measured in wall time and in the CPU time of
 * this process (javac's own thread, the collector's and the JIT's), which the other processes'
 * load does not inflate. The cost per generated type is the median over the rounds of (on − off)
 * ÷ 500, paired within a round, with the lowest and highest round beside it. Each round also
 * compiles the workload's sources together with the types its processor generates (written once,
 * before the rounds) with processing off, which splits that cost in two: compiling the generated
 * code, and the rest (the processor's own work, and the extra rounds and file handling javac does
 * for any processor that writes files). It also compiles the workload's sources with {@link
 * OneFileProcessor}, which splits the cost another way: the extra rounds javac runs over those
 * sources for any processor that writes a file (heavier for sources with more imports and
 * annotations), and what the processor and its generated types add beyond them.
 *
 * <p>{@code java -Xms3g -Xmx3g -cp benchmarks.jar dev.protekt.benchmarks.ProcessorCost [warm-up
 * rounds] [measured rounds] [baseline processor path]}; 3 and 9 by default. With a baseline path
 * (an earlier build's benchmarks jar, say), both Protekt workloads are also compiled with the
 * processor found there ({@code -processorpath}), in the same rounds: an A/B in which the machine's
 * load falls on both alike.
 */
public final class ProcessorCost {
  static final int TYPES = 500;
  /**
   * Processing off, on, off over the sources plus the generated types, and with {@link
   * OneFileProcessor} over the sources.
   */
  private static final int MODES = 4;
  private static final String[] ONE_FILE = {"-processor", OneFileProcessor.class.getName()};
  private static final String PROTEKT_LIKE_FOR_LIKE = "Protekt, interfaces only";
  private static final String BASELINE = ", baseline processor";

  private ProcessorCost() {}

  /** Runs the rounds and prints the table of docs/benchmarks.md. */
  public static void main(String[] args) throws IOException {
    int warmup = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 9;
    String baseline = args.length > 2 ? args[2] : null;
    JavaCompiler javac = Javac.compiler();
    OperatingSystemMXBean os =
        (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    Path root = Files.createTempDirectory("protekt-processor-cost");
    try {
      String protekt = JavacBenchmark.findProcessor();
      List<Path> withImplementations = protekt(root, true);
      // The same interfaces without their implementations: 500 input files, as AutoValue's
      // workload has, since javac's extra round for a processor that writes files re-enters
      // every input file.
      List<Path> interfaces = protekt(root, false);
      List<Workload> workloads = new ArrayList<>(List.of(
          new Workload("Protekt", withImplementations, "-processor", protekt),
          new Workload(PROTEKT_LIKE_FOR_LIKE, interfaces, "-processor", protekt),
          new Workload("AutoValue", autoValue(root),
              "-processor", "com.google.auto.value.processor.AutoValueProcessor"),
          new Workload("MapStruct", mapStruct(root),
              "-processor", "org.mapstruct.ap.MappingProcessor")));
      if (baseline != null) {
        workloads.add(new Workload("Protekt" + BASELINE, withImplementations,
            "-processor", protekt, "-processorpath", baseline));
        workloads.add(new Workload(PROTEKT_LIKE_FOR_LIKE + BASELINE, interfaces,
            "-processor", protekt, "-processorpath", baseline));
      }
      for (Workload workload : workloads) {
        workload.generate(javac, root);
      }
      for (int round = 0; round < warmup + rounds; round++) {
        for (int w = 0; w < workloads.size(); w++) {
          Workload workload = workloads.get((w + round) % workloads.size());
          double[] times = new double[2 * MODES];
          for (int m = 0; m < MODES; m++) {
            int mode = (m + round) % MODES;
            double[] t = workload.compile(javac, os, root, mode);
            times[mode] = t[0];
            times[MODES + mode] = t[1];
          }
          if (round >= warmup) {
            workload.rounds.add(times);
          }
        }
        System.err.printf(Locale.ROOT, "round %d of %d done (load %s)%n", round + 1,
            warmup + rounds, loadAverage());
        if (round >= warmup && round + 1 < warmup + rounds) {
          // On a loaded machine a run may have to be cut short: what it has measured so far.
          System.err.print(table(workloads, round + 1 - warmup));
        }
      }
      System.out.print(table(workloads, rounds));
    } finally {
      Javac.delete(root);
    }
  }

  /** One workload's sources and its processor, and the times of its measured rounds. */
  private static final class Workload {
    final String name;
    /** How javac is told to run the processor: {@code -processor}, maybe {@code -processorpath}. */
    final String[] processor;
    final List<Path> files;
    /** {@link #files} and the types the processor generates from them, as plain sources. */
    final List<Path> withGenerated = new ArrayList<>();
    /** Per round: wall ms of each mode, then CPU ms of each mode. */
    final List<double[]> rounds = new ArrayList<>();

    Workload(String name, List<Path> files, String... processor) {
      this.name = name;
      this.processor = processor;
      this.files = files;
    }

    /** Runs the processor alone once and keeps what it writes, for the third mode. */
    void generate(JavaCompiler javac, Path root) throws IOException {
      Path out = Files.createTempDirectory(root, "generated");
      Javac.compile(javac, out, files, withProcessor("-proc:only"));
      withGenerated.addAll(files);
      try (Stream<Path> written = Files.walk(out)) {
        written.filter(p -> p.toString().endsWith(".java")).forEach(withGenerated::add);
      }
      if (withGenerated.size() != files.size() + TYPES) {
        throw new IllegalStateException(name + " generated "
            + (withGenerated.size() - files.size()) + " sources, not " + TYPES);
      }
    }

    /** One whole compile in {@code mode}; its wall and CPU milliseconds. */
    double[] compile(JavaCompiler javac, OperatingSystemMXBean os, Path root, int mode)
        throws IOException {
      Path out = Files.createTempDirectory(root, "out");
      try {
        // The previous compile's garbage is collected here, outside the timing, so that no compile
        // pays for another's: without this, a round's figure depended on what ran before it.
        System.gc();
        long cpu = os.getProcessCpuTime();
        long wall = System.nanoTime();
        int classes = switch (mode) {
          case 0 -> Javac.compile(javac, out, files, "-proc:none");
          case 1 -> Javac.compile(javac, out, files, processor);
          case 2 -> Javac.compile(javac, out, withGenerated, "-proc:none");
          default -> Javac.compile(javac, out, files, ONE_FILE);
        };
        double[] times = {(System.nanoTime() - wall) / 1e6, (os.getProcessCpuTime() - cpu) / 1e6};
        if (mode == 3 && !Files.exists(out.resolve("bench/OneFile.class"))) {
          // Without its file, this mode would report the extra rounds as costing nothing.
          throw new IllegalStateException(name + ": OneFileProcessor wrote nothing");
        }
        if ((mode == 1 || mode == 2) && classes < files.size() + TYPES) {
          throw new IllegalStateException(
              name + " generated fewer than " + TYPES + " types: " + classes + " classes");
        }
        return times;
      } finally {
        Javac.delete(out);
      }
    }

    /** {@code option} followed by the processor's options. */
    String[] withProcessor(String option) {
      List<String> options = new ArrayList<>(List.of(option));
      options.addAll(List.of(processor));
      return options.toArray(new String[0]);
    }

    /** Column {@code i} of the rounds, sorted. */
    double[] column(int i) {
      return rounds.stream().mapToDouble(r -> r[i]).sorted().toArray();
    }

    /** Per round, (on − off) ÷ 500 in wall ({@code cpu} false) or CPU time, sorted. */
    double[] perType(boolean cpu) {
      return difference(cpu, 1, 0);
    }

    /** Per round, (mode {@code a} − mode {@code b}) ÷ 500, in wall or CPU time, sorted. */
    double[] difference(boolean cpu, int a, int b) {
      int base = cpu ? MODES : 0;
      return rounds.stream().mapToDouble(r -> (r[base + a] - r[base + b]) / TYPES).sorted()
          .toArray();
    }
  }

  static String table(List<Workload> workloads, int rounds) {
    StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%d rounds; medians, (lowest"
        + "–highest round)%n%n| processor, 500 generated types | CPU ms, processing off | CPU ms,"
        + " processing on | **CPU ms per generated type** | wall ms, off | wall ms, on | wall ms"
        + " per generated type |%n|---|---:|---:|---:|---:|---:|---:|%n", rounds));
    for (Workload w : workloads) {
      out.append(String.format(Locale.ROOT, "| %s | %s | %s | **%s** | %s | %s | %s |%n", w.name,
          spread(w.column(MODES), "%,.0f"), spread(w.column(MODES + 1), "%,.0f"),
          spread(w.perType(true), "%.2f"), spread(w.column(0), "%,.0f"),
          spread(w.column(1), "%,.0f"), spread(w.perType(false), "%.2f")));
    }
    out.append(String.format(Locale.ROOT, "%nWhere the CPU ms per generated type go: within a"
        + " round, the first two columns add up to its cost per generated type, and so do the last"
        + " two (their medians need not)%n%n"
        + "| processor | compiling the generated types as plain sources | the processor, its"
        + " rounds and its files | javac's extra rounds over the workload's sources, for any"
        + " processor that writes a file | the processor and the types it generates, beyond"
        + " those rounds |%n|---|---:|---:|---:|---:|%n"));
    for (Workload w : workloads) {
      out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s |%n", w.name,
          spread(w.difference(true, 2, 0), "%.2f"), spread(w.difference(true, 1, 2), "%.2f"),
          spread(w.difference(true, 3, 0), "%.2f"), spread(w.difference(true, 1, 3), "%.2f")));
    }
    Workload cheaper = workloads.stream().filter(w -> !w.name.startsWith("Protekt"))
        .min((a, b) -> Double.compare(median(a.perType(true)), median(b.perType(true))))
        .orElseThrow();
    double theirs = median(cheaper.perType(true));
    Workload cheaperBeyondRounds = workloads.stream().filter(w -> !w.name.startsWith("Protekt"))
        .min((a, b) -> Double.compare(median(a.difference(true, 1, 3)),
            median(b.difference(true, 1, 3))))
        .orElseThrow();
    double theirsBeyondRounds = median(cheaperBeyondRounds.difference(true, 1, 3));
    for (Workload ours : workloads) {
      if (ours.name.startsWith("Protekt") && !ours.name.endsWith(BASELINE)) {
        double cost = median(ours.perType(true));
        out.append(String.format(Locale.ROOT, "%n- %s: CPU cost per generated type **%.2f ms**"
                + " against %s's %.2f ms, the cheaper peer (target: at or below it) — %s",
            ours.name, cost, cheaper.name, theirs, cost <= theirs ? "met" : "MISSED"));
        out.append(String.format(Locale.ROOT, "%n- %s, beyond the rounds any processor that"
                + " writes a file costs over the same sources: %.2f ms against %s's %.2f ms",
            ours.name, median(ours.difference(true, 1, 3)), cheaperBeyondRounds.name,
            theirsBeyondRounds));
      }
    }
    for (Workload base : workloads) {
      if (base.name.endsWith(BASELINE)) {
        Workload ours = workloads.stream()
            .filter(w -> (w.name + BASELINE).equals(base.name)).findFirst().orElseThrow();
        double[] change = new double[ours.rounds.size()];
        for (int r = 0; r < change.length; r++) {
          double now = (ours.rounds.get(r)[MODES + 1] - ours.rounds.get(r)[MODES]) / TYPES;
          double before = (base.rounds.get(r)[MODES + 1] - base.rounds.get(r)[MODES]) / TYPES;
          change[r] = now - before;
        }
        Arrays.sort(change);
        out.append(String.format(Locale.ROOT, "%n- %s against the baseline processor, paired"
            + " within each round: %s CPU ms per generated type", ours.name,
            spread(change, "%+.2f")));
      }
    }
    out.append(String.format(Locale.ROOT, "%n"));
    return out.toString();
  }

  private static String spread(double[] sorted, String format) {
    return String.format(Locale.ROOT, format + " (" + format + "–" + format + ")",
        median(sorted), sorted[0], sorted[sorted.length - 1]);
  }

  static double median(double[] sorted) {
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private static String loadAverage() {
    try {
      return String.join(" ",
          Arrays.copyOf(Files.readString(Path.of("/proc/loadavg")).split(" "), 3));
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  private static List<Path> protekt(Path root, boolean withImplementations) throws IOException {
    Path pkg = Files.createDirectories(
        root.resolve(withImplementations ? "protekt/bench" : "protekt-interfaces/bench"));
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < TYPES; i++) {
      files.add(write(pkg, "Handlers" + i, inPackageBench(JavacBenchmark.handlers(i))));
      if (withImplementations) {
        files.add(write(pkg, "Handlers" + i + "Impl",
            inPackageBench(JavacBenchmark.implementation(i))));
      }
    }
    return files;
  }

  /**
   * {@code source} moved to package {@code bench}, where the peers' sources are: javac's cost of
   * a name grows with its package's depth (the Filer's check that each new type does not exist
   * yet looks the name up in every module, one failed class lookup per package segment), so a
   * deeper package would charge Protekt for the benchmark's naming.
   */
  private static String inPackageBench(String source) {
    return source.replace("package bench.handlers;", "package bench;");
  }

  private static List<Path> autoValue(Path root) throws IOException {
    Path pkg = Files.createDirectories(root.resolve("autovalue/bench"));
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < TYPES; i++) {
      files.add(write(pkg, "Value" + i, value(i)));
    }
    return files;
  }

  private static List<Path> mapStruct(Path root) throws IOException {
    Path pkg = Files.createDirectories(root.resolve("mapstruct/bench"));
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < TYPES; i++) {
      files.add(write(pkg, "Source" + i, bean("Source" + i)));
      files.add(write(pkg, "Target" + i, bean("Target" + i)));
      files.add(write(pkg, "Mapper" + i, mapper(i)));
    }
    return files;
  }

  private static Path write(Path pkg, String type, String source) throws IOException {
    return Files.writeString(pkg.resolve(type + ".java"), source);
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
