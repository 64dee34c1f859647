package dev.protekt.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.protekt.ProtektAuth;
import dev.protekt.ProtektUser;
import dev.protekt.testing.LocalTenant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * {@code protekt.roles-claim} and {@code protekt.permissions-claim} bind as lists, from one
 * comma-separated value, from indexed entries (YAML lists) or from the environment variable, and
 * configure the client as {@code ProtektAuth.fromEnv()} does: checked with a real token.
 */
class ClaimPathPropertiesTest {
  private static LocalTenant tenant;
  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(ProtektAutoConfiguration.class));

  @BeforeAll
  static void start() {
    tenant = LocalTenant.start();
  }

  @AfterAll
  static void stop() {
    tenant.close();
  }

  private static String token() {
    return tenant.token()
        .claim("realm_access", Map.of("roles", List.of("admin")))
        .claim("https://x.com/roles", List.of("editor"))
        .claim("resource_access", Map.of("a,b", Map.of("perms", List.of("read:posts"))))
        .permissions("write:posts").sign();
  }

  private void assertMapped(ApplicationContextRunner configured) {
    configured.run(context -> {
      assertThat(context).hasNotFailed();
      ProtektUser user = context.getBean(ProtektAuth.class).verifyToken(token());
      assertThat(user.roles()).containsExactly("admin", "editor");
      assertThat(user.permissions()).containsExactly("read:posts", "write:posts");
    });
  }

  @Test
  void oneCommaSeparatedProperty() {
    assertMapped(runner.withPropertyValues("protekt.domain=" + tenant.domain(),
        "protekt.audience=" + tenant.apiAudience(),
        "protekt.roles-claim=realm_access.roles,\"https://x.com/roles\"",
        "protekt.permissions-claim=resource_access.\"a,b\".perms, permissions"));
  }

  @Test
  void indexedEntriesAsYamlWritesThem() {
    assertMapped(runner.withPropertyValues("protekt.domain=" + tenant.domain(),
        "protekt.audience=" + tenant.apiAudience(),
        "protekt.roles-claim[0]=realm_access.roles",
        "protekt.roles-claim[1]=https://x.com/roles",
        "protekt.permissions-claim[0]=resource_access.\"a,b\".perms",
        "protekt.permissions-claim[1]=permissions"));
  }

  @Test
  void theEnvironmentVariables() {
    assertMapped(runner.withInitializer(ProtektAutoConfigurationTest.environment(Map.of(
        "PROTEKT_DOMAIN", tenant.domain(), "PROTEKT_AUDIENCE", tenant.apiAudience(),
        "PROTEKT_ROLES_CLAIM", "realm_access.roles,\"https://x.com/roles\"",
        "PROTEKT_PERMISSIONS_CLAIM", "resource_access.\"a,b\".perms,permissions"))));
  }

  @Test
  void aBadPathStopsTheApplicationNamingTheProperty() {
    runner.withPropertyValues("protekt.domain=" + tenant.domain(),
            "protekt.roles-claim=realm_access..roles")
        .run(context -> assertThat(context).getFailure().rootCause()
            .hasMessageContaining("protekt.roles-claim")
            .hasMessageContaining("realm_access..roles"));
  }
}
