package dev.protekt.testing;

import java.lang.reflect.Constructor;
import java.util.Arrays;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;

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
 * {@code @Nested} class shares the tenant of its outermost enclosing class, so that a tenant held
 * from the outer constructor and one injected into a nested method are the same tenant.
 *
 * <p>After each test method (after its {@code @AfterEach} methods, whether it passed or not) the
 * extension forgets the tenant's planned faults, ends the requests still held by one without
 * carrying them out ({@link Faults#clearAndDropHeld()}) and forgets its request log ({@link
 * LocalTenant#clearRequests()}), so that what one test planned or sent never reaches the next.
 * What a test's own setup planned reaches that test: faults planned in the constructor and in
 * {@code @BeforeEach} methods, and those planned in {@code @BeforeAll} methods reach the first
 * test of the class that runs (what it leaves unused is cleared after it). With one instance per
 * class ({@code @TestInstance(PER_CLASS)}) the constructor runs once, so its faults, too, reach
 * the first test only. A {@code @Nested} class's tests meet what the enclosing class's constructor
 * and {@code @BeforeEach} methods planned as well. The request log a test reads likewise holds the
 * requests of its own setup and its own: what a client built in the constructor sent shows there.
 * A constructor that throws has its plan cleared too, as its test does not run. Users, clients
 * and keys stay for the whole class; call {@link LocalTenant#clearUsers()} in a
 * {@code @BeforeEach} for an empty user store in every test.
 *
 * <p>Methods of one class that JUnit runs concurrently share all of this, and the clear after one
 * of them removes what another planned; run such a class's methods on one thread
 * ({@code @Execution(SAME_THREAD)}) when they plan faults or read the log. Classes running in
 * parallel each have their own tenant.
 *
 * <p>One tenant per class is injected: a method or constructor declaring two {@code LocalTenant}
 * parameters is refused. For a second tenant (another issuer, say), start one with {@link
 * LocalTenant#start()} or {@link LocalTenant#builder()} and close it in the test.
 */
public final class LocalTenantExtension implements ParameterResolver, AfterEachCallback,
    InvocationInterceptor {
  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LocalTenantExtension.class);
  private static final Object KEY = LocalTenant.class;

  /** Creates the extension; JUnit does this for {@code @ExtendWith}. */
  public LocalTenantExtension() {}

  @Override
  public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    return parameterContext.getParameter().getType() == LocalTenant.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    long tenants = Arrays.stream(parameterContext.getDeclaringExecutable().getParameterTypes())
        .filter(type -> type == LocalTenant.class)
        .count();
    if (tenants > 1) {
      throw new ParameterResolutionException(parameterContext.getDeclaringExecutable()
          + " declares " + tenants + " LocalTenant parameters, but LocalTenantExtension injects one tenant per"
          + " test class, the same in every parameter. For a second tenant, start one with LocalTenant.start()"
          + " or LocalTenant.builder()...start() and close it in the test (try-with-resources).");
    }
    return store(extensionContext).getOrComputeIfAbsent(KEY, key -> new StartedTenant(), StartedTenant.class).tenant;
  }

  /**
   * Clears what the test that just ended planned or sent, after its {@code @AfterEach} methods,
   * rather than before the next test: the next test's constructor and {@code @BeforeAll} methods
   * run before any before-each callback, and what they plan is that test's.
   */
  @Override
  public void afterEach(ExtensionContext context) {
    clear(context);
  }

  /**
   * Clears what a test's constructor planned when it throws: JUnit then runs no after-each
   * callback for that test.
   */
  @Override
  public <T> T interceptTestClassConstructor(Invocation<T> invocation,
      ReflectiveInvocationContext<Constructor<T>> invocationContext, ExtensionContext extensionContext)
      throws Throwable {
    try {
      return invocation.proceed();
    } catch (Throwable failure) {
      clear(extensionContext);
      throw failure;
    }
  }

  private static void clear(ExtensionContext context) {
    StartedTenant started = store(context).get(KEY, StartedTenant.class);
    if (started != null) {
      started.tenant.faults().clearAndDropHeld();
      started.tenant.clearRequests();
    }
  }

  /**
   * The store of the outermost test class's context: its end closes the tenant, and nested classes
   * find the same tenant there.
   */
  private static ExtensionContext.Store store(ExtensionContext context) {
    ExtensionContext current = context;
    while (current.getParent().flatMap(ExtensionContext::getParent).isPresent()) {
      current = current.getParent().get();
    }
    return current.getStore(NAMESPACE);
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
