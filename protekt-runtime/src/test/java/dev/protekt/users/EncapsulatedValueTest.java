package dev.protekt.users;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.protekt.testing.LocalTenant;
import dev.protekt.testing.LocalTenantExtension;
import java.io.IOException;
import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A metadata value whose type lies in a package its named module does not export: Jackson cannot
 * reach it, and the refusal says so (the type, never the value) instead of blaming the value's
 * shape. The module is compiled by {@code javac} and defined in a layer of its own, as an
 * application's module is on the module path.
 */
@ExtendWith(LocalTenantExtension.class)
class EncapsulatedValueTest {
  private static final Map<String, String> SOURCES = Map.of(
      "module-info.java", "module example.prefs { exports example.shown; }",
      "example/shown/Values.java", """
          package example.shown;
          public final class Values {
            private Values() {}
            public static Object hidden() { return new example.hidden.Prefs("dark-secret", 2); }
            public static Object shown() { return new Shown("dark-secret", 2); }
          }
          """,
      "example/shown/Shown.java", "package example.shown; public record Shown(String theme, int size) {}",
      "example/hidden/Prefs.java",
      "package example.hidden; public record Prefs(String theme, int size) {}");

  private final LocalTenant tenant;
  private final Users users;

  EncapsulatedValueTest(LocalTenant tenant) {
    this.tenant = tenant;
    this.users = Tenants.client(tenant).build().users();
  }

  @Test
  void aTypeInAPackageNotExportedIsNamedAsUnreachable(@TempDir Path work) throws Exception {
    Class<?> values = defineModule(work).findLoader("example.prefs").loadClass("example.shown.Values");
    Object hidden = values.getMethod("hidden").invoke(null);
    Object shown = values.getMethod("shown").invoke(null);

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> users.create(UserCreate.builder().email(Tenants.uniqueEmail())
            .password("Sup3rSecret!Pw").userMetadata("prefs", hidden).build()));
    // Jackson is on the class path here, so only an unqualified opens reaches it.
    assertEquals("The user field user_metadata.prefs holds a value of type example.hidden.Prefs,"
        + " which Jackson cannot access: open its package (opens example.hidden; in"
        + " module-info.java, or --add-opens example.prefs/example.hidden=ALL-UNNAMED, Jackson"
        + " being on the class path), or pass a map of its values.", e.getMessage());
    assertFalse(e.getMessage().contains("dark-secret"), e.getMessage());
    assertNull(e.getCause(), "the cause would quote the body");
    assertTrue(tenant.requests("/api/v2/users").isEmpty(), "nothing was sent");

    // The same record in an exported package is written as any record is.
    User created = users.create(UserCreate.builder().email(Tenants.uniqueEmail())
        .password("Sup3rSecret!Pw").userMetadata("prefs", shown).build());
    assertEquals(Map.of("theme", "dark-secret", "size", 2), created.userMetadata().get("prefs"));
  }

  /** Compiles {@link #SOURCES} as the module {@code example.prefs} and defines it in a layer. */
  private static ModuleLayer defineModule(Path work) throws IOException {
    Path src = work.resolve("src");
    Path classes = work.resolve("classes");
    for (Map.Entry<String, String> source : SOURCES.entrySet()) {
      Files.createDirectories(src.resolve(source.getKey()).getParent());
      Files.writeString(src.resolve(source.getKey()), source.getValue());
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    List<String> arguments = new ArrayList<>(List.of("-d", classes.toString()));
    SOURCES.keySet().forEach(file -> arguments.add(src.resolve(file).toString()));
    assertEquals(0, javac.run(null, null, null, arguments.toArray(String[]::new)), "javac");
    Configuration configuration = ModuleLayer.boot().configuration()
        .resolve(ModuleFinder.of(classes), ModuleFinder.of(), Set.of("example.prefs"));
    return ModuleLayer.boot()
        .defineModulesWithOneLoader(configuration, ClassLoader.getSystemClassLoader());
  }
}
