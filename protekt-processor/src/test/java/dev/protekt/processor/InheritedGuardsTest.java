package dev.protekt.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.protekt.ConfigurationException;
import dev.protekt.ForbiddenException;
import dev.protekt.ProtektAuth;
import dev.protekt.testing.LocalTenant;
import dev.protekt.testing.LocalTenantExtension;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A guarded interface from another build (a jar), or compiled again alone, extended by a guarded
 * interface: the guard copies the super-interface's checks at compile time, so it must refuse to be
 * constructed when it runs with another version of the super-interface than it was generated
 * against, and must not when it runs with the same one, however differently a class file shows it
 * than its source did.
 */
@ExtendWith(LocalTenantExtension.class)
class InheritedGuardsTest {
  private static final String BASE_V1 = String.join("\n",
      "package lib;",
      "import dev.protekt.annotations.*;",
      "@RequiresAuth",
      "public interface Base {",
      "  @RequiresRole(\"admin\") String delete(@BearerToken String token);",
      "}");

  /** {@link #BASE_V1} with a requirement tightened. */
  private static final String TIGHTENED = BASE_V1.replace("\"admin\"", "\"superadmin\"");

  private static final String API = String.join("\n",
      "package app;",
      "import dev.protekt.annotations.*;",
      "@RequiresAuth",
      "public interface Api extends lib.Base {",
      "  String list(@BearerToken String token);",
      "}");

  @TempDir Path dir;

  @Test
  void aGuardRunsWithTheSuperInterfaceItWasGeneratedAgainst(LocalTenant tenant) throws Throwable {
    Map<String, byte[]> lib = compile("lib", null, source("lib.Base", BASE_V1));
    Map<String, byte[]> app = compile("app", lib, source("app.Api", API));

    Object guard = guard(tenant, app, lib);
    Method delete = guard.getClass().getMethod("delete", String.class);
    assertEquals("delegate ran", call(guard, delete, bearer(tenant, "admin")));
    assertThrows(ForbiddenException.class, () -> call(guard, delete, bearer(tenant, "viewer")));
  }

  @Test
  void aRequirementTightenedInTheJarMakesTheGuardRefuseToBeConstructed(LocalTenant tenant)
      throws Throwable {
    ConfigurationException e = assertChangedBaseIsCaught(tenant, TIGHTENED, api());
    assertThat(e).hasMessageThat().contains(
        "Rebuild the module of app.ApiGuard against the lib.Base you run with");
  }

  @Test
  void aDefaultMethodAddedInTheJarMakesTheGuardRefuseToBeConstructed(LocalTenant tenant)
      throws Throwable {
    // ApiGuard does not override purge: its body would run on the guard, checked by nothing.
    assertChangedBaseIsCaught(tenant, BASE_V1.replace("}",
        "  @RequiresRole(\"admin\") default String purge(@BearerToken String token) {\n"
            + "    return delete(token);\n"
            + "  }\n"
            + "}"), api());
  }

  @Test
  void aReturnTypeChangedInTheJarMakesTheGuardRefuseToBeConstructed(LocalTenant tenant)
      throws Throwable {
    // To the JVM, CharSequence delete(String) is another method, which ApiGuard does not override.
    assertChangedBaseIsCaught(
        tenant, BASE_V1.replace("String delete", "CharSequence delete"), api());
  }

  @Test
  void aSuperInterfaceOfTheJarsInterfaceChangedInAnotherJarIsCaughtToo(LocalTenant tenant)
      throws Throwable {
    Map<String, byte[]> lib = compile("lib", null, source("lib.Base", BASE_V1));
    String mid = String.join("\n",
        "package mid;",
        "import dev.protekt.annotations.*;",
        "public interface Mid extends lib.Base {",
        "  @RequiresPermission(\"read:mid\") String read(@BearerToken String token);",
        "}");
    Map<String, byte[]> midClasses = compile("mid", lib, source("mid.Mid", mid));
    Map<String, byte[]> both = new HashMap<>(lib);
    both.putAll(midClasses);
    Map<String, byte[]> app = compile("app", both, source("app.Api", API.replace(
        "extends lib.Base", "extends mid.Mid")));
    assertThat(guard(tenant, app, both)).isNotNull();

    // lib changed under mid, and neither mid nor app was rebuilt: app's guard checks lib's too.
    Map<String, byte[]> lib2 = compile("lib2", null,
        source("lib.Base", TIGHTENED));
    Map<String, byte[]> stale = new HashMap<>(lib2);
    stale.putAll(midClasses);
    ConfigurationException e =
        assertThrows(ConfigurationException.class, () -> guard(tenant, app, stale));
    assertThat(e).hasMessageThat().contains("another version of lib.Base");
  }

