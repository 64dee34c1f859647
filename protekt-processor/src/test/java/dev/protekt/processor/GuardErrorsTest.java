package dev.protekt.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One test per rule: the error's id, the file and line it points at, and its hint. */
class GuardErrorsTest {
  private static final String IMPORTS = "package test;\n"
      + "import dev.protekt.annotations.*;\n"
      + "import com.sun.net.httpserver.HttpExchange;\n";

  private static JavaFileObject source(String name, String... lines) {
    return JavaFileObjects.forSourceString("test." + name, IMPORTS + String.join("\n", lines));
  }

  private static Compilation compile(JavaFileObject... sources) {
    return javac().withProcessors(new GuardProcessor()).compile(sources);
  }

  /**
   * Asserts that compiling {@code sources} fails with the error {@code id} on the first source's
   * line containing {@code line}, that this error carries a hint of its own, and that no other
   * error of the processor follows it in that source.
   */
  private static Compilation assertError(String id, String line, JavaFileObject... sources) {
    Compilation compilation = compile(sources);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorContaining("[" + id + "]").inFile(sources[0])
        .onLineContaining(line);
    for (Diagnostic<? extends JavaFileObject> error : compilation.errors()) {
      String message = error.getMessage(Locale.ROOT);
      if (error.getSource() != sources[0] || !message.startsWith("[Protekt")) {
        continue;
      }
      assertThat(message).startsWith("[" + id + "] ");
      assertThat(message).containsMatch("[^.]\\. Hint: [a-z@].*[^.]\\.$");
    }
    return compilation;
  }

