package dev.protekt.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * One test per row of the README's rules table ("Guarding handlers"), in its order, each named
 * after what the row says; the package documentation of {@code dev.protekt.annotations} says the
 * same in prose. What a guard enforces is read from the policy it is generated with.
 */
class RulesTableTest {
  private static final String IMPORTS = "package test;\n"
      + "import dev.protekt.annotations.*;\n";

  private static JavaFileObject source(String name, String... lines) {
    return JavaFileObjects.forSourceString("test." + name, IMPORTS + String.join("\n", lines));
  }

  private static Compilation compile(JavaFileObject... sources) {
    return javac().withProcessors(new GuardProcessor()).compile(sources);
  }

  /**
   * The policy {@code guard} checks before {@code method}, as generated ({@code
   * GuardPolicy.authenticated()}), or "none" when the guard delegates without checking.
   */
  private static String policy(String guard, String method, JavaFileObject... sources)
      throws IOException {
    Compilation compilation = compile(sources);
    assertThat(compilation).succeededWithoutWarnings();
    String code = compilation.generatedSourceFile("test." + guard).get().getCharContent(true)
        .toString().replaceAll("\\s+", " ").replace("( ", "(").replace(" .", ".");
    Matcher call = Pattern.compile("public [^{]* " + method + "\\([^{]*\\{ (\\S+ \\S+ = "
        + "CurrentUser.bind\\(Guards.authorize\\(this.protekt, (\\w+),)?").matcher(code);
    assertThat(call.find()).isTrue();
    if (call.group(2) == null) {
      return "none";
    }
    Matcher constant =
        Pattern.compile("GuardPolicy " + call.group(2) + " = (.*?);").matcher(code);
    assertThat(constant.find()).isTrue();
    return constant.group(1);
  }

  private static void assertError(String id, JavaFileObject... sources) {
    Compilation compilation = compile(sources);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorContaining("[" + id + "]");
  }

  @Test
  void requiresAuthIsAValidToken() throws IOException {
    assertThat(policy("ApiGuard", "m", source("Api",
        "public interface Api { @RequiresAuth String m(@BearerToken String t); }")))
        .isEqualTo("GuardPolicy.authenticated()");
  }

  @Test
  void requiresRoleIsAValidTokenCarryingAnyOfTheRoles() throws IOException {
    assertThat(policy("ApiGuard", "m", source("Api",
        "public interface Api { @RequiresRole({\"a\", \"b\"}) String m(@BearerToken String t); }")))
        .isEqualTo("GuardPolicy.builder().roles(Match.ANY, \"a\", \"b\").build()");
  }

  @Test
  void matchAllIsBothRoles() throws IOException {
    assertThat(policy("ApiGuard", "m", source("Api",
        "public interface Api {",
        "  @RequiresRole(value = {\"a\", \"b\"}, match = Match.ALL)",
        "  String m(@BearerToken String t);",
        "}")))
        .isEqualTo("GuardPolicy.builder().roles(Match.ALL, \"a\", \"b\").build()");
  }

  @Test
  void requiresPermissionIsTheSameForPermissions() throws IOException {
    assertThat(policy("ApiGuard", "m", source("Api",
        "public interface Api {",
        "  @RequiresPermission(value = {\"r\", \"w\"}, match = Match.ALL)",
        "  String m(@BearerToken String t);",
        "}")))
        .isEqualTo("GuardPolicy.builder().permissions(Match.ALL, \"r\", \"w\").build()");
    // scope separates permissions by spaces; a role may have one.
    assertThat(compile(source("Api",
        "public interface Api {",
        "  @RequiresPermission(\"read write\") String m(@BearerToken String t);",
        "}"))).hadErrorContaining("[ProtektSpaceInPermission]");
    assertThat(policy("ApiGuard", "m", source("Api",
        "public interface Api {",
        "  @RequiresRole(\"Account Admin\") String m(@BearerToken String t);",
        "}")))
        .isEqualTo("GuardPolicy.builder().roles(Match.ANY, \"Account Admin\").build()");
  }

  @Test
  void roleAndPermissionTogetherAreBothRequired() throws IOException {
    assertThat(policy("ApiGuard", "m", source("Api",
        "public interface Api {",
        "  @RequiresRole(\"a\") @RequiresPermission(\"r\") String m(@BearerToken String t);",
        "}")))
        .isEqualTo("GuardPolicy.builder().roles(Match.ANY, \"a\").permissions(Match.ANY, \"r\")"
            + ".build()");
  }

