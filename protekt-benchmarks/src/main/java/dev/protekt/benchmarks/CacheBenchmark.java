package dev.protekt.benchmarks;

import dev.protekt.Algorithm;
import dev.protekt.ProtektAuth;
import dev.protekt.ProtektUser;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Ours on a token it has verified before: the verified-token cache hit. */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CacheBenchmark {

  /** The RS256 tenant and a client with the cache on, the token already verified once. */
  @State(Scope.Benchmark)
  public static class Cached extends SubjectState {
    ProtektAuth protekt;
    String authorization;

    /** Starts the tenant and fills the cache with the token. */
    @Setup(Level.Trial)
    public void start() {
      subject = Subject.start(Algorithm.RS256);
      protekt = subject.protekt(true);
      protekt.verifyToken(subject.token);
      authorization = "Bearer " + subject.token;
    }
  }

  /** The same {@code String} instance every time, whose hash code the JDK has cached. */
  @Benchmark
  public ProtektUser protektCacheHit(Cached state) {
    return state.protekt.verifyToken(state.subject.token);
  }

  /**
   * A new {@code String} per call, cut out of an {@code Authorization} value as each request's
   * token is: no cached hash code, and the copy itself is measured too.
   */
  @Benchmark
  public ProtektUser protektCacheHitFreshString(Cached state) {
    return state.protekt.verifyToken(state.authorization.substring(7));
  }
}
