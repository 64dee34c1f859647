package dev.protekt.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
 * peer, the guard's overhead in nanoseconds, and what each annotation processor adds to javac per
 * type it generates, ours beside AutoValue's and MapStruct's.
 *
 * <pre>{@code java -cp protekt-benchmarks/target/benchmarks.jar dev.protekt.benchmarks.Report jmh.json javac.json}</pre>
 */
public final class Report {
  private static final String PEERS = "PeerBenchmark.";
  private static final List<String> ALGORITHMS = List.of("RS256", "PS256", "ES256", "EdDSA");
  private static final Map<String, String> LABELS = new LinkedHashMap<>();
  /** The {@code -proc:none} compile of the same sources as each javac row that runs a processor. */
  private static final Map<String, String> BASELINES = new LinkedHashMap<>();

  static {
    LABELS.put("VerifyBenchmark.jcaFloor", "JCA floor `Signature.verify`");
    LABELS.put("VerifyBenchmark.protekt", "Protekt `verifyToken`, no cache");
    LABELS.put("PeerBenchmark.nimbus", "Nimbus `DefaultJWTProcessor` + claims verifier");
    LABELS.put("PeerBenchmark.auth0", "auth0 java-jwt `JWTVerifier`");
    LABELS.put("PeerBenchmark.jjwt", "jjwt parser");
    LABELS.put("CacheBenchmark.protektCacheHit", "Protekt `verifyToken`, cache hit");
    LABELS.put("CacheBenchmark.protektCacheHitFreshString",
        "Protekt `verifyToken`, cache hit, new `String` per call");
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
    LABELS.put("JavacBenchmark.autoValueWithoutProcessor", "javac, 500 AutoValue types, `-proc:none`");
    LABELS.put("JavacBenchmark.autoValue", "javac, 500 AutoValue types, AutoValue processor");
    LABELS.put("JavacBenchmark.mapStructWithoutProcessor",
        "javac, 500 MapStruct mappers + 1,000 records, `-proc:none`");
    LABELS.put("JavacBenchmark.mapStruct",
        "javac, 500 MapStruct mappers + 1,000 records, MapStruct processor");
    for (String ours : List.of("generatedGuardsWithoutProcessor", "withSilentProcessor",
        "withEmptyClassProcessor", "withProcessor")) {
      BASELINES.put("JavacBenchmark." + ours, "JavacBenchmark.withoutProcessor");
    }
    BASELINES.put("JavacBenchmark.autoValue", "JavacBenchmark.autoValueWithoutProcessor");
    BASELINES.put("JavacBenchmark.mapStruct", "JavacBenchmark.mapStructWithoutProcessor");
  }

  /** Which processor each javac row runs, for the table of cost per generated type. */
  private static final Map<String, String> GENERATORS = Map.of(
      "JavacBenchmark.withProcessor", "Protekt (one guard per interface)",
      "JavacBenchmark.autoValue", "AutoValue (one `AutoValue_` class per value type)",
      "JavacBenchmark.mapStruct", "MapStruct (one `Impl` class per mapper)");

  private final List<Row> rows = new ArrayList<>();

  private Report(JsonNode results) {
    for (JsonNode r : results) {
      String fqn = r.get("benchmark").asText();
      String[] parts = fqn.split("\\.");
      String name = parts[parts.length - 2] + "." + parts[parts.length - 1];
      JsonNode params = r.get("params");
      String alg = params != null && params.has("alg") ? params.get("alg").asText() : "RS256";
      JsonNode m = r.get("primaryMetric");
      double score = m.get("score").asDouble();
      List<Double> shots = new ArrayList<>();
      m.path("rawData").forEach(fork -> fork.forEach(shot -> shots.add(shot.asDouble())));
      shots.sort(null);
      rows.add(new Row(name, alg, r.get("threads").asInt(), r.get("mode").asText(), score,
          m.get("scoreError").asDouble(), m.path("scorePercentiles").path("50.0").asDouble(score),
          m.get("scoreUnit").asText(), shots));
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

  /** Prints the report of the JMH JSON files named by the arguments, as one run. */
  public static void main(String[] args) throws IOException {
    if (args.length == 0) {
      System.err.println("usage: Report <jmh-result.json>...");
      System.exit(2);
    }
    ObjectMapper json = new ObjectMapper();
    ArrayNode results = json.createArrayNode();
    for (String file : args) {
      results.addAll((ArrayNode) json.readTree(Path.of(file).toFile()));
    }
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
      out.append("\n| javac run | shots | median | p25–p75 | mean ± error |"
          + " median over its `-proc:none` |\n|---|---:|---:|---:|---:|---:|\n");
      for (Row r : javac) {
        String added = baselineOf(r)
            .map(b -> String.format(Locale.ROOT, "%+.1f%%", 100 * (r.median / b.median - 1)))
            .orElse("—");
        out.append(String.format(Locale.ROOT, "| %s | %d | %s %s | %s–%s | %s ± %s | %s |%n",
            label(r), r.shots.size(), number(r.median), r.unit, number(r.quantile(0.25)),
            number(r.quantile(0.75)), number(r.score), number(r.error), added));
      }
      out.append("\n| processor | added per generated type, median | p25–p75 range |\n"
          + "|---|---:|---:|\n");
      for (Row r : javac) {
        if (GENERATORS.containsKey(r.name)) {
          baselineOf(r).ifPresent(b -> out.append(String.format(Locale.ROOT,
              "| %s | %.2f ms | %.2f to %.2f ms |%n", GENERATORS.get(r.name),
              perType(r.median, b.median), perType(r.quantile(0.25), b.quantile(0.75)),
              perType(r.quantile(0.75), b.quantile(0.25)))));
        }
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
      double perGuard = perType(with.get().median, base);
      Optional<Double> cheaperPeer = GENERATORS.keySet().stream()
          .filter(name -> !name.equals("JavacBenchmark.withProcessor"))
          .map(name -> find(name, "RS256"))
          .flatMap(Optional::stream)
          .flatMap(r -> baselineOf(r).map(b -> perType(r.median, b.median)).stream())
          .min(Double::compare);
      cheaperPeer.ifPresent(peer -> out.append(check(
          "Processor cost per generated type, against the cheaper of AutoValue and MapStruct",
          String.format(Locale.ROOT, "%.2f ms against %.2f ms", perGuard, peer), perGuard <= peer,
          "≤ the cheaper peer")));
      out.append(String.format(Locale.ROOT, "- Time the processor adds to this javac run"
          + " (medians): %+.1f%%%n", 100 * (with.get().median / base - 1)));
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

  /** The {@code -proc:none} compile of the same sources as {@code r}; none for a baseline. */
  private Optional<Row> baselineOf(Row r) {
    return Optional.ofNullable(BASELINES.get(r.name)).flatMap(name -> find(name, "RS256"));
  }

  /** Milliseconds a compile took beyond its baseline, per type the processor generated. */
  private static double perType(double withProcessor, double baseline) {
    return (withProcessor - baseline) / JavacBenchmark.INTERFACES;
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
      double error, double median, String unit, List<Double> shots) {
    /** The {@code q}-quantile of the measured shots (nearest rank), or the median without them. */
    double quantile(double q) {
      return shots.isEmpty() ? median
          : shots.get(Math.max(0, (int) Math.ceil(q * shots.size()) - 1));
    }
  }
}
