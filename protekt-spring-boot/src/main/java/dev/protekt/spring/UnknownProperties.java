package dev.protekt.spring;

import dev.protekt.internal.Names;
import java.beans.PropertyDescriptor;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.BeanUtils;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;

/**
 * Warns of {@code protekt.*} properties that are no property of the adapter: the binder ignores
 * them, so a misspelt {@code protekt.audiance} would leave the default in force without a word.
 * Only names are logged, never values, which may be a misspelt secret.
 */
final class UnknownProperties {
  private static final Logger LOG = LoggerFactory.getLogger("dev.protekt.spring");
  /** Read by a condition of the auto-configuration rather than bound to {@link ProtektProperties}. */
  private static final String[] UNBOUND = {"protekt.exception-resolver.enabled"};

  private UnknownProperties() {}

  /** Logs one WARN naming each unknown {@code protekt.*} property in {@code environment}. */
  static void warn(ConfigurableEnvironment environment) {
    Map<String, String> known = new LinkedHashMap<>();
    for (String name : known()) {
      known.put(relaxed(name), name);
    }
    Set<String> unknown = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    for (PropertySource<?> source : environment.getPropertySources()) {
      if (source instanceof EnumerablePropertySource<?> enumerable) {
        for (String name : enumerable.getPropertyNames()) {
          String lower = name.toLowerCase(Locale.ROOT);
          if ((lower.startsWith("protekt.") || lower.startsWith("protekt_"))
              && !known.containsKey(relaxed(name))) {
            unknown.add(Names.closest(relaxed(name), known.keySet())
                .map(closest -> name + " (did you mean " + known.get(closest) + "?)")
                .orElse(name));
          }
        }
      }
    }
    if (!unknown.isEmpty()) {
      LOG.warn("Unknown Protekt properties, ignored: {}.", String.join(", ", unknown));
    }
  }

  /** Every name the adapter reads, such as {@code protekt.warm-up.timeout}. */
  static Set<String> known() {
    Set<String> names = new LinkedHashSet<>(Set.of(UNBOUND));
    addProperties("protekt.", ProtektProperties.class, names);
    return names;
  }

  private static void addProperties(String prefix, Class<?> type, Set<String> names) {
    for (PropertyDescriptor property : BeanUtils.getPropertyDescriptors(type)) {
      String name = prefix
          + property.getName().replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
      if (property.getWriteMethod() != null) {
        names.add(name);
      } else if (property.getPropertyType().getEnclosingClass() == ProtektProperties.class) {
        addProperties(name + ".", property.getPropertyType(), names);
      }
    }
  }

  /**
   * {@code name} as Spring's relaxed binding compares it: {@code protekt.client-id}, {@code
   * protekt.clientId}, {@code protekt.audience[0]}, {@code PROTEKT_CLIENT_ID} and {@code
   * PROTEKT_AUDIENCE_0} are the same property.
   */
  private static String relaxed(String name) {
    return name.toLowerCase(Locale.ROOT).replaceAll("\\[[^\\]]*\\]|_\\d+(?=_|$)|[-_.]", "");
  }
}