  @Test
  void aTypeLevelRequirementChangedOnAMixInWithoutMethodsIsCaught(LocalTenant tenant)
      throws Throwable {
    String admins = String.join("\n",
        "package lib;",
        "@dev.protekt.annotations.RequiresRole(\"admin\")",
        "public interface Admins {}");
    Map<String, byte[]> lib = compile("lib", null, source("lib.Admins", admins));
    Map<String, byte[]> app = compile("app", lib, source("app.Api", String.join("\n",
        "package app;",
        "import dev.protekt.annotations.*;",
        "public interface Api extends lib.Admins {",
        "  @RequiresAuth String list(@BearerToken String token);",
        "}")));
    assertThat(guard(tenant, app, lib)).isNotNull();

    Map<String, byte[]> lib2 = compile("lib2", null,
        source("lib.Admins", admins.replace("\"admin\"", "\"superadmin\"")));
    assertOutOfDate(tenant, app, lib2, "lib.Admins");
  }

  @Test
  void aSuperInterfaceThatLostItsGuardIsCaught(LocalTenant tenant) throws Throwable {
    Map<String, byte[]> lib = compile("lib", null, source("lib.Base", BASE_V1));
    Map<String, byte[]> app = compile("app", lib, source("app.Api", API));
    // No Protekt annotation left on Base: no BaseGuard in the new jar.
    Map<String, byte[]> lib2 = compile("lib2", null, source("lib.Base", String.join("\n",
        "package lib;",
        "public interface Base {",
        "  String delete(String token);",
        "}")));
    assertThat(lib2).doesNotContainKey("lib.BaseGuard");

    ConfigurationException e =
        assertThrows(ConfigurationException.class, () -> guard(tenant, app, lib2));
    assertThat(e).hasMessageThat().startsWith(
        "app.ApiGuard was generated against a version of lib.Base whose guard has a checks digest");
    assertThat(e).hasCauseThat().isInstanceOf(NoClassDefFoundError.class);
  }

  @Test
  void aGuardedInterfaceBehindAnUnannotatedOneIsComparedToo(LocalTenant tenant) throws Throwable {
    Map<String, byte[]> lib = compile("lib", null, source("lib.Base", BASE_V1),
        source("lib.Middle", "package lib;\npublic interface Middle extends Base {}"));
    Map<String, byte[]> app = compile("app", lib,
        source("app.Api", API.replace("extends lib.Base", "extends lib.Middle")));
    assertThat(guard(tenant, app, lib)).isNotNull();

    Map<String, byte[]> lib2 = compile("lib2", null,
        source("lib.Base", TIGHTENED),
        source("lib.Middle", "package lib;\npublic interface Middle extends Base {}"));
    assertOutOfDate(tenant, app, lib2, "lib.Base");
  }

  @Test
  void aGuardWithoutADigestIsNotCompared(LocalTenant tenant) throws Throwable {
    // As a processor from before digests wrote it: lib.BaseGuard without CHECKS_DIGEST.
    Map<String, byte[]> lib = compile("lib", null, source("lib.Base", BASE_V1));
    Map<String, byte[]> old = new HashMap<>(lib);
    old.putAll(compileWithoutProcessor(source("lib.BaseGuard", String.join("\n",
        "package lib;",
        "public final class BaseGuard {}"))));
    Map<String, byte[]> app = compile("app", old, source("app.Api", API));

    assertThat(new String(app.get("app.ApiGuard.java"), StandardCharsets.UTF_8))
        .doesNotContain("requireSameChecks");
    assertThat(guard(tenant, app, old)).isNotNull();
  }

