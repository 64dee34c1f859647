package dev.protekt.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Types;

/**
 * Sums up what an interface declares that its guard, and every guard copying its checks, depends
 * on: its Protekt annotations, the super-interfaces it names, and each of its methods (its erased
 * signature and return type) with the Protekt annotations on it and on its parameters. A guard
 * that copied a super-interface's checks compares the digest of the super-interface's guard at run
 * time with the one it was generated against.
 *
 * <p>Only the interface's own declarations count, as written: not what it inherits (each guarded
 * super-interface is compared on its own), so that another version of the JDK or of a third
 * party's interface between the two builds changes nothing; and not the checks the processor
 * derives from them, so that another version of the processor changes nothing either. The
 * interface is read from source in its own build and from a class file in its sub-interfaces'
 * builds, so the digest uses only what both show alike: erased types without type annotations,
 * parameter positions rather than names (a class file compiled without {@code -parameters} has
 * none), annotation values as written, in any order.
 */
final class ChecksDigest {
  /** Written before each digest; a digest of another format is compared with nothing. */
  private static final String FORMAT = "v3";

  private final Types types;
  private final WrittenGuardTypes written;

  /** @param written reads a guard not written yet as the interface names it */
  ChecksDigest(Types types, WrittenGuardTypes written) {
    this.types = types;
    this.written = written;
  }

  String of(TypeElement type) {
    String pkg = ClassName.get(type).packageName();
    List<String> lines = new ArrayList<>();
    lines.add("interface" + annotations(type));
    for (TypeMirror superInterface : type.getInterfaces()) {
      lines.add("extends " + erased(superInterface, null, pkg));
    }
    for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
      if (!StructuralChecks.interceptable(method)) {
        continue;
      }
      // The return type too: another one is another method to the JVM, which the guard does not
      // override.
      StringBuilder line = new StringBuilder(
          erased(method.getReturnType(), () -> written.returnType(method, pkg), pkg))
          .append(' ').append(method.getSimpleName()).append('(');
      List<? extends VariableElement> parameters = method.getParameters();
      for (int i = 0; i < parameters.size(); i++) {
        VariableElement parameter = parameters.get(i);
        line.append(i == 0 ? "" : ",")
            .append(erased(parameter.asType(), () -> written.type(parameter, pkg), pkg))
            .append(annotations(parameter));
      }
      lines.add(line.append(')').append(annotations(method)).toString());
    }
    lines.sort(null);
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      byte[] sum = sha256.digest(String.join("\n", lines).getBytes(StandardCharsets.UTF_8));
      return FORMAT + ":" + HexFormat.of().formatHex(sum, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every Java platform has SHA-256", e);
    }
  }

  /**
   * @param asWritten {@code type} as the source writes it, for one {@link WrittenGuardTypes#toRead}
   * @param pkg the package of the interface
   */
  private String erased(TypeMirror type, Supplier<TypeName> asWritten, String pkg) {
    if (innermost(type).getKind() == TypeKind.ERROR) {
      // A guard of this round, not written yet: the interface may name its own. Named as the
      // class file will name it, or the guards of sub-interfaces built against that would find
      // the interface changed.
      if (WrittenGuardTypes.toRead(innermost(type))) {
        return WrittenGuardTypes.erasure(asWritten.get());
      }
      String name = type.toString();
      int dimensions = 0;
      for (; name.endsWith("[]"); dimensions++) {
        name = name.substring(0, name.length() - 2);
      }
      return (name.indexOf('.') < 0 && !pkg.isEmpty() ? pkg + "." + name : name)
          + "[]".repeat(dimensions);
    }
    TypeMirror erasure = types.erasure(type);
    if (erasure instanceof ArrayType array) {
      return erased(array.getComponentType(), null, pkg) + "[]";
    }
    if (erasure instanceof DeclaredType declared) {
      return ((TypeElement) declared.asElement()).getQualifiedName().toString();
    }
    return erasure.getKind().name();
  }

  private static TypeMirror innermost(TypeMirror type) {
    return type instanceof ArrayType array ? innermost(array.getComponentType()) : type;
  }

  /**
   * The Protekt annotations on {@code element}, each with the values written: a default is no
   * declaration of the interface's, and counting it would make an annotation member that a later
   * SDK adds, with its default, a change of every interface.
   */
  private String annotations(Element element) {
    Map<String, String> found = new TreeMap<>();
    for (AnnotationMirror mirror : element.getAnnotationMirrors()) {
      String name = ((TypeElement) mirror.getAnnotationType().asElement())
          .getQualifiedName().toString();
      if (!Annotations.GUARDING.contains(name) && !name.equals(Annotations.BEARER_TOKEN)) {
        continue;
      }
      Map<String, String> values = new TreeMap<>();
      for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e :
          mirror.getElementValues().entrySet()) {
        values.put(e.getKey().getSimpleName().toString(), value(e.getValue().getValue()));
      }
      found.put(Annotations.simpleName(name), values.toString());
    }
    return found.isEmpty() ? "" : " " + found;
  }

  /**
   * A value as both views show it: strings with their length, so that no value can fake another;
   * an array's elements in any order; an enum constant by name.
   */
  private static String value(Object value) {
    if (value instanceof List<?> list) {
      List<String> elements = new ArrayList<>();
      for (Object element : list) {
        elements.add(value(((AnnotationValue) element).getValue()));
      }
      elements.sort(null);
      return elements.toString();
    }
    if (value instanceof VariableElement constant) {
      return constant.getSimpleName().toString();
    }
    if (value instanceof String s) {
      return s.length() + ":" + s;
    }
    return String.valueOf(value);
  }
}
