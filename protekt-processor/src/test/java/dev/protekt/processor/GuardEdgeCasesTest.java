package dev.protekt.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.protekt.ForbiddenException;
import dev.protekt.MissingTokenException;
import dev.protekt.ProtektAuth;
import dev.protekt.guard.GuardPolicy;
import dev.protekt.testing.LocalTenant;
import dev.protekt.testing.LocalTenantExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interfaces that are legal Java but unusual, each compiled by the processor and, where the guard
 * could check less than declared, run against a local tenant: names that hide what the guard's
 * body refers to, inherited generic bounds, nested types named like the guard's imports, a
 * super-interface another processor generates later.
 */
@ExtendWith(LocalTenantExtension.class)
class GuardEdgeCasesTest {
  private static final String IMPORTS = "package test;\n"
      + "import dev.protekt.annotations.*;\n";

  private static JavaFileObject source(String name, String... lines) {
    return JavaFileObjects.forSourceString("test." + name, IMPORTS + String.join("\n", lines));
  }

  /** Loads the classes a successful compilation wrote, over this test's class path. */
  private static ClassLoader load(Compilation compilation) throws IOException {
    return CompiledClasses.loader(CompiledClasses.of(compilation));
  }

  private static ProtektAuth offlineProtekt() {
    return ProtektAuth.builder().domain("tenant.example").audience("api").build();
  }

  /** An implementation of {@code iface} whose every method answers "delegate ran". */
  private static Object delegate(Class<?> iface) {
    return Proxy.newProxyInstance(iface.getClassLoader(), new Class<?>[] {iface},
        (proxy, method, args) -> "delegate ran");
  }

  /** Calls {@code m(String)} of the guard of {@code type}, over {@link #delegate}. */
  interface Invoker {
    Object call(String token) throws Throwable;
  }

  private static Invoker invoker(Compilation compilation, String type, LocalTenant tenant)
      throws Exception {
    assertThat(compilation).succeededWithoutWarnings();
    ClassLoader loader = load(compilation);
    Object guard = guard(loader, type, tenant);
    Method m = loader.loadClass("test." + type).getMethod("m", String.class);
    return token -> call(guard, m, token);
  }

  /**
   * The guard of {@code test.<type>}, loaded by {@code loader}, over {@link #delegate}, verifying
   * tokens of {@code tenant}.
   */
  private static Object guard(ClassLoader loader, String type, LocalTenant tenant)
      throws Exception {
    Class<?> iface = loader.loadClass("test." + type);
    ProtektAuth protekt = ProtektAuth.builder().domain(tenant.domain())
        .audience(tenant.apiAudience()).retryAttempts(0).build();
    return loader.loadClass("test." + type + "Guard").getConstructor(iface, ProtektAuth.class)
        .newInstance(delegate(iface), protekt);
  }

