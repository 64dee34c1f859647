package dev.protekt.spring;

import dev.protekt.ProtektUnavailableException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports an identity provider whose keys could not be had at startup (a required warm-up, {@code
 * protekt.warm-up.required=true}, or a call of the application's own) in Spring Boot's
 * "APPLICATION FAILED TO START" block, as {@link ProtektConfigurationFailureAnalyzer} does for a
 * refused configuration, instead of a stack trace after "Application run failed".
 */
class ProtektUnavailableFailureAnalyzer
    extends AbstractFailureAnalyzer<ProtektUnavailableException> {
  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, ProtektUnavailableException cause) {
    return new FailureAnalysis(
        "Protekt could not get the identity provider's signing keys: " + cause.getMessage(),
        "Check that the identity provider named above is up and reachable from this host (DNS,"
            + " proxy, firewall), and that it publishes a signing key of an algorithm the"
            + " application allows. If the application may start without it, set"
            + " protekt.warm-up.required=false (tokens are then answered 503 until its keys"
            + " arrive), or let your own startup calls tolerate it.",
        cause);
  }
}
