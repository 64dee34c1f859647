package dev.protekt;

/**
 * The SDK is configured in a way that cannot work: a missing domain, plain {@code http} to a host
 * that is not loopback, an unknown algorithm, a negative duration, or a feature used without the
 * option it needs (a client secret for machine tokens, an audience for token verification). The
 * message says which option to set. Thrown when the client is built whenever possible.
 */
public class ConfigurationException extends ProtektException {
  private static final long serialVersionUID = 1L;

  /** @param message which option to set, and how */
  public ConfigurationException(String message) {
    super(message);
  }
}
