package dev.protekt.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The guard compiles whatever names the guarded interface uses: a nested type, an inherited nested
 * type, a type variable, a method type variable, a parameter or an inherited constant named like
 * any name the guard's code refers to. The interface uses every kind of token source and a policy
 * with {@code Match}, so that the guard names every runtime type it can.
 */
class GuardNamesTest {
  /** Every simple name a guard may refer to, and the first segments of the packages it names. */
  private static final List<String> NAMES = List.of(
      "ProtektAuth", "CurrentUser", "Scope", "GuardPolicy", "Guards", "BearerTokens",
      "TokenContext", "Match", "Objects", "Generated", "SuppressWarnings", "Override", "String",
      "Object", "NullPointerException", "HttpExchange", "IOException", "delegate", "protekt",
      "scope", "dev", "java", "javax", "com");

  /** Shapes that bring {@code %s} into scope in the guard's body, by how they are written. */
  private static final List<String> SHAPES = List.of(
      "nested type", "inherited nested type", "type variable", "method type variable",
      "parameter", "inherited constant", "type of the package");

  static Stream<Arguments> namesAndShapes() {
    List<Arguments> cases = new ArrayList<>();
    for (String name : NAMES) {
      for (String shape : SHAPES) {
        // Types named in lower case are not Java as people write it; variables named so are.
        boolean variable = shape.equals("parameter") || shape.equals("inherited constant");
        // A constant, type or type variable named dev or java obscures those packages in the
        // guard's body, where no name could reach them: the processor reports it (see
        // GuardErrorsTest); the guard renames its parameters.
        boolean obscuring = shape.equals("inherited constant")
            && (name.equals("dev") || name.equals("java"));
        if ((Character.isUpperCase(name.charAt(0)) || variable) && !obscuring) {
          cases.add(Arguments.of(name, shape));
        }
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{1} {0}")
  @MethodSource("namesAndShapes")
  void theGuardCompiles(String name, String shape) {
    String nested = shape.equals("nested type") ? "  interface " + name + " {}" : "";
    String inheritedNested = shape.equals("inherited nested type") ? "  interface " + name + " {}"
        : shape.equals("inherited constant") ? "  int " + name + " = 1;" : "";
    String typeVariable = shape.equals("type variable") ? "<" + name + ">" : "";
    String methodVariable = shape.equals("method type variable") ? "<" + name + "> " : "";
    String parameter = shape.equals("parameter") ? name : "token";
    JavaFileObject base = JavaFileObjects.forSourceLines("test.Base",
        "package test;",
        "public interface Base {",
        inheritedNested,
        "}");
    JavaFileObject api = JavaFileObjects.forSourceLines("test.Api",
        "package test;",
        // A parameter named dev would obscure the package in this annotation's own value.
        "import static dev.protekt.annotations.Match.ALL;",
        "@dev.protekt.annotations.RequiresAuth",
        "public interface Api" + typeVariable + " extends Base {",
        nested,
        "  @dev.protekt.annotations.RequiresRole(value = {\"a\", \"b\"},",
        "      match = ALL)",
        "  @dev.protekt.annotations.RequiresPermission(\"read\")",
        "  " + methodVariable + "java.lang.String bearer(",
        "      @dev.protekt.annotations.BearerToken java.lang.String " + parameter + ")",
        "      throws java.io.IOException;",
        "  java.lang.String exchange(com.sun.net.httpserver.HttpExchange "
            + (shape.equals("parameter") ? name : "exchange") + ");",
        "  @dev.protekt.annotations.TokenFromContext java.lang.String context(int "
            + (shape.equals("parameter") ? name : "n") + ");",
        "  @dev.protekt.annotations.Public java.lang.Object open(java.lang.Object "
            + (shape.equals("parameter") ? name : "o") + ");",
        "}");
    List<JavaFileObject> sources = new ArrayList<>(List.of(base, api));
    if (shape.equals("type of the package")) {
      // Hides java.lang's type of that name in the guard, though the interface never names it.
      sources.add(JavaFileObjects.forSourceLines("test." + name,
          "package test;",
          name.equals("Override") || name.equals("SuppressWarnings") || name.equals("Generated")
              ? "@java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.SOURCE)"
                  + " public @interface " + name + " { java.lang.String[] value() default {}; }"
              : "public interface " + name + " {}"));
    }
    Compilation compilation = javac().withProcessors(new GuardProcessor())
        .withOptions("-Xlint:all", "-Werror")
        .compile(sources);
    assertThat(compilation).succeededWithoutWarnings();
  }

  /**
   * A type of the guard's package named like a type of {@code java.lang} that the guard writes
   * whatever its interface: the interface here names none of them, so only the guard's own names
   * can bring them in ({@code String} for {@code CHECKS_DIGEST}, {@code NullPointerException} for
   * its constructor's checks, and its annotations).
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"String", "NullPointerException", "Override", "SuppressWarnings"})
  void aTypeOfThePackageNamedLikeAJavaLangTypeOnlyTheGuardWrites(String name) {
    JavaFileObject hider = JavaFileObjects.forSourceLines("test." + name,
        "package test;",
        name.equals("Override") || name.equals("SuppressWarnings")
            ? "@java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.SOURCE)"
                + " public @interface " + name + " { java.lang.String[] value() default {}; }"
            : "public interface " + name + " {}");
    JavaFileObject api = JavaFileObjects.forSourceLines("test.Api",
        "package test;",
        "@dev.protekt.annotations.RequiresAuth",
        "public interface Api {",
        "  @dev.protekt.annotations.TokenFromContext void run(int n);",
        "}");
    Compilation compilation = javac().withProcessors(new GuardProcessor())
        .withOptions("-Xlint:all", "-Werror")
        .compile(hider, api);
    assertThat(compilation).succeededWithoutWarnings();
  }

  /**
   * A nested type whose enclosing type's name a member type hides: JavaPoet decides how to write
   * {@code java.util.Map.Entry} by {@code Entry} alone, and wrote {@code Map.Entry}, the member.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"java.util.Map.Entry<String, String>", "java.lang.Thread.State",
      "test.Outer.Inner"})
  void aNestedTypeWhoseEnclosingNameAMemberTypeHides(String nested) {
    String hidden = nested.split("\\.")[nested.split("\\.").length - 2];
    JavaFileObject outer = JavaFileObjects.forSourceLines("test.Outer",
        "package test;",
        "public interface Outer { interface Inner {} }");
    JavaFileObject api = JavaFileObjects.forSourceLines("test.Api",
        "package test;",
        "@dev.protekt.annotations.RequiresAuth",
        "public interface Api {",
        "  enum " + hidden + " { A }",
        "  " + nested + " first(@dev.protekt.annotations.BearerToken String authorization);",
        "}");
    Compilation compilation = javac().withProcessors(new GuardProcessor())
        .withOptions("-Xlint:all", "-Werror")
        .compile(outer, api);
    if (nested.startsWith("test.")) {
      // A type of the guard's own package JavaPoet writes by its simple name: refused, not broken.
      assertThat(compilation).hadErrorContaining("[ProtektNameHidesType]");
      assertThat(compilation).hadErrorCount(1);
    } else {
      assertThat(compilation).succeededWithoutWarnings();
    }
  }

  /**
   * Every name at once: a guard whose runtime types are all hidden writes them qualified, and then
   * a parameter named like the first name of their packages must not obscure those packages.
   */
  @Test
  void everyNameHiddenAtOnceAndParametersNamedLikeThePackages() {
    List<String> nested = new ArrayList<>();
    for (String name : NAMES) {
      if (Character.isUpperCase(name.charAt(0))) {
        nested.add("  interface " + name + " {}");
      }
    }
    JavaFileObject api = JavaFileObjects.forSourceLines("test.Api",
        "package test;",
        "@dev.protekt.annotations.RequiresRole(\"a\")",
        "public interface Api {",
        String.join("\n", nested),
        "  java.lang.String bearer(@dev.protekt.annotations.BearerToken java.lang.String dev,",
        "      int java, int dev_2);",
        "  java.lang.String exchange(com.sun.net.httpserver.HttpExchange java, int dev);",
        "  @dev.protekt.annotations.TokenFromContext java.lang.String context(int dev, int java);",
        "}");
    Compilation compilation = javac().withProcessors(new GuardProcessor())
        .withOptions("-Xlint:all", "-Werror")
        .compile(api);
    assertThat(compilation).succeededWithoutWarnings();
  }
}
