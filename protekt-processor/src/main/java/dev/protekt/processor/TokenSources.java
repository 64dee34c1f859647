package dev.protekt.processor;

import dev.protekt.processor.GuardModel.TokenSource;
import dev.protekt.processor.GuardModel.TokenSource.Kind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ExecutableType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Finds where a guarded method's bearer token comes from. In order of precedence: a {@code String}
 * parameter annotated {@code @BearerToken}; a parameter of a request type (a {@code
 * BearerTokenSource}, the JDK's {@code HttpExchange}, Jakarta's {@code HttpServletRequest} when it
 * is on the classpath); {@code @TokenFromContext}. Two candidates of the same rank are an error:
 * the processor does not guess which parameter speaks for the caller.
 */
final class TokenSources {
  private final Types types;
  private final ErrorReporter reporter;
  /** Request types the processor knows, most specific first; absent ones are left out. */
  private final Map<TypeMirror, Kind> requestTypes = new LinkedHashMap<>();
  private final TypeMirror string;

  TokenSources(Elements elements, Types types, ErrorReporter reporter) {
    this.types = types;
    this.reporter = reporter;
    this.string = elements.getTypeElement("java.lang.String").asType();
    known(elements, "dev.protekt.guard.BearerTokenSource", Kind.TOKEN_SOURCE_PARAMETER);
    known(elements, "com.sun.net.httpserver.HttpExchange", Kind.HTTP_EXCHANGE);
    known(elements, "jakarta.servlet.http.HttpServletRequest", Kind.SERVLET_REQUEST);
  }

  private void known(Elements elements, String name, Kind kind) {
    TypeElement type = elements.getTypeElement(name);
    if (type != null) {
      requestTypes.put(types.erasure(type.asType()), kind);
    }
  }

  /**
   * The token source of {@code method}, or null after reporting why there is none.
   *
   * @param resolved the method as a member of the guarded interface, type variables substituted
   * @param context whether {@code @TokenFromContext} applies to the method
   * @param reportOn where a missing source is reported: the method, or the guarded interface when
   *     the method is inherited
   */
  TokenSource find(
      ExecutableElement method, ExecutableType resolved, boolean context, Element reportOn) {
    return find(method, resolved, context, reportOn, true);
  }

  /**
   * The token source of one declaration of a method the guard may not read, to compare with the
   * others: null when it names none, which is no error here, or after reporting its own error (two
   * {@code @BearerToken} parameters, one not a {@code String}, two request parameters), which the
   * caller tells by the {@link ErrorReporter#errorCount()}.
   */
  TokenSource declared(ExecutableElement method, ExecutableType resolved, boolean context) {
    return find(method, resolved, context, null, false);
  }

  private TokenSource find(ExecutableElement method, ExecutableType resolved, boolean context,
      Element reportOn, boolean missingIsAnError) {
    List<? extends VariableElement> parameters = method.getParameters();
    List<VariableElement> bearer = new ArrayList<>();
    List<VariableElement> requests = new ArrayList<>();
    List<Kind> requestKinds = new ArrayList<>();
    List<String> strings = new ArrayList<>();
    boolean failed = false;
    for (int i = 0; i < parameters.size(); i++) {
      VariableElement parameter = parameters.get(i);
      TypeMirror type = resolved.getParameterTypes().get(i);
      AnnotationMirror annotation = Annotations.find(parameter, Annotations.BEARER_TOKEN);
      if (annotation != null) {
        if (types.isSameType(types.erasure(type), string)) {
          bearer.add(parameter);
        } else {
          reporter.error(parameter, annotation, Message.BEARER_TOKEN_NOT_STRING,
              parameter.getSimpleName(), type);
          failed = true;
        }
        continue;
      }
      Kind kind = requestKind(type);
      if (kind != null) {
        requests.add(parameter);
        requestKinds.add(kind);
      } else if (types.isSameType(types.erasure(type), string)) {
        strings.add("'" + parameter.getSimpleName() + "'");
      }
    }
    if (failed || ambiguous(method, bearer, Message.TWO_BEARER_TOKENS)
        || (bearer.isEmpty() && ambiguous(method, requests, Message.TWO_REQUESTS))) {
      return null;
    }
    if (!bearer.isEmpty()) {
      return new TokenSource(Kind.BEARER_PARAMETER, bearer.get(0).getSimpleName().toString());
    }
    if (!requests.isEmpty()) {
      return new TokenSource(requestKinds.get(0), requests.get(0).getSimpleName().toString());
    }
    if (context) {
      return new TokenSource(Kind.CONTEXT, null);
    }
    if (missingIsAnError) {
      String unannotated = strings.isEmpty() ? "" : String.format(Message.UNANNOTATED_TOKEN,
          "String parameter " + String.join(" or ", strings), Names.describe(method));
      reporter.error(reportOn, Message.NO_TOKEN_SOURCE, Names.describe(method), unannotated);
    }
    return null;
  }

  private Kind requestKind(TypeMirror type) {
    if (!type.getKind().isPrimitive()) {
      TypeMirror erased = types.erasure(type);
      for (Map.Entry<TypeMirror, Kind> known : requestTypes.entrySet()) {
        if (types.isAssignable(erased, known.getKey())) {
          return known.getValue();
        }
      }
    }
    return null;
  }

  private boolean ambiguous(
      ExecutableElement method, List<VariableElement> candidates, Message message) {
    if (candidates.size() < 2) {
      return false;
    }
    reporter.error(candidates.get(1), message, Names.describe(method),
        candidates.get(0).getSimpleName(), candidates.get(1).getSimpleName());
    return true;
  }
}
