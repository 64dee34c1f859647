package dev.protekt.processor;

import java.util.Locale;

/**
 * Every diagnostic the processor prints, in one catalogue: a stable bracketed id that build logs
 * and tests can match ({@code ProtektNoValues} for {@link #NO_VALUES}), what is wrong, and a hint
 * that says what to do about it.
 */
enum Message {
  NOT_AN_INTERFACE(
      "@%s is on %s %s, but guards are generated for interfaces only",
      "declare the handler methods in an interface, annotate the interface, let %s implement it and"
          + " wrap it in the generated guard"),
  ANNOTATION_TYPE(
      "@%s is on %s %s, but Protekt annotations do not compose: the processor reads them where"
          + " they are written, on an interface and its methods, never through an annotation of"
          + " your own",
      "write @%s on the interface or method itself instead of %s, and keep its values in one"
          + " place with constants, for example @RequiresRole(Roles.ADMIN)"),
  IMPLEMENTATION_METHOD(
      "@%s is on %s, which implements %s, but guards read their annotations from interfaces"
          + " only, never from a class that implements one",
      "move @%s to %s, the declaration guards read"),
  SEALED_INTERFACE(
      "%s is sealed, so its generated guard could not implement it",
      "remove 'sealed' from the interface, or guard a non-sealed interface that it permits"),
  PRIVATE_INTERFACE(
      "%s is private, so its generated guard could not implement it",
      "make the interface, and every type it is nested in, at least package-private"),
  STATIC_METHOD(
      "@%s is on %s, a static method, which a guard cannot intercept",
      "make it an abstract or default method of the interface, or remove the annotation"),
  PRIVATE_METHOD(
      "@%s is on %s, a private method, which a guard cannot intercept",
      "make it an abstract or default method of the interface, or remove the annotation"),
  OBJECT_METHOD(
      "@%s is on %s, which guards leave to Object and never intercept",
      "remove the annotation: equals, hashCode and toString are not guarded"),
  NO_VALUES(
      "@%s names no %s, which would require nothing",
      "name at least one, for example @%s(\"%s\"), or use @RequiresAuth for a valid token alone"),
  BLANK_VALUE(
      "@%s contains an empty or blank %s",
      "write the %s name exactly as the token carries it, or remove the empty entry"),
  PADDED_VALUE(
      "@%s contains the %s \"%s\", which starts or ends with white space, so only a token"
          + " carrying those spaces too would match it",
      "write the %s name exactly as the token carries it: \"%s\""),
  CONTROL_CHARACTER(
      "@%s contains the %s %s, with the character %s inside, which no %s name a token carries"
          + " holds",
      "write the %s name exactly as the token carries it, without control characters or line and"
          + " paragraph separators"),
  SPACE_IN_PERMISSION(
      "@%s contains the permission %s, with white space inside, which no token grants from its"
          + " scope claim, whose permissions are separated by spaces",
      "write each permission as a value of its own: %s"),
  UNKNOWN_MATCH(
      "@%s on %s has match = %s, which is neither ANY nor ALL, so what it requires is unknown",
      "write Match.ANY or Match.ALL; if %s was compiled elsewhere, recompile it against this"
          + " version of protekt-annotations"),
  PUBLIC_WITH_REQUIREMENT(
      "%s is both @Public and @%s, which contradict each other",
      "keep @Public to let anyone call it, or remove @Public to enforce the requirement"),
  UNGUARDED_METHOD(
      "%s has no requirement, and guarded interfaces deny by default",
      "annotate it with @RequiresAuth, @RequiresRole or @RequiresPermission, annotate the interface"
          + " %s, or mark the method @Public to let anyone call it"),
  NO_TOKEN_SOURCE(
      "the guard cannot find the bearer token of a call to %s",
      "%sadd a parameter that carries it: a String annotated @BearerToken, a"
          + " com.sun.net.httpserver.HttpExchange, a jakarta.servlet.http.HttpServletRequest or a"
          + " dev.protekt.guard.BearerTokenSource; or annotate the method or interface with"
          + " @TokenFromContext when a framework adapter binds the token"),
  TWO_BEARER_TOKENS(
      "%s has two @BearerToken parameters, '%s' and '%s'",
      "keep @BearerToken on the one String parameter that carries the caller's token"),
  TWO_REQUESTS(
      "%s has two parameters the token could come from, '%s' and '%s'",
      "either add a String parameter annotated @BearerToken that carries the caller's token (it"
          + " takes precedence over request parameters), or keep one request parameter and pass"
          + " what the other carries in a type the guard does not read a token from"),
  BEARER_TOKEN_UNGUARDED(
      "@BearerToken is on a parameter of %s, but %s carries no Protekt annotation and no guarded"
          + " interface compiled with it extends it, so no guard of this compilation reads the"
          + " token",
      "annotate %s, or the method, with @RequiresAuth, @RequiresRole or @RequiresPermission (an"
          + " interface gets a guard when it or one of its own methods is annotated, never from its"
          + " super-interfaces alone); if a guarded interface compiled elsewhere or earlier extends"
          + " it, this note is no mistake, and @SuppressWarnings(\"ProtektBearerTokenUnguarded\")"
          + " silences it"),
  EXPOSED_IMPLEMENTATION(
      "%s implements %s, but %s makes it an endpoint its framework calls directly, so requests"
          + " reach it without %s's checks",
      "remove %s and keep the implementation out of the framework's reach: wrap it in"
          + " the guard (new %s(implementation, protekt)) and let a separate controller route each"
          + " request to that %s"),
  AUXILIARY_INTERFACE(
      "%s is declared in %s, a file named after another type, and javac warns"
          + " [auxiliaryclass] wherever another file uses it, as its guard does",
      "move %s to a file of its own, %s.java"),
  BEARER_TOKEN_OVERRIDDEN(
      "@BearerToken is on a parameter of %s, but the guards of the interfaces that extend %s take"
          + " the token from another declaration of the method, or from elsewhere",
      "put @BearerToken on the parameter of the declaration the guard reads, or remove it from %s;"
          + " if a guarded interface compiled elsewhere reads this declaration, add"
          + " @SuppressWarnings(\"ProtektBearerTokenOverridden\")"),
  BEARER_TOKEN_NOT_STRING(
      "@BearerToken is on parameter '%s' of type %s, but must be on a String",
      "put @BearerToken on the String parameter that carries the Authorization header value or"
          + " token, or remove it and let a request parameter supply the token"),
  CONFLICTING_INHERITANCE(
      "%s inherits different %s: %s from %s, and %s from %s",
      "%s with the one it means: %s or %s"),
  METHODS_MEET(
      "%s and %s are two methods in %s but one in %s",
      "give them different names or parameter types, so that each keeps its own requirements"),
  INHERITED_SIGNATURES_DIFFER(
      "%s is inherited from %s and %s with different return types or exceptions",
      "declare the method on %s with the return type and exceptions it should have"),
  TOKEN_SOURCES_DIFFER(
      "%s is inherited from %s, whose declaration takes the token from %s, and from %s, whose"
          + " declaration takes it from %s, so which token is checked would depend on the order of"
          + " the extends clause",
      "declare %s on %s with the token source you mean: @BearerToken on one String parameter, a"
          + " request parameter, or @TokenFromContext"),
  NAME_HIDES_PACKAGE(
      "%s has the %s %s, which hides the package %s that its guard's code names",
      "rename the %s: no name in the guard can reach the package %s past it"),
  NAME_HIDES_INTERFACE(
      "%s has the %s %s, which hides %s in its guard's code, where the guard names the interface",
      "rename the %s, or the interface"),
  NAME_HIDES_TYPE(
      "%s has the %s %s, which hides %s in its guard's code, where the guard names that type of"
          + " its package by its simple name",
      "rename the %s, or the type %s"),
  NAME_HIDES_GUARD(
      "%s has the %s %s, which hides %s, the guard of %s, with whose checks its guard compares its"
          + " own at run time",
      "rename the %s, or declare the interfaces in a named package, where the guard names %s by"
          + " its qualified name"),
  NAME_HIDES_GUARD_PACKAGE(
      "%s's guard compares its checks at run time with those of %s, the guard of %s, but can name"
          + " it neither by its simple name, which %s hides, nor by its qualified name, whose"
          + " package %s %s hides",
      "rename %s or %s, so that one of the names reaches %s"),
  GUARD_NAME_TAKEN(
      "the guard of %s would be %s, but %s already has that name",
      "rename the interface or %s, so that the guard gets a name of its own"),
  UNRESOLVED_TYPE(
      "%s uses %s, which does not exist, so no guard was generated",
      "put the missing type on the class path, or recompile the interface that uses it against"
          + " the class path of this build; if a processor generates it, make sure that processor"
          + " runs"),
  UNEXPECTED(
      "the Protekt processor failed on %s: %s",
      "this is a bug in the processor; please report it with the interface that triggers it");

  /**
   * How the hint of {@link #NO_TOKEN_SOURCE} starts for a method with {@code String} parameters,
   * one of which may carry the token without saying so: often one whose {@code @BearerToken} was
   * written on the implementation's parameter instead, which no guard reads.
   */
  static final String UNANNOTATED_TOKEN =
      "if %s of %s carries it, annotate it @BearerToken there, on the interface's declaration,"
          + " which the guard reads (never an implementation's parameters); otherwise, ";

  private final String id;
  private final String problem;
  private final String hint;

  /** The id is the constant's name in camel case, so that each is unique and names its rule. */
  Message(String problem, String hint) {
    StringBuilder camel = new StringBuilder("Protekt");
    for (String word : name().split("_")) {
      camel.append(word.charAt(0)).append(word.substring(1).toLowerCase(Locale.ROOT));
    }
    this.id = camel.toString();
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
