package dev.protekt.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The jars a user installs work on the module path: each has a stable module name of its own, and
 * no package is split between two of them, nor with the benchmarks.
 */
class PublishedJarsTest {
  private static final Map<String, String> MODULES = Map.of(
      "protekt-annotations", "dev.protekt.annotations",
      "protekt-runtime", "dev.protekt",
      "protekt-processor", "dev.protekt.processor",
      "protekt-testing", "dev.protekt.testing",
      "protekt-servlet", "dev.protekt.servlet",
      "protekt-spring-boot", "dev.protekt.spring");

  @Test
  void eachJarNamesItsModuleAndNoPackageIsSplit() {
    assertEquals(MODULES.keySet(), Set.copyOf(ConsumerBuild.PUBLISHED));
    Map<String, String> moduleOfPackage = new HashMap<>();
    for (String artifact : ConsumerBuild.PUBLISHED) {
      Path jar = ConsumerBuild.moduleJar(artifact);
      Set<ModuleReference> found = ModuleFinder.of(jar).findAll();
      assertEquals(1, found.size(), jar.toString());
      ModuleDescriptor module = found.iterator().next().descriptor();
      assertEquals(MODULES.get(artifact), module.name(), "the Automatic-Module-Name of " + jar);
      for (String pkg : module.packages()) {
        String other = moduleOfPackage.put(pkg, module.name());
        assertTrue(other == null, pkg + " is in both " + other + " and " + module.name());
      }
    }
    // The benchmarks reach the runtime's internals through its API, not by joining a package.
    Path benchmarks = ConsumerBuild.moduleJar("protekt-benchmarks");
    for (ModuleReference reference : ModuleFinder.of(benchmarks).findAll()) {
      for (String pkg : reference.descriptor().packages()) {
        assertTrue(pkg.startsWith("dev.protekt.benchmarks"), pkg + " in " + benchmarks);
      }
    }
  }
}
