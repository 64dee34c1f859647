package dev.protekt.internal.http;

import java.io.IOException;
import javax.net.ssl.SSLException;

/**
 * Tells a TLS handshake answered in plain text, by a server that speaks only http where the
 * configuration asks for https (as a bare host always does). The JDK reports it as a plain {@link
 * SSLException} that only its message tells apart from a handshake cut short, which may pass: so
 * the retries, which must not repeat it, and discovery, which names the setting to fix, read it
 * here alike.
 */
public final class PlainTextAnswers {
  /** The JDK's message for a TLS handshake answered with bytes that are no TLS record. */
  private static final String MESSAGE = "Unsupported or unrecognized SSL message";

  private PlainTextAnswers() {}

  /** Whether {@code e} is a TLS handshake that the server answered in another protocol. */
  public static boolean answeredInPlainText(IOException e) {
    return e instanceof SSLException && MESSAGE.equals(e.getMessage());
  }
}
