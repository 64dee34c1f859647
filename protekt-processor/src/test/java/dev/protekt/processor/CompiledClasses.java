package dev.protekt.processor;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import javax.tools.JavaFileObject;

/** The class files a compile-testing compilation wrote, and a class loader over them. */
final class CompiledClasses {
  private CompiledClasses() {}

  /** The class files {@code compilation} wrote, by binary name. */
  static Map<String, byte[]> of(Compilation compilation) throws IOException {
    Map<String, byte[]> classes = new HashMap<>();
    for (JavaFileObject file : compilation.generatedFiles()) {
      if (file.getKind() == JavaFileObject.Kind.CLASS) {
        String name = file.toUri().getPath().replaceFirst("^/CLASS_OUTPUT/", "")
            .replaceFirst("\\.class$", "").replace('/', '.');
        try (InputStream in = file.openInputStream()) {
          classes.put(name, in.readAllBytes());
        }
      }
    }
    return classes;
  }

  /** Loads {@code classes} (by binary name) over the tests' own class path. */
  static ClassLoader loader(Map<String, byte[]> classes) {
    return new ClassLoader(CompiledClasses.class.getClassLoader()) {
      @Override
      protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] bytes = classes.get(name);
        if (bytes == null) {
          throw new ClassNotFoundException(name);
        }
        return defineClass(name, bytes, 0, bytes.length);
      }
    };
  }
}
