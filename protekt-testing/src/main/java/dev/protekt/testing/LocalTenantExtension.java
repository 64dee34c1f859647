package dev.protekt.testing;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts one {@link LocalTenant} per test class and injects it into constructors,
 * {@code @BeforeAll}/{@code @BeforeEach}/{@code @AfterEach}/{@code @AfterAll} methods and test
 * methods that declare a {@code LocalTenant} parameter. The tenant closes when the class is done.
 *
 * <pre>{@code
 * @ExtendWith(LocalTenantExtension.class)
 * class MyTest {
 *   @Test void verifies(LocalTenant tenant) { ... }
 * }
 * }</pre>
 *
 * <p>Each class gets its own tenant on its own free port, so classes may run in parallel. A
 * {@code @Nested} class gets its own tenant too.
 */
public final class LocalTenantExtension implements ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LocalTenantExtension.class);

  /** Creates the extension; JUnit does this for {@code @ExtendWith}. */
  public LocalTenantExtension() {}

  @Override
  public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    return parameterContext.getParameter().getType() == LocalTenant.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    ExtensionContext classContext = classContext(extensionContext);
    return classContext.getStore(NAMESPACE)
        .getOrComputeIfAbsent(classContext.getRequiredTestClass(), type -> new StartedTenant(), StartedTenant.class)
        .tenant;
  }

  /** The nearest context of a test class: the one whose end closes the tenant. */
  private static ExtensionContext classContext(ExtensionContext context) {
    ExtensionContext current = context;
    while (current.getTestMethod().isPresent() && current.getParent().isPresent()) {
      current = current.getParent().get();
    }
    return current;
  }

  /**
   * Holds the tenant in JUnit's store. JUnit 5.13+ closes {@link AutoCloseable} values; older ones
   * close {@code CloseableResource}s; implementing both keeps either working, closing once.
   */
  @SuppressWarnings("deprecation")
  private static final class StartedTenant implements ExtensionContext.Store.CloseableResource, AutoCloseable {
    final LocalTenant tenant = LocalTenant.start();

    @Override
    public void close() {
      tenant.close();
    }
  }
}
