package dev.protekt.benchmarks;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What every benchmark state shares: one {@link Subject} per trial, stopped after it, and a JCA
 * floor per thread (a {@link java.security.Signature} is stateful; the thread-local lookup costs
 * nanoseconds against tens of microseconds of verification).
 */
public abstract class SubjectState {
  Subject subject;
  private final ThreadLocal<JcaFloor> floors = ThreadLocal.withInitial(() -> new JcaFloor(subject));

  /** This thread's floor for the subject's token. */
  JcaFloor floor() {
    return floors.get();
  }

  /** Stops the subject's tenant. */
  @TearDown(Level.Trial)
  public void stop() {
    if (subject != null) {
      subject.close();
    }
  }
}
