package dev.protekt.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.annotation.processing.SupportedAnnotationTypes;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;

/**
 * The cheapest processor that writes a file: one empty class, in its first round. javac answers
 * any new file with the same extra rounds, entering every source of the compile again in each, so
 * {@link ProcessorCost} compiles each workload's sources with this one to measure what those
 * rounds cost over that workload's sources, apart from what its real processor does. Not
 * registered as a service: it only runs where {@code -processor} names it.
 */
@SupportedAnnotationTypes("*")
public final class OneFileProcessor extends AbstractProcessor {
  private boolean written;

  /** Created by javac. */
  public OneFileProcessor() {}

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    if (!written) {
      written = true;
      try (Writer out = processingEnv.getFiler().createSourceFile("bench.OneFile").openWriter()) {
        out.write("package bench;\n\nfinal class OneFile {}\n");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    // Claims nothing: the annotations stay unclaimed, as they would for any other processor.
    return false;
  }
}
