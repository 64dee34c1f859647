package dev.protekt.benchmarks;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.protekt.Algorithm;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.Jws;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import java.security.interfaces.RSAPublicKey;
import java.util.Set;
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
 * The peer libraries on the RS256 token, each configured as a careful user would: signature, exp
 * (with the same 60 s leeway as ours), exact iss and aud. Each is checked at setup to refuse a
 * wrong audience, a wrong issuer, an expired token and a foreign signature.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PeerBenchmark {
  private static final long LEEWAY_SECONDS = 60;

  /** The tenant, the token and one configured verifier per peer. */
  @State(Scope.Benchmark)
  public static class Peers extends SubjectState {
    DefaultJWTProcessor<SecurityContext> nimbus;
    JWTVerifier auth0;
    JwtParser jjwt;

    /** Starts the tenant and configures the peers with the tenant's key. */
    @Setup(Level.Trial)
    public void start() {
      subject = Subject.start(Algorithm.RS256);
      String issuer = subject.tenant.issuer();
      String audience = subject.tenant.apiAudience();

      nimbus = new DefaultJWTProcessor<>();
      nimbus.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(
          JOSEObjectType.JWT, new JOSEObjectType("at+jwt"), null));
      nimbus.setJWSKeySelector(
          new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, new ImmutableJWKSet<>(subject.jwks)));
      DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
          audience, new JWTClaimsSet.Builder().issuer(issuer).build(), Set.of("sub", "exp"));
      claims.setMaxClockSkew((int) LEEWAY_SECONDS);
      nimbus.setJWTClaimsSetVerifier(claims);
      subject.requireSameChecks("Nimbus", t -> nimbus.process(t, null));

      auth0 = JWT.require(com.auth0.jwt.algorithms.Algorithm.RSA256(
              (RSAPublicKey) subject.publicKey, null))
          .withIssuer(issuer)
          .withAudience(audience)
          .acceptLeeway(LEEWAY_SECONDS)
          .build();
      subject.requireSameChecks("auth0 java-jwt", auth0::verify);

      jjwt = Jwts.parser()
          .verifyWith(subject.publicKey)
          .requireIssuer(issuer)
          .requireAudience(audience)
          .clockSkewSeconds(LEEWAY_SECONDS)
          .build();
      subject.requireSameChecks("jjwt", jjwt::parseSignedClaims);
    }
  }

  /** Nimbus {@code DefaultJWTProcessor} with {@code DefaultJWTClaimsVerifier}. */
  @Benchmark
  public JWTClaimsSet nimbus(Peers peers) throws Exception {
    return peers.nimbus.process(peers.subject.token, null);
  }

  /** auth0 java-jwt {@code JWTVerifier}. */
  @Benchmark
  public DecodedJWT auth0(Peers peers) {
    return peers.auth0.verify(peers.subject.token);
  }

  /** jjwt's parser. */
  @Benchmark
  public Jws<Claims> jjwt(Peers peers) {
    return peers.jjwt.parseSignedClaims(peers.subject.token);
  }
}
