package dev.protekt.example;

/** The caller sent a body that it did not declare as JSON; answered with 415. */
final class UnsupportedMediaTypeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  UnsupportedMediaTypeException(String message) {
    super(message);
  }
}
