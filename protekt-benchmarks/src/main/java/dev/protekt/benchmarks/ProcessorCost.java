package dev.protekt.benchmarks;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import javax.annotation.processing.Processor;
import javax.tools.JavaCompiler;

/**
 * What a processor charges javac per type it generates, ours beside two processors Java builds
 * commonly run, in one run: AutoValue over 500 value classes, MapStruct over 500 mappers (with
 * their source and target classes), Protekt over 500 guarded interfaces with their
 * implementations, and over the same interfaces alone (as many input files as AutoValue's). Each
 * workload is compiled in-process with its processor and with processing off.
 *
 * <p>Not a JMH benchmark, because on a machine shared with other work a whole compile takes from
 * one to ten times its quiet time, and JMH times one row's shots one after the other: the load of
 * the minute decides the ratio. Here every round compiles every workload in every mode, the order
 * turning from round to round, and each compile is measured three ways: in wall time, in the CPU
 * time of this process (javac's thread, the collector's and the JIT's, which the other processes'
 * load does not inflate), and in the CPU time of javac's own thread (the narrowest spread, but
 * blind to the collector's and the JIT's threads). Each processor is loaded once per run and made
 * anew for each compile, so its code is warm, as in a compiler daemon and unlike a fresh Maven
 * build, alike for the three. The cost per generated type
 * is the median over the rounds of (on − off) ÷ 500, paired within a round, with the lowest and
 * highest round beside it.
 *
 * <p>Two more modes split that cost in three, each a difference of two compiles of the same
 * round, both with a {@link ReplayProcessor}: writing one empty class, it measures javac's extra
 * rounds over the workload's sources, which any processor that writes a file causes (heavier for
 * sources with more imports and annotations); writing the very sources the processor generated and
 * doing nothing else, what javac charges for those generated types (created through the {@code
 * Filer}, entered in each round, compiled); the rest is the processor's own work.
 *
 * <p>{@code java -Xms3g -Xmx3g -cp benchmarks.jar dev.protekt.benchmarks.ProcessorCost [warm-up
 * rounds] [measured rounds] [baseline processor path]}; 3 and 9 by default. With a baseline path
 * (an earlier build's benchmarks jar, say), both Protekt workloads are also compiled with the
 * processor found there, loaded apart from this jar, in the same rounds: an A/B in which the
 * machine's load falls on both alike.
 */
public final class ProcessorCost {
  static final int TYPES = 500;
  /** The modes each workload is compiled in, each round. */
  private static final int OFF = 0;
  private static final int ON = 1;
  private static final int REPLAY = 2;
  private static final int ONE_FILE = 3;
  private static final int MODES = 4;
  /** What each compile is measured in: wall, this process's CPU, javac's thread's CPU. */
  private static final int WALL = 0;
  private static final int CPU = 1;
  private static final int THREAD = 2;
  private static final int MEASURES = 3;
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  /** The cheapest processor that writes a file: one empty class. */
  private static final Map<String, String> ONE_EMPTY_CLASS =
      Map.of("bench.OneFile", "package bench;\n\nfinal class OneFile {}\n");
  private static final String PROTEKT_LIKE_FOR_LIKE = "Protekt, interfaces only";
  private static final String BASELINE = ", baseline processor";

  private ProcessorCost() {}