  /**
   * Asserts that compiling {@code sources} fails with one error, {@code id}, on the declaration of
   * the interface Api, containing {@code text}.
   */
  private static void assertOnlyErrorOnApi(String id, String text, JavaFileObject... sources) {
    Compilation compilation = assertError(id, "public interface Api", sources);
    assertThat(compilation).hadErrorContaining(text);
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void annotationOnAClassSaysToUseAnInterface() {
    JavaFileObject source = source("Handlers",
        "@RequiresAuth",
        "public class Handlers {",
        "  public String list(@BearerToken String token) { return token; }",
        "}");
    assertError("ProtektNotAnInterface", "@RequiresAuth", source);
    assertThat(compile(source)).hadErrorContaining("guards are generated for interfaces only");
  }

  @Test
  void annotationOnAnAnnotationTypeSaysThatProtektAnnotationsDoNotCompose() {
    JavaFileObject source = source("AdminOnly",
        "import java.lang.annotation.*;",
        "@RequiresRole(\"admin\") @Retention(RetentionPolicy.CLASS) @Target(ElementType.METHOD)",
        "public @interface AdminOnly {}");
    Compilation compilation = assertError("ProtektAnnotationType", "@RequiresRole", source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining("@RequiresRole is on annotation type AdminOnly,"
        + " but Protekt annotations do not compose");
    assertThat(compilation).hadErrorContaining("Hint: write @RequiresRole on the interface or"
        + " method itself instead of AdminOnly");
  }

  @Test
  void annotationOnAMethodOfAClassSaysToUseAnInterface() {
    assertError("ProtektNotAnInterface", "@RequiresRole",
        source("Handlers",
            "public class Handlers {",
            "  @RequiresRole(\"admin\")",
            "  public String list(@BearerToken String token) { return token; }",
            "}"));
  }

  @Test
  void annotationOnAClassMethodThatImplementsAnInterfaceMethodSaysToMoveItThere() {
    // Not "annotate the interface, let PostsService implement it": it does already.
    JavaFileObject handlers = source("PostsHandlers",
        "@RequiresAuth",
        "public interface PostsHandlers {",
        "  String list(@BearerToken String token);",
        "  String titles(@BearerToken String token);",
        "}");
    JavaFileObject service = source("PostsService",
        "public class PostsService implements PostsHandlers {",
        "  public String list(String token) { return token; }",
        "  @RequiresRole(\"admin\")",
        "  public String titles(String token) { return token; }",
        "}");
    Compilation compilation =
        assertError("ProtektImplementationMethod", "@RequiresRole", service, handlers);
    assertThat(compilation).hadErrorContaining("[ProtektImplementationMethod] @RequiresRole is on"
        + " PostsService.titles(String), which implements PostsHandlers.titles(String), but guards"
        + " read their annotations from interfaces only, never from a class that implements one."
        + " Hint: move @RequiresRole to PostsHandlers.titles(String), the declaration guards"
        + " read.");
    assertThat(compilation).hadErrorCount(1);
    // Through a superclass and a super-interface too: the method is named where it is declared.
    JavaFileObject base = source("Base",
        "public interface Base {",
        "  String titles(@BearerToken String token);",
        "}");
    JavaFileObject api = source("Api",
        "@RequiresAuth",
        "public interface Api extends Base {",
        "  String list(@BearerToken String token);",
        "}");
    JavaFileObject sub = source("Sub",
        "public class Sub extends Impl {",
        "  @Override @RequiresRole(\"admin\")",
        "  public String titles(String token) { return token; }",
        "}");
    JavaFileObject impl = source("Impl",
        "public abstract class Impl implements Api {}");
    compilation = assertError("ProtektImplementationMethod", "@RequiresRole", sub, impl, api, base);
    assertThat(compilation).hadErrorContaining("Hint: move @RequiresRole to Base.titles(String),"
        + " the declaration guards read.");
    // A method no interface declares keeps the hint to declare it in one.
    assertError("ProtektNotAnInterface", "@RequiresRole", source("Other",
        "public class Other implements PostsHandlers {",
        "  public String list(String token) { return token; }",
        "  public String titles(String token) { return token; }",
        "  @RequiresRole(\"admin\")",
        "  public String drafts(String token) { return token; }",
        "}"), handlers);
  }

  @Test
  void sealedInterfaceCannotBeImplementedByItsGuard() {
    assertError("ProtektSealedInterface", "sealed interface Handlers",
        source("Handlers",
            "@RequiresAuth",
            "public sealed interface Handlers permits Handlers.Impl {",
            "  String list(@BearerToken String token);",
            "  final class Impl implements Handlers {",
            "    public String list(String token) { return token; }",
            "  }",
            "}"));
  }

  @Test
  void privateNestedInterfaceCannotBeImplementedByItsGuard() {
    assertError("ProtektPrivateInterface", "private interface Inner",
        source("Outer",
            "public class Outer {",
            "  @RequiresAuth",
            "  private interface Inner {",
            "    String list(@BearerToken String token);",
            "  }",
            "}"));
  }

  @Test
  void staticMethodCannotBeGuarded() {
    assertError("ProtektStaticMethod", "@RequiresRole(\"admin\")",
        source("Handlers",
            "@RequiresAuth",
            "public interface Handlers {",
            "  String list(@BearerToken String token);",
            "  @RequiresRole(\"admin\")",
            "  static String help() { return \"\"; }",
            "}"));
  }

  @Test
  void privateMethodCannotBeGuardedAndSaysPrivate() {
    Compilation compilation = assertError("ProtektPrivateMethod", "@RequiresRole(\"admin\")",
        source("Handlers",
            "@RequiresAuth",
            "public interface Handlers {",
            "  String list(@BearerToken String token);",
            "  @RequiresRole(\"admin\")",
            "  private String help() { return \"\"; }",
            "}"));
    assertThat(compilation).hadErrorContaining("Handlers.help(), a private method");
  }

  @Test
  void aConstantThatHidesAPackageTheGuardNamesIsAnError() {
    Compilation compilation = assertError("ProtektNameHidesPackage", "public interface Api",
        source("Api",
            "@RequiresAuth",
            "public interface Api extends Base {",
            "  String list(@BearerToken String token);",
            "}"),
        source("Base", "public interface Base { int dev = 1; }"));
    assertThat(compilation).hadErrorContaining(
        "Api has the constant Base.dev, which hides the package dev that its guard's code names");
    // One of its own is reported where it is declared.
    JavaFileObject api = source("Api",
        "@RequiresAuth",
        "public interface Api {",
        "  String java = \"x\";",
        "  String list(@BearerToken String token);",
        "}");
    assertThat(compile(api)).hadErrorContaining("[ProtektNameHidesPackage] Api has the constant"
        + " Api.java").inFile(api).onLineContaining("String java");
  }

  @Test
  void aMemberTypeOrTypeVariableThatHidesAPackageTheGuardNamesIsAnError() {
    // Each alone used to compile, but any second hidden name (here Guards) made the guard write
    // dev.protekt.guard.Guards, which dev then hid, in a file the user cannot edit.
    Compilation compilation = assertError("ProtektNameHidesPackage", "class dev {}",
        source("Nested",
            "@RequiresAuth",
            "public interface Nested {",
            "  class dev {}",
            "  class Guards {}",
            "  String list(@BearerToken String token);",
            "}"));
    assertThat(compilation).hadErrorContaining("Nested has the member type Nested.dev, which"
        + " hides the package dev that its guard's code names. Hint: rename the member type");
    // The interface's type variable is in the whole guard's scope; a method's is not refused,
    // since the guard's override names its type variables its own way.
    JavaFileObject generic = source("Generic",
        "@RequiresAuth",
        "public interface Generic<java> {",
        "  <dev> dev list(@BearerToken String token, java j);",
        "}");
    compilation = assertError("ProtektNameHidesPackage", "public interface Generic", generic);
    assertThat(compilation).hadErrorContaining(
        "Generic has the type variable java, which hides the package java").inFile(generic)
        .onLineContaining("public interface Generic<java>");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void aTypeOfThePackageThatHidesAPackageTheGuardNamesIsAnError() {
    // Objects, hidden by the nested type, is written java.util.Objects, and java is the class.
    assertOnlyErrorOnApi("ProtektNameHidesPackage", "Api has the type test.java beside it, which"
        + " hides the package java that its guard's code names. Hint: rename the type",
        source("Api",
            "@RequiresRole(\"a\")",
            "public interface Api {",
            "  class Objects {}",
            "  String list(@BearerToken String token);",
            "}"),
        source("java", "public class java {}"));
  }

  @Test
  void anInheritedMemberTypeNamedLikeTheInterfaceIsAnError() {
    // The guard's delegate field would have been of type Base.Api, which has no method list.
    assertOnlyErrorOnApi("ProtektNameHidesInterface", "Api has the member type Base.Api, which"
        + " hides Api in its guard's code, where the guard names the interface. Hint: rename the"
        + " member type, or the interface.",
        source("Api",
            "@RequiresAuth",
            "public interface Api extends Base {",
            "  String list(@BearerToken String token);",
            "}"),
        source("Base", "public interface Base { interface Api {} }"));
  }

  @Test
  void aMemberTypeNamedLikeATypeOfThePackageThatTheGuardNamesIsAnError() {
    // JavaPoet writes a type of the guard's own package by its simple name, which in the guard's
    // body would mean the member type: test.Item get() would have become Api.Item get().
    Compilation compilation = assertError("ProtektNameHidesType", "interface Item",
        source("Api",
            "@RequiresAuth",
            "public interface Api {",
            "  interface Item {}",
            "  test.Item get(@BearerToken String token);",
            "}"),
        source("Item", "public class Item {}"));
    assertThat(compilation).hadErrorContaining("Api has the member type Api.Item, which hides"
        + " test.Item in its guard's code, where the guard names that type of its package by its"
        + " simple name. Hint: rename the member type, or the type test.Item.");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void anInheritedMemberTypeNamedLikeATypeOfThePackageIsAnErrorOnTheInterface() {
    assertOnlyErrorOnApi("ProtektNameHidesType", "Api has the member type Base.Item, which hides"
        + " test.Item",
        source("Api",
            "@RequiresAuth",
            "public interface Api extends Base {",
            "  java.util.List<test.Item> get(@BearerToken String token);",
            "}"),
        source("Base", "public interface Base { interface Item {} }"),
        source("Item", "public class Item {}"));
  }

  @Test
  void aMemberTypeHidingATypeOfTheUnnamedPackageIsAnError() {
    // Api inherits get() from T, which names the top-level Item, and the member type S.Item from S:
    // the unnamed package has no qualified name to write instead.
    JavaFileObject api = JavaFileObjects.forSourceString("Api",
        "@dev.protekt.annotations.RequiresAuth public interface Api extends S, T {}");
    Compilation compilation = compile(api,
        JavaFileObjects.forSourceString("Item", "public class Item {}"),
        JavaFileObjects.forSourceString("S", "public interface S { interface Item {} }"),
        JavaFileObjects.forSourceString("T", "public interface T {"
            + " Item get(@dev.protekt.annotations.BearerToken String token); }"));
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorContaining("[ProtektNameHidesType] Api has the member type"
        + " S.Item, which hides Item").inFile(api).onLineContaining("public interface Api");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void aTypeThatHidesASuperInterfacesGuardInTheUnnamedPackageIsAnError() {
    // Elsewhere the guard names BaseGuard qualified; here the nested type would be the one whose
    // CHECKS_DIGEST it compares, and a stale guard would let callers through.
    String imports = "import dev.protekt.annotations.*;\n";
    JavaFileObject api = JavaFileObjects.forSourceString("Api", imports
        + "@RequiresRole(\"a\")\n"
        + "public interface Api extends Base {\n"
        + "  class BaseGuard { public static final String CHECKS_DIGEST = \"none\"; }\n"
        + "  String list(@BearerToken String token);\n"
        + "}");
    JavaFileObject base = JavaFileObjects.forSourceString("Base", imports
        + "@RequiresAuth public interface Base { String get(@BearerToken String token); }");
    Compilation compilation = assertError("ProtektNameHidesGuard", "class BaseGuard", api, base);
    assertThat(compilation).hadErrorContaining("Api has the member type Api.BaseGuard, which"
        + " hides BaseGuard, the guard of Base, with whose checks its guard compares its own at run"
        + " time. Hint: rename the member type, or declare the interfaces in a named package");
    assertThat(compilation).hadErrorCount(1);
  }

  /**
   * Where a name obscures the package of a super-interface's guard in the guard's constructor, and
   * another its simple name, the guard could compare with nothing: it is refused, on the member,
   * rather than generated without the comparison (which would let a stale guard's callers through).
   */
  @Test
  void aSuperInterfacesGuardThatNoNameReachesIsAnError() {
    JavaFileObject base = JavaFileObjects.forSourceString("lib.Base", "package lib;\n"
        + "import dev.protekt.annotations.*;\n"
        + "@RequiresAuth public interface Base { String get(@BearerToken String token); }");
    Compilation compilation = assertError("ProtektNameHidesGuardPackage", "int lib", source("Api",
        "@RequiresRole(\"a\")",
        "public interface Api extends lib.Base {",
        "  interface BaseGuard {}",
        "  int lib = 1;",
        "  String list(@BearerToken String token);",
        "}"), base);
    assertThat(compilation).hadErrorContaining("Api's guard compares its checks at run time with"
        + " those of lib.BaseGuard, the guard of lib.Base, but can name it neither by its simple"
        + " name, which the member type Api.BaseGuard hides, nor by its qualified name, whose"
        + " package lib the constant Api.lib hides. Hint: rename the constant Api.lib or the member"
        + " type Api.BaseGuard, so that one of the names reaches lib.BaseGuard.");
    assertThat(compilation).hadErrorCount(1);

    // A type variable obscures the package, and a class of that name the guard imports for a
    // signature would be the one compared.
    compilation = assertError("ProtektNameHidesGuardPackage", "public interface Api", source("Api",
        "import lib.Base;",
        "@RequiresRole(\"a\")",
        "public interface Api<lib> extends Base {",
        "  String list(@BearerToken String token, other.BaseGuard guard);",
        "}"), base, JavaFileObjects.forSourceString("other.BaseGuard",
            "package other;\npublic class BaseGuard { public static String CHECKS_DIGEST; }"));
    assertThat(compilation).hadErrorContaining("simple name, which the type other.BaseGuard that"
        + " its guard names too hides, nor by its qualified name, whose package lib the type"
        + " variable lib hides");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void namesHidingGeneratedAndJavaxTogetherAreAnError() {
    // The guard writes javax.annotation.processing.Generated where Generated is hidden, and no
    // name reaches javax past a type variable, member type or class of the package so named.
    assertError("ProtektNameHidesPackage", "public interface Api", source("Api",
        "@RequiresAuth",
        "public interface Api<Generated, javax> {",
        "  String m(@BearerToken String token);",
        "}"));
    assertOnlyErrorOnApi("ProtektNameHidesPackage", "Api has the type test.javax beside it, which"
        + " hides the package javax",
        source("Api",
            "@RequiresAuth",
            "public interface Api {",
            "  interface Generated {}",
            "  String m(@BearerToken String token);",
            "}"),
        source("javax", "public class javax {}"));
    // Either name alone is fine: the guard imports Generated, or writes it qualified.
    assertThat(compile(source("Api",
        "@RequiresAuth",
        "public interface Api<javax> {",
        "  String m(@BearerToken String token);",
        "}"))).succeeded();
  }

  @Test
  void aHiddenTypeOfAnotherPackageWhosePackageIsHiddenTooIsAnError() {
    // The member type HttpExchange makes the guard write com.sun.net.httpserver.HttpExchange, out
    // of reach past the type variable com.
    assertError("ProtektNameHidesPackage", "public interface Api", source("Api",
        "@RequiresAuth",
        "public interface Api<com> extends Base {",
        "  interface HttpExchange {}",
        "}"),
        source("Base", "public interface Base { void ex(HttpExchange exchange); }"));
    assertThat(compile(source("Api",
        "@RequiresAuth",
        "public interface Api<com> {",
        "  void ex(HttpExchange exchange);",
        "}"))).succeeded();
  }

  @Test
  void aTypeVariableNamedLikeTheInterfaceInTheUnnamedPackageIsAnError() {
    JavaFileObject api = JavaFileObjects.forSourceString("Api",
        "@dev.protekt.annotations.RequiresAuth\n"
        + "public interface Api<Api> {\n"
        + "  Api get(@dev.protekt.annotations.BearerToken String token);\n"
        + "}");
    Compilation compilation = compile(api);
    assertThat(compilation).hadErrorContaining("[ProtektNameHidesInterface] Api has the type"
        + " variable Api, which hides Api in its guard's code, where the guard names the interface."
        + " Hint: rename the type variable, or the interface.").inFile(api).onLine(2);
    assertThat(compilation).hadErrorCount(1);
    // In a named package the guard writes test.Api, unless test is hidden too.
    assertThat(compile(source("Api",
        "@RequiresAuth",
        "public interface Api<Api> {",
        "  Api get(@BearerToken String token);",
        "}"))).succeeded();
    assertError("ProtektNameHidesPackage", "public interface Api", source("Api",
        "@RequiresAuth",
        "public interface Api<Api, test> {",
        "  Api get(@BearerToken String token);",
        "}"));
  }

  @Test
  void aPackageNamedLikeAFieldOfTheGuardIsNamedInTheHintInsteadOfTheField() {
    // The guard's fields delegate and protekt are its own: the hint names what the user can rename.
    JavaFileObject base = JavaFileObjects.forSourceString("delegate.Base", "package delegate;\n"
        + "@dev.protekt.annotations.RequiresAuth public interface Base {"
        + " String a(@dev.protekt.annotations.BearerToken String t); }");
    Compilation compilation = assertError("ProtektNameHidesGuardPackage", "int BaseGuard",
        source("Api",
            "@RequiresRole(\"x\")",
            "public interface Api extends delegate.Base {",
            "  int BaseGuard = 1;",
            "}"), base);
    assertThat(compilation).hadErrorContaining("whose package delegate the field delegate of its"
        + " guard hides. Hint: rename the package delegate or the constant Api.BaseGuard, so that"
        + " one of the names reaches delegate.BaseGuard.");
  }

  @Test
  void emptyRoleListIsAnError() {
    assertError("ProtektNoValues", "@RequiresRole({})",
        source("Handlers",
            "public interface Handlers {",
            "  @RequiresRole({})",
            "  String list(@BearerToken String token);",
            "}"));
  }

  @Test
  void blankPermissionIsReportedOnTheValue() {
    assertError("ProtektBlankValue", "\" \"",
        source("Handlers",
            "public interface Handlers {",
            "  @RequiresPermission({\"read:posts\",",
            "      \" \"})",
            "  String list(@BearerToken String token);",
            "}"));
  }

  @Test
  void aValueWithWhiteSpaceAtAnEndIsReportedWithTheValueToWrite() {
    Compilation compilation = assertError("ProtektPaddedValue", "\" admin\"",
        source("Handlers",
            "public interface Handlers {",
            "  @RequiresRole({\"editor\",",
            "      \" admin\"})",
            "  String list(@BearerToken String token);",
            "}"));
    assertThat(compilation).hadErrorContaining("@RequiresRole contains the role \" admin\", which"
        + " starts or ends with white space, so only a token carrying those spaces too would match"
        + " it. Hint: write the role name exactly as the token carries it: \"admin\".");
    // A no-break space, which String.strip() keeps, is white space at an end all the same; a
    // zero-width space alone is blank.
    assertError("ProtektPaddedValue", "admin\\u00a0", source("NoBreak",
        "public interface NoBreak {",
        "  @RequiresRole(\"admin\\u00a0\") String list(@BearerToken String token);",
        "}"));
    assertError("ProtektBlankValue", "\\u200b", source("ZeroWidth",
        "public interface ZeroWidth {",
        "  @RequiresPermission(\"\\u200b\") String list(@BearerToken String token);",
        "}"));
    // A space inside is a name a roles claim may carry ("Account Admin").
    assertThat(compile(source("Spaced",
        "public interface Spaced {",
        "  @RequiresRole(\"Account Admin\") String list(@BearerToken String token);",
        "}"))).succeededWithoutWarnings();
  }

  @Test
  void aPermissionWithWhiteSpaceInsideIsReportedWithTheValuesToWrite() {
    // scope is split at spaces: no token grants "read:posts write:posts" from it.
    Compilation compilation = assertError("ProtektSpaceInPermission", "write:posts\"}",
        source("Handlers",
            "public interface Handlers {",
            "  @RequiresPermission({\"admin\",",
            "      \"read:posts write:posts\"})",
            "  String list(@BearerToken String token);",
            "}"));
    assertThat(compilation).hadErrorContaining("@RequiresPermission contains the permission"
        + " \"read:posts write:posts\", with white space inside, which no token grants from its"
        + " scope claim, whose permissions are separated by spaces. Hint: write each permission as"
        + " a value of its own: {\"read:posts\", \"write:posts\"}.");
    assertError("ProtektSpaceInPermission", "RequiresPermission", source("NoBreak",
        "@RequiresPermission(\"read\u00a0posts\")",
        "public interface NoBreak { String list(@BearerToken String token); }"));
  }

  @Test
  void aTypeLevelValueErrorHidesNoErrorOfTheMethods() {
    // The interface's own error, and each method's, in one compile; nothing that follows from
    // the first (no [ProtektUnguardedMethod] for the method it would have guarded).
    JavaFileObject api = source("Api",
        "@RequiresRole({})",
        "public interface Api {",
        "  String count(@BearerToken Integer token);",
        "  String list(String query);",
        "  @Public String health(@BearerToken Integer ignored);",
        "}");
    Compilation compilation = compile(api);
    assertThat(compilation).hadErrorContaining("[ProtektNoValues]").inFile(api)
        .onLineContaining("@RequiresRole({})");
    assertThat(compilation).hadErrorContaining("[ProtektBearerTokenNotString]").inFile(api)
        .onLineContaining("count");
    assertThat(compilation).hadErrorContaining("[ProtektNoTokenSource]").inFile(api)
        .onLineContaining("list(String query)");
    assertThat(compilation).hadErrorCount(3);
  }

  @Test
  void aValueWithAControlOrSeparatorCharacterIsReportedOnTheValue() {
    // U+2028 used to end a line of the guard's source inside the string; U+0000 was accepted.
    Compilation compilation = assertError("ProtektControlCharacter", "sep", source("Handlers",
        "public interface Handlers {",
        "  @RequiresRole({\"admin\",",
        "      \"line\\u2028sep\"})",
        "  String list(@BearerToken String token);",
        "}"));
    assertThat(compilation).hadErrorContaining("@RequiresRole contains the role \"line\\u2028sep\","
        + " with the character U+2028 inside, which no role name a token carries holds. Hint:"
        + " write the role name exactly as the token carries it, without control characters");
    assertThat(compilation).hadErrorCount(1);
    for (String character : List.of("\\u0000", "\\t", "\\u2029", "\\u007f")) {
      assertError("ProtektControlCharacter", "@RequiresPermission", source("Handlers",
          "public interface Handlers {",
          "  @RequiresPermission(\"read:posts" + character + "x\")",
          "  String list(@BearerToken String token);",
          "}"));
    }
  }

  @Test
  void emptyStringRoleOnTheInterfaceIsAnError() {
    assertError("ProtektBlankValue", "@RequiresRole(\"\")",
        source("Handlers",
            "@RequiresRole(\"\")",
            "public interface Handlers {",
            "  String list(@BearerToken String token);",
            "}"));
  }

  @Test
  void publicWithARequirementIsContradictory() {
    assertError("ProtektPublicWithRequirement", "@Public",
        source("Handlers",
            "@RequiresAuth",
            "public interface Handlers {",
            "  @Public",
            "  @RequiresRole(\"admin\")",
            "  String list(@BearerToken String token);",
            "}"));
  }

  @Test
  void methodWithoutRequirementIsDeniedByDefault() {
    assertError("ProtektUnguardedMethod", "String stats(",
        source("Handlers",
            "public interface Handlers {",
            "  @RequiresAuth String list(@BearerToken String token);",
            "  String stats(@BearerToken String token);",
            "}"));
  }

  @Test
  void inheritedMethodWithoutRequirementIsReportedOnTheGuardedInterface() {
    assertError("ProtektUnguardedMethod", "public interface Handlers",
        source("Handlers",
            "public interface Handlers extends Base {",
            "  @RequiresAuth String list(@BearerToken String token);",
            "}"),
        source("Base",
            "public interface Base {",
            "  String stats(@BearerToken String token);",
            "}"));
  }

  @Test
  void methodWithoutTokenSourceSaysWhatToAdd() {
    JavaFileObject source = source("Handlers",
        "@RequiresAuth",
        "public interface Handlers {",
        "  String list(String query);",
        "}");
    assertError("ProtektNoTokenSource", "String list(", source);
    assertThat(compile(source)).hadErrorContaining("@TokenFromContext");
  }

  @Test
  void aBearerTokenOnTheImplementationInsteadOfTheInterfaceIsToldToAnnotateTheInterfacesParameter() {
    // The String parameter is there, its @BearerToken on the implementation's: not "add a
    // parameter", but annotate this one, on the interface.
    JavaFileObject handlers = source("PostsHandlers",
        "@RequiresAuth",
        "public interface PostsHandlers {",
        "  String list(String token);",
        "  String titles(String token, String query);",
        "}");
    JavaFileObject service = source("PostsService",
        "public class PostsService implements PostsHandlers {",
        "  public String list(@BearerToken String token) { return token; }",
        "  public String titles(@BearerToken String token, String query) { return token; }",
        "}");
    Compilation compilation =
        assertError("ProtektNoTokenSource", "String list(", handlers, service);
    assertThat(compilation).hadErrorContaining("[ProtektNoTokenSource] the guard cannot find the"
        + " bearer token of a call to PostsHandlers.list(String). Hint: if String parameter"
        + " 'token' of PostsHandlers.list(String) carries it, annotate it @BearerToken there, on"
        + " the interface's declaration, which the guard reads (never an implementation's"
        + " parameters); otherwise, add a parameter that carries it: a String annotated"
        + " @BearerToken,");
    assertThat(compilation).hadErrorContaining("Hint: if String parameter 'token' or 'query' of"
        + " PostsHandlers.titles(String, String) carries it, annotate it @BearerToken there")
        .inFile(handlers).onLineContaining("String titles(");
    assertThat(compilation).hadErrorCount(2);
  }

  @Test
  void aGuardedSuperInterfacesMethodWithoutTokenSourceIsOneErrorNotOneMorePerSubInterface() {
    JavaFileObject base = source("Base",
        "@RequiresAuth",
        "public interface Base {",
        "  String read(String id);",
        "}");
    Compilation compilation = assertError("ProtektNoTokenSource", "String read(", base,
        source("Sub", "@RequiresRole(\"admin\") public interface Sub extends Base {}"));
    assertThat(compilation).hadErrorCount(1);
    // Where the interface that declares it is not guarded, the fault is the sub-interface's.
    JavaFileObject sub =
        source("Sub", "@RequiresRole(\"admin\") public interface Sub extends Base {}");
    compilation = assertError("ProtektNoTokenSource", "public interface Sub", sub,
        source("Base", "public interface Base { String read(String id); }"));
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void twoRequestParametersAreAmbiguousAndTheHintSaysEveryFix() {
    Compilation compilation = assertError("ProtektTwoRequests", "HttpExchange second",
        source("Handlers",
            "@RequiresAuth",
            "public interface Handlers {",
            "  void copy(HttpExchange first,",
            "      HttpExchange second);",
            "}"));
    assertThat(compilation).hadErrorContaining("Hint: either add a String parameter annotated"
        + " @BearerToken that carries the caller's token (it takes precedence over request"
        + " parameters), or keep one request parameter");
  }

  @Test
  void twoBearerTokenParametersAreAmbiguous() {
    assertError("ProtektTwoBearerTokens", "@BearerToken String b",
        source("Handlers",
            "@RequiresAuth",
            "public interface Handlers {",
            "  void copy(@BearerToken String a,",
            "      @BearerToken String b);",
            "}"));
  }

  @Test
  void bearerTokenMustBeAString() {
    assertError("ProtektBearerTokenNotString", "@BearerToken char[]",
        source("Handlers",
            "@RequiresAuth",
            "public interface Handlers {",
            "  void list(String query,",
            "      @BearerToken char[] token);",
            "}"));
  }

  @Test
  void anImplementationMayRepeatItsInterfacesBearerToken() {
    Compilation compilation = compile(
        source("Handlers",
            "@RequiresAuth",
            "public interface Handlers {",
            "  String list(@BearerToken String token);",
            "}"),
        source("HandlersImpl",
            "public class HandlersImpl implements Handlers {",
            "  @Override public String list(@BearerToken String token) { return token; }",
            "}"));
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("test.HandlersGuard");
  }

  @Test
  void aClassThatIsAnnotatedIsReportedOnceNotAgainForItsBearerTokens() {
    Compilation compilation = compile(source("Handlers",
        "@RequiresAuth",
        "public class Handlers {",
        "  public String list(@BearerToken String token) { return token; }",
        "  @RequiresRole(\"admin\") public String edit(@BearerToken String token) { return token; }",
        "}"));
    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation).hadErrorContaining("@RequiresAuth is on class Handlers");
    assertThat(compilation).hadErrorContaining("@RequiresRole is on a method of class Handlers");
  }

  @Test
  void bearerTokenOnAStaticOrPrivateMethodIsAnError() {
    JavaFileObject source = source("Handlers",
        "@RequiresAuth",
        "public interface Handlers {",
        "  String list(@BearerToken String token);",
        "  static String help(@BearerToken String token) { return token; }",
        "  private String name(@BearerToken String token) { return token; }",
        "}");
    Compilation compilation = compile(source);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation).hadErrorContaining("[ProtektStaticMethod]").inFile(source)
        .onLineContaining("static String help");
    assertThat(compilation).hadErrorContaining(
        "@BearerToken is on a parameter of Handlers.help(String), a static method");
    assertThat(compilation).hadErrorContaining("[ProtektPrivateMethod]").inFile(source)
        .onLineContaining("private String name");
    assertThat(compilation).hadErrorContaining(
        "@BearerToken is on a parameter of Handlers.name(String), a private method");
  }

  @Test
  void bearerTokenOnAnInterfaceWithoutAGuardNotesThatNothingReadsIt() {
    JavaFileObject source = source("Handlers",
        "public interface Handlers {",
        "  String list(@BearerToken String token);",
        "}");
    Compilation compilation = compile(source);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).hadNoteCount(1);
    assertThat(compilation).hadNoteContaining("[ProtektBearerTokenUnguarded]").inFile(source)
        .onLineContaining("@BearerToken");
    assertThat(compilation).hadNoteContaining("Handlers carries no Protekt annotation and no"
        + " guarded interface compiled with it extends it");
    assertThat(compilation).hadNoteContaining("Hint: annotate Handlers, or the method,");
    assertThat(compilation.generatedSourceFiles()).isEmpty();
  }

  @Test
  void aSuperInterfaceRecompiledWithoutItsGuardedSubInterfaceFailsNoWerrorBuild(
      @TempDir Path classes) throws IOException {
    // A build that recompiles only the changed Plain.java: Sub, which reads its token, is a class.
    JavaFileObject plain = source("Plain",
        "public interface Plain { String read(@BearerToken String t); }");
    List<File> classPath = onClassPath(classes, compile(plain,
        source("Sub", "@RequiresAuth public interface Sub extends Plain {}")));
    Compilation compilation = javac().withProcessors(new GuardProcessor())
        .withClasspath(classPath).withOptions("-Xlint:all", "-Werror").compile(plain);
    assertThat(compilation).succeededWithoutWarnings();
  }

  @Test
  void aSubInterfaceOfAGuardedInterfaceWithoutAnnotationsOfItsOwnNotes() {
    JavaFileObject admin = source("AdminHandlers",
        "public interface AdminHandlers extends Handlers {",
        "  String purge(@BearerToken String token);",
        "}");
    Compilation compilation = compile(admin,
        source("Handlers",
            "@RequiresAuth",
            "public interface Handlers {",
            "  String list(@BearerToken String token);",
            "}"));
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).hadNoteCount(1);
    assertThat(compilation).hadNoteContaining("[ProtektBearerTokenUnguarded]").inFile(admin)
        .onLineContaining("purge");
  }

  @Test
  void bearerTokenOnASuperInterfaceThatAGuardedOneExtendsIsRead() {
    Compilation compilation = compile(
        source("Handlers",
            "public interface Handlers {",
            "  String list(@BearerToken String token);",
            "}"),
        source("GuardedHandlers",
            "@RequiresAuth",
            "public interface GuardedHandlers extends Handlers {}"));
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("test.GuardedHandlersGuard")
        .contentsAsUtf8String().contains("Guards.authorize(this.protekt, LIST, token)");
  }

  @Test
  void aGuardedInterfaceThatAnotherProcessorWritesLaterStillReadsTheBearerToken() {
    Compilation compilation = javac()
        .withProcessors(new GuardProcessor(), new GuardEdgeCasesTest.GeneratesSource("Api",
            "@dev.protekt.annotations.RequiresAuth",
            "public interface Api extends Handlers {}"))
        .compile(
            source("Trigger", "@Deprecated class Trigger {}"),
            source("Handlers",
                "public interface Handlers {",
                "  String list(@BearerToken String token);",
                "}"));
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("test.ApiGuard")
        .contentsAsUtf8String().contains("Guards.authorize(this.protekt, LIST, token)");
  }

  @Test
  void aBearerTokenThatTheGuardedInterfaceDeclaresAwayWarns() {
    JavaFileObject base = source("Handlers",
        "public interface Handlers {",
        "  String me(@BearerToken String token);",
        "}");
    Compilation compilation = compile(base,
        source("Api",
            "@RequiresAuth",
            "@TokenFromContext",
            "public interface Api extends Handlers {",
            "  @Override String me(String token);",
            "}"));
    assertThat(compilation).succeeded();
    assertThat(compilation).hadWarningCount(1);
    assertThat(compilation).hadWarningContaining("[ProtektBearerTokenOverridden]").inFile(base)
        .onLineContaining("@BearerToken");
    assertThat(compilation).hadWarningContaining("the guards of the interfaces that extend"
        + " Handlers take the token from another declaration of the method, or from elsewhere");
    assertThat(compilation).generatedSourceFile("test.ApiGuard")
        .contentsAsUtf8String().contains("TokenContext.ofCurrentRequest()");
  }

  @Test
  void aBearerTokenIsReadWhenTheDeclarationTheGuardReadsMarksItAgain() {
    // Mid drops the annotation, but G's own declaration, which its guard reads, restores it.
    Compilation compilation = compile(
        source("Handlers", "public interface Handlers { String m(@BearerToken String token); }"),
        source("Mid", "public interface Mid extends Handlers { @Override String m(String token); }"),
        source("G",
            "@RequiresAuth",
            "public interface G extends Mid { @Override String m(@BearerToken String token); }"));
    assertThat(compilation).succeededWithoutWarnings();
  }

  @Test
  void aBearerTokenOnTheBranchOfADiamondTheGuardDoesNotReadWarns() {
    JavaFileObject a = source("A", "public interface A { String m(@BearerToken String token); }");
    Compilation compilation = compile(a,
        source("B", "public interface B { String m(String token); }"),
        // Redeclared on G, which settles where its token comes from (else the branches differ).
        source("G", "@RequiresAuth @TokenFromContext public interface G extends B, A {",
            "  String m(String token);",
            "}"));
    assertThat(compilation).succeeded();
    assertThat(compilation).generatedSourceFile("test.GGuard")
        .contentsAsUtf8String().contains("TokenContext.ofCurrentRequest()");
    assertThat(compilation).hadWarningCount(1);
    assertThat(compilation).hadWarningContaining("[ProtektBearerTokenOverridden]").inFile(a)
        .onLineContaining("@BearerToken");
  }

  @Test
  void aBearerTokenOnAPublicMethodIsLeftAlone() {
    assertThat(compile(source("Handlers",
        "@RequiresAuth",
        "public interface Handlers {",
        "  @Public String health(@BearerToken String tokenIfAny);",
        "  String list(@BearerToken String token);",
        "}"))).succeededWithoutWarnings();
  }

  @Test
  void aBearerTokenOfAGenericSuperInterfaceThatTheGuardInheritsIsRead() {
    assertThat(compile(
        source("Handlers",
            "public interface Handlers<T> {",
            "  String put(@BearerToken String token, T value);",
            "}"),
        source("Api",
            "@RequiresAuth",
            "public interface Api extends Handlers<Integer> {",
            "  String other(@BearerToken String token);",
            "}"))).succeededWithoutWarnings();
  }

  @Test
  void suppressWarningsWithTheIdSilencesTheUnguardedBearerTokenNote() {
    for (Compilation compilation : List.of(
        compile(source("Handlers",
            "@SuppressWarnings(\"ProtektBearerTokenUnguarded\")",
            "public interface Handlers {",
            "  String list(@BearerToken String token);",
            "}")),
        compile(source("Handlers",
            "public interface Handlers {",
            "  String list(",
            "      @SuppressWarnings(\"ProtektBearerTokenUnguarded\") @BearerToken String t);",
            "}")),
        compile(source("Handlers",
            "@SuppressWarnings(\"all\")",
            "public interface Handlers {",
            "  String list(@BearerToken String token);",
            "}")))) {
      assertThat(compilation).succeededWithoutWarnings();
      assertThat(compilation).hadNoteCount(0);
    }
  }

  @Test
  void unrelatedSuperInterfacesWithDifferentRolesConflict() {
    Compilation compilation = assertError("ProtektConflictingInheritance",
        "public interface Handlers",
        source("Handlers",
            "@RequiresAuth",
            "public interface Handlers extends Admin, Editor {",
            "  String list(@BearerToken String token);",
            "}"),
        source("Admin",
            "@RequiresRole(\"admin\") public interface Admin {}"),
        source("Editor",
            "@RequiresRole(\"editor\") public interface Editor {}"));
    assertThat(compilation).hadErrorContaining("Handlers inherits different roles:"
        + " @RequiresRole(\"admin\") from Admin, and @RequiresRole(\"editor\") from Editor. Hint:"
        + " annotate Handlers itself with the one it means: @RequiresRole(\"admin\") or"
        + " @RequiresRole(\"editor\").");
  }

  @Test
  void aTypeLevelConflictIsReportedOnceForAllTheMethods() {
    Compilation compilation = compile(
        source("Handlers",
            "@RequiresAuth",
            "public interface Handlers extends Admin, Editor {",
            "  String list(@BearerToken String token);",
            "  String edit(@BearerToken String token);",
            "}"),
        source("Admin",
            "@RequiresPermission(value = {\"a\", \"b\"}, match = Match.ALL)",
            "public interface Admin {}"),
        source("Editor", "@RequiresPermission({\"a\", \"c\"}) public interface Editor {}"));
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining("Handlers inherits different permissions:"
        + " @RequiresPermission(value = {\"a\", \"b\"}, match = Match.ALL) from Admin, and"
        + " @RequiresPermission({\"a\", \"c\"}) from Editor.");
  }

  @Test
  void restatingTheConflictingKindOnTheSubInterfaceResolvesIt() {
    Compilation compilation = compile(
        source("Handlers",
            "@RequiresRole(\"admin\")",
            "public interface Handlers extends Admin, Editor {",
            "  String list(@BearerToken String token);",
            "}"),
        source("Admin", "@RequiresRole(\"admin\") public interface Admin {}"),
        source("Editor", "@RequiresRole(\"editor\") public interface Editor {}"));
    assertThat(compilation).succeeded();
    assertThat(compilation).generatedSourceFile("test.HandlersGuard").contentsAsUtf8String()
        .contains("roles(Match.ANY, \"admin\")");
  }

  @Test
  void unrelatedDeclarationsOfOneMethodWithDifferentRequirementsConflict() {
    assertError("ProtektConflictingInheritance", "public interface Handlers",
        source("Handlers",
            "@RequiresAuth",
            "public interface Handlers extends Reading, Writing {}"),
        source("Reading",
            "public interface Reading { @RequiresPermission(\"read\") String get(@BearerToken String t); }"),
        source("Writing",
            "public interface Writing { @RequiresPermission(\"write\") String get(@BearerToken String t); }"));
  }

  @Test
  void publicOnOneDeclarationAgainstTheTypeLevelRoleOfAnotherConflicts() {
    // Otherwise Reports' @Public would open a method that Admin requires a role for.
    assertError("ProtektConflictingInheritance", "public interface Handlers",
        source("Handlers",
            "@RequiresAuth",
            "public interface Handlers extends Reports, Admin {}"),
        source("Reports",
            "public interface Reports { @Public String export(@BearerToken String t); }"),
        source("Admin",
            "@RequiresRole(\"admin\")",
            "public interface Admin { String export(@BearerToken String t); }"));
  }

  @Test
  void publicAgainstATokenAloneNamesBothInterfacesAndTheMethodAsTheGuardedOnesMember() {
    Compilation compilation = compile(
        source("Handlers",
            "@RequiresAuth",
            "public interface Handlers extends Reports, Signed {}"),
        source("Reports",
            "public interface Reports { @Public String export(@BearerToken String t); }"),
        source("Signed",
            "@RequiresAuth",
            "public interface Signed { String export(@BearerToken String t); }"));
    assertThat(compilation).hadErrorContaining("Handlers.export(String) inherits different"
        + " requirements: @Public from Reports, and @RequiresAuth from Signed. Hint: declare"
        + " export(String) on Handlers with the one it means: @Public or @RequiresAuth.");
  }

  @Test
  void aMethodRoleAgainstTheTypeLevelRoleOfAnotherDeclarationConflicts() {
    assertError("ProtektConflictingInheritance", "public interface Handlers",
        source("Handlers",
            "@RequiresAuth",
            "public interface Handlers extends Reports, Admin {}"),
        source("Reports",
            "public interface Reports { @RequiresRole(\"user\") String export(@BearerToken String t); }"),
        source("Admin",
            "@RequiresRole(\"admin\")",
            "public interface Admin { String export(@BearerToken String t); }"));
  }

  @Test
  void publicOnOneDeclarationConflictsEvenWhenTheSubInterfaceRestatesTheKind() {
    // Handlers' own role replaces Admin's for what Admin leaves unsaid, not Reports' @Public.
    assertError("ProtektConflictingInheritance", "public interface Handlers",
        source("Handlers",
            "@RequiresRole(\"user\")",
            "public interface Handlers extends Admin, Reports {}"),
        source("Admin",
            "@RequiresRole(\"admin\")",
            "public interface Admin { String export(@BearerToken String t); }"),
        source("Reports",
            "public interface Reports { @Public String export(@BearerToken String t); }"));
  }

  @Test
  void publicOnOneDeclarationConflictsWithWhatAnInterfaceInBetweenRequires() {
    // Audited's guard refuses an anonymous export; Handlers' must not let it through.
    assertError("ProtektConflictingInheritance", "public interface Handlers",
        source("Handlers",
            "@RequiresAuth",
            "public interface Handlers extends Audited, Reports {}"),
        source("Audited",
            "@RequiresAuth",
            "public interface Audited extends Exports {}"),
        source("Exports",
            "public interface Exports { String export(@BearerToken String t); }"),
        source("Reports",
            "public interface Reports { @Public String export(@BearerToken String t); }"));
  }

  @Test
  void aTypeLevelRequirementOfTheSubInterfaceAgainstAnInheritedPublicConflicts() {
    // Else Api's role, which README says applies to inherited methods too, would silently not.
    Compilation compilation = assertError("ProtektConflictingInheritance",
        "public interface Api",
        source("Api",
            "@RequiresRole(\"user\")",
            "public interface Api extends Base {}"),
        source("Base",
            "@RequiresAuth",
            "public interface Base { @Public String pub(@BearerToken String t); }"));
    assertThat(compilation).hadErrorContaining("Api.pub(String) inherits different requirements:"
        + " @Public from Base, and @RequiresRole(\"user\") from Api. Hint: declare pub(String) on"
        + " Api with the one it means: @Public or @RequiresRole(\"user\").");
  }

  @Test
  void aBareRedeclarationSettlesNothing() {
    // Only a declaration that says what it requires settles the conflict: this one says nothing,
    // on the sub-interface and on an interface in between alike.
    JavaFileObject reports = source("Reports",
        "public interface Reports { @Public String export(@BearerToken String t); }");
    JavaFileObject admin = source("Admin",
        "@RequiresRole(\"admin\")",
        "public interface Admin { String export(@BearerToken String t); }");
    Compilation compilation = assertError("ProtektConflictingInheritance", "String export",
        source("Handlers",
            "@RequiresAuth",
            "public interface Handlers extends Reports, Admin {",
            "  String export(@BearerToken String t);",
            "}"),
        reports, admin);
    assertThat(compilation).hadErrorContaining("Hint: annotate the declaration of export in"
        + " Handlers, which settles nothing without an annotation, with the one it means: @Public"
        + " or @RequiresRole(\"admin\").");
    compilation = assertError("ProtektConflictingInheritance", "public interface Handlers",
        source("Handlers",
            "@RequiresAuth",
            "public interface Handlers extends Both {}"),
        source("Both",
            "public interface Both extends Reports, Admin {",
            "  String export(@BearerToken String t);",
            "}"),
        reports, admin);
    assertThat(compilation).hadErrorContaining(
        "Hint: declare export(String) on Handlers with the one it means");
  }

  @Test
  void anOverrideInOnePathDoesNotHideWhatTheOtherPathRequires() {
    // Exports.export reaches Handlers through Audited (admin) as well as through Reports.
    JavaFileObject exports = source("Exports",
        "public interface Exports { String export(@BearerToken String t); }");
    JavaFileObject audited = source("Audited",
        "@RequiresRole(\"admin\")",
        "public interface Audited extends Exports {}");
    JavaFileObject handlers = source("Handlers",
        "@RequiresAuth",
        "public interface Handlers extends Audited, Reports {}");
    assertError("ProtektConflictingInheritance", "public interface Handlers", handlers, audited,
        exports, source("Reports",
            "public interface Reports extends Exports { @Public String export(@BearerToken String t); }"));
    assertError("ProtektConflictingInheritance", "public interface Handlers", handlers, audited,
        exports, source("Reports",
            "public interface Reports extends Exports {",
            "  @RequiresRole(\"user\") String export(@BearerToken String t);",
            "}"));
  }

  @Test
  void aTypeLevelRoleAgainstADeclarationsRoleMustBeSettledOnTheMethod() {
    // Which does Handlers mean for delete, its own admin or Posts' editor? It must say.
    JavaFileObject posts = source("Posts",
        "public interface Posts { @RequiresRole(\"editor\") String delete(@BearerToken String t); }");
    assertError("ProtektConflictingInheritance", "public interface Handlers",
        source("Handlers",
            "@RequiresRole(\"admin\")",
            "public interface Handlers extends Posts {}"),
        posts);
    assertError("ProtektConflictingInheritance", "String delete",
        source("Handlers",
            "@RequiresRole(\"admin\")",
            "public interface Handlers extends Posts {",
            "  @RequiresPermission(\"delete:posts\") String delete(@BearerToken String t);",
            "}"),
        posts);
    assertThat(compile(
        source("Handlers",
            "@RequiresRole(\"admin\")",
            "public interface Handlers extends Posts {",
            "  @RequiresRole(\"admin\") String delete(@BearerToken String t);",
            "}"),
        posts)).succeededWithoutWarnings();
  }

  @Test
  void restatingAKindOnTheRootSettlesADiamondThatDisagreesOnlyAtTypeLevel() {
    assertThat(compile(
        source("Handlers",
            "@RequiresPermission(\"z\")",
            "public interface Handlers extends Reading, Writing {}"),
        source("Reading", "@RequiresPermission(\"x\") public interface Reading extends Base {}"),
        source("Writing", "@RequiresPermission(\"y\") public interface Writing extends Base {}"),
        source("Base", "public interface Base { String get(@BearerToken String t); }")))
        .succeededWithoutWarnings();
  }

  @Test
  void settlingOneKindLeavesTheOtherKindsConflict() {
    assertError("ProtektConflictingInheritance", "String get",
        source("Handlers",
            "@RequiresAuth",
            "public interface Handlers extends Reading, Writing {",
            "  @RequiresRole(\"staff\") String get(@BearerToken String t);",
            "}"),
        source("Reading", "public interface Reading {",
            "  @RequiresRole(\"reader\") @RequiresPermission(\"read\") String get(@BearerToken String t);",
            "}"),
        source("Writing", "public interface Writing {",
            "  @RequiresRole(\"writer\") @RequiresPermission(\"write\") String get(@BearerToken String t);",
            "}"));
  }

  @Test
  void theOrderOfTheSuperInterfacesDoesNotDecideWhetherAMethodRoleConflicts() {
    JavaFileObject a = source("A",
        "public interface A { @RequiresRole(\"x\") String m(@BearerToken String t); }");
    JavaFileObject b = source("B",
        "@RequiresRole(\"x\") public interface B { String m(@BearerToken String t); }");
    JavaFileObject c = source("C",
        "@RequiresRole(\"y\") public interface C { String m(@BearerToken String t); }");
    // R's type-level x may settle B against C, not A's declaration against C.
    assertError("ProtektConflictingInheritance", "public interface R",
        source("R", "@RequiresRole(\"x\") public interface R extends A, B, C {}"), a, b, c);
    assertError("ProtektConflictingInheritance", "public interface R",
        source("R", "@RequiresRole(\"x\") public interface R extends B, C, A {}"), a, b, c);
  }

  @Test
  void listingASuperInterfaceAgainBesideOneThatExtendsItIsNoConflict() {
    Compilation compilation = compile(
        source("R", "@RequiresAuth public interface R extends X, A {}"),
        source("X", "@RequiresRole(\"x\") public interface X extends A {}"),
        source("A", "@RequiresRole(\"a\") public interface A { String m(@BearerToken String t); }"));
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("test.RGuard").contentsAsUtf8String()
        .contains("roles(Match.ANY, \"x\")");
  }

  @Test
  void aRepeatedRoleUnderMatchAllIsTheRoleItself() {
    assertThat(compile(
        source("R", "@RequiresAuth public interface R extends A, B {}"),
        source("A", "@RequiresRole(value = {\"a\", \"a\"}, match = Match.ALL)",
            "public interface A { String m(@BearerToken String t); }"),
        source("B", "@RequiresRole(\"a\") public interface B { String m(@BearerToken String t); }")))
        .succeededWithoutWarnings();
  }

  @Test
  void methodsThatAreTwoInAnInterfaceButOneInTheGuardedOneAreAnError() {
    // Each is one method of the guarded interface R, but two, each with its own requirements,
    // of an interface it extends; no single guard method can keep both.
    JavaFileObject declaredOnR = source("R",
        "public interface R extends A<String> { @RequiresAuth String m(@BearerToken String t); }");
    assertError("ProtektMethodsMeet", "String m",
        declaredOnR,
        source("A",
            "public interface A<T> {",
            "  @Public String m(T t);",
            "  @RequiresRole(\"admin\") String m(@BearerToken String t);",
            "}"));
    // Not declared on R, the guard's call to the delegate would be ambiguous too.
    assertError("ProtektMethodsMeet", "public interface R",
        source("R", "@RequiresAuth public interface R extends A<String> {}"),
        source("A", "@TokenFromContext public interface A<T> { String m(T t); String m(String t); }"));
    // Two interfaces whose methods an interface in between keeps apart.
    assertError("ProtektMethodsMeet", "String m",
        source("R",
            "public interface R extends X<String> { @RequiresAuth String m(@BearerToken String t); }"),
        source("X",
            "@RequiresRole(\"admin\") @TokenFromContext public interface X<T> extends A<T>, P {}"),
        source("A", "public interface A<T> { String m(T t); }"),
        source("P", "public interface P { @Public String m(String t); }"));
  }

  @Test
  void aMethodInheritedWithDifferentReturnTypesOrExceptionsMustBeDeclared() {
    JavaFileObject r = source("R", "@RequiresAuth public interface R extends A, B {}");
    JavaFileObject b = source("B", "public interface B { String m(@BearerToken String t); }");
    assertError("ProtektInheritedSignaturesDiffer", "public interface R", r, b,
        source("A", "public interface A { Object m(@BearerToken String t); }"));
    assertError("ProtektInheritedSignaturesDiffer", "public interface R", r, b,
        source("A", "public interface A { String m(@BearerToken String t) throws java.io.IOException; }"));
    assertThat(compile(
        source("R", "@RequiresAuth public interface R extends A, B {",
            "  String m(@BearerToken String t);",
            "}"),
        b, source("A", "public interface A { Object m(@BearerToken String t); }")))
        .succeededWithoutWarnings();
  }

  @Test
  void aMethodInheritedWithDifferentTokenSourcesMustBeDeclaredWhateverTheOrder() {
    JavaFileObject a = source("A", "@RequiresRole(\"admin\")",
        "public interface A { String m(@BearerToken String a, String b); }");
    JavaFileObject b = source("B", "@RequiresRole(\"admin\")",
        "public interface B { String m(String a, @BearerToken String b); }");
    JavaFileObject context = source("C", "@RequiresRole(\"admin\")",
        "public interface C { @TokenFromContext String m(String a, String b); }");
    JavaFileObject bare = source("U", "public interface U { String m(String a, String b); }");
    String[][] pairs = {{"A", "B"}, {"B", "A"}, {"A", "C"}, {"C", "A"}, {"A", "U"}, {"U", "A"}};
    for (String[] pair : pairs) {
      JavaFileObject r = source("R",
          "@RequiresAuth public interface R extends " + pair[0] + ", " + pair[1] + " {}");
      Compilation compilation =
          assertError("ProtektTokenSourcesDiffer", "public interface R", r, a, b, context, bare);
      assertThat(compilation).hadErrorContaining("[ProtektTokenSourcesDiffer] R.m(String, String)"
          + " is inherited from " + pair[0] + ", whose declaration takes the token from ");
      assertThat(compilation).hadErrorContaining("Hint: declare m(String, String) on R with the"
          + " token source you mean");
    }
    Compilation compilation = compile(source("R",
        "@RequiresAuth public interface R extends A, U {}"), a, bare);
    assertThat(compilation).hadErrorContaining("takes the token from its @BearerToken parameter"
        + " 'a', and from U, whose declaration takes it from nowhere");
    // Declared on the sub-interface, it reads the one it names; the same place under another
    // name is one source.
    assertThat(compile(
        source("R", "@RequiresAuth public interface R extends A, B {",
            "  String m(String a, @BearerToken String b);",
            "}"), a, b)).succeededWithoutWarnings();
    assertThat(compile(
        source("R", "@RequiresAuth public interface R extends A, V {}"), a,
        source("V", "public interface V { String m(@BearerToken String token, String b); }")))
        .succeededWithoutWarnings();
  }

  @Test
  void anInvalidInheritedDeclarationIsReportedItselfNotAsReadingTheTokenFromNowhere() {
    // The other declaration's own error, where it is; not a [ProtektTokenSourcesDiffer] that
    // follows from it and says the declaration reads the token from nowhere.
    JavaFileObject r = source("R", "@RequiresAuth public interface R extends A, T {}");
    JavaFileObject a =
        source("A", "public interface A { String m(@BearerToken String a, String b); }");
    Compilation compilation = assertError("ProtektTwoBearerTokens", "@BearerToken String b",
        source("T", "public interface T {",
            "  String m(@BearerToken String a,",
            "      @BearerToken String b);",
            "}"), r, a);
    assertThat(compilation).hadErrorCount(1);
    compilation = assertError("ProtektBearerTokenNotString", "@BearerToken Integer b",
        source("T", "public interface T {",
            "  String m(String a,",
            "      @BearerToken Integer b);",
            "}"),
        r, source("A", "public interface A { String m(@BearerToken String a, Integer b); }"));
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void aGenericMethodInheritedWithItsTypeVariablesNamedApartIsOneMethod() {
    assertThat(compile(
        source("R", "@RequiresAuth public interface R extends A, B {}"),
        source("A", "public interface A { <T> T m(@BearerToken String t, T value); }"),
        source("B", "public interface B { <U> U m(@BearerToken String t, U value); }")))
        .succeededWithoutWarnings();
    assertThat(compile(
        source("R", "@RequiresAuth public interface R extends A, B {}"),
        source("A", "public interface A {",
            "  <X extends Exception> void m(@BearerToken String t) throws X;",
            "}"),
        source("B", "public interface B {",
            "  <Y extends Exception> void m(@BearerToken String t) throws Y;",
            "}")))
        .succeededWithoutWarnings();
  }

  @Test
  void anInterfaceInTheFileOfAnotherTypeIsWarnedAboutWithTheFix() {
    Compilation compilation = compile(source("Handlers",
        "@RequiresAuth",
        "public interface Handlers { String m(@BearerToken String t); }",
        "@RequiresRole(\"admin\")",
        "interface AdminHandlers { String n(@BearerToken String t); }"));
    assertThat(compilation).succeeded();
    assertThat(compilation).hadWarningContaining("[ProtektAuxiliaryInterface] AdminHandlers is"
        + " declared in Handlers.java, a file named after another type").inFile(
            compilation.sourceFiles().get(0)).onLineContaining("interface AdminHandlers");
    assertThat(compilation).hadWarningContaining(
        "Hint: move AdminHandlers to a file of its own, AdminHandlers.java.");
    assertThat(compilation).hadWarningCount(1);
  }

  /** Stand-ins for Spring's stereotypes and JAX-RS's {@code @Path}, as their jars declare them. */
  private static List<JavaFileObject> endpointAnnotations() {
    String runtime = "@java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)";
    return List.of(
        JavaFileObjects.forSourceString("org.springframework.stereotype.Component",
            "package org.springframework.stereotype; " + runtime + " public @interface Component {}"),
        JavaFileObjects.forSourceString("org.springframework.stereotype.Controller",
            "package org.springframework.stereotype; " + runtime
                + " @Component public @interface Controller {}"),
        JavaFileObjects.forSourceString("org.springframework.stereotype.Service",
            "package org.springframework.stereotype; " + runtime
                + " @Component public @interface Service {}"),
        JavaFileObjects.forSourceString("org.springframework.web.bind.annotation.RestController",
            "package org.springframework.web.bind.annotation; " + runtime
                + " @org.springframework.stereotype.Controller public @interface RestController {}"),
        JavaFileObjects.forSourceString("jakarta.ws.rs.Path",
            "package jakarta.ws.rs; " + runtime + " public @interface Path { String value(); }"),
        source("Api", "@RequiresAuth @TokenFromContext",
            "public interface Api { @RequiresRole(\"admin\") String secrets(); }"));
  }

  private static JavaFileObject[] withEndpointAnnotations(JavaFileObject first) {
    List<JavaFileObject> sources = new java.util.ArrayList<>(List.of(first));
    sources.addAll(endpointAnnotations());
    return sources.toArray(new JavaFileObject[0]);
  }

  @Test
  void aControllerThatImplementsAGuardedInterfaceIsRefused() {
    Compilation compilation = assertError("ProtektExposedImplementation", "annotation.RestController",
        withEndpointAnnotations(source("Direct",
            "@org.springframework.web.bind.annotation.RestController",
            "public class Direct implements Api {",
            "  public String secrets() { return \"admin data\"; }",
            "}")));
    assertThat(compilation).hadErrorContaining("Direct implements test.Api, but @RestController"
        + " makes it an endpoint its framework calls directly, so requests reach it without"
        + " ApiGuard's checks. Hint: remove @RestController from the implementation");
  }

  @Test
  void anEndpointThatImplementsAGuardedInterfaceFromAfarIsRefused() {
    // Through a sub-interface of no annotation of its own, a superclass and a composed stereotype.
    assertError("ProtektExposedImplementation", "rs.Path",
        withEndpointAnnotations(source("Resource",
            "@jakarta.ws.rs.Path(\"/r\")",
            "public class Resource extends Base {}",
            "interface Sub extends Api {}",
            "abstract class Base implements Sub { public String secrets() { return \"\"; } }")));
    assertError("ProtektExposedImplementation", "@Composed.Endpoint",
        withEndpointAnnotations(source("Composed",
            "@Composed.Endpoint",
            "public class Composed implements Api {",
            "  @org.springframework.web.bind.annotation.RestController",
            "  @interface Endpoint {}",
            "  public String secrets() { return \"\"; }",
            "}")));
  }

  @Test
  void anEndpointAnnotationOnTheGuardedInterfaceOrOnASuperclassIsSeenToo() {
    // JAX-RS finds @Path on the interface, Spring its stereotypes on superclasses: the class is
    // an endpoint all the same.
    JavaFileObject resource = source("PostsResource",
        "public class PostsResource implements Posts { public String list() { return \"\"; } }",
        "@jakarta.ws.rs.Path(\"/posts\") @RequiresAuth @TokenFromContext",
        "interface Posts { String list(); }");
    Compilation compilation = assertError("ProtektExposedImplementation", "class PostsResource",
        withEndpointAnnotations(resource));
    assertThat(compilation).hadErrorContaining("PostsResource implements test.Posts, but @Path on"
        + " Posts makes it an endpoint its framework calls directly, so requests reach it without"
        + " PostsGuard's checks. Hint: remove @Path from Posts and keep the implementation out of"
        + " the framework's reach");
    assertThat(compilation).hadErrorCount(1);
    assertError("ProtektExposedImplementation", "class Impl", withEndpointAnnotations(
        source("Impl",
            "@org.springframework.stereotype.Service",
            "public class Impl extends BaseController implements Api {",
            "  public String secrets() { return \"\"; }",
            "}",
            "@org.springframework.web.bind.annotation.RestController",
            "abstract class BaseController {}")));
    // The guard itself implements the interface: it checks, then delegates.
    assertThat(compile(withEndpointAnnotations(source("Open",
        "@jakarta.ws.rs.Path(\"/open\") @RequiresAuth",
        "public interface Open { String list(@BearerToken String token); }"))))
        .succeededWithoutWarnings();
  }

  @Test
  void aControllerThatCallsTheGuardAndABeanOfTheImplementationAreNotRefused() {
    assertThat(compile(withEndpointAnnotations(source("Routing",
        "@org.springframework.web.bind.annotation.RestController",
        "public class Routing {",
        "  private final Api api;",
        "  Routing(Api api) { this.api = api; }",
        "  public String secrets() { return api.secrets(); }",
        "  @org.springframework.stereotype.Service",
        "  static class Impl implements Api { public String secrets() { return \"\"; } }",
        "}")))).succeededWithoutWarnings();
  }

  @Test
  void anEndpointCompiledWithoutAnyProtektAnnotationIsRefused(@TempDir Path classes)
      throws IOException {
    // The guarded interface in another module (or the controller recompiled alone): javac runs
    // the processor for the endpoint annotation, since no Protekt annotation is in the sources.
    List<JavaFileObject> api = endpointAnnotations();
    List<File> classPath = onClassPath(classes, compile(api.toArray(new JavaFileObject[0])));
    for (String endpoint : List.of("org.springframework.web.bind.annotation.RestController",
        "jakarta.ws.rs.Path(\"/posts\")")) {
      JavaFileObject controller = source("PostsController",
          "@" + endpoint,
          "public class PostsController implements Api {",
          "  public String secrets() { return \"admin data\"; }",
          "}");
      Compilation compilation = javac().withProcessors(new GuardProcessor())
          .withClasspath(classPath).compile(controller);
      assertThat(compilation).hadErrorContaining("[ProtektExposedImplementation] PostsController"
          + " implements test.Api").inFile(controller).onLineContaining("@" + endpoint);
      assertThat(compilation).hadErrorCount(1);
    }
  }

  @Test
  void endpointAnnotationsAreLeftToTheProcessorsAfterThisOne() {
    // A round with a framework's annotation is claimed by none: a processor after this one (as
    // spring-context-indexer, which supports "*") still sees it. A round of Protekt's annotations
    // and @Generated alone is claimed.
    OfferedAnnotations after = new OfferedAnnotations();
    List<JavaFileObject> sources = new ArrayList<>(endpointAnnotations());
    sources.add(source("Routing",
        "@org.springframework.web.bind.annotation.RestController",
        "public class Routing {}"));
    assertThat(javac().withProcessors(new GuardProcessor(), after).compile(sources))
        .succeededWithoutWarnings();
    assertThat(after.offered).containsAtLeast(
        "org.springframework.web.bind.annotation.RestController", "dev.protekt.annotations.RequiresAuth");
    OfferedAnnotations afterGuards = new OfferedAnnotations();
    assertThat(javac().withProcessors(new GuardProcessor(), afterGuards).compile(source("Api",
        "@RequiresAuth public interface Api { String a(@BearerToken String token); }")))
        .succeededWithoutWarnings();
    // The guard's @Override reached it, its @Generated did not.
    assertThat(afterGuards.offered).contains("java.lang.Override");
    assertThat(afterGuards.offered).containsNoneOf("dev.protekt.annotations.RequiresAuth",
        "dev.protekt.annotations.BearerToken", "javax.annotation.processing.Generated");
  }

  /** A processor of every annotation that records those javac offers it. */
  private static final class OfferedAnnotations extends AbstractProcessor {
    final Set<String> offered = new TreeSet<>();

    @Override
    public Set<String> getSupportedAnnotationTypes() {
      return Set.of("*");
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
      return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
      annotations.forEach(a -> offered.add(a.getQualifiedName().toString()));
      return false;
    }
  }

  @Test
  void aTypeUseAnnotationOnAParameterDoesNotMakeTwoMethodsOfOne() {
    Compilation compilation = compile(
        source("R", "@RequiresAuth",
            "public interface R extends A { String m(@BearerToken String t); }"),
        source("A",
            "public interface A { @RequiresRole(\"admin\") String m(@BearerToken @TA String t); }"),
        source("TA", "@java.lang.annotation.Target(java.lang.annotation.ElementType.TYPE_USE)",
            "public @interface TA {}"));
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("test.RGuard").contentsAsUtf8String()
        .contains("roles(Match.ANY, \"admin\")");
  }

  @Test
  void anInheritedConstantNamedLikeATypeTheGuardUsesDoesNotBreakTheGuard() {
    assertThat(compile(
        source("R",
            "@RequiresRole(\"admin\") public interface R extends A { String m(@BearerToken String t); }"),
        source("A", "public interface A { String Match = \"x\"; String Guards = \"y\"; }")))
        .succeededWithoutWarnings();
  }

  @Test
  void declaringTheMethodOnTheSubInterfaceSettlesWhatItRequires() {
    assertThat(compile(
        source("Handlers",
            "@RequiresAuth",
            "public interface Handlers extends Reports, Admin {",
            "  @RequiresRole(\"admin\") String export(@BearerToken String t);",
            "}"),
        source("Reports",
            "public interface Reports { @Public String export(@BearerToken String t); }"),
        source("Admin",
            "@RequiresRole(\"admin\")",
            "public interface Admin { String export(@BearerToken String t); }")))
        .succeededWithoutWarnings();
  }

  @Test
  void aRequirementOnAnObjectMethodIsAnError() {
    assertError("ProtektObjectMethod", "@RequiresRole(\"auditor\")",
        source("Accounts",
            "@RequiresAuth",
            "public interface Accounts {",
            "  String balance(@BearerToken String token);",
            "  @RequiresRole(\"auditor\")",
            "  String toString();",
            "}"));
  }

  @Test
  void twoInterfacesWhoseGuardsWouldShareANameSayWhichToRename() {
    // Outer.Inner's guard is Outer_InnerGuard, and so is Outer_Inner's.
    JavaFileObject second = source("Outer_Inner",
        "@RequiresAuth public interface Outer_Inner { String b(@BearerToken String token); }");
    // Under -Xlint:processing, javac's own "Attempt to create a file ... multiple times" warning
    // came with the error.
    Compilation compilation = javac().withProcessors(new GuardProcessor())
        .withOptions("-Xlint:all")
        .compile(second,
            source("Outer",
                "public class Outer {",
                "  @RequiresAuth public interface Inner { String a(@BearerToken String token); }",
                "}"));
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining("[ProtektGuardNameTaken]").inFile(second)
        .onLineContaining("interface Outer_Inner");
    assertThat(compilation).hadErrorContaining("the guard of test.Outer_Inner would be"
        + " test.Outer_InnerGuard, but the guard of test.Outer.Inner already has that name. Hint:"
        + " rename the interface or test.Outer.Inner, so that the guard gets a name of its own.");
    assertThat(compilation).hadWarningCount(0);
    // A class of the compilation's own: nothing to do with nested names.
    JavaFileObject api = source("Api",
        "@RequiresAuth public interface Api { String a(@BearerToken String token); }");
    compilation = assertError("ProtektGuardNameTaken", "interface Api", api,
        source("ApiGuard", "public class ApiGuard {}"));
    assertThat(compilation).hadErrorContaining("the guard of test.Api would be test.ApiGuard, but"
        + " the type test.ApiGuard of this compilation already has that name. Hint: rename the"
        + " interface or that type, so that the guard gets a name of its own.");
  }

  @Test
  void aTypeThatNeverExistsInASourceIsLeftToJavacsOwnError() {
    // javac says "cannot find symbol" where Admin is written; a second error would repeat it.
    JavaFileObject ops = source("Ops",
        "@RequiresAuth",
        "public interface Ops extends Admin {",
        "  String ping(@BearerToken String token);",
        "}");
    Compilation compilation = compile(ops);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining("cannot find symbol").inFile(ops)
        .onLineContaining("extends Admin");
    assertThat(compilation).hadWarningCount(0);
  }

  @Test
  void aTypeMissingFromAClassFileIsReportedOnTheGuardedInterface(@TempDir Path classes)
      throws IOException {
    // Lib was compiled with a Foo that this build's class path lacks: javac says nothing of it.
    List<File> classPath = compiledElsewhere(classes, "test/Lib.class",
        source("Foo", "public class Foo {}"),
        source("Lib", "public interface Lib { Foo m(@BearerToken String token); }"));
    JavaFileObject ops = source("Ops", "@RequiresAuth public interface Ops extends Lib {}");
    Compilation compilation = javac().withProcessors(new GuardProcessor())
        .withClasspath(classPath).compile(ops);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining("[ProtektUnresolvedType] test.Ops uses test.Foo")
        .inFile(ops).onLineContaining("public interface Ops");
  }

  /**
   * The class path of this test with {@code classes}, into which {@code classFile} of {@code
   * sources}, compiled without the processor, is copied alone.
   */
  private static List<File> compiledElsewhere(Path classes, String classFile,
      JavaFileObject... sources) throws IOException {
    Compilation elsewhere = javac().compile(sources);
    assertThat(elsewhere).succeeded();
    Path target = classes.resolve(classFile);
    Files.createDirectories(target.getParent());
    try (InputStream in = elsewhere.generatedFile(StandardLocation.CLASS_OUTPUT, classFile).get()
        .openInputStream()) {
      Files.copy(in, target);
    }
    return withTestClassPath(classes);
  }

  /**
   * The class path of this test with {@code classes}, into which every class file of {@code
   * compilation}, which must succeed, is written.
   */
  private static List<File> onClassPath(Path classes, Compilation compilation)
      throws IOException {
    assertThat(compilation).succeeded();
    for (var file : CompiledClasses.of(compilation).entrySet()) {
      Path target = classes.resolve(file.getKey().replace('.', '/') + ".class");
      Files.createDirectories(target.getParent());
      Files.write(target, file.getValue());
    }
    return withTestClassPath(classes);
  }

  /** The class path of this test, and {@code classes}. */
  private static List<File> withTestClassPath(Path classes) {
    List<File> classPath = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      classPath.add(new File(entry));
    }
    classPath.add(classes.toFile());
    return classPath;
  }

  @Test
  void aConstantThatNeverExistsIsJavacsOneError() {
    // javac's own "cannot find symbol", where the constant is named; nothing that follows.
    for (String[] ops : List.of(
        new String[] {"@RequiresRole(Roles.ADMIN)", "public interface Ops {",
            "  String ping(@BearerToken String token);", "}"},
        new String[] {"@RequiresAuth", "public interface Ops {",
            "  @RequiresPermission(value = {\"read\", Missing.WRITE}, match = Match.ALL)",
            "  String ping(@BearerToken String token);", "}"})) {
      Compilation compilation = javac().withProcessors(new GuardProcessor())
          .compile(source("Ops", ops));
      assertThat(compilation).failed();
      assertThat(compilation).hadErrorCount(1);
      assertThat(compilation).hadErrorContaining("cannot find symbol");
    }
  }

  @Test
  void aMatchConstantThatMatchLacksIsAnErrorAndNeverAny(@TempDir Path classes)
      throws IOException {
    // Base compiled against a Match with a third constant, as another version might have one.
    List<File> classPath = compiledElsewhere(classes, "test/Base.class",
        JavaFileObjects.forSourceString("dev.protekt.annotations.Match",
            "package dev.protekt.annotations; public enum Match { ANY, ALL, MOST }"),
        source("Base",
            "@RequiresRole(value = {\"a\", \"b\"}, match = Match.MOST)",
            "public interface Base {",
            "  @RequiresPermission(value = {\"r\", \"w\"}, match = Match.MOST)",
            "  String m(@BearerToken String token);",
            "}"));
    JavaFileObject ops = source("Ops", "@RequiresAuth public interface Ops extends Base {}");
    Compilation compilation = javac().withProcessors(new GuardProcessor())
        .withClasspath(classPath).compile(ops);
    assertThat(compilation).failed();
    for (String on : List.of("test.Base", "Base.m(String)")) {
      String error = compilation.errors().stream()
          .map(d -> d.getMessage(Locale.ROOT))
          .filter(m -> m.contains("[ProtektUnknownMatch] @Requires") && m.contains(" on " + on))
          .findFirst().orElseThrow();
      assertThat(error).contains("has match = MOST");
      assertThat(error).contains("if test.Base was compiled elsewhere, recompile it");
    }
  }

  @Test
  void anErrorInOneInterfaceStillGeneratesTheOthers(@TempDir Path out) throws IOException {
    // compile-testing hides generated files once compilation fails, so run javac directly.
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    JavaCompiler.CompilationTask task = javac.getTask(null, null, diagnostics,
        List.of("-d", out.toString(), "-s", out.toString()), null,
        List.of(
            source("Bad",
                "@RequiresAuth",
                "public interface Bad {",
                "  String list(String query);",
                "}"),
            source("Good",
                "@RequiresAuth",
                "public interface Good {",
                "  String list(@BearerToken String token);",
                "}")));
    task.setProcessors(List.of(new GuardProcessor()));
    assertThat(task.call()).isFalse();
    assertThat(diagnostics.getDiagnostics()).hasSize(1);
    assertThat(diagnostics.getDiagnostics().get(0).getMessage(null))
        .contains("[ProtektNoTokenSource]");
    assertThat(Files.exists(out.resolve("test/GoodGuard.java"))).isTrue();
    assertThat(Files.exists(out.resolve("test/BadGuard.java"))).isFalse();
  }

  @Test
  void everyErrorInOneInterfaceIsReported() {
    Compilation compilation = compile(
        source("Bad",
            "@RequiresAuth",
            "public interface Bad {",
            "  String list(String query);",
            "  @RequiresRole(\"\") String edit(@BearerToken String token);",
            "  @Public @RequiresAuth String health();",
            "}"));
    assertThat(compilation).hadErrorContaining("[ProtektNoTokenSource]");
    assertThat(compilation).hadErrorContaining("[ProtektBlankValue]");
    assertThat(compilation).hadErrorContaining("[ProtektPublicWithRequirement]");
  }
}
