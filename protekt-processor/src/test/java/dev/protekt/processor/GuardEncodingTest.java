package dev.protekt.processor;

import static com.google.common.truth.Truth.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A guard says exactly what its interface says in any source encoding: javac on JDK 17 writes
 * generated files in the platform's encoding, US-ASCII in a container with the C locale, where a
 * character it cannot encode becomes "?".
 */
class GuardEncodingTest {
  @Test
  void rolesAndNamesOutsideAsciiSurviveAnAsciiBuild(@TempDir Path dir) throws IOException {
    Path source = Files.createDirectories(dir.resolve("src/test")).resolve("Admin.java");
    // The source itself is ASCII: the role (Japanese for "administrator"), a lone surrogate and
    // the method's name are written as escapes, as javac reads them in any encoding.
    Files.writeString(source, String.join("\n",
        "package test;",
        "import dev.protekt.annotations.*;",
        "public interface Admin {",
        "  @RequiresRole(\"\\u7ba1\\u7406\\u8005\")",
        "  String gr\\u00f6\\u00dfe(@BearerToken String token);",
        "  @RequiresPermission(\"\\ud800x\")",
        "  String odd(@BearerToken String token);",
        "}"), StandardCharsets.US_ASCII);
    Path out = Files.createDirectories(dir.resolve("out"));

    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager files =
        javac.getStandardFileManager(diagnostics, null, StandardCharsets.US_ASCII)) {
      JavaCompiler.CompilationTask task = javac.getTask(null, files, diagnostics,
          List.of("-encoding", "US-ASCII", "-Xlint:all", "-Werror", "-d", out.toString(),
              "-s", out.toString()),
          null, files.getJavaFileObjects(source));
      task.setProcessors(List.of(new GuardProcessor()));
      assertThat(task.call()).isTrue();
    }
    assertThat(diagnostics.getDiagnostics()).isEmpty();

    String guard = Files.readString(out.resolve("test/AdminGuard.java"), StandardCharsets.US_ASCII);
    assertThat(guard).contains("\"\\u7ba1\\u7406\\u8005\"");
    assertThat(guard).contains("\"\\ud800x\"");
    assertThat(guard).contains("public String gr\\u00f6\\u00dfe(String token)");
    assertThat(guard).doesNotContain("?");
  }

  @Test
  void asciiSourceIsLeftAsItIs() {
    String source = "class A { String s = \"\\\\\"; }";
    assertThat(GuardProcessor.asciiOnly(source)).isSameInstanceAs(source);
  }

  @Test
  void aDoubledBackslashBeforeAnEscapeStaysALiteralBackslash() {
    // JavaPoet writes the value \é as "\\é": the escape must follow the pair, not join it.
    assertThat(GuardProcessor.asciiOnly("\"\\\\\u00e9\"")).isEqualTo("\"\\\\\\u00e9\"");
  }
}
