package dev.protekt.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a JMH JSON result file into the Markdown tables and target checks of {@code
 * docs/benchmarks.md}: every throughput figure with its ratio to its own JCA floor and to the best
 * peer, the guard's overhead in nanoseconds, and the javac ratio.
 *
 * <pre>{@code java -cp protekt-benchmarks/target/benchmarks.jar dev.protekt.benchmarks.Report jmh.json}</pre>
 */
public final class Report {
  private static final String PEERS = "PeerBenchmark.";
  private static final List<String> ALGORITHMS = List.of("RS256", "PS256", "ES256", "EdDSA");
  private static final Map<String, String> LABELS = new LinkedHashMap<>();

  static {
    LABELS.put("VerifyBenchmark.jcaFloor", "JCA floor `Signature.verify`");
    LABELS.put("VerifyBenchmark.protekt", "Protekt `verifyToken`, no cache");
    LABELS.put("PeerBenchmark.nimbus", "Nimbus `DefaultJWTProcessor` + claims verifier");
    LABELS.put("PeerBenchmark.auth0", "auth0 java-jwt `JWTVerifier`");
    LABELS.put("PeerBenchmark.jjwt", "jjwt parser");
    LABELS.put("CacheBenchmark.protektCacheHit", "Protekt `verifyToken`, cache hit");
    LABELS.put("CacheBenchmark.protektCacheHitFreshString",
        "Protekt `verifyToken`, cache hit, new `String` per call");
    LABELS.put("MetricsBenchmark.uncached[metrics=off]",
        "Protekt `verifyToken`, no cache, metrics off");
    LABELS.put("MetricsBenchmark.uncached[metrics=on]",
        "Protekt `verifyToken`, no cache, Micrometer metrics on");
    LABELS.put("MetricsBenchmark.cached[metrics=off]",
        "Protekt `verifyToken`, cache hit, metrics off");
    LABELS.put("MetricsBenchmark.cached[metrics=on]",
        "Protekt `verifyToken`, cache hit, Micrometer metrics on");
    LABELS.put("GuardBenchmark.direct", "Guard: direct call, no checks");
    LABELS.put("GuardBenchmark.handWritten", "Guard: the same check written by hand (cache hit)");
    LABELS.put("GuardBenchmark.generated", "Guard: generated guard (cache hit)");
    LABELS.put("GuardBenchmark.proxy", "Guard: `java.lang.reflect.Proxy` guard (cache hit)");
    LABELS.put("TwoThreadBenchmark.jcaFloor", "JCA floor `Signature.verify`, 2 threads");
    LABELS.put("TwoThreadBenchmark.protekt", "Protekt `verifyToken`, no cache, 2 threads");
    LABELS.put("JavacBenchmark.withoutProcessor", "javac, 500 interfaces + impls, `-proc:none`");
    LABELS.put("JavacBenchmark.generatedGuardsWithoutProcessor",
        "javac, 500 interfaces + impls + the 500 generated guards as sources, `-proc:none`");
    LABELS.put("JavacBenchmark.withSilentProcessor",
        "javac, 500 interfaces + impls, a processor that writes nothing");
    LABELS.put("JavacBenchmark.withEmptyClassProcessor",
        "javac, 500 interfaces + impls, a processor that writes one empty class per interface");
    LABELS.put("JavacBenchmark.withProcessor", "javac, 500 interfaces + impls, Protekt processor");
  }

  private final List<Row> rows = new ArrayList<>();

  private Report(JsonNode results) {
    for (JsonNode r : results) {
      String fqn = r.get("benchmark").asText();
      String[] parts = fqn.split("\\.");
      JsonNode params = r.get("params");
      // A parameter other than alg names a variant of the benchmark, as MetricsBenchmark's does.
      String name = parts[parts.length - 2] + "." + parts[parts.length - 1]
          + (params != null && params.has("metrics")
              ? "[metrics=" + params.get("metrics").asText() + "]" : "");
      String alg = params != null && params.has("alg") ? params.get("alg").asText() : "RS256";
      JsonNode m = r.get("primaryMetric");
      double score = m.get("score").asDouble();
      rows.add(new Row(name, alg, r.get("threads").asInt(), r.get("mode").asText(), score,
          m.get("scoreError").asDouble(), m.path("scorePercentiles").path("50.0").asDouble(score),
          m.get("scoreUnit").asText()));
    }
    // Each algorithm's floor beside ours, then peers, cache, guard, threads, javac.
    List<String> order = new ArrayList<>(LABELS.keySet());
    rows.sort(Comparator.comparingInt((Row r) -> firstOfClass(order, r.name))
        .thenComparingInt(r -> ALGORITHMS.indexOf(r.alg))
        .thenComparingInt(r -> order.indexOf(r.name)));
  }

  /** Where the first benchmark of {@code name}'s class stands in {@code order}. */
  private static int firstOfClass(List<String> order, String name) {
    String type = name.substring(0, name.indexOf('.') + 1);
    for (int i = 0; i < order.size(); i++) {
      if (order.get(i).startsWith(type)) {
        return i;
      }
    }
    return order.size();
  }

