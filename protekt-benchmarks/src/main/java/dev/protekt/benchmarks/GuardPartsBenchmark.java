package dev.protekt.benchmarks;

import dev.protekt.CurrentUser;
import dev.protekt.ProtektUser;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;

/**
 * What a generated guard spends on a cache hit, part by part, with {@link GuardBenchmark}'s
 * client, token and policy (its setup verifies the header, so every lookup is a hit): the profile
 * behind docs/benchmarks.md. Left out of the default run ({@code run.sh PartsBenchmark} runs it).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class GuardPartsBenchmark {

  /** The clock read a cache hit needs to check the entry's expiry. */
  @Benchmark
  public long clock() {
    return System.currentTimeMillis();
  }

  /** The cache lookup of the whole header, clock read included. */
  @Benchmark
  public ProtektUser cacheLookup(GuardBenchmark.GuardedCalls p) {
    return p.protekt.verifyAuthorization(p.authorization);
  }

  /** The role and permission checks. */
  @Benchmark
  public ProtektUser policyCheck(GuardBenchmark.GuardedCalls p) {
    p.policy.check(p.user);
    return p.user;
  }

  /** Binding the user to the thread and unbinding it. */
  @Benchmark
  public ProtektUser bindAndClose(GuardBenchmark.GuardedCalls p) {
    CurrentUser.Scope scope = CurrentUser.bind(p.user);
    scope.close();
    return p.user;
  }
}
