package dev.protekt.example;

/** The caller sent a body the example cannot use; answered with 400. */
final class BadRequestException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  BadRequestException(String message) {
    super(message);
  }
}
