package dev.protekt.processor;

/**
 * Every diagnostic the processor prints, in one catalogue: a stable bracketed id that build logs
 * and tests can match, what is wrong, and a hint that says what to do about it.
 */
enum Message {
  NOT_AN_INTERFACE(
      "ProtektNotInterface",
      "@%s is on %s %s, but guards are generated for interfaces only",
      "declare the handler methods in an interface, annotate the interface, let %s implement it and"
          + " wrap it in the generated guard"),
  SEALED_INTERFACE(
      "ProtektSealedInterface",
      "%s is sealed, so its generated guard could not implement it",
      "remove 'sealed' from the interface, or guard a non-sealed interface that it permits"),
  PRIVATE_INTERFACE(
      "ProtektPrivateInterface",
      "%s is private, so its generated guard could not implement it",
      "make the interface, and every type it is nested in, at least package-private"),
  UNINTERCEPTABLE_METHOD(
      "ProtektStaticMethod",
      "@%s is on %s, a %s method, which a guard cannot intercept",
      "make it an abstract or default method of the interface, or remove the annotation"),
  OBJECT_METHOD(
      "ProtektObjectMethod",
      "@%s is on %s, which guards leave to Object and never intercept",
      "remove the annotation: equals, hashCode and toString are not guarded"),
  NO_VALUES(
      "ProtektNoValues",
      "@%s names no %s, which would require nothing",
      "name at least one, for example @%s(\"%s\"), or use @RequiresAuth for a valid token alone"),
  BLANK_VALUE(
      "ProtektBlankValue",
      "@%s contains an empty or blank %s",
      "write the %s name exactly as the token carries it, or remove the empty entry"),
  PUBLIC_WITH_REQUIREMENT(
      "ProtektPublicWithRequirement",
      "%s is both @Public and @%s, which contradict each other",
      "keep @Public to let anyone call it, or remove @Public to enforce the requirement"),
  UNGUARDED_METHOD(
      "ProtektUnguardedMethod",
      "%s has no requirement, and guarded interfaces deny by default",
      "annotate it with @RequiresAuth, @RequiresRole or @RequiresPermission, annotate the interface"
          + " %s, or mark the method @Public to let anyone call it"),
  NO_TOKEN_SOURCE(
      "ProtektNoTokenSource",
      "the guard cannot find the bearer token of a call to %s",
      "add a parameter that carries it: a String annotated @BearerToken, a"
          + " com.sun.net.httpserver.HttpExchange, a jakarta.servlet.http.HttpServletRequest or a"
          + " dev.protekt.guard.BearerTokenSource; or annotate the method or interface with"
          + " @TokenFromContext when a framework adapter binds the token"),
  AMBIGUOUS_TOKEN_SOURCE(
      "ProtektAmbiguousTokenSource",
      "%s has two parameters the token could come from, '%s' and '%s'",
      "keep one: put @BearerToken on the one String parameter that carries the caller's token,"
          + " which takes precedence over request parameters"),
  BEARER_TOKEN_UNGUARDED(
      "ProtektBearerTokenUnguarded",
      "@BearerToken is on a parameter of %s, but %s carries no Protekt annotation and no guarded"
          + " interface of this build extends it, so no guard reads the token",
      "annotate %s, or the method, with @RequiresAuth, @RequiresRole or @RequiresPermission (an"
          + " interface gets a guard when it or one of its own methods is annotated, never from its"
          + " super-interfaces alone); if a guarded interface compiled elsewhere extends it, add"
          + " @SuppressWarnings(\"ProtektBearerTokenUnguarded\")"),
  BEARER_TOKEN_OVERRIDDEN(
      "ProtektBearerTokenUnguarded",
      "@BearerToken is on a parameter of %s, but the guards of the interfaces that extend %s take"
          + " the token from another declaration of the method, or from elsewhere",
      "put @BearerToken on the parameter of the declaration the guard reads, or remove it from %s;"
          + " if a guarded interface compiled elsewhere reads this declaration, add"
          + " @SuppressWarnings(\"ProtektBearerTokenUnguarded\")"),
  BEARER_TOKEN_NOT_STRING(
      "ProtektBearerTokenType",
      "@BearerToken is on parameter '%s' of type %s, but must be on a String",
      "put @BearerToken on the String parameter that carries the Authorization header value or"
          + " token, or remove it and let a request parameter supply the token"),
  CONFLICTING_INHERITANCE(
      "ProtektConflictingInheritance",
      "%s inherits different %s from %s and %s",
      "restate the requirement you mean on %s itself"),
  METHODS_MEET(
      "ProtektMethodsMeet",
      "%s and %s are two methods in %s but one in %s",
      "give them different names or parameter types, so that each keeps its own requirements"),
  INHERITED_SIGNATURES_DIFFER(
      "ProtektInheritedSignaturesDiffer",
      "%s is inherited from %s and %s with different return types or exceptions",
      "declare the method on %s with the return type and exceptions it should have"),
  GUARD_NAME_TAKEN(
      "ProtektGuardNameTaken",
      "the guard of %s would be %s, but this compilation already has a type of that name",
      "rename the interface or the other type (the guard of Outer.Inner is Outer_InnerGuard)"),
  UNRESOLVED_TYPE(
      "ProtektUnresolvedType",
      "%s uses %s, which does not exist, so no guard was generated",
      "fix the missing type; if a processor generates it, make sure that processor runs"),
  UNEXPECTED(
      "ProtektUnexpected",
      "the Protekt processor failed on %s: %s",
      "this is a bug in the processor; please report it with the interface that triggers it");

  private final String id;
  private final String problem;
  private final String hint;

  Message(String id, String problem, String hint) {
    this.id = id;
    this.problem = problem;
    this.hint = hint;
  }

  /** The bracketed id, problem and hint; {@code args} fill the problem's then the hint's slots. */
  String format(Object... args) {
    int problemSlots = slots(problem);
    Object[] first = new Object[problemSlots];
    Object[] rest = new Object[args.length - problemSlots];
    System.arraycopy(args, 0, first, 0, problemSlots);
    System.arraycopy(args, problemSlots, rest, 0, rest.length);
    return "[" + id + "] " + String.format(problem, first) + ". Hint: " + String.format(hint, rest)
        + ".";
  }

  /** The id, as tests and build logs see it. */
  String id() {
    return id;
  }

  private static int slots(String format) {
    int n = 0;
    for (int i = format.indexOf("%s"); i >= 0; i = format.indexOf("%s", i + 2)) {
      n++;
    }
    return n;
  }
}