  /** Runs the rounds and prints the table of docs/benchmarks.md. */
  public static void main(String[] args) throws IOException, ClassNotFoundException {
    int warmup = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 9;
    String baseline = args.length > 2 ? args[2] : null;
    JavaCompiler javac = Javac.compiler();
    if (!THREADS.isCurrentThreadCpuTimeSupported() || !THREADS.isThreadCpuTimeEnabled()) {
      throw new IllegalStateException("This JVM does not time a thread's CPU.");
    }
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
      ClassLoader here = ProcessorCost.class.getClassLoader();
      List<Workload> workloads = new ArrayList<>(List.of(
          new Workload("Protekt", withImplementations, processor(protekt, here)),
          new Workload(PROTEKT_LIKE_FOR_LIKE, interfaces, processor(protekt, here)),
          new Workload("AutoValue", autoValue(root),
              processor("com.google.auto.value.processor.AutoValueProcessor", here)),
          new Workload("MapStruct", mapStruct(root),
              processor("org.mapstruct.ap.MappingProcessor", here))));
      if (baseline != null) {
        // A loader of its own, which sees the JDK and not this jar: with -processorpath, javac's
        // loader would ask its parent, this jar's, first, and run this build's processor again.
        ClassLoader other = new URLClassLoader(
            new URL[] {Path.of(baseline).toUri().toURL()}, new JdkOnly());
        workloads.add(new Workload("Protekt" + BASELINE, withImplementations,
            processor(protekt, other)));
        workloads.add(new Workload(PROTEKT_LIKE_FOR_LIKE + BASELINE, interfaces,
            processor(protekt, other)));
      }
      for (Workload workload : workloads) {
        workload.generate(javac, root);
      }
      for (Workload base : workloads) {
        if (base.name.endsWith(BASELINE)) {
          // Said, so that an A/B of a processor with itself cannot pass unnoticed again.
          boolean same = twin(workloads, base).generated.equals(base.generated);
          System.err.printf(Locale.ROOT, "%s: %s sources as this build's%n", base.name,
              same ? "the same" : "other");
        }
      }
      for (int round = 0; round < warmup + rounds; round++) {
        for (int w = 0; w < workloads.size(); w++) {
          Workload workload = workloads.get((w + round) % workloads.size());
          double[] times = new double[MEASURES * MODES];
          for (int m = 0; m < MODES; m++) {
            int mode = (m + round) % MODES;
            double[] t = workload.compile(javac, os, root, mode);
            for (int measure = 0; measure < MEASURES; measure++) {
              times[measure * MODES + mode] = t[measure];
            }
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
    /** A new instance of the workload's processor for each compile, as javac makes one. */
    final Supplier<Processor> processor;
    final List<Path> files;
    /** The sources the processor generates from {@link #files}, by qualified type name. */
    final Map<String, String> generated = new LinkedHashMap<>();
    /** Per round: wall ms of each mode, then process CPU ms, then javac's thread's CPU ms. */
    final List<double[]> rounds = new ArrayList<>();

    Workload(String name, List<Path> files, Supplier<Processor> processor) {
      this.name = name;
      this.processor = processor;
      this.files = files;
    }

    /** Runs the processor alone once and keeps what it writes, for {@link ReplayProcessor}. */
    void generate(JavaCompiler javac, Path root) throws IOException {
      Path out = Files.createTempDirectory(root, "generated");
      Javac.compile(javac, out, files, processor.get(), "-proc:only");
      try (Stream<Path> written = Files.walk(out)) {
        for (Path p : written.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
          String file = out.relativize(p).toString();
          generated.put(file.substring(0, file.length() - ".java".length())
              .replace(p.getFileSystem().getSeparator(), "."), Files.readString(p));
        }
      }
      if (generated.size() != TYPES) {
        throw new IllegalStateException(
            name + " generated " + generated.size() + " sources, not " + TYPES);
      }
    }

    /** One whole compile in {@code mode}; its wall, process CPU and javac's thread's CPU ms. */
    double[] compile(JavaCompiler javac, OperatingSystemMXBean os, Path root, int mode)
        throws IOException {
      Path out = Files.createTempDirectory(root, "out");
      try {
        // The previous compile's garbage is collected here, outside the timing, so that no compile
        // pays for another's: without this, a round's figure depended on what ran before it.
        System.gc();
        long thread = THREADS.getCurrentThreadCpuTime();
        long cpu = os.getProcessCpuTime();
        long wall = System.nanoTime();
        int classes = switch (mode) {
          case OFF -> Javac.compile(javac, out, files, "-proc:none");
          case ON -> Javac.compile(javac, out, files, processor.get());
          case REPLAY -> Javac.compile(javac, out, files, new ReplayProcessor(generated));
          default -> Javac.compile(javac, out, files, new ReplayProcessor(ONE_EMPTY_CLASS));
        };
        double[] times = new double[MEASURES];
        times[WALL] = (System.nanoTime() - wall) / 1e6;
        times[CPU] = (os.getProcessCpuTime() - cpu) / 1e6;
        times[THREAD] = (THREADS.getCurrentThreadCpuTime() - thread) / 1e6;
        if (mode == ONE_FILE && !Files.exists(out.resolve("bench/OneFile.class"))) {
          // Without its file, this mode would report the extra rounds as costing nothing.
          throw new IllegalStateException(name + ": the one empty class was not written");
        }
        if ((mode == ON || mode == REPLAY) && classes < files.size() + TYPES) {
          throw new IllegalStateException(
              name + " generated fewer than " + TYPES + " types: " + classes + " classes");
        }
        return times;
      } finally {
        Javac.delete(out);
      }
    }

    /** {@code measure} of {@code mode} over the rounds, sorted. */
    double[] column(int measure, int mode) {
      return rounds.stream().mapToDouble(r -> r[measure * MODES + mode]).sorted().toArray();
    }

    /** Per round, (on − off) ÷ 500 in {@code measure}, sorted. */
    double[] perType(int measure) {
      return difference(measure, ON, OFF);
    }

    /** Per round, (mode {@code a} − mode {@code b}) ÷ 500 in {@code measure}, sorted. */
    double[] difference(int measure, int a, int b) {
      return rounds.stream()
          .mapToDouble(r -> (r[measure * MODES + a] - r[measure * MODES + b]) / TYPES)
          .sorted().toArray();
    }
  }

  /** {@code name}, loaded by {@code loader} once, made anew for each compile. */
  private static Supplier<Processor> processor(String name, ClassLoader loader)
      throws ClassNotFoundException {
    Class<? extends Processor> type = Class.forName(name, true, loader).asSubclass(Processor.class);
    return () -> {
      try {
        return type.getConstructor().newInstance();
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("cannot make " + name, e);
      }
    };
  }

  /** Sees the JDK's classes (javax.annotation.processing, com.sun.source), and no jar's. */
  private static final class JdkOnly extends ClassLoader {
    JdkOnly() {
      super("jdk-only", null);
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
      Class<?> type = Class.forName(name, false, ClassLoader.getSystemClassLoader());
      if (!type.getModule().isNamed()) {
        throw new ClassNotFoundException(name);
      }
      return type;
    }
  }

  /**
   * The three parts of a cost per generated type, as pairs of modes whose difference, within a
   * round, is that part; the three add up to (on − off).
   */
  private static final int[][] PARTS = {{ONE_FILE, OFF}, {REPLAY, ONE_FILE}, {ON, REPLAY}};

  static String table(List<Workload> workloads, int rounds) {
    StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%d rounds; medians, (lowest"
        + "–highest round)%n%n| processor, 500 generated types | CPU ms, processing off | CPU ms,"
        + " processing on | **CPU ms per generated type** | javac's thread, ms per generated type"
        + " | wall ms per generated type |%n|---|---:|---:|---:|---:|---:|%n", rounds));
    for (Workload w : workloads) {
      out.append(String.format(Locale.ROOT, "| %s | %s | %s | **%s** | %s | %s |%n", w.name,
          spread(w.column(CPU, OFF), "%,.0f"), spread(w.column(CPU, ON), "%,.0f"),
          spread(w.perType(CPU), "%.2f"), spread(w.perType(THREAD), "%.2f"),
          spread(w.perType(WALL), "%.2f")));
    }
    parts(out, workloads, CPU, "CPU ms");
    parts(out, workloads, THREAD, "ms of javac's thread");
    List<Workload> peers = workloads.stream().filter(w -> !w.name.startsWith("Protekt")).toList();
    Workload cheaper = cheapest(peers, CPU);
    Workload cheaperOnThread = cheapest(peers, THREAD);
    for (Workload ours : workloads) {
      if (ours.name.startsWith("Protekt") && !ours.name.endsWith(BASELINE)) {
        double cost = median(ours.perType(CPU));
        double theirs = median(cheaper.perType(CPU));
        out.append(String.format(Locale.ROOT, "%n- %s: CPU cost per generated type **%.2f ms**"
                + " against %s's %.2f ms, the cheaper peer (target: at or below it) — %s;"
                + " on javac's thread %.2f ms against %s's %.2f ms (%.2f×)",
            ours.name, cost, cheaper.name, theirs, cost <= theirs ? "met" : "MISSED",
            median(ours.perType(THREAD)), cheaperOnThread.name,
            median(cheaperOnThread.perType(THREAD)),
            median(ours.perType(THREAD)) / median(cheaperOnThread.perType(THREAD))));
        out.append(String.format(Locale.ROOT, "%n- %s less %s, part by part (medians, javac's"
                + " thread): the extra rounds over the sources %+.2f ms, the generated types"
                + " %+.2f ms, the processor's own work %+.2f ms",
            ours.name, cheaperOnThread.name,
            partDifference(ours, cheaperOnThread, PARTS[0]),
            partDifference(ours, cheaperOnThread, PARTS[1]),
            partDifference(ours, cheaperOnThread, PARTS[2])));
      }
    }
    for (Workload base : workloads) {
      if (base.name.endsWith(BASELINE)) {
        Workload ours = twin(workloads, base);
        out.append(String.format(Locale.ROOT, "%n- %s against the baseline processor, paired"
            + " within each round: %s CPU ms per generated type, %s ms of javac's thread",
            ours.name, spread(paired(ours, base, CPU), "%+.2f"),
            spread(paired(ours, base, THREAD), "%+.2f")));
      }
    }
    out.append(String.format(Locale.ROOT, "%n"));
    return out.toString();
  }

  /** The workload of this build's processor that {@code base} runs with the baseline's. */
  private static Workload twin(List<Workload> workloads, Workload base) {
    return workloads.stream()
        .filter(w -> (w.name + BASELINE).equals(base.name)).findFirst().orElseThrow();
  }

  /** The table of {@link #PARTS} in {@code measure}. */
  private static void parts(StringBuilder out, List<Workload> workloads, int measure,
      String unit) {
    out.append(String.format(Locale.ROOT, "%nWhere the %s per generated type go: within a round,"
        + " the three add up to its cost per generated type (their medians need not)%n%n"
        + "| processor | javac's extra rounds over the workload's sources, for any processor that"
        + " writes a file | the generated types: created, entered in the rounds, compiled | the"
        + " processor's own work |%n|---|---:|---:|---:|%n", unit));
    for (Workload w : workloads) {
      out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s |%n", w.name,
          spread(w.difference(measure, PARTS[0][0], PARTS[0][1]), "%.2f"),
          spread(w.difference(measure, PARTS[1][0], PARTS[1][1]), "%.2f"),
          spread(w.difference(measure, PARTS[2][0], PARTS[2][1]), "%.2f")));
    }
  }

  private static Workload cheapest(List<Workload> workloads, int measure) {
    return workloads.stream()
        .min((a, b) -> Double.compare(median(a.perType(measure)), median(b.perType(measure))))
        .orElseThrow();
  }

  /** The median of {@code part} for {@code ours} less that for {@code theirs}, javac's thread. */
  private static double partDifference(Workload ours, Workload theirs, int[] part) {
    return median(ours.difference(THREAD, part[0], part[1]))
        - median(theirs.difference(THREAD, part[0], part[1]));
  }

  /** Per round, {@code ours}' cost per generated type less {@code base}'s, sorted. */
  private static double[] paired(Workload ours, Workload base, int measure) {
    double[] change = new double[ours.rounds.size()];
    for (int r = 0; r < change.length; r++) {
      double[] now = ours.rounds.get(r);
      double[] before = base.rounds.get(r);
      change[r] = (now[measure * MODES + ON] - now[measure * MODES + OFF]
          - before[measure * MODES + ON] + before[measure * MODES + OFF]) / TYPES;
    }
    Arrays.sort(change);
    return change;
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
