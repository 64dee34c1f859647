/**
 * Declares who may call a handler. The Protekt annotation processor reads these annotations at
 * compile time and generates, for every annotated interface {@code Foo}, a class {@code FooGuard}
 * that implements {@code Foo}, checks the caller's bearer token and delegates to your
 * implementation.
 *
 * <h2>The rules</h2>
 *
 * <ul>
 *   <li><b>Implication.</b> {@link dev.protekt.annotations.RequiresRole} and {@link
 *       dev.protekt.annotations.RequiresPermission} imply {@link
 *       dev.protekt.annotations.RequiresAuth}: a valid token is always needed first.
 *   <li><b>Any-of inside, all-of across.</b> The values of one annotation are matched with {@link
 *       dev.protekt.annotations.Match#ANY} unless it says {@link dev.protekt.annotations.Match#ALL}.
 *       Annotations of different kinds on the same method are all required.
 *   <li><b>Type level, then method level.</b> An annotation on the interface applies to each of its
 *       methods, inherited ones included. An annotation of the same kind on a method replaces the
 *       interface's one of that kind, even with a looser value ({@code @RequiresRole("user")} on a
 *       method of an {@code @RequiresRole("admin")} interface requires {@code user} alone), and
 *       leaves the other kinds in force. No annotation removes a kind, and a valid token is always
 *       required, except on a method marked {@link dev.protekt.annotations.Public}: the only way
 *       to drop every requirement, which cannot be combined with a requirement.
 *   <li><b>Inheritance.</b> A guarded interface inherits the type-level requirements of its
 *       super-interfaces, and each inherited method keeps the method-level annotations it was
 *       declared with. Its own type-level annotations replace inherited ones of the same kind,
 *       looser values too. A
 *       method redeclared in a sub-interface with some of these annotations replaces only the kinds
 *       it names, and the overridden declaration's other kinds stay in force; one redeclared
 *       without any keeps them all. Where the sub-interface would inherit two different values of
 *       one kind, it must say which it means, or the build fails with both values named: type-level
 *       values of unrelated super-interfaces are settled by annotating the sub-interface with that
 *       kind; differing declarations of one method ({@code @Public} against a requirement
 *       included), or a type-level value against the one a super-interface's declaration of the
 *       method names (a requirement the sub-interface writes itself against an inherited
 *       {@code @Public} included), by declaring the method on the sub-interface with the annotation
 *       it means (a redeclaration without annotations settles nothing). A guard is generated for an
 *       interface that carries at least one of these annotations itself, or on one of its own
 *       methods; a sub-interface that carries none gets no guard, so code that names its guard does
 *       not compile.
 *   <li><b>Deny by default.</b> In a guarded interface, every method must end up with a
 *       requirement or {@link dev.protekt.annotations.Public}; a method with neither is a compile
 *       error.
  <li><b>Where the token comes from.</b> Each guarded method needs one source for the bearer
 *       token: a {@code String} parameter annotated {@link dev.protekt.annotations.BearerToken}, a
 *       parameter of a request type the processor knows (the JDK's {@code HttpExchange}, Jakarta's
 *       {@code HttpServletRequest}, or any type implementing {@code
 *       dev.protekt.guard.BearerTokenSource}), or {@link dev.protekt.annotations.TokenFromContext}
 *       when a framework adapter puts the token in the guard context. They are tried in that order:
 *       a {@code @BearerToken} parameter, then a request parameter, then the context. Two
 *       candidates of the same rank (two {@code @BearerToken} parameters, or two request
 *       parameters without a {@code @BearerToken} one) are a compile error, as is a guarded method
 *       with no source.
 *   <li><b>Fail closed.</b> Where two readings of these rules are possible, the processor takes
 *       the one that requires more, or refuses to compile.
 * </ul>
 */
package dev.protekt.annotations;
