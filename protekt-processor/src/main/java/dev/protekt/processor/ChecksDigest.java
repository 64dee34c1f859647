package dev.protekt.processor;

import dev.protekt.processor.GuardModel.Checked;
import dev.protekt.processor.GuardModel.GuardedMethod;
import dev.protekt.processor.GuardModel.Parameter;
import dev.protekt.processor.GuardModel.Requirement;
import dev.protekt.processor.GuardModel.TokenSource;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Types;

/**
 * Sums up what a guard checks: which methods it overrides and, for each, whether it is open or the
 * policy and token source it checks. A guard that copied a super-interface's checks compares this
 * digest of the super-interface's guard at run time with the one it was generated against.
 *
 * <p>The interface is read from source in its own build and from a class file in the builds of
 * its sub-interfaces, so the digest uses only what both show alike: method names, erased parameter
 * types without type annotations (class files do not give them to processors), and parameter
 * positions rather than names (a class file compiled without {@code -parameters} has none). The
 * order of methods and of a requirement's values does not count.
 */
final class ChecksDigest {
  /** Changes whenever what is summed up changes, so that no two formats can compare equal. */
  private static final String FORMAT = "v1";

  private ChecksDigest() {}

  static String of(List<GuardedMethod> methods, Types types) {
    List<String> lines = new ArrayList<>();
    for (GuardedMethod method : methods) {
      StringBuilder line = new StringBuilder(method.name()).append('(');
      for (VariableElement parameter : method.method().getParameters()) {
        line.append(erased(types.erasure(parameter.asType()))).append(';');
      }
      line.append(')');
      if (method.access() instanceof Checked checked) {
        line.append(" roles ").append(requirement(checked.policy().roles()))
            .append(" permissions ").append(requirement(checked.policy().permissions()))
            .append(" token ").append(token(checked.source(), method.parameters()));
      } else {
        line.append(" public");
      }
      lines.add(line.toString());
    }
    lines.sort(null);
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      byte[] sum = sha256.digest(String.join("\n", lines).getBytes(StandardCharsets.UTF_8));
      return FORMAT + ":" + HexFormat.of().formatHex(sum, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every Java platform has SHA-256", e);
    }
  }

  private static String erased(TypeMirror type) {
    if (type instanceof ArrayType array) {
      return erased(array.getComponentType()) + "[]";
    }
    if (type instanceof DeclaredType declared) {
      return ((TypeElement) declared.asElement()).getQualifiedName().toString();
    }
    return type.getKind().name();
  }

  /** {@code -}, or the match and each value with its length, so that no value can fake another. */
  private static String requirement(Requirement requirement) {
    if (requirement == null) {
      return "-";
    }
    List<String> values = new ArrayList<>();
    for (String value : requirement.values()) {
      values.add(value.length() + ":" + value);
    }
    values.sort(null);
    return requirement.match() + " " + String.join(",", values);
  }

  private static String token(TokenSource source, List<Parameter> parameters) {
    for (int i = 0; i < parameters.size(); i++) {
      if (parameters.get(i).name().equals(source.parameter())) {
        return source.kind() + "@" + i;
      }
    }
    return source.kind().name();
  }
}
