package dev.protekt.spring;

import dev.protekt.ProtektAuth;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;

/**
 * Refuses a client option that one property source sets blank over a value a source below it
 * holds. Spring binds the source of highest precedence, and a blank option is unset (as with
 * {@code fromEnv}), so an empty {@code PROTEKT_DOMAIN=} left by a deployment template would hide
 * {@code protekt.domain} in {@code application.properties}: the client would start without it and
 * say it is missing, or, for the roles claim or the audience, quietly fall back to a default. Only
 * where the values come from is named, never a value, which may be a secret.
 */
final class BlankOverrides {
  private BlankOverrides() {}

  /**
   * @throws PropertyRefusal naming the property, the source that sets it blank and the one whose
   *     value it hides
   */
  static void refuse(Environment environment) {
    for (ProtektAuth.Option option : ProtektAuth.Option.values()) {
      ConfigurationPropertyName name = ConfigurationPropertyName.of(option.springProperty());
      ConfigurationProperty blank = null;
      for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
        ConfigurationProperty property = valueOf(source, name);
        if (property == null) {
          continue;
        }
        // As bound: ${UNSET:} is blank too.
        boolean isBlank = property.getValue() instanceof CharSequence text
            && environment.resolvePlaceholders(text.toString()).isBlank();
        if (blank == null && !isBlank) {
          break;
        }
        if (blank == null) {
          blank = property;
        } else if (!isBlank) {
          throw new PropertyRefusal(option.springProperty(), "set blank by " + from(blank)
              + ", which hides the value set by " + from(property) + ". Remove the blank one,"
              + " or give it the value.");
        }
      }
    }
  }

  /** The property in {@code source}: as one value, or as the first entry of a list (YAML). */
  private static ConfigurationProperty valueOf(
      ConfigurationPropertySource source, ConfigurationPropertyName name) {
    ConfigurationProperty property = source.getConfigurationProperty(name);
    return property != null ? property : source.getConfigurationProperty(name.append("[0]"));
  }

  /** Where {@code property} is set; a property source's own toString() may list its values. */
  private static String from(ConfigurationProperty property) {
    if (property.getOrigin() != null) {
      return property.getOrigin().toString();
    }
    return property.getSource().getUnderlyingSource() instanceof PropertySource<?> source
        ? "the property source '" + source.getName() + "'" : "a property source";
  }
}
