package dev.protekt.processor;

import com.google.auto.service.AutoService;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.TypeSpec;
import com.sun.source.util.Trees;
import dev.protekt.processor.GuardModel.Guard;
import dev.protekt.processor.GuardModel.GuardedMethod;
import dev.protekt.processor.UnresolvedTypes.MissingType;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.FilerException;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Types;
import javax.tools.JavaFileObject;

/**
 * Generates a guard for every interface that carries a Protekt annotation, after checking the
 * interface against the rules in {@code dev.protekt.annotations}. Each interface is validated,
 * described, then generated; an interface with errors gets none of its errors hidden and no guard,
 * and the others are still processed.
 */
@AutoService(Processor.class)
public final class GuardProcessor extends AbstractProcessor {
  private static final String GENERATED = "javax.annotation.processing.Generated";

  /** Interfaces waiting for a type that another processor may still generate. */
  private final Set<String> deferred = new TreeSet<>();
  private final UnreadBearerTokens unreadBearerTokens = new UnreadBearerTokens();
  /**
   * Every top-level type of the compilation's sources so far, guards included: a guard must not
   * take one's name. Asking the Filer instead would make javac warn "Attempt to create a file
   * multiple times" beside our error; and a type of that name compiled earlier (a stale guard on
   * the class path) is no clash.
   */
  private final Set<String> topLevelTypes = new HashSet<>();
  /** By guard, the interface of this compilation it was written for. */
  private final Map<String, String> guarded = new HashMap<>();
  /** The interfaces of this compilation that had errors, so got no guard. */
  private final Set<String> refused = new HashSet<>();
  /** Whether any round reported an error. */
  private boolean failed;
  /** The most types whose super-interfaces one round read: see {@link #typesReadInARound}. */
  private int typesReadInARound;

  /** javac's source trees, or null where the environment is not javac's own. */
  private Trees trees;
  /** Reads from {@link #trees} what javac does not say of a guard not written yet. */
  private WrittenGuardTypes written;

  /** Creates the processor; {@code javac} finds it through {@code META-INF/services}. */
  public GuardProcessor() {}

