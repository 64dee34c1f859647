package dev.protekt.testing.internal;

import dev.protekt.testing.SigningAlgorithm;
import java.security.KeyPair;
import java.util.concurrent.CompletableFuture;

/**
 * Keeps one RSA-2048 key pair generated ahead, so that starting a tenant does not wait the
 * 100-300 ms an RSA key generation takes. Each key pair is handed out once: tenants never share keys.
 */
final class RsaKeyPool {
  private static CompletableFuture<KeyPair> spare = generateAhead();

  private RsaKeyPool() {}

  /** @return a fresh RSA-2048 key pair, and starts generating the next one in the background */
  static KeyPair take() {
    CompletableFuture<KeyPair> next;
    synchronized (RsaKeyPool.class) {
      next = spare;
      spare = generateAhead();
    }
    return next.join();
  }

  private static CompletableFuture<KeyPair> generateAhead() {
    CompletableFuture<KeyPair> future = new CompletableFuture<>();
    Thread thread = new Thread(() -> {
      try {
        future.complete(SigningKey.generatePair(SigningAlgorithm.RS256, 2048));
      } catch (RuntimeException e) {
        future.completeExceptionally(e);
      }
    }, "protekt-rsa-keygen");
    thread.setDaemon(true);
    thread.start();
    return future;
  }
}
