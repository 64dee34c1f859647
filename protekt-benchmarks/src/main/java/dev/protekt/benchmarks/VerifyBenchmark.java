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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Ours without the result cache beside the JCA floor, per algorithm: the same token, the same key,
 * keys already fetched, one thread.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class VerifyBenchmark {

  /** The tenant, token and clients of one algorithm, shared by the threads of a trial. */
  @State(Scope.Benchmark)
  public static class AlgorithmState extends SubjectState {
    /** The JWS algorithm of the tenant's signing key. */
    @Param({"RS256", "PS256", "ES256", "EdDSA"})
    public String alg;

    ProtektAuth protekt;

    /** Starts the tenant and warms our key cache. */
    @Setup(Level.Trial)
    public void start() {
      subject = Subject.start(Algorithm.fromJwsName(alg));
      protekt = subject.protekt(false);
    }
  }

  /** The JDK's signature check alone. */
  @Benchmark
  public boolean jcaFloor(AlgorithmState state) throws GeneralSecurityException {
    return state.floor().verify();
  }

  /** {@code ProtektAuth.verifyToken} with warm keys and the result cache off. */
  @Benchmark
  public ProtektUser protekt(AlgorithmState state) {
    return state.protekt.verifyToken(state.subject.token);
  }
}
