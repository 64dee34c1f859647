package dev.protekt.benchmarks;

import dev.protekt.Algorithm;
import dev.protekt.ProtektAuth;
import dev.protekt.ProtektUser;
import java.security.GeneralSecurityException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * The RS256 floor and ours from two threads at once, sharing one {@link ProtektAuth} as a server
 * does: shows whether anything in our path serializes threads. Scores are the sum over threads.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(2)
public class TwoThreadBenchmark {

  /** The RS256 tenant and one client shared by both threads, result cache off. */
  @State(Scope.Benchmark)
  public static class Shared extends SubjectState {
    ProtektAuth protekt;

    /** Starts the tenant and warms our key cache. */
    @Setup(Level.Trial)
    public void start() {
      subject = Subject.start(Algorithm.RS256);
      protekt = subject.protekt(false);
    }
  }

  /** The JDK's RS256 signature check alone, on each thread with its own {@code Signature}. */
  @Benchmark
  public boolean jcaFloor(Shared shared) throws GeneralSecurityException {
    return shared.floor().verify();
  }

  /** {@code ProtektAuth.verifyToken}, RS256, result cache off, one client shared by both threads. */
  @Benchmark
  public ProtektUser protekt(Shared shared) {
    return shared.protekt.verifyToken(shared.subject.token);
  }
}