  /**
   * A name of the interface's that obscures the package of the super-interface's guard, {@code
   * lib}, where the guard's constructor compares digests: the guard names {@code BaseGuard} by its
   * simple name instead, and still refuses to run with a changed {@code lib.Base}.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"constant", "member type", "inherited constant", "type variable"})
  void aSuperInterfacesGuardWhosePackageANameObscuresIsComparedByItsSimpleName(
      String shape, LocalTenant tenant) throws Throwable {
    List<JavaFileObject> app = new ArrayList<>();
    String declaration = "public interface Api extends lib.Base";
    String member = "";
    switch (shape) {
      case "constant" -> member = "  int lib = 1;";
      case "member type" -> member = "  interface lib {}";
      case "inherited constant" -> {
        declaration += ", Constants";
        app.add(source("app.Constants", "package app;\npublic interface Constants { int lib = 1; }"));
      }
      default -> declaration = "public interface Api<lib> extends Base";
    }
    app.add(0, source("app.Api", String.join("\n",
        "package app;",
        "import dev.protekt.annotations.*;",
        "import lib.Base;",
        "@RequiresAuth",
        declaration + " {",
        member,
        "  String list(@BearerToken String token);",
        "}")));

    // Named qualified, the guard would not compile.
    assertChangedBaseIsCaught(tenant, TIGHTENED, app.toArray(new JavaFileObject[0]));
  }

  /**
   * A method's parameters and type variables are out of the constructor's scope: named like the
   * package of the super-interface's guard, they leave its qualified name, which the guard needs
   * when a member type hides the simple one, in reach.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
      "  String list(@BearerToken String lib);",
      "  <lib> lib find(@BearerToken String token, lib query);"})
  void aMethodsNameLikeThePackageOfTheSuperInterfacesGuardLeavesItsQualifiedName(
      String method, LocalTenant tenant) throws Throwable {
    assertChangedBaseIsCaught(
        tenant, TIGHTENED, apiExtendingBase("  interface BaseGuard {}", method));
  }

  /**
   * The guard's own policy constant for {@code list()}, {@code LIST}, would obscure the package
   * {@code LIST} of the super-interface's guard, which a member type makes the guard name
   * qualified: the constant takes another name.
   */
  @Test
  void thePolicyConstantsOfTheGuardLeaveThePackageOfTheSuperInterfacesGuardInReach(
      LocalTenant tenant) throws Throwable {
    String base = BASE_V1.replace("package lib;", "package LIST;");
    Map<String, byte[]> lib = compile("lib", null, source("LIST.Base", base));
    Map<String, byte[]> app = compile("app", lib, source("app.Api",
        API.replace("lib.Base", "LIST.Base").replace("{\n", "{\n  interface BaseGuard {}\n")));
    assertThat(new String(app.get("app.ApiGuard.java"), StandardCharsets.UTF_8))
        .contains("LIST.BaseGuard.CHECKS_DIGEST");
    assertThat(guard(tenant, app, lib)).isNotNull();
    Map<String, byte[]> lib2 = compile("lib2", null,
        source("LIST.Base", base.replace("\"admin\"", "\"superadmin\"")));
    assertOutOfDate(tenant, app, lib2, "LIST.Base");
  }

  /**
   * The JDK or a third party's interface in another version in the two builds (here a default
   * method added to {@code dep.Repo}, which the app is built against) is no change of lib's: the
   * guard the app generated overrides the new method, and must construct.
   */
  @Test
  void anotherVersionOfAThirdPartysSuperInterfaceIsNoChange(LocalTenant tenant) throws Throwable {
    String repo = String.join("\n",
        "package dep;",
        "public interface Repo<T> {",
        "  T find(String token, String id);",
        "}");
    Map<String, byte[]> dep = compile("dep", null, source("dep.Repo", repo));
    Map<String, byte[]> lib = compile("lib", dep, source("lib.Users", String.join("\n",
        "package lib;",
        "import dev.protekt.annotations.*;",
        "@RequiresAuth @TokenFromContext",
        "public interface Users extends dep.Repo<String> {",
        "  @RequiresRole(\"admin\") String delete(String id);",
        "}")));
    Map<String, byte[]> dep2 = compile("dep2", null, source("dep.Repo", repo.replace("}",
        "  default int count(String token) {\n    return 0;\n  }\n}")));
    Map<String, byte[]> libAndDep2 = new HashMap<>(dep2);
    libAndDep2.putAll(lib);
    Map<String, byte[]> app = compile("app", libAndDep2, source("app.Api", String.join("\n",
        "package app;",
        "import dev.protekt.annotations.*;",
        "public interface Api extends lib.Users {",
        "  @RequiresAuth @TokenFromContext String list();",
        "}")));

    assertThat(guard(tenant, app, libAndDep2)).isNotNull();
  }

