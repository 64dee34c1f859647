package dev.protekt.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.annotation.processing.SupportedAnnotationTypes;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;

/**
 * Two processors that do as little as a processor can, so that {@link JavacBenchmark} can show
 * what javac charges any processor before the Protekt one does any work of its own. Neither is
 * registered as a service: the benchmark names them with {@code -processor}.
 */
final class ReferenceProcessors {
  private ReferenceProcessors() {}

  /** Claims {@code @RequiresAuth}, asks for the annotated elements, and writes nothing. */
  @SupportedAnnotationTypes(Silent.REQUIRES_AUTH)
  public static final class Silent extends AbstractProcessor {
    static final String REQUIRES_AUTH = "dev.protekt.annotations.RequiresAuth";

    @Override
    public SourceVersion getSupportedSourceVersion() {
      return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
      for (TypeElement annotation : annotations) {
        round.getElementsAnnotatedWith(annotation);
      }
      return false;
    }
  }

  /**
   * Writes one empty class per {@code @RequiresAuth} interface, named as the Protekt guard would
   * be: the least any processor that generates a file per interface can cost.
   */
  @SupportedAnnotationTypes(Silent.REQUIRES_AUTH)
  public static final class EmptyClassPerInterface extends AbstractProcessor {
    @Override
    public SourceVersion getSupportedSourceVersion() {
      return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
      for (TypeElement annotation : annotations) {
        for (Element annotated : round.getElementsAnnotatedWith(annotation)) {
          write((TypeElement) annotated);
        }
      }
      return false;
    }

    private void write(TypeElement type) {
      String pkg = processingEnv.getElementUtils().getPackageOf(type).getQualifiedName().toString();
      String name = type.getSimpleName() + "Guard";
      try (Writer out =
          processingEnv.getFiler().createSourceFile(pkg + "." + name, type).openWriter()) {
        out.write("package " + pkg + ";\n\nfinal class " + name + " {}\n");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
