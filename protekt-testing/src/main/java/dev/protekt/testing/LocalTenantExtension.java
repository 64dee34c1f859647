package dev.protekt.testing;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
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
 * <p>With protekt-runtime on the test's class path, it also checks after each test that the test
 * left no user bound on its thread: a {@code CurrentUser.bind(…)} whose scope was not closed would
 * be {@code CurrentUser.get()} in every later test on that thread. Such a test fails, saying to
 * close the scope (try-with-resources), and the extension unbinds every user on the thread, so
 * that the next test starts with none. A user that was already bound when the test began (by a
 * {@code @BeforeAll} method, say) and still is, is not the test's doing and stays.
 *
 * <p>One tenant per class is injected: a method or constructor declaring two {@code LocalTenant}
 * parameters is refused. For a second tenant (another issuer, say), start one with {@link
 * LocalTenant#start()} or {@link LocalTenant#builder()} and close it in the test.
 */
public final class LocalTenantExtension implements ParameterResolver, BeforeEachCallback,
    AfterEachCallback, InvocationInterceptor {
  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LocalTenantExtension.class);
  private static final Object KEY = LocalTenant.class;
  private static final Object USER_AT_START = CurrentUsers.class;

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

  /** Notes which user, if any, is bound on the test's thread before its {@code @BeforeEach} methods. */
  @Override
  public void beforeEach(ExtensionContext context) {
    CurrentUsers.of(context).ifPresent(users ->
        context.getStore(NAMESPACE).put(USER_AT_START, Optional.ofNullable(users.bound())));
  }

  /**
   * Clears what the test that just ended planned or sent, after its {@code @AfterEach} methods,
   * rather than before the next test: the next test's constructor and {@code @BeforeAll} methods
   * run before any before-each callback, and what they plan is that test's. Then fails the test if
   * it left a user bound on its thread ({@link CurrentUsers}).
   */
  @Override
  public void afterEach(ExtensionContext context) {
    clear(context);
    Optional<CurrentUsers> users = CurrentUsers.of(context);
    Optional<?> atStart = context.getStore(NAMESPACE).get(USER_AT_START, Optional.class);
    if (users.isPresent() && atStart != null) {
      Object bound = users.get().bound();
      if (bound != null && bound != atStart.orElse(null)) {
        users.get().unbindAll(bound);
        throw new IllegalStateException("This test left a user bound on its thread: a"
            + " CurrentUser.bind(…) whose Scope was not closed, so that CurrentUser.get() and find()"
            + " would answer that user in every later test on this thread. Close the Scope bind"
            + " returns, with try-with-resources: try (var scope = CurrentUser.bind(user)) { … },"
            + " or close it in an @AfterEach when a @BeforeEach binds it. The extension has unbound"
            + " every user on this thread.");
      }
    }
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
   * protekt-runtime's {@code CurrentUser}, through its public methods, when the test's class path
   * has it: protekt-runtime depends on this module for its own tests, so this one cannot depend on
   * it.
   */
  private static final class CurrentUsers {
    private final Method find;
    private final Method bind;

    private CurrentUsers(Method find, Method bind) {
      this.find = find;
      this.bind = bind;
    }

    static Optional<CurrentUsers> of(ExtensionContext context) {
      ClassLoader loader = context.getRequiredTestClass().getClassLoader();
      try {
        Class<?> currentUser = Class.forName("dev.protekt.CurrentUser", false, loader);
        Class<?> user = Class.forName("dev.protekt.ProtektUser", false, loader);
        return Optional.of(new CurrentUsers(currentUser.getMethod("find"), currentUser.getMethod("bind", user)));
      } catch (ClassNotFoundException | NoSuchMethodException e) {
        return Optional.empty();
      }
    }

    /** @return the user {@code CurrentUser.find()} answers on this thread, or {@code null} */
    Object bound() {
      return ((Optional<?>) invoke(find)).orElse(null);
    }

    /**
     * Leaves this thread with no user bound, whatever scopes were left open: a scope closed out of
     * order leaves its thread with no user (see {@code CurrentUser.bind}), and the one opened
     * within it, closed next, empties the thread's binding. The two scopes bind {@code bound},
     * the user already bound there, since {@code bind} refuses null.
     */
    void unbindAll(Object bound) {
      AutoCloseable outer = (AutoCloseable) invoke(bind, bound);
      AutoCloseable inner = (AutoCloseable) invoke(bind, bound);
      try {
        outer.close();
        inner.close();
      } catch (Exception e) {
        throw new IllegalStateException("CurrentUser.Scope.close() threw, which it never does", e);
      }
    }

    private static Object invoke(Method method, Object... arguments) {
      try {
        return method.invoke(null, arguments);
      } catch (IllegalAccessException e) {
        throw new IllegalStateException("CurrentUser." + method.getName() + " is public", e);
      } catch (InvocationTargetException e) {
        throw new IllegalStateException("CurrentUser." + method.getName() + " threw", e.getCause());
      }
    }
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