  /**
   * The digest app's build computes from lib's class files must equal the one lib's build computed
   * from its sources: no parameter names (no {@code -parameters}), no type annotations, generic
   * and array types, every token source, values in another order; otherwise every guard of a
   * sub-interface would refuse to be constructed.
   */
  @Test
  void aSuperInterfaceReadFromClassFilesSumsUpAsItsSourceDid(LocalTenant tenant)
      throws Throwable {
    String base = String.join("\n",
        "package lib;",
        "import com.sun.net.httpserver.HttpExchange;",
        "import dev.protekt.annotations.*;",
        "import java.lang.annotation.*;",
        "import java.util.List;",
        "import java.util.Map;",
        "@RequiresAuth",
        "public interface Base<T extends CharSequence> {",
        "  @Target(ElementType.TYPE_USE) @interface Nullable {}",
        "  interface Inner {}",
        "  @Public String health();",
        "  @RequiresRole(value = {\"b\", \"a\"}, match = Match.ALL)",
        "  @RequiresPermission({\"write:x\", \"read:x\"})",
        "  <R extends T> List<R> find(@BearerToken @Nullable String token, Map<String, R> query,",
        "      int[][] grid, @Nullable T @Nullable [] items, Inner inner, long... ids);",
        "  @RequiresPermission(\"ex\") void exchange(HttpExchange exchange);",
        "  @TokenFromContext T context(T value);",
        "  @RequiresRole(\"d\") default String withDefault(@BearerToken String token) {",
        "    return \"base\";",
        "  }",
        "}");
    String sub = String.join("\n",
        "package lib;",
        "import dev.protekt.annotations.*;",
        "public interface Sub extends Base<String> {",
        "  @RequiresPermission(\"sub\") String more(int count, @BearerToken String token);",
        "}");
    Map<String, byte[]> lib =
        compile("lib", null, source("lib.Base", base), source("lib.Sub", sub));
    Map<String, byte[]> app = compile("app", lib, source("app.Api", String.join("\n",
        "package app;",
        "import dev.protekt.annotations.*;",
        "public interface Api extends lib.Sub {",
        "  @RequiresAuth String list(@BearerToken String token);",
        "}")));

    String generated = new String(app.get("app.ApiGuard.java"), StandardCharsets.UTF_8);
    assertThat(generated).contains("Guards.requireSameChecks(() -> BaseGuard.CHECKS_DIGEST");
    assertThat(generated).contains("Guards.requireSameChecks(() -> SubGuard.CHECKS_DIGEST");
    assertThat(guard(tenant, app, lib)).isNotNull();
  }

  /**
   * An interface naming its own guard is read while that guard is not written yet: its digest must
   * still be the one its class file gives, or every guard of a sub-interface built against it
   * would refuse to be constructed.
   */
  @Test
  void aSuperInterfaceNamingItsOwnGuardSumsUpAsItsClassFileDoes(LocalTenant tenant)
      throws Throwable {
    Map<String, byte[]> lib = compile("lib", null,
        source("lib.Base", String.join("\n",
            "package lib;",
            "import dev.protekt.annotations.*;",
            "@RequiresAuth",
            "public interface Base<T> {",
            "  BaseGuard<T> self(@BearerToken String token);",
            "  java.util.List<BaseGuard<T>> all(@BearerToken String token, BaseGuard<?>[] more);",
            "  SelfGuard[] other(@BearerToken String token);",
            "}")),
        source("lib.Self", String.join("\n",
            "package lib;",
            "import dev.protekt.annotations.*;",
            "@RequiresAuth",
            "public interface Self { SelfGuard me(@BearerToken String token); }")));
    Map<String, byte[]> app = compile("app", lib, source("app.Api",
        API.replace("extends lib.Base", "extends lib.Base<String>, lib.Self")));

    assertThat(guard(tenant, app, lib)).isNotNull();
  }

  @Test
  void theCheckCompilesWhateverNamesTheInterfaceUses(LocalTenant tenant) throws Throwable {
    Map<String, byte[]> lib = compile("lib", null, source("lib.Base", BASE_V1));
    Map<String, byte[]> app = compile("app", lib, apiExtendingBase(
        "  interface BaseGuard {}",
        "  interface ConfigurationException {}",
        "  interface Guards {}",
        "  interface String {}",
        "  int CHECKS_DIGEST = 1;",
        "  java.lang.String checksDigest(@BearerToken java.lang.String token);"));

    assertThat(guard(tenant, app, lib)).isNotNull();
  }

  @Test
  void aSuperInterfaceOfTheSameCompilationIsComparedToo(LocalTenant tenant) throws Throwable {
    assertChangeCompiledAloneIsCaught(tenant, "lib.Base", BASE_V1, API);
  }