  /** Prints the report of the JMH JSON file named by the first argument. */
  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: Report <jmh-result.json>");
      System.exit(2);
    }
    JsonNode results = new ObjectMapper().readTree(Path.of(args[0]).toFile());
    System.out.print(machine(results));
    System.out.print(new Report(results).render());
  }

  /** Where the results come from: this machine (the report runs where JMH ran) and the JMH JVM. */
  private static String machine(JsonNode results) throws IOException {
    String cpu = "unknown";
    Path cpuinfo = Path.of("/proc/cpuinfo");
    if (Files.isReadable(cpuinfo)) {
      cpu = Files.readAllLines(cpuinfo).stream()
          .filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).trim())
          .findFirst().orElse(cpu);
    }
    JsonNode first = results.size() > 0 ? results.get(0) : null;
    String jdk = first == null ? "unknown" : first.path("vmName").asText() + " "
        + first.path("vmVersion").asText() + " (JDK " + first.path("jdkVersion").asText() + ")";
    return String.format(Locale.ROOT, "Machine: %d cores (nproc), %s; %s.%n%n",
        Runtime.getRuntime().availableProcessors(), cpu, jdk);
  }

  String render() {
    StringBuilder out = new StringBuilder();
    if (rows.stream().anyMatch(r -> r.mode.equals("thrpt"))) {
      out.append("| Benchmark | Alg | Threads | ops/s | ± error | × JCA floor | × best peer |\n");
      out.append("|---|---|---:|---:|---:|---:|---:|\n");
    }
    Optional<Row> bestPeer = rows.stream()
        .filter(r -> r.name.startsWith(PEERS))
        .max((a, b) -> Double.compare(a.score, b.score));
    for (Row r : rows) {
      if (!r.mode.equals("thrpt")) {
        continue;
      }
      Optional<Row> floor = floorOf(r);
      String vsFloor = floor.map(f -> ratio(r.score / f.score)).orElse("—");
      String vsPeer = bestPeer.filter(p -> r.threads == 1 && r.alg.equals("RS256"))
          .map(p -> ratio(r.score / p.score)).orElse("—");
      out.append(String.format(Locale.ROOT, "| %s | %s | %d | %s | %s | %s | %s |%n",
          label(r), r.alg, r.threads, number(r.score), number(r.error), vsFloor, vsPeer));
    }
    bestPeer.ifPresent(p -> out.append("\nBest peer: ").append(label(p)).append(".\n"));

    List<Row> javac = rows.stream().filter(r -> r.name.startsWith("JavacBenchmark.")).toList();
    if (!javac.isEmpty()) {
      Optional<Row> base = find("JavacBenchmark.withoutProcessor", "RS256");
      out.append("\n| javac run | mean | ± error | median | median over `-proc:none` |\n"
          + "|---|---:|---:|---:|---:|\n");
      for (Row r : javac) {
        String added = base.filter(b -> b != r)
            .map(b -> String.format(Locale.ROOT, "%+.1f%%", 100 * (r.median / b.median - 1)))
            .orElse("—");
        out.append(String.format(Locale.ROOT, "| %s | %s %s | %s | %s %s | %s |%n",
            label(r), number(r.score), r.unit, number(r.error), number(r.median), r.unit, added));
      }
    }
    List<Row> parts = rows.stream().filter(r -> r.mode.equals("avgt")).toList();
    if (!parts.isEmpty()) {
      out.append("\n| part (`run.sh PartsBenchmark`) | time | ± error |\n|---|---:|---:|\n");
      for (Row r : parts) {
        out.append(String.format(Locale.ROOT, "| `%s` | %s %s | %s |%n",
            r.name, number(r.score), r.unit, number(r.error)));
      }
    }
    out.append("\n").append(targets());
    return out.toString();
  }

  private String targets() {
    StringBuilder out = new StringBuilder("Targets:\n\n");
    Optional<Row> floor = find("VerifyBenchmark.jcaFloor", "RS256");
    Optional<Row> ours = find("VerifyBenchmark.protekt", "RS256");
    Optional<Row> auth0 = find("PeerBenchmark.auth0", "RS256");
    if (floor.isPresent() && ours.isPresent()) {
      double r = ours.get().score / floor.get().score;
      // Four decimals: these two sit close to their targets, where 1.00× can mean either side.
      out.append(check("RS256 `verifyToken` without cache vs JCA floor", precise(r), r >= 0.90,
          "≥ 0.90×"));
      auth0.ifPresent(a -> {
        double p = ours.get().score / a.score;
        out.append(check("RS256 `verifyToken` without cache vs auth0 java-jwt", precise(p),
            p >= 1.0, "≥ 1.0×"));
      });
    }
    find("CacheBenchmark.protektCacheHit", "RS256").ifPresent(hit -> floor.ifPresent(f -> {
      double r = hit.score / f.score;
      out.append(check("Cache hit vs RS256 JCA floor", ratio(r), r >= 100, "≥ 100×"));
    }));
    for (String path : List.of("cached", "uncached")) {
      Optional<Row> off = find("MetricsBenchmark." + path + "[metrics=off]", "RS256");
      Optional<Row> on = find("MetricsBenchmark." + path + "[metrics=on]", "RS256");
      if (off.isPresent() && on.isPresent()) {
        // No target: the cost is reported in docs/benchmarks.md for users to weigh.
        out.append(String.format(Locale.ROOT, "- Micrometer metrics on (SimpleMeterRegistry), %s:"
                + " %+.1f ns per verification (%.1f ns → %.1f ns)%n",
            path.equals("cached") ? "cache hit" : "RS256 without cache",
            nanos(on.get()) - nanos(off.get()), nanos(off.get()), nanos(on.get())));
      }
    }
    Optional<Row> direct = find("GuardBenchmark.direct", "RS256");
    Optional<Row> generated = find("GuardBenchmark.generated", "RS256");
    Optional<Row> proxy = find("GuardBenchmark.proxy", "RS256");
    if (direct.isPresent() && generated.isPresent()) {
      double overhead = nanos(generated.get()) - nanos(direct.get());
      out.append(check("Generated-guard overhead over the direct call",
          String.format(Locale.ROOT, "%.1f ns", overhead), overhead <= 50, "≤ 50 ns"));
      proxy.ifPresent(p -> {
        double proxyOverhead = nanos(p) - nanos(direct.get());
        double r = proxyOverhead / Math.max(overhead, 0.1);
        out.append(check("Proxy-guard overhead ÷ generated-guard overhead",
            String.format(Locale.ROOT, "%.1f ns ÷ %.1f ns = %s", proxyOverhead, overhead, ratio(r)),
            r >= 20, "≥ 20×"));
      });
    }
    Optional<Row> without = find("JavacBenchmark.withoutProcessor", "RS256");
    Optional<Row> with = find("JavacBenchmark.withProcessor", "RS256");
    if (without.isPresent() && with.isPresent()) {
      // Medians: one compile disturbed by the shared machine moves a mean of single shots by tens
      // of percent, and the split below subtracts two of them.
      double base = without.get().median;
      double added = with.get().median / base - 1;
      // No target here: the bar is the peer processors' cost per generated type, which
      // ProcessorCost measures (run.sh ProcessorCost); this splits our own cost.
      out.append(String.format(Locale.ROOT,
          "- Time the processor adds to javac (medians): %+.1f%%%n", 100 * added));
      find("JavacBenchmark.generatedGuardsWithoutProcessor", "RS256").ifPresent(g -> out.append(
          String.format(Locale.ROOT, "  - of which compiling the generated guards: %+.1f%%;"
              + " the processing itself: %+.1f%%%n",
              100 * (g.median / base - 1), 100 * (with.get().median - g.median) / base)));
      Optional<Row> silent = find("JavacBenchmark.withSilentProcessor", "RS256");
      Optional<Row> empty = find("JavacBenchmark.withEmptyClassProcessor", "RS256");
      if (silent.isPresent() && empty.isPresent()) {
        out.append(String.format(Locale.ROOT, "  - for scale: a processor that writes nothing adds"
                + " %+.1f%%, one that writes an empty class per interface %+.1f%%%n",
            100 * (silent.get().median / base - 1), 100 * (empty.get().median / base - 1)));
      }
    }
    return out.toString();
  }

  private static String precise(double ratio) {
    return String.format(Locale.ROOT, "%.4f×", ratio);
  }

  private static String check(String what, String measured, boolean met, String target) {
    return String.format(Locale.ROOT, "- %s: **%s** (target %s) — %s%n",
        what, measured, target, met ? "met" : "MISSED");
  }

  private Optional<Row> floorOf(Row r) {
    if (r.name.endsWith(".jcaFloor")) {
      return Optional.empty();
    }
    String floor = r.threads == 2 ? "TwoThreadBenchmark.jcaFloor" : "VerifyBenchmark.jcaFloor";
    return find(floor, r.alg);
  }

  private Optional<Row> find(String name, String alg) {
    return rows.stream().filter(r -> r.name.equals(name) && r.alg.equals(alg)).findFirst();
  }

  /** Time per operation of a throughput row; the guard's figures are easier to read this way. */
  private static double nanos(Row r) {
    return 1e9 / r.score;
  }

  private static String label(Row r) {
    return LABELS.getOrDefault(r.name, r.name);
  }

  private static String ratio(double r) {
    return String.format(Locale.ROOT, r >= 100 ? "%.0f×" : r >= 10 ? "%.1f×" : "%.2f×", r);
  }

  private static String number(double v) {
    if (Double.isNaN(v)) {
      return "—";
    }
    if (v >= 1000) {
      return String.format(Locale.ROOT, "%,.0f", v);
    }
    return String.format(Locale.ROOT, v >= 10 ? "%.1f" : "%.3f", v);
  }

  /** One benchmark's result; {@code median} is of its measured iterations. */
  private record Row(String name, String alg, int threads, String mode, double score,
      double error, double median, String unit) {}
}