  @Test
  void onTheInterfaceAppliesToEveryMethodInheritedOnesIncluded() throws IOException {
    JavaFileObject base = source("Base", "public interface Base { String b(@BearerToken String t); }");
    JavaFileObject api = source("Api",
        "@RequiresRole(\"a\")",
        "public interface Api extends Base { String m(@BearerToken String t); }");
    String roleA = "GuardPolicy.builder().roles(Match.ANY, \"a\").build()";
    assertThat(policy("ApiGuard", "m", base, api)).isEqualTo(roleA);
    assertThat(policy("ApiGuard", "b", base, api)).isEqualTo(roleA);
  }

  @Test
  void onAMethodReplacesTheInterfacesAnnotationOfTheSameKindOnly() throws IOException {
    assertThat(policy("ApiGuard", "m", source("Api",
        "@RequiresRole(\"a\") @RequiresPermission(\"r\")",
        "public interface Api { @RequiresRole(\"b\") String m(@BearerToken String t); }")))
        .isEqualTo("GuardPolicy.builder().roles(Match.ANY, \"b\").permissions(Match.ANY, \"r\")"
            + ".build()");
  }

  @Test
  void onARedeclaredMethodReplacesOnlyTheKindsItNamesAndABareOneKeepsThemAll()
      throws IOException {
    JavaFileObject base = source("Base",
        "public interface Base {",
        "  @RequiresRole(\"a\") @RequiresPermission(\"r\") String m(@BearerToken String t);",
        "}");
    assertThat(policy("ApiGuard", "m", base, source("Api",
        "public interface Api extends Base {",
        "  @Override @RequiresRole(\"b\") String m(@BearerToken String t);",
        "}")))
        .isEqualTo("GuardPolicy.builder().roles(Match.ANY, \"b\").permissions(Match.ANY, \"r\")"
            + ".build()");
    assertThat(policy("ApiGuard", "m", base, source("Api",
        "@RequiresAuth",
        "public interface Api extends Base { @Override String m(@BearerToken String t); }")))
        .isEqualTo("GuardPolicy.builder().roles(Match.ANY, \"a\").permissions(Match.ANY, \"r\")"
            + ".build()");
  }

  @Test
  void publicDropsEveryRequirementAndCannotBeCombinedWithOneWhileValuesMayRequireLess()
      throws IOException {
    assertThat(policy("ApiGuard", "health", source("Api",
        "@RequiresRole(\"a\")",
        "public interface Api { @Public String health(); String m(@BearerToken String t); }")))
        .isEqualTo("none");
    assertError("ProtektPublicWithRequirement", source("Api",
        "public interface Api { @Public @RequiresAuth String health(); }"));
    String userAlone = "GuardPolicy.builder().roles(Match.ANY, \"user\").build()";
    assertThat(policy("ApiGuard", "m", source("Api",
        "@RequiresRole(\"admin\")",
        "public interface Api { @RequiresRole(\"user\") String m(@BearerToken String t); }")))
        .isEqualTo(userAlone);
    assertThat(policy("ApiGuard", "m",
        source("Base",
            "@RequiresRole(\"admin\")",
            "public interface Base { String m(@BearerToken String t); }"),
        source("Api", "@RequiresRole(\"user\") public interface Api extends Base {}")))
        .isEqualTo(userAlone);
  }

  @Test
  void noRequirementAndNoPublicIsACompileError() {
    assertError("ProtektUnguardedMethod", source("Api",
        "public interface Api {",
        "  @RequiresAuth String m(@BearerToken String t);",
        "  String n(@BearerToken String t);",
        "}"));
  }

  @Test
  void aSubInterfaceInheritsTypeLevelRequirementsAndItsOwnReplaceThemKindByKind()
      throws IOException {
    assertThat(policy("ApiGuard", "m",
        source("Base",
            "@RequiresRole(\"a\") @RequiresPermission(\"r\")",
            "public interface Base { String m(@BearerToken String t); }"),
        source("Api", "@RequiresRole(\"b\") public interface Api extends Base {}")))
        .isEqualTo("GuardPolicy.builder().roles(Match.ANY, \"b\").permissions(Match.ANY, \"r\")"
            + ".build()");
  }

