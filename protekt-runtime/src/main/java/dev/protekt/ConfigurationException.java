package dev.protekt;

import java.util.List;

/**
 * The SDK is configured in a way that cannot work: a missing domain, plain {@code http} to a host
 * that is not loopback, an unknown algorithm, a negative duration, or a feature used without the
 * option it needs (a client secret for machine tokens, an audience for token verification), a
 * guard generated against another version of a super-interface than the one it runs with, or a
 * guard given a {@link ProtektAuth} that answers no user (a mock). The message says which option to
 * set, or what to rebuild or replace. Thrown when the client is built whenever
 * possible.
 */
public class ConfigurationException extends ProtektException {
  private static final long serialVersionUID = 1L;

  @SuppressWarnings("serial") // always a List.of(...), which is serializable
  private final List<String> options;

  /** @param message which option to set, and how */
  public ConfigurationException(String message) {
    this(message, new String[0]);
  }

  /**
   * @param message which option to set, and how
   * @param options the {@link ProtektAuth.Builder} options at fault, such as {@code timeout}
   */
  public ConfigurationException(String message, String... options) {
    super(message);
    this.options = List.of(options);
  }

  /**
   * The {@link ProtektAuth.Builder} options at fault, most relevant first, so that a framework
   * adapter can name its own setting for each ({@code timeout} is {@code protekt.timeout} in
   * Spring Boot); empty when the problem is not one option's.
   */
  public List<String> options() {
    return options;
  }
}
