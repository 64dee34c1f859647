package dev.protekt.spring;

import dev.protekt.ConfigurationException;

/**
 * A {@link ConfigurationException} of the client the auto-configuration builds, so the fault is in
 * a {@code protekt.*} property; the message leads with the properties when the builder named them.
 */
final class PropertyRefusal extends ConfigurationException {
  private static final long serialVersionUID = 1L;

  PropertyRefusal(String message, ConfigurationException cause) {
    super(message, cause.options().toArray(new String[0]));
    initCause(cause);
  }

  /** A value of {@code property}, one the adapter reads itself, that cannot work. */
  PropertyRefusal(String property, String problem) {
    super(property + ": " + problem);
  }
}