  /**
   * A type named like the super-interface's guard, nested in the interface or inherited from the
   * super-interface, must not stand in for that guard in the comparison: a stale guard would then
   * compare with whatever the type holds, and let callers through.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"nested", "inherited"})
  void aTypeNamedLikeTheSuperInterfacesGuardDoesNotHideIt(String where, LocalTenant tenant)
      throws Throwable {
    String impostor =
        "  class BaseGuard { public static final String CHECKS_DIGEST = \"none\"; }\n";
    String base = BASE_V1.replace("package lib;", "package app;")
        .replace("public interface Base {\n", "public interface Base {\n"
            + (where.equals("inherited") ? impostor : ""));
    String api = API.replace("lib.Base", "Base")
        .replace("{\n", "{\n" + (where.equals("nested") ? impostor : ""));
    String generated = assertChangeCompiledAloneIsCaught(tenant, "app.Base", base, api);
    assertThat(generated).contains("Guards.requireSameChecks(() -> app.BaseGuard.CHECKS_DIGEST");
  }

  /**
   * Asserts that {@code app.Api}'s guard, compiled together with {@code superInterface}, runs with
   * it, and refuses to be constructed once an incremental build has compiled {@code
   * superInterface}, changed, alone: it compiles only the file that changed, with the other
   * classes on the class path (those of the changed file deleted), so the super-interface's guard
   * is generated again and {@code app.ApiGuard} is not. Returns {@code app.ApiGuard}'s source.
   */
  private String assertChangeCompiledAloneIsCaught(LocalTenant tenant, String superInterface,
      String superSource, String apiSource) throws Throwable {
    Map<String, byte[]> together = compile("together", null,
        source(superInterface, superSource), source("app.Api", apiSource));
    assertThat(guard(tenant, together, Map.of())).isNotNull();

    Map<String, byte[]> others = new HashMap<>(together);
    others.keySet().removeIf(name -> name.startsWith(superInterface));
    Map<String, byte[]> alone = compile("alone", others, source(superInterface,
        superSource.replace("\"admin\"", "\"superadmin\"")));
    assertThat(alone.keySet()).doesNotContain("app.ApiGuard");
    Map<String, byte[]> rebuilt = new HashMap<>(together);
    rebuilt.putAll(alone);
    assertOutOfDate(tenant, rebuilt, Map.of(), superInterface);
    return new String(together.get("app.ApiGuard.java"), StandardCharsets.UTF_8);
  }