  @Test
  void typeLevelValuesThatDifferAreSettledByAnnotatingTheSubInterface() throws IOException {
    JavaFileObject admin = source("Admin", "@RequiresRole(\"admin\") public interface Admin {}");
    JavaFileObject editor = source("Editor", "@RequiresRole(\"editor\") public interface Editor {}");
    assertError("ProtektConflictingInheritance", admin, editor, source("Api",
        "@RequiresAuth public interface Api extends Admin, Editor { String m(@BearerToken String t); }"));
    assertThat(policy("ApiGuard", "m", admin, editor, source("Api",
        "@RequiresRole(\"editor\")",
        "public interface Api extends Admin, Editor { String m(@BearerToken String t); }")))
        .isEqualTo("GuardPolicy.builder().roles(Match.ANY, \"editor\").build()");
  }

  @Test
  void declarationsThatDifferAreSettledByDeclaringTheMethodAndNotByABareRedeclaration()
      throws IOException {
    JavaFileObject reports =
        source("Reports", "public interface Reports { @Public String m(@BearerToken String t); }");
    JavaFileObject admin = source("Admin",
        "public interface Admin { @RequiresRole(\"admin\") String m(@BearerToken String t); }");
    assertError("ProtektConflictingInheritance", reports, admin,
        source("Api", "@RequiresAuth public interface Api extends Reports, Admin {}"));
    assertError("ProtektConflictingInheritance", reports, admin, source("Api",
        "@RequiresAuth",
        "public interface Api extends Reports, Admin { String m(@BearerToken String t); }"));
    assertThat(policy("ApiGuard", "m", reports, admin, source("Api",
        "public interface Api extends Reports, Admin {",
        "  @RequiresRole(\"admin\") String m(@BearerToken String t);",
        "}")))
        .isEqualTo("GuardPolicy.builder().roles(Match.ANY, \"admin\").build()");
  }

  @Test
  void aTypeLevelValueAgainstADeclarationsValueIsSettledByDeclaringTheMethod()
      throws IOException {
    JavaFileObject base = source("Base",
        "public interface Base { @RequiresRole(\"a\") String m(@BearerToken String t); }");
    assertError("ProtektConflictingInheritance", base,
        source("Api", "@RequiresRole(\"b\") public interface Api extends Base {}"));
    assertThat(policy("ApiGuard", "m", base, source("Api",
        "@RequiresRole(\"b\")",
        "public interface Api extends Base { @RequiresRole(\"b\") String m(@BearerToken String t); }")))
        .isEqualTo("GuardPolicy.builder().roles(Match.ANY, \"b\").build()");
  }

  @Test
  void aRequirementOfTheSubInterfaceAgainstADeclaredPublicIsSettledByDeclaringTheMethod()
      throws IOException {
    JavaFileObject base = source("Base",
        "@RequiresAuth",
        "public interface Base {",
        "  @Public String health(@BearerToken String t);",
        "  String m(@BearerToken String t);",
        "}");
    assertError("ProtektConflictingInheritance", base,
        source("Api", "@RequiresRole(\"b\") public interface Api extends Base {}"));
    assertError("ProtektConflictingInheritance", base,
        source("Api", "@RequiresAuth public interface Api extends Base {}"));
    JavaFileObject settled = source("Api",
        "@RequiresRole(\"b\")",
        "public interface Api extends Base { @Public String health(@BearerToken String t); }");
    assertThat(policy("ApiGuard", "health", base, settled)).isEqualTo("none");
    assertThat(policy("ApiGuard", "m", base, settled))
        .isEqualTo("GuardPolicy.builder().roles(Match.ANY, \"b\").build()");
  }

  @Test
  void aSubInterfaceWithoutAnnotationsOfItsOwnGetsNoGuard() {
    Compilation compilation = compile(
        source("Base", "@RequiresAuth public interface Base { String m(@BearerToken String t); }"),
        source("Api", "public interface Api extends Base {}"));
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation.generatedSourceFile("test.ApiGuard").isPresent()).isFalse();
    assertThat(compilation.generatedSourceFile("test.BaseGuard").isPresent()).isTrue();
  }
}
