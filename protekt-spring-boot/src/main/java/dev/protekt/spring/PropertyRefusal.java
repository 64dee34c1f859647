package dev.protekt.spring;

import dev.protekt.ConfigurationException;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A {@link ConfigurationException} of the client the auto-configuration builds, so the fault is in
 * a {@code protekt.*} property; the message leads with the properties when the client named them.
 */
final class PropertyRefusal extends ConfigurationException {
  private static final long serialVersionUID = 1L;

  /** Whether the property is an option of the client, which a ProtektAuth bean of one's own sets. */
  private final boolean clientOption;

  private PropertyRefusal(String message, ConfigurationException cause) {
    super(message, cause.options().toArray(new String[0]));
    initCause(cause);
    this.clientOption = true;
  }

  /** A value of {@code property}, one the adapter reads itself, that cannot work. */
  PropertyRefusal(String property, String problem) {
    super(property + ": " + problem);
    this.clientOption = false;
  }

  /**
   * {@code refusal} of the auto-configured client, led by the {@code protekt.*} properties of the
   * builder options at fault: the client speaks of {@code maxTokenSize} and {@code
   * allowedEndpointHosts("…")}, which are not what a Spring application sets.
   */
  static PropertyRefusal of(ConfigurationException refusal) {
    if (refusal.options().isEmpty()) {
      return new PropertyRefusal(refusal.getMessage(), refusal);
    }
    String properties = refusal.options().stream()
        .map(option -> "protekt."
            + option.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT))
        .collect(Collectors.joining(", "));
    return new PropertyRefusal(properties + ": " + refusal.getMessage(), refusal);
  }

  /**
   * Whether a {@code ProtektAuth} bean of the application's own could set the property instead:
   * not so for the adapter's own ({@code protekt.realm}, {@code protekt.filter.*}, {@code
   * protekt.warm-up.*}), which no client option replaces.
   */
  boolean isClientOption() {
    return clientOption;
  }
}
