package dev.protekt.processor;

import com.palantir.javapoet.ClassName;
import com.sun.source.util.Trees;
import dev.protekt.processor.GuardModel.Access;
import dev.protekt.processor.GuardModel.Checked;
import dev.protekt.processor.GuardModel.Guard;
import dev.protekt.processor.GuardModel.GuardedMethod;
import dev.protekt.processor.GuardModel.Open;
import dev.protekt.processor.GuardModel.TokenSource;
import dev.protekt.processor.SuperGuardNames.Hider;
import dev.protekt.processor.Signatures.HiddenType;
import dev.protekt.processor.Signatures.NamesOutOfReach;
import dev.protekt.processor.SuperGuardNames.Unreachable;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.ExecutableType;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Takes one annotated interface through the stages that decide its guard: the structural checks,
 * what each method requires, where each guarded method's token comes from, and the signatures the
 * guard overrides. Reports all the errors it finds in the interface rather than stopping at the
 * first, but never a second error that only follows from a first.
 */
final class GuardValidator {
  private final Types types;
  /** Which interfaces extend which, read once for the round's interfaces. */
  private final Hierarchy hierarchy;
  private final ErrorReporter reporter;
  private final InheritedGuards inherited;
  private final ChecksDigest digest;
  private final StructuralChecks structure;
  private final TokenSources tokenSources;
  private final Signatures signatures;

  /**
   * @param trees javac's source trees, or null where they are not to be had
   * @param inherited finds the guards of the super-interfaces, whose checks the guard copies
   * @param written reads a guard not written yet as the interface names it
   */
  GuardValidator(Elements elements, Types types, Trees trees, ErrorReporter reporter,
      InheritedGuards inherited, WrittenGuardTypes written) {
    this.types = types;
    this.reporter = reporter;
    this.inherited = inherited;
    this.digest = new ChecksDigest(types, written);
    this.hierarchy = new Hierarchy(types);
    this.structure = new StructuralChecks(elements, types, trees, reporter, written, hierarchy);
    this.tokenSources = new TokenSources(elements, types, reporter);
    this.signatures = new Signatures(elements, hierarchy, written);
  }

  /**
   * The guard to generate for {@code type}, whose {@link #methods} are {@code methods}. Asked once
   * every interface of the round is validated: the checks of a super-interface declared in this
   * compilation are compared only if it gets a guard.
   */
  Guard guard(TypeElement type, List<GuardedMethod> methods) {
    return signatures.guard(type, methods, digest.of(type), inherited.of(type));
  }

  /** How many types' super-interfaces were read so far: see {@link Hierarchy#typesRead}. */
  int typesRead() {
    return hierarchy.typesRead();
  }

  /** The methods {@code type}'s guard overrides, or null when an error was reported. */
  List<GuardedMethod> methods(TypeElement type) {
    int errorsBefore = reporter.errorCount();
    if (!structure.check(type)) {
      return null;
    }
    Requirements requirements = new Requirements(types, hierarchy, reporter, type);
    List<GuardedMethod> methods = new ArrayList<>();
    for (List<ExecutableElement> declarations : structure.methods(type).values()) {
      GuardedMethod method = method(type, requirements, declarations);
      if (method != null) {
        methods.add(method);
      }
    }
    if (reporter.errorCount() == errorsBefore) {
      // Compared with every guard it may inherit: those of super-interfaces of this compilation
      // that will turn out refused too, which only makes the check stricter.
      for (Unreachable unreachable : signatures.unreachable(type, methods, inherited.of(type))) {
        reportUnreachable(type, unreachable);
      }
      NamesOutOfReach outOfReach = signatures.namesOutOfReach(type, methods);
      for (HiddenType hidden : outOfReach.types()) {
        reporter.error(declaredIn(type, hidden), Message.NAME_HIDES_TYPE, type.getSimpleName(),
            hidden.kind(), hidden.described(), hidden.hidden().canonicalName(), hidden.kind(),
            hidden.hidden().canonicalName());
      }
      outOfReach.packages().forEach((root, hider) ->
          reporter.error(declaredIn(type, hider), Message.NAME_HIDES_PACKAGE,
              type.getSimpleName(), hider.kind(), hider.described(), root, hider.kind(), root));
    }
    return reporter.errorCount() == errorsBefore ? methods : null;
  }

  /**
   * Reports a super-interface's guard that {@code type}'s guard could name no way: on the member
   * of {@code type} that hides a name, or on {@code type} where an inherited one does.
   */
  private void reportUnreachable(TypeElement type, Unreachable unreachable) {
    Hider simple = unreachable.simpleName();
    ClassName guard = unreachable.inherited().guard();
    if (unreachable.packageName() == null) {
      reporter.error(declaredIn(type, simple, simple), Message.NAME_HIDES_GUARD,
          type.getSimpleName(), simple.kind(), simple.described(), guard.simpleName(),
          unreachable.inherited().superInterface(), simple.kind(), guard.simpleName());
      return;
    }
    Hider pkg = unreachable.packageName();
    // The guard's own field cannot be renamed by the user; the package can.
    String renamed = pkg.guards() ? "the package " + unreachable.packageRoot() : pkg.phrase();
    reporter.error(declaredIn(type, pkg, simple), Message.NAME_HIDES_GUARD_PACKAGE,
        type.getSimpleName(), guard.canonicalName(), unreachable.inherited().superInterface(),
        simple.phrase(), unreachable.packageRoot(), pkg.phrase(), renamed, simple.phrase(),
        guard.canonicalName());
  }

