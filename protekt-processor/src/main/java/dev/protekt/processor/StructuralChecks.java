package dev.protekt.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.Name;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.TypeParameterElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.ExecutableType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.TypeVariable;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;
import javax.tools.JavaFileObject;

/**
 * The first stage: whether a guard can be written for an interface at all, as Java sees it,
 * before any Protekt rule is read. A guard must be able to implement the interface, intercept each
 * annotated method, and override each method it inherits with one signature.
 */
final class StructuralChecks {
  /** Signatures of the public {@code Object} methods, which guards leave to {@code Object}. */
  private static final Set<String> OBJECT_METHODS =
      Set.of("equals(java.lang.Object)", "hashCode()", "toString()");

  private final Elements elements;
  private final Types types;
  private final Trees trees;
  private final ErrorReporter reporter;
  private final WrittenGuardTypes written;
  private final Hierarchy supertypes;

  /**
   * @param trees javac's source trees, or null where the processor runs without them (another
   *     compiler, or Gradle's wrapper of the processing environment)
   */
  StructuralChecks(Elements elements, Types types, Trees trees, ErrorReporter reporter,
      WrittenGuardTypes written, Hierarchy supertypes) {
    this.elements = elements;
    this.types = types;
    this.supertypes = supertypes;
    this.trees = trees;
    this.reporter = reporter;
    this.written = written;
  }

  /**
   * Whether a guard can implement {@code type}, reporting why not; also reports what the guard
   * could implement but not honour: annotations on methods it cannot intercept, and a name that
   * would obscure a package the guard's code names.
   */
  boolean check(TypeElement type) {
    if (!implementable(type)) {
      return false;
    }
    reportUninterceptableMethods(type);
    reportNamesHidingPackages(type);
    warnIfAuxiliary(type);
    return true;
  }

  /**
   * Warns about a top-level interface declared in the file of another type: the guard, in a file
   * of its own, must name it, and {@code javac -Xlint:all} warns about that in the guard, where
   * the user can do nothing about it.
   */
  private void warnIfAuxiliary(TypeElement type) {
    if (trees == null || type.getNestingKind() != NestingKind.TOP_LEVEL) {
      return;
    }
    TreePath path = trees.getPath(type);
    if (path == null) {
      return;
    }
    JavaFileObject file = path.getCompilationUnit().getSourceFile();
    String simpleName = type.getSimpleName().toString();
    if (!file.isNameCompatible(simpleName, JavaFileObject.Kind.SOURCE)) {
      String name = file.getName();
      String fileName = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
      reporter.warning(type, null, Message.AUXILIARY_INTERFACE, simpleName, fileName, simpleName,
          simpleName);
    }
  }

  /**
   * Reports each constant, member type and type variable in the guard's scope named like the first
   * name of a package the guard's code names. The guard refers to a type its scope hides by its
   * qualified name, {@code dev.protekt.CurrentUser}, and past a constant, type or type variable
   * named {@code dev} no name reaches that package. The guard renames its methods' parameters and
   * type variables instead, whose names are its own.
   */
  private void reportNamesHidingPackages(TypeElement type) {
    // The guard names the interface by its simple name, JavaPoet's way in the same package, and
    // an inherited member type so named would be what it implements and delegates to.
    String written = ClassName.get(type).topLevelClassName().simpleName();
    for (Element member : elements.getAllMembers(type)) {
      String name = member.getSimpleName().toString();
      if (member instanceof TypeElement && name.equals(written)) {
        reporter.error(type, Message.NAME_HIDES_INTERFACE, type.getSimpleName(), "member type",
            member.getEnclosingElement().getSimpleName() + "." + name, written, "member type");
      }
      if (member.getKind().isField() || member instanceof TypeElement) {
        reportIfHiding(type, ownOr(type, member),
            member.getKind().isField() ? "constant" : "member type",
            member.getEnclosingElement().getSimpleName() + "." + name, name);
      }
    }
    for (TypeParameterElement variable : type.getTypeParameters()) {
      reportIfHiding(type, variable, "type variable", variable.getSimpleName().toString(),
          variable.getSimpleName().toString());
    }
    // A type of the guard's package is in scope there too. Looked up by name: listing the
    // package's types would make javac read every source of the package on the source path.
    PackageElement pkg = elements.getPackageOf(type);
    for (String root : Names.PACKAGE_ROOTS) {
      String name = pkg.isUnnamed() ? root : pkg.getQualifiedName() + "." + root;
      if (elements.getTypeElement(elements.getModuleOf(pkg), name) != null) {
        reportIfHiding(type, type, "type", name + " beside it", root);
      }
    }
    reportQualifiedNamesOutOfReach(type, pkg, written);
  }

