package dev.protekt.servlet;

import dev.protekt.ConfigurationException;
import dev.protekt.ProtektAuth;
import dev.protekt.ProtektUnavailableException;
import dev.protekt.health.Failure;
import dev.protekt.health.KeySetHealth;
import dev.protekt.health.WarmUp;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
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
 * <p>A tenant that cannot be reached, keys of which none can verify a token, or a configuration the
 * warm-up finds unusable, is logged as a warning on {@code dev.protekt.servlet} naming the issuers
 * concerned, and the application starts; keys are fetched on in the background. With {@code required}, the listener throws instead, which stops the web application
 * from starting. The Spring Boot adapter warms its clients up the same way.
 *
 * <p>When the web application stops, the listener closes the client.
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
   * Closes the client ({@link ProtektAuth#close()}) when the web application stops: it lives as
   * long as the application, and its threads and connections must not outlive it (a container
   * undeploying the application warns of threads it finds left behind).
   */
  @Override
  public void contextDestroyed(ServletContextEvent event) {
    protekt.close();
  }

  /**
   * Warms {@code protekt} up and logs the result: INFO when every issuer's tokens can be verified,
   * WARN otherwise, naming the issuers whose tokens cannot be verified yet and saying that the
   * others' are. An interrupt ends the wait early, as {@link ProtektAuth#warmUp(Duration)} does: it
   * is logged as such, without the "starting anyway" of a wait that ran out.
   *
   * @throws ProtektUnavailableException if {@code required} and part of the tenant was not reached,
   *     or an issuer's keys hold none that can verify a token
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
      Map<String, KeySetHealth> byIssuer = protekt.health().keysByIssuer();
      List<String> misconfigured = issuers(byIssuer, keys -> keys.lastFailure() != null
          && keys.lastFailure().kind() == Failure.Kind.MISCONFIGURED);
      // Not every refusal is about keys: a missing token endpoint only stops machine tokens.
      String cannotWork = misconfigured.isEmpty() ? "the configuration cannot work"
          : byIssuer.size() == 1
              ? "the configuration cannot work, so tokens will not be verified until it is fixed"
              : "the configuration of " + String.join(", ", misconfigured) + " cannot work, so its"
                  + " tokens will not be verified until it is fixed"
                  + others(byIssuer, misconfigured);
      log.warn("Protekt warm-up of {}: {}: {}", protekt.domain(), cannotWork, e.getMessage());
      return;
    }
    report(protekt, warmUp, required);
  }

  /**
   * Logs what {@code warmUp}, the result of {@code protekt.warmUp}, found, or throws as {@link
   * #warmUp(ProtektAuth, Duration, boolean)} does.
   *
   * @throws IllegalStateException if {@code warmUp} is {@code null}: a mocked client's answer
   */
  static void report(ProtektAuth protekt, WarmUp warmUp, boolean required) {
    if (warmUp == null) {
      throw new IllegalStateException("ProtektAuth.warmUp returned null, which a real client never"
          + " does: this ProtektAuth is probably a mock (Mockito, or Spring's @MockitoBean), whose"
          + " methods answer null. Test against a real client on the local tenant (LocalTenant, in"
          + " protekt-testing), or turn the warm-up off (protekt.warm-up.enabled=false in Spring"
          + " Boot; no ProtektWarmUpListener in a servlet application).");
    }
    Map<String, KeySetHealth> byIssuer = warmUp.health().keysByIssuer();
    if (warmUp.complete()) {
      // health().keys() is one issuer's, the worst; with several, each has its own count.
      String keys = byIssuer.size() > 1
          ? byIssuer.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue().keyCount())
              .collect(Collectors.joining(", ", "signing keys by issuer (", ")"))
          : warmUp.health().keys().keyCount() + " signing keys";
      log.info("Protekt warm-up of {}: {} in {} ms", protekt.domain(), keys,
          warmUp.took().toMillis());
      return;
    }
    if (required) {
      throw new ProtektUnavailableException("Protekt warm-up of " + protekt.domain()
          + " did not reach " + warmUp.unreached() + ", and the warm-up is required.");
    }
    if (Thread.currentThread().isInterrupted()) {
      // Whoever interrupted is stopping the start, which is not going on anyway.
      log.warn("Protekt warm-up of {} was interrupted after {} ms, before it reached {}",
          protekt.domain(), warmUp.took().toMillis(), warmUp.unreached());
      return;
    }
    // Keys fetched with none usable are reached, but verify nothing: their tokens are refused
    // (401), not answered 503 as those of an issuer whose keys have not arrived.
    List<String> noUsableKeys =
        issuers(byIssuer, keys -> keys.state() == KeySetHealth.State.NO_USABLE_KEYS);
    List<String> unreached = warmUp.unreached().stream().map(WarmUp.Unreached::issuer)
        .filter(issuer -> !noUsableKeys.contains(issuer)).distinct().toList();
    if (!unreached.isEmpty()) {
      log.warn("Protekt warm-up of {} did not reach {} within {} ms; starting anyway, tokens{} are"
          + " verified once the keys arrive (until then they are answered 503){}",
          protekt.domain(), warmUp.unreached(), warmUp.took().toMillis(),
          byIssuer.size() > 1 ? " of " + String.join(", ", unreached) : "",
          others(byIssuer, unreached));
    }
    if (!noUsableKeys.isEmpty()) {
      log.warn("Protekt warm-up of {} found no signing key that can verify a token of an allowed"
          + " algorithm{} in {} ms; starting anyway, {} tokens are refused until the tenant"
          + " publishes one{}", protekt.domain(),
          byIssuer.size() > 1 ? " at " + String.join(", ", noUsableKeys) : "",
          warmUp.took().toMillis(), byIssuer.size() > 1 ? "its" : "the",
          others(byIssuer, noUsableKeys));
    }
  }

  /** The issuers of {@code byIssuer} whose keys match {@code test}, as health names them. */
  private static List<String> issuers(
      Map<String, KeySetHealth> byIssuer, Predicate<KeySetHealth> test) {
    return byIssuer.entrySet().stream().filter(e -> test.test(e.getValue()))
        .map(Map.Entry::getKey).toList();
  }

  /**
   * What the tokens of the issuers other than {@code named} do, as the end of a sentence about the
   * named ones: {@code "; those of https://b.example/ are verified"}, or nothing without others.
   */
  private static String others(Map<String, KeySetHealth> byIssuer, List<String> named) {
    Map<Boolean, List<String>> others = byIssuer.entrySet().stream()
        .filter(e -> !named.contains(e.getKey()))
        .collect(Collectors.partitioningBy(e -> e.getValue().canVerify(),
            Collectors.mapping(Map.Entry::getKey, Collectors.toList())));
    StringBuilder end = new StringBuilder();
    if (!others.get(true).isEmpty()) {
      end.append("; those of ").append(String.join(", ", others.get(true))).append(" are verified");
    }
    if (!others.get(false).isEmpty()) {
      end.append("; those of ").append(String.join(", ", others.get(false)))
          .append(" cannot be verified yet");
    }
    return end.toString();
  }
}
