package dev.protekt.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * A diamond lattice of guarded interfaces ({@code L1a extends L0a, L0b}, {@code L1b extends L0a,
 * L0b}, …) has two to the power of its depth paths from the top to the bottom: validation must
 * read it per type, not per path. Asking javac whether one interface extends another, or for a
 * method as a member of the top, walked every path, and 22 levels took minutes.
 */
class DiamondLatticeTest {
  private static final int DEPTH = 22;

  @Test
  void validationReadsEachInterfaceOnceWhateverTheNumberOfPaths() {
    // No token source: each method is validated through its requirements to the token (the
    // bottom's unguarded, so that each guarded interface reports their methods itself), and no
    // guard is written, whose own compilation is javac's to pay (it resolves each name of a
    // class by every path to the lattice's bottom too).
    List<JavaFileObject> lattice = new ArrayList<>();
    for (int level = 0; level < DEPTH; level++) {
      for (String side : List.of("a", "b")) {
        String name = "L" + level + side;
        String supers = level == 0 ? "" : " extends L" + (level - 1) + "a, L" + (level - 1) + "b";
        lattice.add(JavaFileObjects.forSourceString("lattice." + name, "package lattice;\n"
            + "import dev.protekt.annotations.*;\n"
            + (level == 0 ? "" : "@RequiresAuth ") + "public interface " + name + supers
            + " { String " + name.toLowerCase()
            + "(); }"));
      }
    }
    GuardProcessor processor = new GuardProcessor();
    // A bound for a hang only: the lattice takes seconds, where it took minutes.
    Compilation compilation = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> javac()
        .withProcessors(processor).withOptions("-Xmaxerrs", "100000").compile(lattice));

    assertThat(compilation).failed();
    for (Diagnostic<? extends JavaFileObject> error : compilation.errors()) {
      assertThat(error.getMessage(Locale.ROOT)).startsWith("[ProtektNoTokenSource]");
    }
    // Validated to the end: the top's guard would have had the bottom's method.
    assertThat(compilation).hadErrorContaining("a call to L0b.l0b()")
        .inFile(lattice.get(lattice.size() - 1));
    assertThat(processor.typesReadInARound()).isAtMost(2 * DEPTH);
  }
}
