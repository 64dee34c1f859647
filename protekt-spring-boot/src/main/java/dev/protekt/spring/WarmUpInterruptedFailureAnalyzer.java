package dev.protekt.spring;

import dev.protekt.spring.WarmUps.WarmUpInterruptedException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports a start that a shutdown ended during the warm-up in Spring Boot's "APPLICATION FAILED TO
 * START" block rather than as a stack trace after "Application run failed": the shutdown was asked
 * for, and nothing in the application is broken.
 */
class WarmUpInterruptedFailureAnalyzer extends AbstractFailureAnalyzer<WarmUpInterruptedException> {
  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, WarmUpInterruptedException cause) {
    return new FailureAnalysis(
        "The application was stopped while Protekt warmed its clients up, so it did not start.",
        "Nothing, if the application was being stopped (a SIGTERM, a closed context). Otherwise"
            + " find what interrupted the thread that starts it.",
        cause);
  }
}