  /**
   * Two names together that leave the guard no name for the interface: where a type variable
   * hides the interface's own name, the guard writes it qualified, which the unnamed package has
   * no way to do, and which a type variable, member type or type of the package named like the
   * package's first name puts out of reach. The other types the guard names are {@link
   * Signatures#namesOutOfReach}'s.
   */
  private void reportQualifiedNamesOutOfReach(TypeElement type, PackageElement pkg,
      String written) {
    TypeParameterElement hiding = null;
    for (TypeParameterElement variable : type.getTypeParameters()) {
      if (variable.getSimpleName().contentEquals(written)) {
        hiding = variable;
      }
    }
    if (hiding == null) {
      return;
    }
    if (pkg.isUnnamed()) {
      reporter.error(hiding, Message.NAME_HIDES_INTERFACE, type.getSimpleName(),
          "type variable", written, written, "type variable");
      return;
    }
    String root = pkg.getQualifiedName().toString().split("\\.", 2)[0];
    for (TypeParameterElement variable : type.getTypeParameters()) {
      if (variable.getSimpleName().contentEquals(root)) {
        reporter.error(variable, Message.NAME_HIDES_PACKAGE, type.getSimpleName(),
            "type variable", root, root, "type variable", root);
        return;
      }
    }
    for (Element member : elements.getAllMembers(type)) {
      if (member instanceof TypeElement && member.getSimpleName().contentEquals(root)) {
        reporter.error(ownOr(type, member), Message.NAME_HIDES_PACKAGE, type.getSimpleName(),
            "member type", root, root, "member type", root);
        return;
      }
    }
    String beside = pkg.getQualifiedName() + "." + root;
    if (elements.getTypeElement(elements.getModuleOf(pkg), beside) != null) {
      reporter.error(type, Message.NAME_HIDES_PACKAGE, type.getSimpleName(), "type",
          beside + " beside it", root, "type", root);
    }
  }

  /**
   * Reports on {@code reportOn} that {@code type}'s {@code kind} {@code described}, named {@code
   * name}, hides a package the guard names, if it does.
   */
  private void reportIfHiding(TypeElement type, Element reportOn, String kind, String described,
      String name) {
    if (Names.PACKAGE_ROOTS.contains(name)) {
      reporter.error(reportOn, Message.NAME_HIDES_PACKAGE, type.getSimpleName(), kind, described,
          name, kind, name);
    }
  }

  /**
   * {@code member} when it is declared in {@code type} itself, whose source the user edits; else
   * {@code type}, since an inherited one may be in a class file.
   */
  private static Element ownOr(TypeElement type, Element member) {
    return type.equals(member.getEnclosingElement()) ? member : type;
  }

  private boolean implementable(TypeElement type) {
    for (Element e = type; e instanceof TypeElement; e = e.getEnclosingElement()) {
      TypeElement t = (TypeElement) e;
      if (t.getModifiers().contains(Modifier.PRIVATE) || t.getNestingKind() == NestingKind.LOCAL) {
        reporter.error(type, Message.PRIVATE_INTERFACE, t.getQualifiedName());
        return false;
      }
    }
    if (type.getModifiers().contains(Modifier.SEALED)) {
      reporter.error(type, Message.SEALED_INTERFACE, type.getQualifiedName());
      return false;
    }
    return true;
  }

