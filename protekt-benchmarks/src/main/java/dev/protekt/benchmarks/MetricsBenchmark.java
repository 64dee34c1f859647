package dev.protekt.benchmarks;

import dev.protekt.Algorithm;
import dev.protekt.ProtektAuth;
import dev.protekt.ProtektUser;
import dev.protekt.metrics.MicrometerMetrics;
import dev.protekt.metrics.ProtektMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What metrics cost a verification: RS256 {@code verifyToken} without the cache (a full check; with
 * metrics on, one timer record more) and on a cache hit (with metrics on, one counter increment
 * more), with metrics off ({@link ProtektMetrics#NONE}) and on ({@link MicrometerMetrics} over a
 * {@link SimpleMeterRegistry}).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class MetricsBenchmark {

  /** The RS256 tenant and two clients, cache off and on (filled), with metrics off or on. */
  @State(Scope.Benchmark)
  public static class Clients extends SubjectState {
    /** {@code off}: {@link ProtektMetrics#NONE}; {@code on}: Micrometer. */
    @Param({"off", "on"})
    public String metrics;

    ProtektAuth uncached;
    ProtektAuth cached;

    /** Starts the tenant, builds the clients and fills the cache with the token. */
    @Setup(Level.Trial)
    public void start() {
      subject = Subject.start(Algorithm.RS256);
      uncached = subject.protekt(false, metrics());
      cached = subject.protekt(true, metrics());
      cached.verifyToken(subject.token);
    }

    /** A new listener per client: a {@code MicrometerMetrics} serves one client. */
    private ProtektMetrics metrics() {
      return metrics.equals("on") ? MicrometerMetrics.of(new SimpleMeterRegistry())
          : ProtektMetrics.NONE;
    }
  }

  /** A full RS256 check. */
  @Benchmark
  public ProtektUser uncached(Clients state) {
    return state.uncached.verifyToken(state.subject.token);
  }

  /** A cache hit. */
  @Benchmark
  public ProtektUser cached(Clients state) {
    return state.cached.verifyToken(state.subject.token);
  }
}
