package dev.protekt.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.protekt.ProtektAuth;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The configuration metadata IDEs read to complete and describe {@code protekt.*}: every property
 * the binder accepts, and every switch of the auto-configuration, is listed with a description in
 * plain text.
 */
class ConfigurationMetadataTest {

  @Test
  void everyPropertyIsListedWithADescription() throws IOException {
    Map<String, String> described = new HashMap<>();
    Map<String, JsonNode> defaults = new HashMap<>();
    try (InputStream in = getClass().getClassLoader()
        .getResourceAsStream("META-INF/spring-configuration-metadata.json")) {
      assertThat(in).as("the metadata the configuration processor writes").isNotNull();
      for (JsonNode property : new ObjectMapper().readTree(in).get("properties")) {
        described.put(property.get("name").asText(), property.path("description").asText(""));
        defaults.put(property.get("name").asText(), property.path("defaultValue"));
      }
    }

    List<String> bindable = new ArrayList<>(properties("protekt.", ProtektProperties.class));
    bindable.addAll(properties("protekt.filter.", ProtektProperties.Filter.class));
    bindable.addAll(properties("protekt.warm-up.", ProtektProperties.WarmUp.class));
    assertThat(bindable).hasSizeGreaterThan(18);
    // Read by a condition of the auto-configuration, not bound: described by hand.
    bindable.add("protekt.exception-resolver.enabled");
    assertThat(described).containsOnlyKeys(bindable);
    // What the warning about unknown properties takes for known.
    assertThat(UnknownProperties.known()).containsExactlyInAnyOrderElementsOf(bindable);
    described.forEach((name, description) -> assertThat(description).as(name)
        .isNotBlank().doesNotContain("{@").endsWith("."));

    // The defaults the processor cannot work out are written by hand: they must be the real ones.
    ProtektProperties fresh = new ProtektProperties();
    assertThat(defaults.get("protekt.realm").asText()).isEqualTo(fresh.getRealm());
    List<String> patterns = new ArrayList<>();
    defaults.get("protekt.filter.url-patterns").forEach(p -> patterns.add(p.asText()));
    assertThat(patterns).isEqualTo(fresh.getFilter().getUrlPatterns());
    assertThat(defaults.get("protekt.filter.enabled").asBoolean()).isEqualTo(fresh.getFilter().isEnabled());
    assertThat(defaults.get("protekt.filter.order").asInt()).isEqualTo(fresh.getFilter().getOrder());
  }

  @Test
  void everyOptionOfTheClientIsAPropertyAndNoOtherIs() {
    List<String> options = new ArrayList<>();
    for (ProtektAuth.Option option : ProtektAuth.Option.values()) {
      options.add(option.springProperty());
    }
    List<String> clientProperties = new ArrayList<>(properties("protekt.", ProtektProperties.class));
    clientProperties.remove("protekt.realm");  // the filter's and the resolver's, not the client's
    assertThat(clientProperties).containsExactlyInAnyOrderElementsOf(options);
  }

  /** The names the binder derives from the public setters, in Spring's kebab case. */
  private static List<String> properties(String prefix, Class<?> type) {
    List<String> names = new ArrayList<>();
    for (Method method : type.getDeclaredMethods()) {
      if (Modifier.isPublic(method.getModifiers()) && method.getName().startsWith("set")
          && method.getParameterCount() == 1) {
        names.add(prefix + method.getName().substring(3).replaceAll("([a-z])([A-Z])", "$1-$2")
            .toLowerCase(Locale.ROOT));
      }
    }
    return names;
  }
}
