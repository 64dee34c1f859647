package dev.protekt.processor;

import com.palantir.javapoet.ClassName;
import dev.protekt.annotations.Match;
import dev.protekt.processor.GuardModel.Requirement;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/** How the processor names things: the guard of an interface, and methods and rules in messages. */
final class Names {
  /**
   * The first name of every package whose types a guard's code calls: a variable so named in the
   * guard's scope would obscure them.
   */
  static final Set<String> PACKAGE_ROOTS = Set.of("dev", "java");

  /**
   * The name of every guard's digest of what its interface declares: fixed, since guards generated
   * in other builds read it. A field rather than a method, which an interface method of the same
   * name would clash with; an interface constant of that name is only hidden by it.
   */
  static final String CHECKS_DIGEST = "CHECKS_DIGEST";

  /**
   * The guard's own fields and its constructor's parameters, all in scope where the constructor
   * names the guards of the super-interfaces (its policy constants avoid their packages' names).
   */
  static final List<String> GUARD_VARIABLES = List.of(CHECKS_DIGEST, "delegate", "protekt");

  private Names() {}

  /** {@code base}, or {@code base_2}, {@code base_3}… when taken; records the name as taken. */
  static String uniqueName(String base, Set<String> taken) {
    String name = base;
    for (int i = 2; !taken.add(name); i++) {
      name = base + "_" + i;
    }
    return name;
  }

  /** {@code Outer_InnerGuard}, in the package of {@code Outer.Inner}. */
  static ClassName guardName(TypeElement type) {
    StringBuilder name = new StringBuilder(type.getSimpleName());
    Element e = type.getEnclosingElement();
    for (; e instanceof TypeElement; e = e.getEnclosingElement()) {
      name.insert(0, ((TypeElement) e).getSimpleName() + "_");
    }
    return ClassName.get(((PackageElement) e).getQualifiedName().toString(), name + "Guard");
  }

  /** Whether the guard of {@code type} is public: the interface and its enclosing types are. */
  static boolean guardIsPublic(TypeElement type) {
    for (Element e = type; e instanceof TypeElement; e = e.getEnclosingElement()) {
      if (!e.getModifiers().contains(Modifier.PUBLIC)) {
        return false;
      }
    }
    return true;
  }

  /** A method as {@link #describe(ExecutableElement)} does, a type by its qualified name. */
  static String element(Element element) {
    return element instanceof ExecutableElement method
        ? describe(method)
        : ((TypeElement) element).getQualifiedName().toString();
  }

  /** {@code Type.method(ParamType, …)}, for messages. */
  static String describe(ExecutableElement method) {
    return describe(method.getEnclosingElement(), method);
  }

  /** {@code Owner.method(ParamType, …)}: the method as a member of {@code owner}. */
  static String describe(Element owner, ExecutableElement method) {
    return owner.getSimpleName() + "." + signature(method);
  }

  /** {@code method(ParamType, …)}, the parameter types as declared. */
  static String signature(ExecutableElement method) {
    StringBuilder s = new StringBuilder();
    s.append(method.getSimpleName()).append('(');
    List<? extends VariableElement> parameters = method.getParameters();
    for (int i = 0; i < parameters.size(); i++) {
      TypeMirror t = parameters.get(i).asType();
      String type = t.getKind().isPrimitive() || t.getKind() == TypeKind.ARRAY
          ? t.toString()
          : simple(t);
      s.append(i == 0 ? "" : ", ").append(type);
    }
    return s.append(')').toString();
  }

  private static String simple(TypeMirror type) {
    String s = type.toString();
    int generic = s.indexOf('<');
    String raw = generic < 0 ? s : s.substring(0, generic);
    return raw.substring(raw.lastIndexOf('.') + 1) + (generic < 0 ? "" : s.substring(generic));
  }

  /**
   * The requirement as a user writes it, for messages: {@code @RequiresRole("admin")}, {@code
   * @RequiresRole(value = {"a", "b"}, match = Match.ALL)}.
   */
  static String annotation(String annotationSimpleName, Requirement requirement) {
    StringBuilder values = new StringBuilder();
    for (String value : requirement.values()) {
      values.append(values.length() == 0 ? "" : ", ").append('"').append(value).append('"');
    }
    String list = requirement.values().size() == 1 ? values.toString() : "{" + values + "}";
    return "@" + annotationSimpleName + "(" + (requirement.match() == Match.ALL
        ? "value = " + list + ", match = Match.ALL"
        : list) + ")";
  }
}