  private static Object call(Object target, Method method, Object... args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  /**
   * Stands for any code generator triggered by an annotation of its own (here {@code @Deprecated}
   * on {@code Trigger}): writes one source file of package {@code test} in the first round, so that
   * the file joins the compilation in the second.
   */
  static final class GeneratesSource extends AbstractProcessor {
    private final String name;
    private final String source;
    private boolean done;

    /** Writes {@code test.<name>} with {@code lines} in the first round it runs. */
    GeneratesSource(String name, String... lines) {
      this.name = name;
      this.source = "package test;\n" + String.join("\n", lines) + "\n";
    }

    /** The interface {@code name} with a default {@code export(@BearerToken String)}. */
    static GeneratesSource exportInterface(String name) {
      return new GeneratesSource(name,
          "public interface " + name + " {",
          "  default String export(@dev.protekt.annotations.BearerToken String token) {",
          "    return \"all the data\";",
          "  }",
          "}");
    }

    @Override
    public Set<String> getSupportedAnnotationTypes() {
      return Set.of("java.lang.Deprecated");
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
      return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
      if (!done) {
        done = true;
        try (Writer w = processingEnv.getFiler().createSourceFile("test." + name).openWriter()) {
          w.write(source);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      return false;
    }
  }

  /**
   * Compiles {@code Ops extends <superInterface>} (which {@link GeneratesSource#exportInterface} writes) with
   * {@code others}, and checks OpsGuard refuses the inherited {@code export} without a token: Ops
   * requires role admin of every method, inherited ones included.
   */
  private static void assertGeneratedSuperInterfaceIsGuarded(
      String superInterface, JavaFileObject... others) throws Throwable {
    List<JavaFileObject> sources = new ArrayList<>(List.of(others));
    sources.add(source("Trigger", "@Deprecated class Trigger {}"));
    sources.add(source("Ops",
        "@RequiresRole(\"admin\")",
        "public interface Ops extends " + superInterface + " {",
        "  String ping(@BearerToken String token);",
        "}"));
    Compilation compilation = javac()
        .withProcessors(new GuardProcessor(), GeneratesSource.exportInterface(superInterface))
        .compile(sources);
    assertThat(compilation).succeeded();
    ClassLoader loader = load(compilation);
    Class<?> ops = loader.loadClass("test.Ops");
    Object guard = loader.loadClass("test.OpsGuard").getConstructor(ops, ProtektAuth.class)
        .newInstance(delegate(ops), offlineProtekt());
    Method export = ops.getMethod("export", String.class);
    assertThrows(MissingTokenException.class, () -> call(guard, export, (Object) null));
  }

  @Test
  void methodsOfASuperInterfaceGeneratedInALaterRoundAreGuarded() throws Throwable {
    assertGeneratedSuperInterfaceIsGuarded("Admin");
  }

  @Test
  void aGuardOfAnotherPackageNamedAlikeDoesNotExcuseAMissingSuperInterface() throws Throwable {
    // other.Admin's guard is other.AdminGuard; test.AdminGuard is another type altogether.
    assertGeneratedSuperInterfaceIsGuarded("AdminGuard",
        JavaFileObjects.forSourceString("other.Admin", "package other;\n"
            + "@dev.protekt.annotations.RequiresAuth\n"
            + "public interface Admin {\n"
            + "  String ping(@dev.protekt.annotations.BearerToken String token);\n"
            + "}\n"));
  }

  @Test
  void aRoleNamedByAConstantOfAClassGeneratedInALaterRoundIsThatRole() throws IOException {
    JavaFileObject usesConst = source("UsesConst",
        "@RequiresRole(Roles.ADMIN)",
        "public interface UsesConst {",
        "  @RequiresPermission({\"read\", Roles.WRITE}) String m(@BearerToken String token);",
        "}");
    JavaFileObject trigger = source("Trigger", "@Deprecated class Trigger {}");
    // In either order: the processors of a round run in the order given.
    for (boolean guardFirst : new boolean[] {true, false}) {
      GeneratesSource roles = new GeneratesSource("Roles",
          "public final class Roles {",
          "  private Roles() {}",
          "  public static final String ADMIN = \"admin\";",
          "  public static final String WRITE = \"write\";",
          "}");
      Compilation compilation = javac()
          .withProcessors(guardFirst ? List.of(new GuardProcessor(), roles)
              : List.of(roles, new GuardProcessor()))
          .compile(trigger, usesConst);
      assertThat(compilation).succeededWithoutWarnings();
      String guard = compilation.generatedSourceFile("test.UsesConstGuard").get()
          .getCharContent(true).toString().replaceAll("\\s+", "");
      assertThat(guard).contains("GuardPolicy.builder().roles(Match.ANY,\"admin\")"
          + ".permissions(Match.ANY,\"read\",\"write\").build()");
    }
  }

  @Test
  void anOverrideNamingAnotherKindKeepsTheRoleItsSuperInterfaceRequires(LocalTenant tenant)
      throws Throwable {
    Compilation compilation = javac().withProcessors(new GuardProcessor()).compile(
        source("Base",
            "@RequiresAuth",
            "public interface Base {",
            "  @RequiresRole(\"admin\") String delete(@BearerToken String token);",
            "}"),
        source("Sub",
            "public interface Sub extends Base {",
            "  @RequiresPermission(\"delete:posts\") String delete(@BearerToken String token);",
            "}"));
    assertThat(compilation).succeededWithoutWarnings();
    ClassLoader loader = load(compilation);
    Class<?> sub = loader.loadClass("test.Sub");
    Object guard = guard(loader, "Sub", tenant);
    Method delete = sub.getMethod("delete", String.class);
    String permissionOnly = "Bearer " + tenant.token().subject("protekt|eve")
        .permissions("delete:posts").sign();
    String both = "Bearer " + tenant.token().subject("protekt|ada")
        .roles("admin").permissions("delete:posts").sign();

    // Only @Public loosens: the override adds its permission to Base's role, it does not swap them.
    assertThrows(ForbiddenException.class, () -> call(guard, delete, permissionOnly));
    assertEquals("delegate ran", call(guard, delete, both));
  }

  @Test
  void anOverrideBelowPublicDoesNotReviveTheRoleItDropped(LocalTenant tenant) throws Throwable {
    Compilation compilation = javac().withProcessors(new GuardProcessor()).compile(
        source("Root",
            "public interface Root extends Mid { @RequiresAuth String m(@BearerToken String t); }"),
        source("Mid",
            "public interface Mid extends Base { @Public String m(@BearerToken String t); }"),
        source("Base",
            "public interface Base { @RequiresRole(\"admin\") String m(@BearerToken String t); }"));
    Invoker m = invoker(compilation, "Root", tenant);

    assertEquals("delegate ran", m.call("Bearer " + tenant.token().subject("protekt|eve").sign()));
    assertThrows(MissingTokenException.class, () -> m.call(null));
  }

  @Test
  void aMethodTypeVariableNamedLikeAPackageTheGuardNamesIsRenamedInTheGuard(LocalTenant tenant)
      throws Throwable {
    // The member type Guards makes the guard write dev.protekt.guard.Guards inside m, and the
    // parameter String makes it write java.lang.String inside n: past a type variable dev or java
    // neither would reach its package, so the guard names its overrides' type variables its own
    // way, as it does their parameters.
    Compilation compilation = javac().withProcessors(new GuardProcessor()).compile(
        source("Echo",
            "import java.util.List;",
            "@RequiresRole(\"admin\")",
            "public interface Echo {",
            "  class Guards {}",
            "  <dev> dev m(@BearerToken String token, dev value);",
            "  <java extends Comparable<java>, T extends List<java>> List<? super java> n(",
            "      @BearerToken String String, java value, T values);",
            "}"));
    assertThat(compilation).succeededWithoutWarnings();
    String guardSource = compilation.generatedSourceFile("test.EchoGuard").get()
        .getCharContent(true).toString().replaceAll("\\s+", " ").replace("( ", "(");
    assertThat(guardSource).contains("public <dev_2> dev_2 m(java.lang.String token,"
        + " dev_2 value)");
    assertThat(guardSource).contains("dev.protekt.guard.Guards.authorize(");
    assertThat(guardSource).contains("public <java_2 extends Comparable<java_2>, T extends"
        + " List<java_2>> List<? super java_2> n(java.lang.String String, java_2 value,"
        + " T values)");
    assertThat(guardSource).contains("this.delegate.<java_2, T>n(");

    ClassLoader loader = load(compilation);
    Class<?> echo = loader.loadClass("test.Echo");
    Object guard = guard(loader, "Echo", tenant);
    Method m = echo.getMethod("m", String.class, Object.class);
    assertThrows(MissingTokenException.class, () -> call(guard, m, null, "x"));
    assertThrows(ForbiddenException.class,
        () -> call(guard, m, "Bearer " + tenant.token().subject("protekt|eve").sign(), "x"));
    assertEquals("delegate ran", call(guard, m,
        "Bearer " + tenant.token().subject("protekt|ada").roles("admin").sign(), "x"));
  }

  @Test
  void aMethodTypeVariableNamedLikeATypeVariableOfTheInterfaceIsRenamedInTheGuard(
      LocalTenant tenant) throws Throwable {
    // As a member of Items<U>, Store<T>'s <U> U convert(T item) takes the interface's U and
    // returns the method's: the guard, which declares the interface's U, renames the method's.
    Compilation compilation = compilesCleanly(List.of(),
        source("Store",
            "public interface Store<T> {",
            "  <U> U convert(@BearerToken String token, T item, Class<U> to);",
            "  <U extends T> U narrow(@BearerToken String token, T item, Class<U> to);",
            "}"),
        source("Items",
            "@RequiresAuth",
            "public interface Items<U> extends Store<U> {}"),
        source("Handler",
            "@RequiresAuth @TokenFromContext",
            "public interface Handler<V, R> extends java.util.function.Function<V, R> {}"));
    String guardSource = compilation.generatedSourceFile("test.ItemsGuard").get()
        .getCharContent(true).toString().replaceAll("\\s+", " ").replace("( ", "(");
    assertThat(guardSource).contains(
        "public <U_2> U_2 convert(String token, U item, Class<U_2> to)");
    assertThat(guardSource).contains("this.delegate.<U_2>convert(");
    assertThat(guardSource).contains(
        "public <U_2 extends U> U_2 narrow(String token, U item, Class<U_2> to)");

    ClassLoader loader = load(compilation);
    Object guard = guard(loader, "Items", tenant);
    Method convert = loader.loadClass("test.Store")
        .getMethod("convert", String.class, Object.class, Class.class);
    assertThrows(MissingTokenException.class, () -> call(guard, convert, null, "x", String.class));
    assertEquals("delegate ran", call(guard, convert,
        "Bearer " + tenant.token().subject("protekt|ada").sign(), "x", String.class));
  }

  @Test
  void anInterfaceMayNameItsOwnGuardAndAnothersGuard() {
    Compilation compilation = javac().withProcessors(new GuardProcessor()).compile(
        source("Root",
            "@RequiresAuth",
            "public interface Root {",
            "  RootGuard self(@BearerToken String token);",
            "  OtherGuard other(@BearerToken String token);",
            "}"),
        source("Other",
            "@RequiresAuth",
            "public interface Other { RootGuard root(@BearerToken String token); }"));
    assertThat(compilation).succeededWithoutWarnings();
  }

  /** As a fluent method returns it, or a type parameter's bound names it. */
  @Test
  void aGenericInterfaceMayNameItsOwnGuardWithTypeArguments() {
    Compilation compilation = compilesCleanly(List.of(),
        source("Fluent",
            "@RequiresAuth",
            "public interface Fluent<T> {",
            "  FluentGuard<T> self(@BearerToken String token);",
            "  java.util.List<FluentGuard<? extends T>> all(@BearerToken String token);",
            "}"),
        source("Bounded",
            "@RequiresAuth",
            "public interface Bounded<T extends BoundedGuard<T>> {",
            "  T get(@BearerToken String token);",
            "}"));
    assertThat(compilation).generatedSourceFile("test.FluentGuard").contentsAsUtf8String()
        .contains("public FluentGuard<T> self(String token)");
  }

  @Test
  void aGenericOwnGuardBesideATypeThatNeverExistsIsLeftToJavacsOwnError() {
    Compilation compilation = javac().withProcessors(new GuardProcessor()).compile(
        source("Fluent",
            "@RequiresAuth",
            "public interface Fluent<T> {",
            "  FluentGuard<T> self(@BearerToken String token, Missing missing);",
            "}"));
    // javac's own errors where the missing types are written: none in a guard, none of ours.
    assertThat(compilation).hadErrorContaining("cannot find symbol").inFile(
        compilation.sourceFiles().get(0)).onLineContaining("Missing missing");
    for (javax.tools.Diagnostic<? extends JavaFileObject> error : compilation.errors()) {
      assertThat(error.getSource()).isEqualTo(compilation.sourceFiles().get(0));
      assertThat(error.getMessage(null)).startsWith("cannot find symbol");
    }
  }

  @Test
  void parameterNamedLikeThePolicyConstantDoesNotBreakTheGuard() {
    Compilation compilation = javac().withProcessors(new GuardProcessor()).compile(
        source("Ids",
            "@RequiresRole(\"admin\")",
            "public interface Ids {",
            "  String id(@BearerToken String token, String ID);",
            "}"));
    assertThat(compilation).succeededWithoutWarnings();
  }

  @Test
  void parameterNamedLikeARuntimeClassDoesNotBreakTheGuard() {
    Compilation compilation = javac().withProcessors(new GuardProcessor()).compile(
        source("Names",
            "@RequiresRole(\"admin\")",
            "public interface Names {",
            "  String run(@BearerToken String Guards);",
            "  String go(@BearerToken String token, String CurrentUser);",
            "}"));
    assertThat(compilation).succeededWithoutWarnings();
  }

  @Test
  void aGuardPolicyParameterNamedLikeThePolicyConstantCannotChooseThePolicy(LocalTenant tenant)
      throws Throwable {
    Compilation compilation = javac().withProcessors(new GuardProcessor()).compile(
        source("Runs",
            "@RequiresRole(\"admin\")",
            "public interface Runs {",
            "  String run(@BearerToken String token, dev.protekt.guard.GuardPolicy RUN);",
            "}"));
    assertThat(compilation).succeeded();
    ClassLoader loader = load(compilation);
    Class<?> runs = loader.loadClass("test.Runs");
    Object guard = guard(loader, "Runs", tenant);
    Method run = runs.getMethod("run", String.class, GuardPolicy.class);
    String noRoles = "Bearer " + tenant.token().subject("protekt|eve").sign();
    // Runs requires role admin; the caller passes a policy that requires nothing but a token:
    assertThrows(ForbiddenException.class,
        () -> call(guard, run, noRoles, GuardPolicy.authenticated()));
  }

  @Test
  void methodTypeVariableBoundIsSubstitutedForAnInheritedGenericMethod() {
    Compilation compilation = javac().withProcessors(new GuardProcessor()).compile(
        source("Crud",
            "public interface Crud<T> {",
            "  <S extends T> S save(@BearerToken String token, S entity);",
            "}"),
        source("Users",
            "@RequiresRole(\"admin\")",
            "public interface Users extends Crud<CharSequence> {}"));
    assertThat(compilation).succeededWithoutWarnings();
  }

  @Test
  void nestedTypeNamedMatchDoesNotBreakTheGuard() {
    Compilation compilation = javac().withProcessors(new GuardProcessor()).compile(
        source("Search",
            "@RequiresRole(\"admin\")",
            "public interface Search {",
            "  enum Match { ANY, ALL, EXACT }",
            "  String find(@BearerToken String token, Match match);",
            "}"));
    assertThat(compilation).succeededWithoutWarnings();
  }

  /**
   * Compiles {@code sources} with the processor, {@code -Xlint:all -Werror} and {@code options},
   * and asserts that it succeeds without a warning: those in a guard are the user's to bear.
   */
  private static Compilation compilesCleanly(List<String> options, JavaFileObject... sources) {
    List<String> all = new ArrayList<>(List.of("-Xlint:all", "-Werror"));
    all.addAll(options);
    Compilation compilation =
        javac().withProcessors(new GuardProcessor()).withOptions(all).compile(sources);
    assertThat(compilation).succeededWithoutWarnings();
    return compilation;
  }

  @Test
  void serializableInterfaceGuardCompilesWithoutWarningsUnderXlintAll() {
    compilesCleanly(List.of(), source("Snapshots",
        "@RequiresAuth",
        "public interface Snapshots extends java.io.Serializable {",
        "  String take(@BearerToken String token);",
        "}"));
  }

  @Test
  void guardPassesDoclintOfPrivateMembers() {
    compilesCleanly(List.of("-Xdoclint:all"), source("Docs",
        "/** Handlers, documented as -Xdoclint:all wants them. */",
        "@RequiresRole(\"a\")",
        "public interface Docs {",
        "  /**",
        "   * Lists.",
        "   *",
        "   * @param token the caller's token",
        "   * @return the list",
        "   */",
        "  String list(@BearerToken String token);",
        "}"));
  }

  @Test
  void aGenericGuardPassesDoclintWithATagForEachTypeParameter() {
    Compilation compilation = compilesCleanly(List.of("-Xdoclint:all"), source("Repo",
        "/**",
        " * A repository.",
        " *",
        " * @param <T> what it holds",
        " * @param <K> its keys",
        " */",
        "@RequiresAuth",
        "public interface Repo<T, K extends Comparable<K>> {",
        "  /**",
        "   * Finds.",
        "   *",
        "   * @param <R> what the value is mapped to",
        "   * @param token the caller's token",
        "   * @param key the key",
        "   * @param mapper maps the value",
        "   * @return the mapped value",
        "   */",
        "  <R> R find(@BearerToken String token, K key, java.util.function.Function<T, R> mapper);",
        "}"));
    // JDK 25's doclint wants the tags, JDK 17's does not: they are asserted on either.
    assertThat(compilation).generatedSourceFile("test.RepoGuard").contentsAsUtf8String()
        .containsMatch("(?s)processor\\.\n \\*\n \\* @param <T> the interface's type parameter"
            + " \\{@code T}\n \\* @param <K> the interface's type parameter \\{@code K}\n \\*/");
  }

  /**
   * javac warns [try] about an AutoCloseable whose close() may throw InterruptedException; the
   * interface may suppress it for itself, but the guard repeats the signature where no one can.
   */
  @Test
  void autoCloseableInterfaceGuardCompilesWithoutWarningsUnderXlintAll() {
    compilesCleanly(List.of(), source("Task",
        "@SuppressWarnings(\"try\")",
        "@RequiresAuth",
        "public interface Task extends AutoCloseable {",
        "  String run(@BearerToken String token);",
        "  @Override @Public void close() throws InterruptedException;",
        "}"));
  }

  @Test
  void typeUseAnnotationsInsideTypeArgumentsAreKept() throws IOException {
    Compilation compilation = javac().withProcessors(new GuardProcessor())
        .withOptions("-Xlint:all", "-Werror")
        .compile(
            JavaFileObjects.forSourceLines("test.Nullable",
                "package test;",
                "@java.lang.annotation.Target(java.lang.annotation.ElementType.TYPE_USE)",
                "public @interface Nullable {}"),
            source("Crud",
                "import java.util.*;",
                "public interface Crud<T> {",
                "  List<@Nullable T> all(@BearerToken String token, Map<String, @Nullable T> byId,",
                "      List<? extends @Nullable T> more, @Nullable T[] array);",
                "}"),
            source("Api",
                "import java.util.*;",
                "@RequiresAuth",
                "public interface Api extends Crud<String> {",
                "  <N> List<@Nullable N> mine(@BearerToken String token, List<@Nullable N> list);",
                "}"));
    assertThat(compilation).succeededWithoutWarnings();
    String guard = compilation.generatedSourceFile("test.ApiGuard").get()
        .getCharContent(true).toString().replaceAll("\\s+", " ");
    assertThat(guard).contains("public List<@Nullable String> all(String token,"
        + " Map<String, @Nullable String> byId, List<? extends @Nullable String> more,"
        + " @Nullable String[] array)");
    assertThat(guard).contains(
        "public <N> List<@Nullable N> mine(String token, List<@Nullable N> list)");
  }

  @Test
  void typeUseAnnotationsOnAnObjectBoundAreKept() throws IOException {
    Compilation compilation = compilesCleanly(List.of(),
        JavaFileObjects.forSourceLines("test.Nullable",
            "package test;",
            "@java.lang.annotation.Target(java.lang.annotation.ElementType.TYPE_USE)",
            "public @interface Nullable {}"),
        source("Api",
            "@RequiresAuth",
            "public interface Api<T extends @Nullable Object & Comparable<? super T>, V> {",
            "  <U extends @Nullable Object> U n(@BearerToken String t, U u, T v);",
            "}"));
    String guard = compilation.generatedSourceFile("test.ApiGuard").get()
        .getCharContent(true).toString().replaceAll("\\s+", " ");
    assertThat(guard).contains("class ApiGuard<T extends @Nullable Object & Comparable<? super T>,"
        + " V> implements Api<T, V>");
    assertThat(guard).contains("public <U extends @Nullable Object> U n(String t, U u, T v)");
  }

  @Test
  void annotationsOnAMethodsTypeParametersAreKept() throws IOException {
    // -processing: no processor claims @Nullable and @Marker, which javac sees on type parameters.
    Compilation compilation = javac().withProcessors(new GuardProcessor())
        .withOptions("-Xlint:all,-processing", "-Werror")
        .compile(
            JavaFileObjects.forSourceLines("test.Nullable",
                "package test;",
                "@java.lang.annotation.Target(java.lang.annotation.ElementType.TYPE_USE)",
                "public @interface Nullable {}"),
            JavaFileObjects.forSourceLines("test.Marker",
                "package test;",
                "@java.lang.annotation.Target(java.lang.annotation.ElementType.TYPE_PARAMETER)",
                "public @interface Marker {}"),
            source("Api",
                "@RequiresAuth",
                "public interface Api<@Marker K, @Nullable V> {",
                "  <@Nullable T extends Comparable<T> & java.io.Serializable, @Marker U> T inter(",
                "      @BearerToken String token, T value, U other, K key, V v);",
                "}"));
    assertThat(compilation).succeededWithoutWarnings();
    String guard = compilation.generatedSourceFile("test.ApiGuard").get()
        .getCharContent(true).toString().replaceAll("\\s+", " ");
    assertThat(guard).contains("public <@Nullable T extends Comparable<T> & Serializable,"
        + " @Marker U> T inter(String token, T value, U other, K key, V v)");
    assertThat(guard).contains("class ApiGuard<@Marker K, @Nullable V> implements Api<K, V>");
  }

  /**
   * A class in a file named after no type it declares, with the sources also on the source path,
   * as Maven compiles: the processor must not make javac read that file a second time.
   */
  @Test
  void aClassInAFileOfAnotherNameOnTheSourcePathIsDeclaredOnce(@TempDir Path sourcePath)
      throws IOException {
    Path dir = Files.createDirectories(sourcePath.resolve("test"));
    Path api = Files.writeString(dir.resolve("Api.java"), String.join("\n",
        "package test;",
        "@dev.protekt.annotations.RequiresAuth",
        "public interface Api { String me(@dev.protekt.annotations.BearerToken String t); }"));
    Path impl = Files.writeString(dir.resolve("Impl.java"), String.join("\n",
        "package test;",
        "class MyApi implements Api { public String me(String t) { return t; } }"));
    Compilation compilation = javac().withProcessors(new GuardProcessor())
        .withOptions("-sourcepath", sourcePath.toString())
        .compile(JavaFileObjects.forResource(api.toUri().toURL()),
            JavaFileObjects.forResource(impl.toUri().toURL()));
    assertThat(compilation).succeededWithoutWarnings();
  }
}
