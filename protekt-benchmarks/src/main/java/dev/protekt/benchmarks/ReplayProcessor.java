package dev.protekt.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.annotation.processing.SupportedAnnotationTypes;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;

/**
 * A processor that does no work but write the sources it is given, in its first round, through
 * the {@code Filer}, claiming nothing. {@link ProcessorCost} gives it one empty class, to measure
 * the extra rounds javac runs for any processor that writes a file (entering every source of the
 * compile again in each), and the very sources a workload's processor generated, so that javac
 * runs the same rounds over the same files as with that processor: what is left of that
 * processor's cost is its own work. Not registered as a service: {@link ProcessorCost} hands javac
 * an instance.
 */
@SupportedAnnotationTypes("*")
final class ReplayProcessor extends AbstractProcessor {
  /** Qualified type name to source text. */
  private final Map<String, String> sources;
  private boolean written;

  ReplayProcessor(Map<String, String> sources) {
    this.sources = sources;
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    if (!written) {
      written = true;
      sources.forEach((name, source) -> {
        try (Writer out = processingEnv.getFiler().createSourceFile(name).openWriter()) {
          out.write(source);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
    // Claims nothing: the annotations stay unclaimed, as they would for any other processor.
    return false;
  }
}
