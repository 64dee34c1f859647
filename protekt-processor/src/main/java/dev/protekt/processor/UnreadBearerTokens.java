package dev.protekt.processor;

import dev.protekt.processor.GuardModel.Checked;
import dev.protekt.processor.GuardModel.Guard;
import dev.protekt.processor.GuardModel.GuardedMethod;
import dev.protekt.processor.GuardModel.TokenSource;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/**
 * Finds {@code @BearerToken}s that no guard reads, which would let a reader believe a method is
 * checked. On a static or private interface method no guard ever can: an error at once. Elsewhere
 * in an interface, a parameter counts as read when some guard takes its token from that parameter
 * position of a declaration of the same method (or the method is {@code @Public}, which reads no
 * token on purpose); the others are reported in the last round only, because an interface guarded
 * in a later round (one another processor writes) may still read them. One compiled elsewhere may
 * too: a warning where a guard of this compilation extends the interface but reads another
 * declaration, and only a note where none does, since a build that recompiles only the changed
 * files compiles an interface without the guarded ones that extend it. A {@code @BearerToken} in
 * a class is left alone: an implementation may repeat its interface's.
 *
 * <p>Declarations and interfaces are remembered by name, since elements do not outlive a round.
 */
final class UnreadBearerTokens {
  /** {@link #key} of every parameter some guard reads, or leaves to {@code @Public}. */
  private final Set<String> read = new HashSet<>();
  /** Every interface some guard inherits from: a guard exists, but reads another declaration. */
  private final Set<String> extended = new HashSet<>();
  /** Interfaces with a {@code @BearerToken} on a method a guard could intercept. */
  private final Set<String> holders = new TreeSet<>();

  /** Records what {@code guard} reads: the token parameter's position in each declaration. */
  void guarded(Guard guard) {
    for (GuardedMethod method : guard.methods()) {
      if (!(method.access() instanceof Checked checked)) {
        for (ExecutableElement declaration : method.declarations()) {
          for (int i = 0; i < declaration.getParameters().size(); i++) {
            read.add(key(declaration, i));
          }
        }
        continue;
      }
      TokenSource source = checked.source();
      if (source.kind() == TokenSource.Kind.BEARER_PARAMETER) {
        int position = position(method.method(), source.parameter());
        for (ExecutableElement declaration : method.declarations()) {
          read.add(key(declaration, position));
        }
      }
    }
    Deque<TypeElement> pending = new ArrayDeque<>();
    pending.push(guard.element());
    while (!pending.isEmpty()) {
      TypeElement type = pending.pop();
      if (extended.add(type.getQualifiedName().toString())) {
        for (TypeMirror superInterface : type.getInterfaces()) {
          if (superInterface instanceof DeclaredType) {
            pending.push((TypeElement) ((DeclaredType) superInterface).asElement());
          }
        }
      }
    }
  }

  /** Records this round's {@code @BearerToken} parameters; reports those no guard can read. */
  void found(Set<? extends Element> parameters, ErrorReporter reporter) {
    for (Element parameter : parameters) {
      ExecutableElement method = (ExecutableElement) parameter.getEnclosingElement();
      if (method.getEnclosingElement().getKind() != ElementKind.INTERFACE) {
        continue;
      }
      TypeElement type = (TypeElement) method.getEnclosingElement();
      if (StructuralChecks.interceptable(method)) {
        holders.add(type.getQualifiedName().toString());
      } else if (Annotations.guarding(method).isEmpty()) {
        // One that carries a guarding annotation has been reported for that annotation.
        reporter.error(parameter, Annotations.find(parameter, Annotations.BEARER_TOKEN),
            StructuralChecks.whyUninterceptable(method),
            Annotations.simpleName(Annotations.BEARER_TOKEN),
            "a parameter of " + Names.describe(method));
      }
    }
  }

  /** In the last round: reports each {@code @BearerToken} no guard of the compilation reads. */
  void reportUnread(Elements elements, ErrorReporter reporter) {
    for (String name : holders) {
      TypeElement holder = elements.getTypeElement(name);
      if (holder == null) {
        continue;
      }
      for (ExecutableElement method : ElementFilter.methodsIn(holder.getEnclosedElements())) {
        if (!StructuralChecks.interceptable(method)) {
          continue;
        }
        List<? extends VariableElement> parameters = method.getParameters();
        for (int i = 0; i < parameters.size(); i++) {
          AnnotationMirror mirror = Annotations.find(parameters.get(i), Annotations.BEARER_TOKEN);
          if (mirror == null || read.contains(key(method, i))) {
            continue;
          }
          if (extended.contains(name)) {
            reporter.warning(parameters.get(i), mirror, Message.BEARER_TOKEN_OVERRIDDEN,
                Names.describe(method), holder.getSimpleName(), holder.getSimpleName());
          } else {
            // A build that recompiles only the changed files compiles the interface without the
            // guarded ones that extend it, which nothing here can list: a warning would fail
            // -Werror builds on what may well be right.
            reporter.note(parameters.get(i), mirror, Message.BEARER_TOKEN_UNGUARDED,
                Names.describe(method), holder.getSimpleName(), holder.getSimpleName());
          }
        }
      }
    }
  }

  /**
   * Parameter {@code i} of {@code declaration}, by what holds from round to round: not the
   * declaration's signature, whose types may be missing in one round (a guard not written yet)
   * and not in the next, but its place among its interface's members.
   */
  private static String key(ExecutableElement declaration, int i) {
    TypeElement type = (TypeElement) declaration.getEnclosingElement();
    return type.getQualifiedName() + "#" + type.getEnclosedElements().indexOf(declaration) + "#"
        + i;
  }

  private static int position(ExecutableElement method, String parameter) {
    List<? extends VariableElement> parameters = method.getParameters();
    for (int i = 0; i < parameters.size(); i++) {
      if (parameters.get(i).getSimpleName().contentEquals(parameter)) {
        return i;
      }
    }
    throw new IllegalStateException(parameter + " is not a parameter of " + method);
  }
}