  @Test
  void aSuperInterfaceOfTheSameCompilationWithErrorsIsNotCompared() {
    // Base's error is on a static method, which Api does not inherit: Api is valid and gets its
    // guard, which must not name BaseGuard, never written. Api is processed first (by name).
    Compilation compilation = javac().withProcessors(new GuardProcessor()).compile(
        source("lib.Base", BASE_V1.replace("}", "  @RequiresRole(\"x\") static void help() {}\n}")),
        source("app.Api", API));
    assertThat(compilation).hadErrorContaining("ProtektStaticMethod");
    // Naming it would add javac's "cannot find symbol" in ApiGuard.
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void aSuperInterfaceWhoseGuardIsNotVisibleIsNotCompared(LocalTenant tenant) throws Throwable {
    // Outer.Shelf is protected, so its guard is not public, and Sub's guard, in another package,
    // cannot read it.
    Map<String, byte[]> classes = compile("hidden", null,
        source("lib.Outer", String.join("\n",
            "package lib;",
            "import dev.protekt.annotations.*;",
            "public class Outer {",
            "  @RequiresRole(\"admin\")",
            "  protected interface Shelf { String delete(@BearerToken String token); }",
            "}")),
        source("app.Sub", String.join("\n",
            "package app;",
            "import dev.protekt.annotations.*;",
            "public class Sub extends lib.Outer {",
            "  @RequiresAuth",
            "  public interface Api extends Shelf { String list(@BearerToken String token); }",
            "}")));
    assertThat(new String(classes.get("app.Sub_ApiGuard.java"), StandardCharsets.UTF_8))
        .doesNotContain("requireSameChecks");
  }

  /**
   * Asserts that the guard of {@code app.Api}, compiled from {@code app} against {@link #BASE_V1},
   * runs with it and refuses to be constructed with {@code changedBase} instead; returns the
   * refusal.
   */
  private ConfigurationException assertChangedBaseIsCaught(LocalTenant tenant, String changedBase,
      JavaFileObject... app) throws Throwable {
    Map<String, byte[]> lib = compile("lib", null, source("lib.Base", BASE_V1));
    Map<String, byte[]> classes = compile("app", lib, app);
    Map<String, byte[]> lib2 = compile("lib2", null, source("lib.Base", changedBase));

    assertThat(guard(tenant, classes, lib)).isNotNull();
    return assertOutOfDate(tenant, classes, lib2, "lib.Base");
  }

  /** Asserts that {@code app.ApiGuard} refuses to be constructed: {@code superInterface} changed. */
  private static ConfigurationException assertOutOfDate(LocalTenant tenant,
      Map<String, byte[]> app, Map<String, byte[]> lib, String superInterface) {
    ConfigurationException e =
        assertThrows(ConfigurationException.class, () -> guard(tenant, app, lib));
    assertThat(e).hasMessageThat().startsWith(
        "app.ApiGuard was generated against another version of " + superInterface + ": ");
    return e;
  }

  /** {@link #API}. */
  private static JavaFileObject api() {
    return source("app.Api", API);
  }

  /** {@code app.Api}, guarded, extending {@code lib.Base}, with {@code members}. */
  private static JavaFileObject apiExtendingBase(String... members) {
    return source("app.Api", "package app;\n"
        + "import dev.protekt.annotations.*;\n"
        + "@RequiresAuth\n"
        + "public interface Api extends lib.Base {\n"
        + String.join("\n", members) + "\n"
        + "}");
  }

  private static JavaFileObject source(String name, String text) {
    return JavaFileObjects.forSourceString(name, text);
  }

  /**
   * Compiles {@code sources} with the processor, against {@code classPath}'s classes (written to a
   * folder named {@code name}) and the test's own class path. Returns the class files by binary
   * name, and the generated sources by their file name.
   */
  private Map<String, byte[]> compile(
      String name, Map<String, byte[]> classPath, JavaFileObject... sources) {
    try {
      List<File> path = new ArrayList<>();
      if (classPath != null) {
        Path folder = Files.createDirectories(dir.resolve(name + "-classpath"));
        for (Map.Entry<String, byte[]> e : classPath.entrySet()) {
          if (e.getKey().endsWith(".java")) {
            continue;
          }
          Path file = folder.resolve(e.getKey().replace('.', '/') + ".class");
          Files.createDirectories(file.getParent());
          Files.write(file, e.getValue());
        }
        path.add(folder.toFile());
      }
      for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
        path.add(new File(entry));
      }
      Compilation compilation = javac().withProcessors(new GuardProcessor())
          .withClasspath(path).withOptions("-Xlint:all", "-Werror").compile(sources);
      assertThat(compilation).succeededWithoutWarnings();
      Map<String, byte[]> out = CompiledClasses.of(compilation);
      for (JavaFileObject file : compilation.generatedSourceFiles()) {
        out.put(file.toUri().getPath().replaceFirst("^/SOURCE_OUTPUT/", "").replace('/', '.'),
            file.getCharContent(true).toString().getBytes(StandardCharsets.UTF_8));
      }
      return out;
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** Compiles {@code sources} without any processor, against the test's class path. */
  private static Map<String, byte[]> compileWithoutProcessor(JavaFileObject... sources) {
    Compilation compilation = javac().withOptions("-proc:none").compile(sources);
    assertThat(compilation).succeededWithoutWarnings();
    try {
      return CompiledClasses.of(compilation);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** Loads {@code app}'s and {@code lib}'s classes together, over this test's class path. */
  private static ClassLoader load(Map<String, byte[]> app, Map<String, byte[]> lib) {
    Map<String, byte[]> classes = new HashMap<>(lib);
    classes.putAll(app);
    return CompiledClasses.loader(classes);
  }

  /** Constructs {@code app.ApiGuard} over an implementation that answers "delegate ran". */
  private static Object guard(LocalTenant tenant, Map<String, byte[]> app, Map<String, byte[]> lib)
      throws Throwable {
    ClassLoader loader = load(app, lib);
    Class<?> api = loader.loadClass("app.Api");
    Object delegate = Proxy.newProxyInstance(loader, new Class<?>[] {api},
        (proxy, m, args) -> "delegate ran");
    ProtektAuth protekt = ProtektAuth.builder().domain(tenant.domain())
        .audience(tenant.apiAudience()).retryAttempts(0).build();
    try {
      return loader.loadClass("app.ApiGuard").getConstructor(api, ProtektAuth.class)
          .newInstance(delegate, protekt);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static Object call(Object target, Method method, Object... args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static String bearer(LocalTenant tenant, String role) {
    return "Bearer " + tenant.token().subject("protekt|ada").roles(role).sign();
  }
}
