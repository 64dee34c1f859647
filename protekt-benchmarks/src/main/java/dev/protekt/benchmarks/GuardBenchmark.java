package dev.protekt.benchmarks;

import dev.protekt.Algorithm;
import dev.protekt.CurrentUser;
import dev.protekt.ForbiddenException;
import dev.protekt.ProtektAuth;
import dev.protekt.ProtektUser;
import dev.protekt.annotations.Match;
import dev.protekt.guard.GuardPolicy;
import dev.protekt.guard.Guards;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The price of a guard on a token already in the cache: the implementation called directly, the
 * same checks written by hand, the generated guard, and a {@link java.lang.reflect.Proxy} guard.
 * Each call passes the whole {@code Authorization} header value, as a handler receives it.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class GuardBenchmark {

  /** The implementation, its three guards, and a cached token carrying admin and read:posts. */
  @State(Scope.Benchmark)
  public static class GuardedCalls extends SubjectState {
    ProtektAuth protekt;
    GuardPolicy policy;
    PostsApi impl;
    PostsApi generated;
    PostsApi proxy;
    String authorization;
    ProtektUser user;
    final String id = "42";

    /** Builds the guards, fills the cache, and checks each guard really refuses a non-admin. */
    @Setup(Level.Trial)
    public void start() throws NoSuchMethodException {
      subject = Subject.start(Algorithm.RS256);
      protekt = subject.protekt(true);
      policy = GuardPolicy.builder()
          .roles(Match.ANY, "admin")
          .permissions(Match.ANY, "read:posts")
          .build();
      impl = new PostsApiImpl();
      generated = new PostsApiGuard(impl, protekt);
      proxy = ProxyGuard.wrap(PostsApi.class, impl, protekt,
          Map.of(PostsApi.class.getMethod("read", String.class, String.class),
              new ProxyGuard.Rule(0, policy)));
      authorization = "Bearer " + subject.token;
      user = protekt.verifyAuthorization(authorization);
      String reader = "Bearer " + subject.tenant.token().subject(Subject.SUBJECT)
          .roles("reader").permissions("read:posts").sign();
      for (PostsApi guard : List.of(generated, proxy)) {
        if (!id.equals(guard.read(authorization, id))) {
          throw new IllegalStateException(guard.getClass() + " does not delegate");
        }
        try {
          guard.read(reader, id);
          throw new IllegalStateException(guard.getClass() + " lets a caller without admin in");
        } catch (ForbiddenException expected) {
          // The guard checks what it should; the benchmark measures it honestly.
        }
      }
    }
  }

  /** The implementation, unguarded: what a call costs with no checks at all. */
  @Benchmark
  public String direct(GuardedCalls g) {
    return g.impl.read(g.authorization, g.id);
  }

  /** The generated guard's check written by hand, for reference. */
  @Benchmark
  @SuppressWarnings("try") // the scope is opened for its effect on the thread
  public String handWritten(GuardedCalls g) {
    try (CurrentUser.Scope ignored =
        CurrentUser.bind(Guards.authorize(g.protekt, g.policy, g.authorization))) {
      return g.impl.read(g.authorization, g.id);
    }
  }

  /** The guard the processor generated for {@link PostsApi}. */
  @Benchmark
  public String generated(GuardedCalls g) {
    return g.generated.read(g.authorization, g.id);
  }

  /** The reflection-based guard. */
  @Benchmark
  public String proxy(GuardedCalls g) {
    return g.proxy.read(g.authorization, g.id);
  }
}