  @Override
  public synchronized void init(ProcessingEnvironment processingEnv) {
    super.init(processingEnv);
    try {
      trees = Trees.instance(processingEnv);
    } catch (IllegalArgumentException notJavac) {
      // Gradle wraps javac's environment, and other compilers have none: the one check that
      // reads source files is skipped there.
      trees = null;
    }
    written = new WrittenGuardTypes(trees);
  }

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    Set<String> names = new TreeSet<>(Annotations.GUARDING);
    names.add(Annotations.BEARER_TOKEN);
    names.add(GENERATED);
    names.addAll(ExposedImplementations.ENDPOINTS);
    return names;
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  /**
   * Claims the Protekt annotations, which no other processor reads, and {@code @Generated}, which
   * the guards carry and which is only a marker: unclaimed, both would make {@code javac
   * -Xlint:all} warn, and {@code -Werror} builds fail. A round that holds an endpoint annotation
   * as well (supported only so that javac runs the endpoint check) is claimed by none of them:
   * claiming a framework's annotation would hide it from the processors after this one.
   */
  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    ErrorReporter reporter = new ErrorReporter(processingEnv.getMessager());
    for (Element root : round.getRootElements()) {
      if (root instanceof TypeElement) {
        topLevelTypes.add(((TypeElement) root).getQualifiedName().toString());
      }
    }
    new ExposedImplementations(processingEnv.getTypeUtils(), reporter)
        .check(round.getRootElements());
    Set<TypeElement> interfaces =
        new TreeSet<>(Comparator.comparing(t -> t.getQualifiedName().toString()));
    // One scan of the round's elements for all the annotations present, and none for those
    // absent: each getElementsAnnotatedWith walks every member of every root element.
    Set<TypeElement> guarding = new LinkedHashSet<>();
    TypeElement bearerToken = null;
    for (TypeElement annotation : annotations) {
      String name = annotation.getQualifiedName().toString();
      if (Annotations.GUARDING.contains(name)) {
        guarding.add(annotation);
      } else if (name.equals(Annotations.BEARER_TOKEN)) {
        bearerToken = annotation;
      }
    }
    Set<? extends Element> annotated = guarding.isEmpty()
        ? Set.of()
        : round.getElementsAnnotatedWithAny(guarding.toArray(new TypeElement[0]));
    List<Element> misplaced = new ArrayList<>();
    for (Element element : annotated) {
      TypeElement type = enclosingType(element);
      if (type.getKind() == ElementKind.INTERFACE) {
        interfaces.add(type);
      } else {
        misplaced.add(element);
      }
    }
    for (TypeElement annotation : guarding) {
      for (Element element : misplaced) {
        if (Annotations.find(element, annotation.getQualifiedName().toString()) != null) {
          reportNotAnInterface(reporter, element, annotation);
        }
      }
    }
    for (String name : deferred) {
      TypeElement type = processingEnv.getElementUtils().getTypeElement(name);
      if (type != null) {
        interfaces.add(type);
      }
    }
    deferred.clear();
    if (bearerToken != null) {
      unreadBearerTokens.found(round.getElementsAnnotatedWith(bearerToken), reporter);
    }
    InheritedGuards inherited = new InheritedGuards(processingEnv.getElementUtils(),
        processingEnv.getTypeUtils(), this::inSources,
        type -> refused.contains(type.getQualifiedName().toString()), written);
    GuardValidator validator = new GuardValidator(processingEnv.getElementUtils(),
        processingEnv.getTypeUtils(), trees, reporter, inherited, written);
    GuardGenerator generator =
        new GuardGenerator(generatedAnnotation(), GuardProcessor.class.getCanonicalName());
    // An interface may name its own guard, or another's: those are missing until written here.
    Set<String> guards = new TreeSet<>();
    for (TypeElement type : interfaces) {
      guards.add(Names.guardName(type).canonicalName());
    }
    // Every interface is validated before any guard is built: a guard compares the checks of its
    // super-interfaces of this compilation only if they get guards themselves.
    Map<TypeElement, List<GuardedMethod>> valid = new LinkedHashMap<>();
    for (TypeElement type : interfaces) {
      if (unresolved(type, guards, round.processingOver(), reporter)) {
        continue;
      }
      List<GuardedMethod> methods = null;
      try {
        methods = validator.methods(type);
      } catch (RuntimeException e) {
        reporter.error(type, Message.UNEXPECTED, type.getQualifiedName(), e);
      }
      if (methods == null) {
        refused.add(type.getQualifiedName().toString());
      } else {
        valid.put(type, methods);
      }
    }
    valid.forEach((type, methods) -> {
      try {
        Guard guard = validator.guard(type, methods);
        unreadBearerTokens.guarded(guard);
        write(guard, generator.generate(guard), reporter);
      } catch (IOException | RuntimeException e) {
        reporter.error(type, Message.UNEXPECTED, type.getQualifiedName(), e);
      }
    });
    typesReadInARound = Math.max(typesReadInARound, validator.typesRead());
    failed |= reporter.errorCount() > 0;
    if (round.processingOver() && !failed) {
      // After an error some guards were never built, and what they would read is unknown.
      unreadBearerTokens.reportUnread(processingEnv.getElementUtils(), reporter);
    }
    return annotations.stream().map(a -> a.getQualifiedName().toString())
        .allMatch(name -> Annotations.GUARDING.contains(name)
            || name.equals(Annotations.BEARER_TOKEN) || name.equals(GENERATED));
  }

  /**
   * The most types whose super-interfaces one round read, for tests: at most the types of the
   * round's hierarchies, however many paths lead to each (see {@link Hierarchy}).
   */
  int typesReadInARound() {
    return typesReadInARound;
  }

  /**
   * Whether {@code type} uses a type or an annotation value that does not exist yet: deferred to
   * the next round, since another processor may generate it there (a guard written now would leave
   * out the methods of a super-interface, or check the role "<error>"), or reported once
   * processing is over.
   */
  private boolean unresolved(
      TypeElement type, Set<String> guards, boolean over, ErrorReporter reporter) {
    Optional<MissingType> missingType = UnresolvedTypes.firstIn(type, guards, written);
    if (missingType.isEmpty() && !UnresolvedTypes.hasUnresolvedValue(type)) {
      return false;
    }
    if (!over) {
      deferred.add(type.getQualifiedName().toString());
    } else if (missingType.isPresent()) {
      if (inSources(missingType.get().in())) {
        // javac reports the missing type itself, where the source names it; ours would repeat it.
        // One that only a class file uses is ours to report: javac may never read that far.
        failed = true;
      } else {
        reporter.error(type, Message.UNRESOLVED_TYPE, type.getQualifiedName(),
            missingType.get().type());
      }
    } else {
      // Only a source can name a constant (a class file holds its value), and javac reports one
      // that never came to exist where the source names it.
      failed = true;
    }
    return true;
  }

  /** Whether {@code type} is declared in a source file of this compilation. */
  private boolean inSources(TypeElement type) {
    Element outermost = type;
    while (outermost.getEnclosingElement() instanceof TypeElement enclosing) {
      outermost = enclosing;
    }
    return topLevelTypes.contains(((TypeElement) outermost).getQualifiedName().toString());
  }

  /**
   * Renders the file in memory, then writes it in one piece: JavaPoet's many small appends straight
   * into javac's file writer took a third longer (JFR over 500 guards: 8.4% of the compile against
   * 6.4%). A file that fails to render is never created; one that fails to write is deleted.
   */
  private void write(Guard guard, JavaFile file, ErrorReporter reporter) throws IOException {
    String source = asciiOnly(file.toString());
    TypeSpec type = file.typeSpec();
    String name = guard.guardName().canonicalName();
    // A source file of that name, or the guard of another interface (Outer.Inner and Outer_Inner
    // both give Outer_InnerGuard); the Filer still refuses names only it knows of.
    boolean sourceOrGuard = !topLevelTypes.add(name);
    JavaFileObject out = sourceOrGuard ? null : create(name, type);
    if (out == null) {
      String other = guarded.get(name);
      // The guard of Outer.Inner and that of Outer_Inner are both Outer_InnerGuard.
      String holder = other != null ? "the guard of " + other
          : sourceOrGuard ? "the type " + name + " of this compilation"
          : "a file another processor wrote";
      String rename = other != null ? other
          : sourceOrGuard ? "that type"
          : "the type that processor writes";
      reporter.error(guard.element(), Message.GUARD_NAME_TAKEN, guard.element().getQualifiedName(),
          name, holder, rename);
      return;
    }
    guarded.put(name, guard.element().getQualifiedName().toString());
    try (Writer writer = out.openWriter()) {
      writer.write(source);
    } catch (IOException | RuntimeException e) {
      // A half-written guard must not be compiled; the error is reported on the interface.
      try {
        out.delete();
      } catch (RuntimeException deleting) {
        e.addSuppressed(deleting);
      }
      throw e;
    }
  }

  /**
   * {@code source} with every character outside ASCII written as a Unicode escape. The Filer
   * writes in javac's source encoding, which on JDK 17 is the platform's (US-ASCII in a container
   * with the C locale): a role "管理者" would be written "???", and the guard would then admit
   * whoever holds the role "???". A lone surrogate would be written "?" in any encoding. Escapes
   * survive every encoding, in string literals and identifiers alike, and javac reads them back as
   * the characters they stand for. A backslash before a non-ASCII character is always one of
   * JavaPoet's doubled ones, so each escape written here starts a new one.
   */
  static String asciiOnly(String source) {
    StringBuilder out = null;
    for (int i = 0; i < source.length(); i++) {
      char c = source.charAt(i);
      if (c < 0x80) {
        if (out != null) {
          out.append(c);
        }
        continue;
      }
      if (out == null) {
        out = new StringBuilder(source.length() + 64).append(source, 0, i);
      }
      out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
    }
    return out == null ? source : out.toString();
  }

  /** The new source file {@code name}, or null when the Filer refuses the name. */
  private JavaFileObject create(String name, TypeSpec type) throws IOException {
    try {
      return processingEnv.getFiler()
          .createSourceFile(name, type.originatingElements().toArray(new Element[0]));
    } catch (FilerException e) {
      return null;
    }
  }

  /** {@code element} if a type, else the type that declares it (a method's). */
  private static TypeElement enclosingType(Element element) {
    return element instanceof TypeElement
        ? (TypeElement) element
        : (TypeElement) element.getEnclosingElement();
  }

  private void reportNotAnInterface(
      ErrorReporter reporter, Element element, TypeElement annotation) {
    TypeElement type = enclosingType(element);
    AnnotationMirror mirror = Annotations.find(element, annotation.getQualifiedName().toString());
    String kind = type.getKind().toString().toLowerCase(Locale.ROOT).replace('_', ' ');
    String where = element == type ? kind : "a method of " + kind;
    if (type.getKind() == ElementKind.ANNOTATION_TYPE) {
      // Not "let it implement the interface": an annotation type cannot.
      reporter.error(element, mirror, Message.ANNOTATION_TYPE, annotation.getSimpleName(), where,
          type.getSimpleName(), annotation.getSimpleName(), type.getSimpleName());
      return;
    }
    ExecutableElement implemented = element instanceof ExecutableElement method
        ? implementedInterfaceMethod(method, type)
        : null;
    if (implemented != null) {
      // Not "let it implement an interface": it does, and the interface's method is the place.
      reporter.error(element, mirror, Message.IMPLEMENTATION_METHOD, annotation.getSimpleName(),
          Names.element(element), Names.describe(implemented), annotation.getSimpleName(),
          Names.describe(implemented));
      return;
    }
    reporter.error(element, mirror, Message.NOT_AN_INTERFACE, annotation.getSimpleName(), where,
        type.getSimpleName(), type.getSimpleName());
  }

  /**
   * The first interface method {@code method} implements, nearest interfaces of {@code type} (and
   * of its superclasses) first, or null when it implements none.
   */
  private ExecutableElement implementedInterfaceMethod(ExecutableElement method, TypeElement type) {
    Types types = processingEnv.getTypeUtils();
    Set<Element> seen = new HashSet<>();
    Deque<TypeMirror> pending = new ArrayDeque<>(types.directSupertypes(type.asType()));
    while (!pending.isEmpty()) {
      Element supertype = types.asElement(pending.remove());
      if (!(supertype instanceof TypeElement t) || !seen.add(t)) {
        continue;
      }
      if (t.getKind() == ElementKind.INTERFACE) {
        for (ExecutableElement candidate : ElementFilter.methodsIn(t.getEnclosedElements())) {
          if (processingEnv.getElementUtils().overrides(method, candidate, type)) {
            return candidate;
          }
        }
      }
      pending.addAll(types.directSupertypes(t.asType()));
    }
    return null;
  }

  /** {@code @Generated}, where the source version and the platform have it. */
  private ClassName generatedAnnotation() {
    boolean java9 = processingEnv.getSourceVersion().compareTo(SourceVersion.RELEASE_8) > 0;
    return java9 && processingEnv.getElementUtils().getTypeElement(GENERATED) != null
        ? ClassName.get("javax.annotation.processing", "Generated")
        : null;
  }
}
