package dev.protekt.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;

import com.google.common.truth.StringSubject;
import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import javax.lang.model.SourceVersion;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** The generated source, exactly, and how the processor presents itself to javac and Gradle. */
class GuardProcessorTest {
  private static final JavaFileObject NULLABLE = JavaFileObjects.forSourceLines("test.Nullable",
      "package test;",
      "import java.lang.annotation.*;",
      "@Target(ElementType.TYPE_USE)",
      "public @interface Nullable {}");

  private static final JavaFileObject REQUEST = JavaFileObjects.forSourceLines("test.Request",
      "package test;",
      "public record Request(String authorization) implements dev.protekt.guard.BearerTokenSource {}");

  private static final JavaFileObject POSTS = JavaFileObjects.forSourceLines("test.PostsHandlers",
      "package test;",
      "import com.sun.net.httpserver.HttpExchange;",
      "import dev.protekt.annotations.*;",
      "import java.io.IOException;",
      "import java.util.List;",
      "@RequiresAuth",
      "public interface PostsHandlers<T> {",
      "  @Public String health(Request request);",
      "  @RequiresPermission({\"read:posts\", \"admin:posts\"}) List<T> list(HttpExchange exchange)",
      "      throws IOException;",
      "  @RequiresRole(value = {\"admin\", \"editor\"}, match = Match.ALL)",
      "  @RequiresPermission(\"write:posts\")",
      "  @Nullable T create(Request request, @Nullable T post, String... tags);",
      "  <R extends T> R echo(@BearerToken String scope, R value);",
      "  @TokenFromContext void touch();",
      "}");

  @Test
  void generatesTheGuard() {
    Compilation compilation =
        javac().withProcessors(new GuardProcessor()).compile(NULLABLE, REQUEST, POSTS);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("test.PostsHandlersGuard").hasSourceEquivalentTo(
        JavaFileObjects.forSourceLines("test.PostsHandlersGuard",
            "package test;",
            "",
            "import com.sun.net.httpserver.HttpExchange;",
            "import dev.protekt.CurrentUser;",
            "import dev.protekt.ProtektAuth;",
            "import dev.protekt.annotations.Match;",
            "import dev.protekt.guard.BearerTokens;",
            "import dev.protekt.guard.GuardPolicy;",
            "import dev.protekt.guard.Guards;",
            "import dev.protekt.guard.TokenContext;",
            "import java.io.IOException;",
            "import java.util.List;",
            "import javax.annotation.processing.Generated;",
            "",
            "@Generated(\"dev.protekt.processor.GuardProcessor\")",
            "@SuppressWarnings({\"deprecation\", \"removal\", \"rawtypes\", \"serial\", \"try\", \"unchecked\"})",
            "public final class PostsHandlersGuard<T> implements PostsHandlers<T> {",
            "  /**",
            "   * What the interface declares, summed up: the guards of sub-interfaces compare it with the",
            "   * digest they were generated against.",
            "   */",
            // Another digest for this unchanged source means ChecksDigest sums up differently:
            // bump its FORMAT too, or guards built by two versions would raise false alarms.
            "  public static final String CHECKS_DIGEST =",
            "      Guards.checksDigest(\"v3:f9e682450819e9281494867e0b1b5c42\");",
            "  private static final GuardPolicy LIST = GuardPolicy.builder()",
            "      .permissions(Match.ANY, \"read:posts\", \"admin:posts\").build();",
            "  private static final GuardPolicy CREATE = GuardPolicy.builder()",
            "      .roles(Match.ALL, \"admin\", \"editor\").permissions(Match.ANY, \"write:posts\")",
            "      .build();",
            "  private static final GuardPolicy ECHO = GuardPolicy.authenticated();",
            "  private static final GuardPolicy TOUCH = GuardPolicy.authenticated();",
            "  private final PostsHandlers<T> delegate;",
            "  private final ProtektAuth protekt;",
            "",
            "  public PostsHandlersGuard(PostsHandlers<T> delegate, ProtektAuth protekt) {",
            "    if (delegate == null) {",
            "      throw new NullPointerException(\"delegate\");",
            "    }",
            "    this.delegate = delegate;",
            "    if (protekt == null) {",
            "      throw new NullPointerException(\"protekt\");",
            "    }",
            "    this.protekt = protekt;",
            "  }",
            "",
            "  @Override",
            "  public String health(Request request) {",
            "    return this.delegate.health(request);",
            "  }",
            "",
            "  @Override",
            "  public List<T> list(HttpExchange exchange) throws IOException {",
            "    CurrentUser.Scope scope = CurrentUser.bind(Guards.authorize(this.protekt, LIST,",
            "        exchange == null ? null",
            "            : BearerTokens.bearerCredentials(exchange.getRequestHeaders().get(\"Authorization\"))));",
            "    try {",
            "      return this.delegate.list(exchange);",
            "    } finally {",
            "      scope.close();",
            "    }",
            "  }",
            "",
            "  @Override",
            "  public @Nullable T create(Request request, @Nullable T post, String... tags) {",
            "    CurrentUser.Scope scope = CurrentUser.bind(Guards.authorize(this.protekt, CREATE,",
            "        request == null ? null : request.authorization()));",
            "    try {",
            "      return this.delegate.create(request, post, tags);",
            "    } finally {",
            "      scope.close();",
            "    }",
            "  }",
            "",
            "  @Override",
            "  public <R extends T> R echo(String scope, R value) {",
            "    CurrentUser.Scope scope_2 =",
            "        CurrentUser.bind(Guards.authorize(this.protekt, ECHO, scope));",
            "    try {",
            "      return this.delegate.<R>echo(scope, value);",
            "    } finally {",
            "      scope_2.close();",
            "    }",
            "  }",
            "",
            "  @Override",
            "  public void touch() {",
            "    CurrentUser.Scope scope =",
            "        CurrentUser.bind(Guards.authorize(this.protekt, TOUCH, TokenContext.ofCurrentRequest()));",
            "    try {",
            "      this.delegate.touch();",
            "    } finally {",
            "      scope.close();",
            "    }",
            "  }",
            "}"));
  }

