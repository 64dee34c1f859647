package dev.protekt.spring;

import dev.protekt.ConfigurationException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports a {@link ConfigurationException} that stopped the application in Spring Boot's
 * "APPLICATION FAILED TO START" block, led by the property to fix. Without it the reason is the
 * innermost cause of a long trace that begins with whichever bean needed the client.
 */
class ProtektConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<ConfigurationException> {
  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, ConfigurationException cause) {
    // Anything but a refusal of the auto-configured client, or of a value the adapter reads,
    // comes from the application's own ProtektAuth bean or its own calls, where no protekt.*
    // property is at fault.
    return new FailureAnalysis(
        "Protekt refused its configuration: " + cause.getMessage(),
        cause instanceof PropertyRefusal refusal
            ? "Fix the protekt.* property named above, in the application's properties or as the"
                + " PROTEKT_* environment variable of the same name"
                + (refusal.isClientOption() ? ", or declare your own ProtektAuth bean." : ".")
            : "Fix what the message above names: an option of your own ProtektAuth bean, or how"
                + " the application calls Protekt at startup.",
        cause);
  }
}
