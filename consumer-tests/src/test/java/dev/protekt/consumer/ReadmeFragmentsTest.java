package dev.protekt.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.LinkedHashMap;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code ```java} block of the README that is not a consumer project's file (those have a
 * {@code <!-- file: path -->} line, and {@link ReadmeSnippetsTest} holds them to the files {@link
 * ConsumerProjectTest} builds) compiles against the SDK's jars, with the Protekt processor, as a
 * user who pastes it would compile it: for Java 17, without a warning of {@code -Xlint:all}.
 *
 * <p>A block that starts with {@code package} or {@code import} compiles as it is. Any other block
 * gets the imports the README leaves out (every package of the SDK, and of the JDK and libraries
 * the fragments use) in a package of its own: its top-level type declarations stay top-level, its
 * statements become the body of a method of a class extending {@link #SCAFFOLD}, which declares
 * the few names the text around the fragments introduces. Every block compiles in one {@code javac}
 * run; each is one test, named after its README line, that fails with the compiler's messages at
 * their README lines.
 */
class ReadmeFragmentsTest {
  private static final Pattern BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);
  private static final Pattern FILE_LINE = Pattern.compile("<!-- file: \\S+ -->\\s*\\n$");
  private static final Pattern TYPE_DECLARATION = Pattern.compile(
      "(@\\w|((public|protected|private|abstract|final|static|sealed|non-sealed|strictfp)\\s+)*"
          + "(class|interface|enum|record|@interface)\\s)");
  private static final Pattern PUBLIC_TYPE =
      Pattern.compile("(?m)^public\\s+(?:\\w+\\s+)*?(?:class|interface|enum|record)\\s+(\\w+)");
  private static final Pattern TYPE_NAME =
      Pattern.compile("\\b(?:class|interface|enum|record)\\s+(\\w+)");
  private static final List<String> LIBRARY_PACKAGES = List.of("java.time", "java.util",
      "java.util.concurrent", "jakarta.servlet", "jakarta.servlet.http",
      "io.micrometer.core.instrument", "org.slf4j");
  /**
   * What the fragments use without declaring it, as the README's text around them introduces it.
   * Keep it to names a reader of that text knows; a fragment that needs more should say so itself.
   */
  private static final String SCAFFOLD = """
      package readme;

      public abstract class Scaffold {
        /** The client the README builds first ("Verifying tokens"). */
        protected ProtektAuth protekt;
        /** The compact JWT a request brought. */
        protected String token;
        /** The application's SLF4J logger. */
        protected Logger log;
        /** The application's Micrometer registry ("Metrics"). */
        protected MeterRegistry registry;
        /** The servlet context at startup ("Jakarta Servlet"). */
        protected ServletContext context;
        /** The exception caught, a scheduler, the call to retry (the Users API's errors). */
        protected ProtektApiException e;
        protected ScheduledExecutorService scheduler;
        protected Runnable retry;
      }
      """;

  /** One generated source, and the README line of each of its lines (0: none). */
  private record Source(Path path, int[] readmeLines) {}

  /** A README block: the line of its first code line, and what it became. */
  private record Fragment(int line, List<Source> sources) {}

  @TestFactory
  List<DynamicTest> everyJavaFragmentOfTheReadmeCompiles(@TempDir Path work) throws IOException {
    String readme = Files.readString(ConsumerBuild.readme());
    String imports = imports();
    List<Fragment> fragments = new ArrayList<>();
    Matcher block = BLOCK.matcher(readme);
    while (block.find()) {
      if (!FILE_LINE.matcher(readme.substring(0, block.start())).find()) {
        int line = (int) readme.substring(0, block.start(1)).lines().count() + 1;
        fragments.add(fragment(work.resolve("src"), line, block.group(1), imports));
      }
    }
    assertTrue(fragments.size() >= 9, "the README's Java fragments: " + fragments.size());
    Path scaffold = write(work.resolve("src/readme/Scaffold.java"),
        SCAFFOLD.replace("package readme;\n", "package readme;\n" + imports));

    Map<Path, Source> sources = new LinkedHashMap<>();
    fragments.forEach(f -> f.sources().forEach(s -> sources.put(s.path(), s)));
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    boolean compiled = compile(work, scaffold, sources.keySet(), diagnostics);

    List<DynamicTest> tests = new ArrayList<>();
    tests.add(DynamicTest.dynamicTest("the compiler run", () -> {
      List<String> others = diagnostics.getDiagnostics().stream()
          .filter(d -> d.getKind() != Diagnostic.Kind.NOTE && !sources.containsKey(path(d)))
          .map(d -> d.getKind() + " " + path(d) + ":" + d.getLineNumber() + ": " + d.getMessage(null))
          .toList();
      assertEquals(List.of(), others, "messages outside the README's fragments");
      assertTrue(compiled || diagnostics.getDiagnostics().stream()
          .anyMatch(d -> sources.containsKey(path(d))), "javac failed without a message");
    }));
    for (Fragment fragment : fragments) {
      tests.add(DynamicTest.dynamicTest("README.md:" + fragment.line(), () -> {
        List<String> messages = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
          Source source = sources.get(path(d));
          if (source != null && d.getKind() != Diagnostic.Kind.NOTE
              && fragment.sources().contains(source)) {
            messages.add("README.md:" + readmeLine(source, d.getLineNumber()) + ": " + d.getKind()
                + ": " + d.getMessage(null) + "\n  in " + source.path() + ":" + d.getLineNumber());
          }
        }
        assertEquals(List.of(), messages, "the README's fragment at line " + fragment.line()
            + " does not compile as a user would paste it");
      }));
    }
    return tests;
  }

  /**
   * Makes a block into sources: as it is if it starts with {@code package} or {@code import},
   * else each of its type declarations in a file of its own and its statements in a method.
   */
  private static Fragment fragment(Path src, int line, String code, String imports) {
    String pkg = "readme.line" + line;
    Path folder = src.resolve(pkg.replace('.', File.separatorChar));
    String[] lines = code.split("\n", -1);
    if (code.startsWith("package ") || code.startsWith("import ")) {
      return new Fragment(line, List.of(source(folder.resolve(fileName(code, "Fragment")), "",
          lines, line, i -> true, "")));
    }
    int[] declaration = declarations(lines);
    List<Source> sources = new ArrayList<>();
    String header = "package " + pkg + ";\n" + imports;
    StringBuilder statements = new StringBuilder();
    StringBuilder type = new StringBuilder();
    for (int i = 0; i < lines.length; i++) {
      if (declaration[i] == 0) {
        statements.append(lines[i]).append('\n');
        continue;
      }
      type.append(lines[i]).append('\n');
      if (i + 1 == lines.length || declaration[i + 1] != declaration[i]) {
        // Each type in a file of its own, as a user's build has it.
        Matcher name = TYPE_NAME.matcher(type);
        assertTrue(name.find(), "no type's name in README.md:" + (line + i) + "'s declaration");
        int number = declaration[i];
        sources.add(source(folder.resolve(name.group(1) + ".java"), header, lines, line,
            l -> declaration[l] == number, ""));
        type.setLength(0);
      }
    }
    if (!statements.toString().isBlank()) {
      sources.add(source(folder.resolve("Fragment.java"),
          header + "class Fragment extends readme.Scaffold {\n  void run() throws Exception {\n",
          lines, line, l -> declaration[l] == 0, "  }\n}\n"));
    }
    return new Fragment(line, sources);
  }

  /**
   * Which top-level type declaration each line belongs to (1 for the first, 0 for none): one
   * starts, outside any braces, with an annotation or a type's keyword, and ends on the line where
   * its braces close.
   */
  private static int[] declarations(String[] lines) {
    int[] declaration = new int[lines.length];
    int declarations = 0;
    int depth = 0;
    boolean inDeclaration = false;
    boolean inComment = false;
    for (int i = 0; i < lines.length; i++) {
      if (depth == 0 && !inDeclaration && !inComment
          && TYPE_DECLARATION.matcher(lines[i]).lookingAt()) {
        inDeclaration = true;
        declarations++;
      }
      boolean opened = false;
      String text = lines[i];
      for (int c = 0; c < text.length(); c++) {
        char ch = text.charAt(c);
        if (inComment) {
          if (text.startsWith("*/", c)) {
            inComment = false;
            c++;
          }
        } else if (text.startsWith("//", c)) {
          break;
        } else if (text.startsWith("/*", c)) {
          inComment = true;
          c++;
        } else if (ch == '"' || ch == '\'') {
          c = text.indexOf(ch, c + 1);
          while (c > 0 && text.charAt(c - 1) == '\\') {
            c = text.indexOf(ch, c + 1);
          }
          if (c < 0) {
            break;
          }
        } else if (ch == '{') {
          depth++;
          opened = true;
        } else if (ch == '}') {
          depth--;
        }
      }
      declaration[i] = inDeclaration ? declarations : 0;
      if (inDeclaration && depth == 0 && (opened || text.trim().endsWith("}"))) {
        inDeclaration = false;
      }
    }
    return declaration;
  }

  private interface LineFilter {
    boolean includes(int index);
  }

  /** A source of {@code header}, the block's lines {@code filter} keeps, and {@code footer}. */
  private static Source source(Path path, String header, String[] lines, int firstLine,
      LineFilter filter, String footer) {
    StringBuilder text = new StringBuilder(header);
    List<Integer> readmeLines = new ArrayList<>();
    header.lines().forEach(l -> readmeLines.add(0));
    for (int i = 0; i < lines.length; i++) {
      if (filter.includes(i)) {
        text.append(lines[i]).append('\n');
        readmeLines.add(firstLine + i);
      }
    }
    text.append(footer);
    write(path, text.toString());
    return new Source(path, readmeLines.stream().mapToInt(Integer::intValue).toArray());
  }

  private static int readmeLine(Source source, long line) {
    int index = (int) line - 1;
    return index >= 0 && index < source.readmeLines().length ? source.readmeLines()[index] : 0;
  }

  private static String fileName(String code, String otherwise) {
    Matcher type = PUBLIC_TYPE.matcher(code);
    return (type.find() ? type.group(1) : otherwise) + ".java";
  }

  /**
   * Compiles the sources in one run on the SDK's jars as the reactor packaged them, the processor
   * as a user's build runs it, and the test class path for the libraries around them.
   */
  private static boolean compile(Path work, Path scaffold, Collection<Path> sources,
      DiagnosticCollector<JavaFileObject> diagnostics) throws IOException {
    List<String> sdk = ConsumerBuild.PUBLISHED.stream()
        .map(module -> ConsumerBuild.moduleJar(module).toString()).toList();
    String classPath = String.join(File.pathSeparator, sdk) + File.pathSeparator
        + System.getProperty("java.class.path");
    String processorPath = ConsumerBuild.moduleJar("protekt-processor") + File.pathSeparator
        + System.getProperty("java.class.path");
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    try (StandardJavaFileManager files =
        javac.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
      List<Path> all = new ArrayList<>(sources);
      all.add(scaffold);
      Files.createDirectories(work.resolve("classes"));
      Files.createDirectories(work.resolve("generated"));
      return javac.getTask(null, files, diagnostics, List.of("--release", "17",
              "-Xlint:all", "-Werror", "-classpath", classPath, "-processorpath", processorPath,
              "-d", work.resolve("classes").toString(), "-s", work.resolve("generated").toString()),
          null, files.getJavaFileObjectsFromPaths(all)).call();
    }
  }

  /** One on-demand import for each package of the SDK a user sees, and of the libraries'. */
  private static String imports() throws IOException {
    TreeSet<String> packages = new TreeSet<>(LIBRARY_PACKAGES);
    for (String module : ConsumerBuild.PUBLISHED) {
      if (module.equals("protekt-processor")) {
        continue;
      }
      try (JarFile jar = new JarFile(ConsumerBuild.moduleJar(module).toFile())) {
        jar.stream().map(entry -> entry.getName())
            .filter(name -> name.endsWith(".class") && name.startsWith("dev/protekt/")
                && !name.contains("/internal/") && !name.contains("package-info"))
            .map(name -> name.substring(0, name.lastIndexOf('/')).replace('/', '.'))
            .forEach(packages::add);
      }
    }
    StringBuilder imports = new StringBuilder();
    packages.forEach(p -> imports.append("import ").append(p).append(".*;\n"));
    return imports.toString();
  }

  private static Path path(Diagnostic<? extends JavaFileObject> diagnostic) {
    return diagnostic.getSource() == null ? null : Path.of(diagnostic.getSource().toUri());
  }

  private static Path write(Path path, String text) {
    try {
      Files.createDirectories(path.getParent());
      return Files.writeString(path, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
