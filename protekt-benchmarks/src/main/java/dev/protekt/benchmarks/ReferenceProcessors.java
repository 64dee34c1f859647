package dev.protekt.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
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

  /**
   * Claims {@code @RequiresAuth} and visits every annotated element, as any processor of it must;
   * what a subclass does per element is all that tells the two apart.
   */
  abstract static class ClaimingRequiresAuth extends AbstractProcessor {
    // Not @SupportedAnnotationTypes: that annotation is not @Inherited, so subclasses would lose it.
    @Override
    public Set<String> getSupportedAnnotationTypes() {
      return Set.of("dev.protekt.annotations.RequiresAuth");
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
      return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
      for (TypeElement annotation : annotations) {
        for (Element annotated : round.getElementsAnnotatedWith(annotation)) {
          visit((TypeElement) annotated);
        }
      }
      return false;
    }

    abstract void visit(TypeElement type);
  }

  /** Claims {@code @RequiresAuth}, asks for the annotated elements, and writes nothing. */
  public static final class Silent extends ClaimingRequiresAuth {
    @Override
    void visit(TypeElement type) {}
  }

  /**
   * Writes one empty class per {@code @RequiresAuth} interface, named as the Protekt guard would
   * be: the least any processor that generates a file per interface can cost.
   */
  public static final class EmptyClassPerInterface extends ClaimingRequiresAuth {
    @Override
    void visit(TypeElement type) {
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
