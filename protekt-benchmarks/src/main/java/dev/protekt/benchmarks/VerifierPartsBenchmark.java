package dev.protekt.benchmarks;

import dev.protekt.Algorithm;
import dev.protekt.ClaimPath;
import dev.protekt.ProtektUser;
import dev.protekt.internal.jwt.VerifiedClaims;
import dev.protekt.internal.jwt.VerifierSteps;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What {@code verifyToken} spends outside the signature check, part by part, on the benchmark's
 * RS256 token: the profile behind docs/benchmarks.md. It reaches the parts through the runtime's
 * {@code VerifierSteps}, and is left out of the default run ({@code run.sh PartsBenchmark} runs
 * it).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class VerifierPartsBenchmark {
  /** Parsed once, as {@code ProtektAuth.Builder.build()} parses the configured paths. */
  private static final List<ClaimPath> ROLES = List.of(ClaimPath.of("roles"));
  private static final List<ClaimPath> PERMISSIONS = List.of(ClaimPath.of("permissions"));

  private Subject subject;
  private byte[] ascii;
  private int dot1;
  private int dot2;
  private byte[] header;
  private byte[] payload;
  private VerifiedClaims claims;

  /** Mints the token and decodes its parts once, so that each benchmark times one step. */
  @Setup(Level.Trial)
  public void start() {
    subject = Subject.start(Algorithm.RS256);
    String token = subject.token;
    ascii = token.getBytes(StandardCharsets.ISO_8859_1);
    dot1 = token.indexOf('.');
    dot2 = token.indexOf('.', dot1 + 1);
    header = VerifierSteps.base64url(ascii, 0, dot1);
    payload = VerifierSteps.base64url(ascii, dot1 + 1, dot2 - dot1 - 1);
    claims = VerifierSteps.claims(payload);
  }

  /** Stops the tenant. */
  @TearDown(Level.Trial)
  public void stop() {
    subject.close();
  }

  /** The token's characters as the bytes the signature covers. */
  @Benchmark
  public byte[] tokenBytes() {
    return subject.token.getBytes(StandardCharsets.ISO_8859_1);
  }

  /** The strict base64url decoding of header, payload and signature. */
  @Benchmark
  public int base64url() {
    return VerifierSteps.base64url(ascii, 0, dot1).length
        + VerifierSteps.base64url(ascii, dot1 + 1, dot2 - dot1 - 1).length
        + VerifierSteps.base64url(ascii, dot2 + 1, ascii.length - dot2 - 1).length;
  }

  /** The JOSE header, parsed and its members checked for type. */
  @Benchmark
  public Object header() {
    return VerifierSteps.header(header);
  }

  /** The claims, parsed into the unmodifiable structures the user keeps. */
  @Benchmark
  public VerifiedClaims claims() {
    return VerifierSteps.claims(payload);
  }

  /** The user built from already parsed claims: typed claims and the role, permission and scope sets. */
  @Benchmark
  public ProtektUser user() {
    return ProtektUser.fromClaims(claims, ROLES, PERMISSIONS);
  }
}
