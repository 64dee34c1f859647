package dev.protekt.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.tools.JavaCompiler;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The folders of a javac benchmark's state: the sources a subclass writes under {@code root} once
 * per trial, and a fresh, empty output folder for each compile.
 */
public abstract class Workspace {
  JavaCompiler javac = Javac.compiler();
  Path root;
  Path out;

  /** A fresh, empty output folder for each compile. */
  @Setup(Level.Invocation)
  public void cleanOutput() throws IOException {
    out = Files.createTempDirectory(root, "out");
  }

  /** Removes what the compile wrote. */
  @TearDown(Level.Invocation)
  public void dropOutput() {
    Javac.delete(out);
  }

  /** Removes the sources. */
  @TearDown(Level.Trial)
  public void delete() {
    Javac.delete(root);
  }
}