  private void reportUninterceptableMethods(TypeElement type) {
    for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
      if (!interceptable(method)) {
        for (AnnotationMirror mirror : Annotations.guarding(method)) {
          reporter.error(method, mirror, whyUninterceptable(method), simpleName(mirror),
              Names.describe(method));
        }
      }
    }
  }

  static boolean interceptable(ExecutableElement method) {
    Set<Modifier> modifiers = method.getModifiers();
    return !modifiers.contains(Modifier.STATIC) && !modifiers.contains(Modifier.PRIVATE);
  }

  /** {@code RequiresRole} for a mirror of {@code @RequiresRole}. */
  private static Name simpleName(AnnotationMirror mirror) {
    return mirror.getAnnotationType().asElement().getSimpleName();
  }

  /** Why a guard cannot intercept {@code method}: it is static, or private. */
  static Message whyUninterceptable(ExecutableElement method) {
    return method.getModifiers().contains(Modifier.STATIC)
        ? Message.STATIC_METHOD
        : Message.PRIVATE_METHOD;
  }

  /**
   * Every instance method of {@code type}, declared or inherited, keyed by erased signature, each
   * with all its declarations: {@code type}'s own first, then the super-interfaces' depth first in
   * declaration order. The order of the keys is the order of the guard's methods.
   */
  Map<String, List<ExecutableElement>> methods(TypeElement type) {
    DeclaredType declared = (DeclaredType) type.asType();
    Map<String, List<ExecutableElement>> result = new LinkedHashMap<>();
    collect(type, declared, result, new HashSet<>());
    return result;
  }

  private void collect(
      TypeElement current,
      DeclaredType root,
      Map<String, List<ExecutableElement>> result,
      Set<TypeElement> visited) {
    if (!visited.add(current)) {
      return;
    }
    for (ExecutableElement method : ElementFilter.methodsIn(current.getEnclosedElements())) {
      if (!interceptable(method)) {
        continue;
      }
      String key = signature(root, method);
      if (OBJECT_METHODS.contains(key)) {
        reportRequirementsOnObjectMethod(method);
      } else {
        result.computeIfAbsent(key, k -> new ArrayList<>()).add(method);
      }
    }
    for (TypeMirror superInterface : current.getInterfaces()) {
      collect((TypeElement) types.asElement(superInterface), root, result, visited);
    }
  }

  private String signature(DeclaredType root, ExecutableElement method) {
    ExecutableType resolved = supertypes.asMemberOf(root, method);
    StringBuilder s = new StringBuilder(method.getSimpleName()).append('(');
    List<? extends TypeMirror> parameters = resolved.getParameterTypes();
    for (int i = 0; i < parameters.size(); i++) {
      TypeMirror parameter = parameters.get(i);
      // Through JavaPoet, which leaves out type-use annotations: m(@Nullable String) is m(String).
      // A guard not written yet is read from the source of the guarded interface's own method.
      s.append(i == 0 ? "" : ",").append(WrittenGuardTypes.containsToRead(parameter)
          ? WrittenGuardTypes.erasure(written.type(method.getParameters().get(i),
              ClassName.get((TypeElement) root.asElement()).packageName()))
          : TypeName.get(types.erasure(parameter)));
    }
    return s.append(')').toString();
  }

  /** Guards leave {@code equals}, {@code hashCode} and {@code toString} to {@code Object}. */
  private void reportRequirementsOnObjectMethod(ExecutableElement method) {
    for (AnnotationMirror mirror : Annotations.guarding(method)) {
      reporter.error(
          method, mirror, Message.OBJECT_METHOD, simpleName(mirror), Names.describe(method));
    }
  }

  /**
   * The declaration of a method the guard reads: of {@code declarations}, the first whose
   * interface no other's extends.
   */
  ExecutableElement primary(List<ExecutableElement> declarations) {
    return mostSpecific(declarations).get(0);
  }

  /**
   * Whether {@code declarations} are one method to the guard of {@code root}; reports on {@code
   * reportOn} why not.
   */
  boolean oneMethod(TypeElement root, List<ExecutableElement> declarations, Element reportOn) {
    return !twoMethodsMeet(root, declarations, hierarchy(root), reportOn)
        && !inheritedWithDifferentSignatures(
            root, (DeclaredType) root.asType(), declarations, reportOn);
  }

  /** {@code root} and every interface it extends. */
  private Set<TypeElement> hierarchy(TypeElement root) {
    Set<TypeElement> all = new LinkedHashSet<>();
    Deque<TypeElement> pending = new ArrayDeque<>(List.of(root));
    while (!pending.isEmpty()) {
      TypeElement type = pending.pop();
      if (all.add(type)) {
        for (TypeMirror superInterface : type.getInterfaces()) {
          pending.push((TypeElement) types.asElement(superInterface));
        }
      }
    }
    return all;
  }

  /**
   * Whether two declarations that are one method in {@code root} are two methods in an interface
   * that has both ({@code m(T)} and {@code m(String)} of {@code A<T>}, seen from {@code R extends
   * A<String>}), and if so reports it: each has requirements of its own there, which no single
   * guard method could keep apart.
   */
  private boolean twoMethodsMeet(
      TypeElement root, List<ExecutableElement> all, Set<TypeElement> hierarchy,
      Element reportOn) {
    for (TypeElement type : hierarchy) {
      List<ExecutableElement> members = new ArrayList<>();
      for (ExecutableElement declaration : all) {
        if (supertypes.isOrExtends(type, declaration.getEnclosingElement())) {
          members.add(declaration);
        }
      }
      // Comparing each with the first is enough: equal signatures are equal to each other.
      DeclaredType seenFrom = (DeclaredType) type.asType();
      for (int j = 1; j < members.size(); j++) {
        if (!signature(seenFrom, members.get(0)).equals(signature(seenFrom, members.get(j)))) {
          reporter.error(reportOn, Message.METHODS_MEET, Names.describe(members.get(0)),
              Names.describe(members.get(j)), type.getSimpleName(), root.getSimpleName());
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Whether unrelated super-interfaces give the method different return types or exceptions
   * ({@code Object m()} and {@code String m()}), and if so reports it: which one Java gives the
   * root depends on rules a guard should not have to repeat, and a wrong pick does not compile.
   */
  private boolean inheritedWithDifferentSignatures(
      TypeElement root, DeclaredType declared, List<ExecutableElement> all, Element reportOn) {
    List<ExecutableElement> candidates = mostSpecific(all);
    ExecutableType first = supertypes.asMemberOf(declared, candidates.get(0));
    for (ExecutableElement other : candidates.subList(1, candidates.size())) {
      ExecutableType t = supertypes.asMemberOf(declared, other);
      // The method types as wholes, so that <T> T m(T) and <U> U m(U) are one: compared apart,
      // their return types T and U are two type variables.
      if (!types.isSameType(first, t) || !sameThrownTypes(first, t)) {
        reporter.error(reportOn, Message.INHERITED_SIGNATURES_DIFFER,
            Names.describe(candidates.get(0)),
            candidates.get(0).getEnclosingElement().getSimpleName(),
            other.getEnclosingElement().getSimpleName(), root.getSimpleName());
        return true;
      }
    }
    return false;
  }

  /**
   * Whether {@code a} and {@code b} throw the same types, a type variable of each method matching
   * the other's in the same place ({@code <X> m() throws X} and {@code <Y> m() throws Y}).
   */
  private boolean sameThrownTypes(ExecutableType a, ExecutableType b) {
    if (a.getThrownTypes().size() != b.getThrownTypes().size()) {
      return false;
    }
    for (TypeMirror x : a.getThrownTypes()) {
      int place = indexOf(a.getTypeVariables(), x);
      if (b.getThrownTypes().stream().noneMatch(y -> types.isSameType(x, y)
          || place >= 0 && place == indexOf(b.getTypeVariables(), y))) {
        return false;
      }
    }
    return true;
  }

  private int indexOf(List<? extends TypeVariable> variables, TypeMirror type) {
    for (int i = 0; i < variables.size(); i++) {
      if (types.isSameType(variables.get(i), type)) {
        return i;
      }
    }
    return -1;
  }


  /** The declarations whose declaring type is not a super-interface of another's, in order. */
  List<ExecutableElement> mostSpecific(List<ExecutableElement> declarations) {
    List<ExecutableElement> result = new ArrayList<>();
    for (ExecutableElement candidate : declarations) {
      Element owner = candidate.getEnclosingElement();
      boolean dominated = false;
      for (ExecutableElement other : declarations) {
        Element otherOwner = other.getEnclosingElement();
        if (!owner.equals(otherOwner) && supertypes.isOrExtends(otherOwner, owner)) {
          dominated = true;
          break;
        }
      }
      if (!dominated) {
        result.add(candidate);
      }
    }
    return result;
  }

}
