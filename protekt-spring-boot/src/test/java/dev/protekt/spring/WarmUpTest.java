package dev.protekt.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.protekt.ProtektAuth;
import dev.protekt.testing.LocalTenant;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/** The startup warm-up against a tenant that never answers: how long it holds the start back. */
@ExtendWith(OutputCaptureExtension.class)
class WarmUpTest {
  private static final String DISCOVERY = "/.well-known/openid-configuration";

  /** As a SIGTERM's shutdown hook does, while a warm-up of a minute waits. */
  @Test
  void closingTheContextDuringTheWarmUpEndsTheStartPromptly(CapturedOutput output)
      throws Exception {
    try (LocalTenant tenant = LocalTenant.start()) {
      tenant.faults().hangNext(DISCOVERY, 100);
      AtomicReference<ConfigurableApplicationContext> context = new AtomicReference<>();
      AtomicReference<Throwable> failure = new AtomicReference<>();
      Thread starter = new Thread(() -> {
        try {
          new SpringApplicationBuilder(ProtektAutoConfiguration.class)
              .web(WebApplicationType.NONE)
              .properties("protekt.domain=" + tenant.domain(),
                  "protekt.audience=" + tenant.apiAudience(), "protekt.warm-up.timeout=60")
              .initializers(context::set)
              .run().close();
        } catch (Throwable e) {
          failure.set(e);
        }
      }, "starter");
      starter.start();
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (tenant.requests(DISCOVERY).isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(tenant.requests(DISCOVERY)).as("the warm-up asked for discovery").isNotEmpty();

      long closing = System.nanoTime();
      // Not on this thread: before the fix, close() waited for the whole warm-up.
      Thread closer = new Thread(() -> context.get().close(), "closer");
      closer.start();
      starter.join(Duration.ofSeconds(10).toMillis());
      closer.join(Duration.ofSeconds(10).toMillis());

      assertThat(starter.isAlive()).as("the start still waits on the warm-up").isFalse();
      assertThat(closer.isAlive()).as("close() still waits on the warm-up").isFalse();
      assertThat(Duration.ofNanos(System.nanoTime() - closing)).isLessThan(Duration.ofSeconds(10));
      assertThat(failure.get()).hasRootCauseInstanceOf(InterruptedException.class)
          .hasMessageContaining("Protekt warm-up interrupted: the application is being stopped");
      assertThat(context.get().isActive()).isFalse();
      assertThat(output).contains("APPLICATION FAILED TO START", "Description:\n\nThe application"
          + " was stopped while Protekt warmed its clients up, so it did not start.")
          .doesNotContain("Application run failed");
    }
  }

  @Test
  void severalClientsWarmUpSideBySideWithinOneTimeout(CapturedOutput output) {
    try (LocalTenant tenant = LocalTenant.start()) {
      tenant.faults().hangNext(DISCOVERY, 100);
      long start = System.nanoTime();
      new SpringApplicationBuilder(TwoClients.class)
          .web(WebApplicationType.NONE)
          .properties("protekt.domain=" + tenant.domain(), "protekt.warm-up.timeout=4")
          .run().close();
      // One after another, they would take 8 s at least.
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(7500));
      assertThat(output.toString().split("Protekt warm-up of " + tenant.domain() + " did not"
          + " reach", -1)).hasSize(3);
    }
  }

  @Test
  void anIssuerThatIsDownIsNamedAndTheOthersAreSaidToVerify(CapturedOutput output) {
    try (LocalTenant tenant = LocalTenant.start(); LocalTenant other = LocalTenant.start()) {
      other.faults().hangNext(DISCOVERY, 100);
      new SpringApplicationBuilder(ProtektAutoConfiguration.class)
          .web(WebApplicationType.NONE)
          .properties("protekt.domain=" + tenant.domain(),
              "protekt.audience=" + tenant.apiAudience(),
              "protekt.additional-issuers=" + other.domain(), "protekt.warm-up.timeout=1")
          .run().close();
      assertThat(output).contains("Protekt warm-up of " + tenant.domain() + " did not reach"
          + " [Unreached[issuer=" + other.domain() + ", part=DISCOVERY", "; starting anyway,"
          + " tokens of " + other.domain() + " are verified once the keys arrive (until then they"
          + " are answered 503); those of " + tenant.domain() + " are verified");
    }
  }

  /** An application with two clients of one tenant, as one per audience would be. */
  @Configuration
  @ImportAutoConfiguration(ProtektAutoConfiguration.class)
  static class TwoClients {
    @Bean
    @Primary
    ProtektAuth first(@Value("${protekt.domain}") String domain) {
      return ProtektAuth.builder().domain(domain).audience("https://first.test").build();
    }

    @Bean
    ProtektAuth second(@Value("${protekt.domain}") String domain) {
      return ProtektAuth.builder().domain(domain).audience("https://second.test").build();
    }
  }
}
