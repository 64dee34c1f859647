package dev.protekt.servlet;

import dev.protekt.ConfigurationException;
import dev.protekt.ProtektAuth;
import dev.protekt.ProtektUnavailableException;
import dev.protekt.health.KeySetHealth;
import dev.protekt.health.WarmUp;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warms a {@link ProtektAuth} up when the web application starts ({@link ProtektAuth#warmUp(Duration)}),
 * so that the first request finds the tenant's keys in hand. Register it beside the filter, in a
 * {@code ServletContainerInitializer}:
 *
 * <pre>{@code
 * context.addListener(new ProtektWarmUpListener(protekt, Duration.ofSeconds(10), false));
 * }</pre>
 *
 * <p>A {@code ServletContextListener} may not add another one (the Servlet specification forbids
 * it, and containers refuse it at startup): from one, call {@link #warmUp(ProtektAuth, Duration,
 * boolean)} in its {@code contextInitialized} instead.
 *
 * <p>A tenant that cannot be reached, or a configuration the warm-up finds unusable, is logged as a
 * warning on {@code dev.protekt.servlet} and the application starts; keys are fetched on in the
 * background. With {@code required}, the listener throws instead, which stops the web application
 * from starting. The Spring Boot adapter warms its clients up the same way.
 */
public class ProtektWarmUpListener implements ServletContextListener {
  private static final Logger log = LoggerFactory.getLogger("dev.protekt.servlet");

  private final ProtektAuth protekt;
  private final Duration within;
  private final boolean required;

  /**
   * @param protekt the client to warm up
   * @param within the longest the warm-up holds startup back, at most 10 minutes
   * @param required whether an unreached tenant stops the application from starting
   */
  public ProtektWarmUpListener(ProtektAuth protekt, Duration within, boolean required) {
    this.protekt = Objects.requireNonNull(protekt, "protekt");
    this.within = Objects.requireNonNull(within, "within");
    this.required = required;
  }

  @Override
  public void contextInitialized(ServletContextEvent event) {
    warmUp(protekt, within, required);
  }

  /**
   * Warms {@code protekt} up and logs the result: INFO when everything was reached, WARN with what
   * was not otherwise.
   *
   * @throws ProtektUnavailableException if {@code required} and part of the tenant was not reached
   * @throws ConfigurationException if {@code required} and the configuration cannot work
   */
  public static void warmUp(ProtektAuth protekt, Duration within, boolean required) {
    WarmUp warmUp;
    try {
      warmUp = protekt.warmUp(within);
    } catch (ConfigurationException e) {
      if (required) {
        throw e;
      }
      log.warn("Protekt warm-up of {}: the configuration cannot work, so tokens will not be"
          + " verified until it is fixed: {}", protekt.domain(), e.getMessage());
      return;
    }
    if (warmUp.complete()) {
      Map<String, KeySetHealth> byIssuer = warmUp.health().keysByIssuer();
      // health().keys() is one issuer's, the worst; with several, each has its own count.
      String keys = byIssuer.size() > 1
          ? byIssuer.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue().keyCount())
              .collect(Collectors.joining(", ", "signing keys by issuer (", ")"))
          : warmUp.health().keys().keyCount() + " signing keys";
      log.info("Protekt warm-up of {}: {} in {} ms", protekt.domain(), keys,
          warmUp.took().toMillis());
    } else if (required) {
      throw new ProtektUnavailableException("Protekt warm-up of " + protekt.domain()
          + " did not reach " + warmUp.unreached() + ", and the warm-up is required.");
    } else {
      log.warn("Protekt warm-up of {} did not reach {} within {} ms; starting anyway, tokens are"
          + " verified once the keys arrive (until then they are answered 503)", protekt.domain(),
          warmUp.unreached(), warmUp.took().toMillis());
    }
  }
}