  /** {@code hidden}'s hider where {@code type}'s own source declares it, else {@code type}. */
  private static Element declaredIn(TypeElement type, HiddenType hidden) {
    Element hider = hidden.hider();
    return type.equals(hider.getEnclosingElement()) ? hider : type;
  }

  /** The member of {@code type} that {@code first}, else {@code second}, is; else {@code type}. */
  private static Element declaredIn(TypeElement type, Hider first, Hider second) {
    for (Hider hider : List.of(first, second)) {
      Element e = hider.element();
      if (e != null && (e.getKind().isField() || e instanceof TypeElement)
          && type.equals(e.getEnclosingElement())) {
        return e;
      }
    }
    return type;
  }

  /** The guarded method declared by {@code declarations}, or null after reporting why not. */
  private GuardedMethod method(
      TypeElement root, Requirements requirements, List<ExecutableElement> declarations) {
    ExecutableElement primary = structure.primary(declarations);
    Element reportOn = primary.getEnclosingElement().equals(root) ? primary : root;
    if (!structure.oneMethod(root, declarations, reportOn)) {
      return null;
    }
    Requirements.Required required = requirements.method(primary, declarations, reportOn);
    if (required == null) {
      return null;
    }
    DeclaredType declared = (DeclaredType) root.asType();
    Access access;
    if (required.isPublic()) {
      access = new Open();
    } else {
      if (tokenSourcesDiffer(root, declarations, required.fromContext(), reportOn)) {
        return null;
      }
      ExecutableType resolved = hierarchy.asMemberOf(declared, primary);
      // A declaration of a guarded interface of this compilation that names no token names none
      // there either, where @TokenFromContext (inherited by root) is missing too: reported on the
      // declaration, that interface's own error and root's are one, printed once.
      TypeElement declaring = (TypeElement) primary.getEnclosingElement();
      TokenSource source = tokenSources.find(primary, resolved, required.fromContext(),
          inherited.guardedHere(declaring) ? primary : reportOn);
      if (source == null || required.policy() == null) {
        return null;
      }
      access = new Checked(required.policy(), source);
    }
    return signatures.method(declared, primary, access, declarations);
  }

  /**
   * Whether declarations of one method in super-interfaces, neither of which extends the other,
   * take the token from different places ({@code m(@BearerToken String a, String b)} and {@code
   * m(String a, @BearerToken String b)}, or one that names none), and if so reports it on {@code
   * reportOn}: the guard reads one declaration, and which one is the order of the extends clause,
   * which must not decide whose token is checked. A declaration that is wrong in itself (two
   * {@code @BearerToken} parameters) gets its own error, and then nothing is compared: where it
   * takes the token from is not known, and "from nowhere" would send the user the wrong way.
   */
  private boolean tokenSourcesDiffer(TypeElement root, List<ExecutableElement> declarations,
      boolean context, Element reportOn) {
    List<ExecutableElement> candidates = structure.mostSpecific(declarations);
    if (candidates.size() < 2) {
      return false;
    }
    DeclaredType declared = (DeclaredType) root.asType();
    int errorsBefore = reporter.errorCount();
    List<TokenSource> reads = new ArrayList<>();
    for (ExecutableElement candidate : candidates) {
      reads.add(
          tokenSources.declared(candidate, hierarchy.asMemberOf(declared, candidate), context));
    }
    if (reporter.errorCount() != errorsBefore) {
      return true;
    }
    ExecutableElement first = candidates.get(0);
    for (int i = 1; i < candidates.size(); i++) {
      ExecutableElement other = candidates.get(i);
      if (!sameSource(first, reads.get(0), other, reads.get(i))) {
        String method = Names.describe(root, first);
        reporter.error(reportOn, Message.TOKEN_SOURCES_DIFFER, method,
            first.getEnclosingElement().getSimpleName(), described(reads.get(0)),
            other.getEnclosingElement().getSimpleName(), described(reads.get(i)),
            method.substring(root.getSimpleName().length() + 1), root.getSimpleName());
        return true;
      }
    }
    return false;
  }

  /**
   * Whether {@code a} reading {@code readsA} and {@code b} reading {@code readsB} take the token
   * from the same place: the same kind, from the parameter in the same position, whatever its name.
   */
  private static boolean sameSource(
      ExecutableElement a, TokenSource readsA, ExecutableElement b, TokenSource readsB) {
    if (readsA == null || readsB == null) {
      return readsA == readsB;
    }
    return readsA.kind() == readsB.kind() && position(a, readsA) == position(b, readsB);
  }

  /** The index of the parameter of {@code method} that {@code source} reads, or -1. */
  private static int position(ExecutableElement method, TokenSource source) {
    List<? extends VariableElement> parameters = method.getParameters();
    for (int i = 0; i < parameters.size(); i++) {
      if (parameters.get(i).getSimpleName().contentEquals(String.valueOf(source.parameter()))) {
        return i;
      }
    }
    return -1;
  }

  /** {@code source} as a diagnostic names it. */
  private static String described(TokenSource source) {
    if (source == null) {
      return "nowhere";
    }
    return switch (source.kind()) {
      case CONTEXT -> "the request a framework adapter bound (@TokenFromContext)";
      case BEARER_PARAMETER -> "its @BearerToken parameter '" + source.parameter() + "'";
      default -> "its request parameter '" + source.parameter() + "'";
    };
  }
}
