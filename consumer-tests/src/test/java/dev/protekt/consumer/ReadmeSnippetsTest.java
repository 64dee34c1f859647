package dev.protekt.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.protekt.ProtektAuth;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README shows the consumer projects verbatim: each file of {@code docs/consumer}, {@code
 * docs/consumer-spring}, {@code docs/consumer-spring-security} and {@code docs/consumer-jpms} appears
 * in it, under a {@code <!-- file: path -->} line, exactly as the file that {@link
 * ConsumerProjectTest} (or, for the named module, {@link JpmsConsumerTest}) builds. A user who copies them copies code that compiles and
 * passes its tests.
 */
class ReadmeSnippetsTest {
  private static final Pattern SNIPPET =
      Pattern.compile("<!-- file: (\\S+) -->\\s*\\n```[a-z]*\\n(.*?)```", Pattern.DOTALL);

  @Test
  void everyConsumerFileIsInTheReadmeAsItIs() throws IOException {
    Map<String, String> snippets = snippets();
    for (String project : List.of("consumer", "consumer-spring", "consumer-spring-security",
        "consumer-jpms")) {
      for (Path file : files(ConsumerBuild.project(project))) {
        String path = ConsumerBuild.readme().getParent().relativize(file).toString();
        assertTrue(snippets.containsKey(path), "the README does not show " + path);
        assertEquals(Files.readString(file), snippets.get(path), "the README's copy of " + path);
      }
    }
  }

  /** The README's recipe for a {@code @WebMvcTest} slice is the test protekt-spring-boot runs. */
  @Test
  void theSliceRecipeIsTheTestTheSpringBootModuleRuns() throws IOException {
    String path = "protekt-spring-boot/src/test/java/dev/protekt/spring/sample/WebMvcSliceTest.java";
    assertEquals(Files.readString(ConsumerBuild.readme().resolveSibling(path)),
        snippets().get(path), "the README's copy of " + path);
  }

  @Test
  void everySnippetNamesAFileThatExists() throws IOException {
    Map<String, String> snippets = snippets();
    assertFalse(snippets.isEmpty());
    for (String path : snippets.keySet()) {
      assertTrue(Files.isRegularFile(ConsumerBuild.readme().resolveSibling(path)),
          "the README shows " + path + ", which does not exist");
    }
  }

  @Test
  void theReadmeNamesTheSpringBootLinesThatAreTested() throws IOException {
    String readme = Files.readString(ConsumerBuild.readme());
    for (String line : ConsumerProjectTest.SPRING_BOOT_LINES) {
      assertTrue(readme.contains("Spring Boot " + line), "the README does not name Boot " + line);
    }
  }

  @Test
  void theConfigurationTableListsEveryOptionUnderItsVariable() throws IOException {
    Map<String, String> rows = new LinkedHashMap<>();
    Matcher row = Pattern.compile("(?m)^\\| `(\\w+)(?:\\(\\))?`[^|]*\\| `(PROTEKT_\\w+)`")
        .matcher(Files.readString(ConsumerBuild.readme()));
    while (row.find()) {
      rows.put(row.group(1), row.group(2));
    }
    Map<String, String> options = new LinkedHashMap<>();
    for (ProtektAuth.Option option : ProtektAuth.Option.values()) {
      options.put(option.builderName(), option.environmentVariable());
    }
    assertEquals(options, rows);
  }

  private static Map<String, String> snippets() throws IOException {
    Map<String, String> snippets = new LinkedHashMap<>();
    Matcher snippet = SNIPPET.matcher(Files.readString(ConsumerBuild.readme()));
    while (snippet.find()) {
      assertEquals(null, snippets.put(snippet.group(1), snippet.group(2)),
          "the README shows " + snippet.group(1) + " twice");
    }
    return snippets;
  }

  /** The project's files a user writes: its POM and sources, not what a build leaves. */
  private static List<Path> files(Path project) throws IOException {
    try (Stream<Path> files = Files.walk(project)) {
      return files.filter(Files::isRegularFile)
          .filter(file -> !project.relativize(file).startsWith("target"))
          .sorted()
          .toList();
    }
  }
}