  @Test
  void generatedCodeCompilesWithoutWarningsUnderXlintAll() {
    Compilation compilation = javac()
        .withProcessors(new GuardProcessor())
        .withOptions("-Xlint:all", "-Werror")
        .compile(NULLABLE, REQUEST, POSTS);
    assertThat(compilation).succeededWithoutWarnings();
  }

  @Test
  void guardsAnInterfaceInTheUnnamedPackage() {
    Compilation compilation = javac().withProcessors(new GuardProcessor()).compile(
        JavaFileObjects.forSourceLines("Ping",
            "@dev.protekt.annotations.RequiresAuth",
            "public interface Ping {",
            "  String ping(@dev.protekt.annotations.BearerToken String authorization);",
            "}"));
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("PingGuard").contentsAsUtf8String()
        .contains("public final class PingGuard implements Ping {");
  }

  @Test
  void keepsTheTypeArgumentsOfAGenericOuterClass() {
    Compilation compilation = javac().withProcessors(new GuardProcessor()).compile(
        JavaFileObjects.forSourceLines("test.Outer",
            "package test;",
            "public class Outer<T> {",
            "  public class Inner<U> {}",
            "  public class Plain {}",
            "  public static class Nested<V> {}",
            "}"),
        JavaFileObjects.forSourceLines("test.Shapes",
            "package test;",
            "import dev.protekt.annotations.*;",
            "@RequiresAuth",
            "public interface Shapes<X> {",
            "  Outer<String>.Inner<Integer> inner(@BearerToken String authorization);",
            "  Outer<X>.Plain plain(@BearerToken String authorization, Outer<X>.Inner<X> in);",
            "  Outer.Nested<X> nested(@BearerToken String authorization);",
            "}"));
    assertThat(compilation).succeededWithoutWarnings();
    StringSubject guard =
        assertThat(compilation).generatedSourceFile("test.ShapesGuard").contentsAsUtf8String();
    guard.contains("public Outer<String>.Inner<Integer> inner(String authorization)");
    guard.contains("public Outer<X>.Plain plain(String authorization, Outer<X>.Inner<X> in)");
    guard.contains("public Outer.Nested<X> nested(String authorization)");
  }

  @Test
  void thePolicyConstantsOfOverloadsSayWhichOverloadTheyCheck() {
    Compilation compilation = javac().withProcessors(new GuardProcessor()).compile(
        JavaFileObjects.forSourceLines("test.Sizes",
            "package test;",
            "import dev.protekt.annotations.*;",
            "@RequiresAuth",
            "public interface Sizes {",
            "  String m(@BearerToken String token, int size);",
            "  @RequiresRole(\"admin\") String m(@BearerToken String token, long size);",
            "  String other(@BearerToken String token);",
            "}"));
    assertThat(compilation).succeededWithoutWarnings();
    StringSubject guard =
        assertThat(compilation).generatedSourceFile("test.SizesGuard").contentsAsUtf8String();
    guard.containsMatch("What a call to \\{@code m\\(String, int\\)} must carry\\.\\s*\\*/\\s*"
        + "private static final GuardPolicy M =");
    guard.containsMatch("What a call to \\{@code m\\(String, long\\)} must carry\\.\\s*\\*/\\s*"
        + "private static final GuardPolicy M_2 =");
    guard.contains("What a call to {@code other} must carry.");
  }

  @Test
  void outputIsDeterministic() throws IOException {
    String first = generatedGuard();
    assertThat(generatedGuard()).isEqualTo(first);
  }

  private static String generatedGuard() throws IOException {
    return javac().withProcessors(new GuardProcessor()).compile(NULLABLE, REQUEST, POSTS)
        .generatedSourceFile("test.PostsHandlersGuard").orElseThrow()
        .getCharContent(true).toString();
  }

  @Test
  void supportsTheLatestSourceVersion() {
    assertThat(new GuardProcessor().getSupportedSourceVersion())
        .isEqualTo(SourceVersion.latestSupported());
  }

  @Test
  void declaresIsolatingIncrementalProcessingAndIsRegistered() throws IOException {
    assertThat(resource("META-INF/gradle/incremental.annotation.processors").trim())
        .isEqualTo(GuardProcessor.class.getName() + ",isolating");
    assertThat(resource("META-INF/services/javax.annotation.processing.Processor"))
        .contains(GuardProcessor.class.getName());
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = Objects.requireNonNull(
        GuardProcessor.class.getClassLoader().getResourceAsStream(name), name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
