package dev.protekt.processor;

import static com.google.common.truth.Truth.assertWithMessage;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.protekt.annotations.Match;
import dev.protekt.guard.GuardPolicy;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * The role and permission values the processor refuses at compile time are the ones {@link
 * GuardPolicy.Builder} refuses at run time, by the same rule: a generated guard never builds a
 * policy the builder refuses, and a policy built by hand holds no value an annotation could not.
 * The two modules keep their own copies of the checks (the processor must not need the runtime
 * while it runs), so this table holds them together.
 */
class ValueRulesAgreeTest {
  /** What the builder's message says for each of the processor's value errors. */
  private static final Map<String, String> SAME_RULE = Map.of(
      "ProtektBlankValue", "empty or blank",
      "ProtektPaddedValue", "starts or ends with white space",
      "ProtektControlCharacter", "without control characters",
      "ProtektSpaceInPermission", "as a value of its own");

  private static final List<String> VALUES = List.of(
      "admin", "read:posts", "Account Admin", "", " ", "\u200b", " admin", "admin\u00a0",
      "admin\u200b", "\tadmin", "read:posts write:posts", "read\u00a0posts", "a\u2028b",
      "a\u2029b", "a\u0000b", "a\u007fb", "a\u0085b", "a\"b\\c", "caf\u00e9", "a\u200bb");

  @Test
  void theProcessorAndTheBuilderRefuseTheSameValuesByTheSameRule() {
    for (String value : VALUES) {
      Compilation compilation = javac().withProcessors(new GuardProcessor()).compile(
          JavaFileObjects.forSourceString("test.Api", String.join("\n",
              "package test;",
              "import dev.protekt.annotations.*;",
              "public interface Api {",
              "  @RequiresRole(" + literal(value) + ")",
              "  String role(@BearerToken String token);",
              "  @RequiresPermission(" + literal(value) + ")",
              "  String permission(@BearerToken String token);",
              "}")));
      for (String what : List.of("role", "permission")) {
        String processor = processorError(compilation, what);
        String builder = builderError(what, value);
        assertWithMessage("%s %s: processor %s, builder %s", what, literal(value), processor,
            builder).that(builder == null).isEqualTo(processor == null);
        if (processor != null) {
          assertWithMessage("%s %s: processor %s, builder %s", what, literal(value), processor,
              builder).that(builder).contains(SAME_RULE.get(processor));
        }
      }
    }
  }

  /** The id of the processor's error on the method {@code what}, or null when there is none. */
  private static String processorError(Compilation compilation, String what) {
    for (Diagnostic<? extends JavaFileObject> error : compilation.errors()) {
      String message = error.getMessage(Locale.ROOT);
      if (message.contains("@Requires" + (what.equals("role") ? "Role" : "Permission"))) {
        return message.substring(1, message.indexOf(']'));
      }
    }
    return null;
  }

  /** The builder's message refusing {@code value}, or null when it accepts it. */
  private static String builderError(String what, String value) {
    try {
      if (what.equals("role")) {
        GuardPolicy.builder().roles(Match.ANY, value).build();
      } else {
        GuardPolicy.builder().permissions(Match.ANY, value).build();
      }
      return null;
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
  }

  /** {@code value} as a Java string literal, every character outside printable ASCII escaped. */
  private static String literal(String value) {
    StringBuilder s = new StringBuilder("\"");
    for (char c : value.toCharArray()) {
      if (c == '"' || c == '\\') {
        s.append('\\').append(c);
      } else if (c >= ' ' && c < 0x7f) {
        s.append(c);
      } else {
        // Octal where it fits: javac reads unicode escapes before string literals, so that of a
        // line end would end the line.
        s.append(String.format(Locale.ROOT, c <= 0xff ? "\\%03o" : "\\u%04x", (int) c));
      }
    }
    return s.append('"').toString();
  }
}
