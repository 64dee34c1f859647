package dev.protekt.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** One tenant per class, the same one in every injection point; a nested class gets its own. */
@ExtendWith(LocalTenantExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalTenantExtensionTest {
  private final LocalTenant fromConstructor;
  private LocalTenant fromBeforeAll;
  private LocalTenant fromBeforeEach;

  LocalTenantExtensionTest(LocalTenant tenant) {
    this.fromConstructor = tenant;
  }

  @BeforeAll
  void beforeAll(LocalTenant tenant) {
    fromBeforeAll = tenant;
  }

  @BeforeEach
  void beforeEach(LocalTenant tenant) {
    fromBeforeEach = tenant;
  }

  @Test
  void everyInjectionPointSeesTheSameRunningTenant(LocalTenant tenant) {
    assertSame(fromConstructor, tenant);
    assertSame(fromBeforeAll, tenant);
    assertSame(fromBeforeEach, tenant);
    assertEquals(200, new Http(tenant).get("/.well-known/jwks.json").statusCode());
  }

  @Nested
  class NestedClass {
    @Test
    void getsItsOwnTenant(LocalTenant tenant) {
      assertNotSame(fromConstructor, tenant);
      assertEquals(200, new Http(tenant).get("/.well-known/jwks.json").statusCode());
    }
  }
}
