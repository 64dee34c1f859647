package dev.protekt.testing;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
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
 * <p>The dynamic tests of a {@code @TestFactory} are one test here: they share the faults, the
 * request log and the user check below, all cleared and checked once, after the last of them (and
 * the factory's {@code @AfterEach} methods). What one dynamic test plans or sends, the next meets.
 *
 * <p>With protekt-runtime on the test's class path, it also checks after each test that the test
 * left no user bound on its thread: a {@code CurrentUser.bind(…)} whose scope was not closed would
 * be {@code CurrentUser.get()} in every later test on that thread. The test's constructor and field
 * initialisers are part of its setup. Such a test fails, saying to close the scope
 * (try-with-resources), and the extension puts back the user bound on the thread before the test
 * began: none, so that the next test starts with none, or the one a {@code @BeforeAll} method
 * bound, which is not the test's doing and stays. Likewise after a class's {@code @AfterAll}
 * methods: a class whose {@code @BeforeAll} methods (or, with {@code @TestInstance(PER_CLASS)},
 * its constructor) left a user bound fails, and the extension unbinds it. Not seen: a scope left
 * open on another thread (a {@code @Timeout(threadMode = SEPARATE_THREAD)} test's, say), or one
 * binding the very user object that was bound when the test began.
 *
 * <p>One tenant per class is injected: a method or constructor declaring two {@code LocalTenant}
 * parameters is refused. For a second tenant (another issuer, say), start one with {@link
 * LocalTenant#start()} or {@link LocalTenant#builder()} and close it in the test.
 */
public final class LocalTenantExtension implements ParameterResolver, BeforeAllCallback,
    BeforeEachCallback, AfterEachCallback, AfterAllCallback, InvocationInterceptor {
  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LocalTenantExtension.class);
  private static final Object KEY = LocalTenant.class;
  private static final Object USER_AT_START = CurrentUsers.class;
  private static final Object USER_BEFORE_ALL = BeforeAllCallback.class;
  private static final Object USERS_BEFORE_CONSTRUCTION = Constructed.class;

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
   * Notes which user, if any, is bound on the class's thread before its {@code @BeforeAll} methods
   * (with one instance per class, before its constructor), for {@link #afterAll}.
   */
  @Override
  public void beforeAll(ExtensionContext context) {
    CurrentUsers.of(context).ifPresent(users -> context.getStore(NAMESPACE).put(USER_BEFORE_ALL,
        context.getTestInstances().flatMap(instances -> takeBeforeConstruction(context, instances.getAllInstances()))
            .orElseGet(users::bound)));
  }

  /**
   * Notes which user, if any, was bound on the test's thread before its constructor ran (with one
   * instance per test method) or else before its {@code @BeforeEach} methods.
   */
  @Override
  public void beforeEach(ExtensionContext context) {
    CurrentUsers.of(context).ifPresent(users -> context.getStore(NAMESPACE).put(USER_AT_START,
        takeBeforeConstruction(context, context.getRequiredTestInstances().getAllInstances()).orElseGet(users::bound)));
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
    failIfLeft(context, USER_AT_START, "This test left a user bound on its thread: a CurrentUser.bind(…)"
        + " whose Scope was not closed, so that CurrentUser.get() and find() would answer that user in"
        + " every later test on this thread. Close the Scope bind returns, with try-with-resources:"
        + " try (var scope = CurrentUser.bind(user)) { … }, or close it in an @AfterEach when a"
        + " @BeforeEach, the constructor or a field initialiser binds it.");
  }

  /**
   * Fails the class if its {@code @BeforeAll} methods (or, with one instance per class, its
   * constructor) left a user bound on its thread after its {@code @AfterAll} methods.
   */
  @Override
  public void afterAll(ExtensionContext context) {
    failIfLeft(context, USER_BEFORE_ALL, "This test class left a user bound on its thread: a"
        + " CurrentUser.bind(…) in a @BeforeAll method (or, with @TestInstance(PER_CLASS), in the"
        + " constructor or a field initialiser) whose Scope was not closed, so that CurrentUser.get()"
        + " and find() would answer that user in every later test class on this thread. Keep the Scope"
        + " bind returns in a field and close it in an @AfterAll method.");
  }

  /**
   * Fails with {@code message} if a user other than the one noted under {@code key} is bound on
   * the thread now, after putting that one back.
   */
  private static void failIfLeft(ExtensionContext context, Object key, String message) {
    Optional<CurrentUsers> users = CurrentUsers.of(context);
    Optional<?> atStart = context.getStore(NAMESPACE).get(key, Optional.class);
    if (users.isEmpty() || atStart == null) {
      return;
    }
    Optional<Object> bound = users.get().bound();
    if (bound.isPresent() && bound.get() != atStart.orElse(null)) {
      users.get().restore(bound.get(), atStart);
      throw new IllegalStateException(message + " The extension has put back the user bound when it"
          + " began: " + (atStart.isPresent() ? "the one bound before, by a @BeforeAll method, say." : "none."));
    }
  }

  /**
   * The user bound before the first of {@code instances} built by {@link
   * #interceptTestClassConstructor} was constructed, forgetting what was noted for them all.
   */
  private static Optional<Optional<Object>> takeBeforeConstruction(ExtensionContext context, List<Object> instances) {
    Constructed constructed = store(context).get(USERS_BEFORE_CONSTRUCTION, Constructed.class);
    return constructed == null ? Optional.empty() : constructed.take(instances);
  }

  /**
   * Notes which user was bound before the constructor (and field initialisers) ran, as they are
   * part of a test's setup, and clears what a test's constructor planned when it throws: JUnit
   * then runs no after-each callback for that test. What is noted is kept in the outermost class's
   * store by instance, whichever context JUnit passes here (the class's or, when an extension asks
   * for it, the test method's).
   */
  @Override
  public <T> T interceptTestClassConstructor(Invocation<T> invocation,
      ReflectiveInvocationContext<Constructor<T>> invocationContext, ExtensionContext extensionContext)
      throws Throwable {
    Optional<CurrentUsers> users = CurrentUsers.of(extensionContext);
    Optional<Object> before = users.map(CurrentUsers::bound).orElse(Optional.empty());
    T instance;
    try {
      instance = invocation.proceed();
    } catch (Throwable failure) {
      clear(extensionContext);
      throw failure;
    }
    if (users.isPresent()) {
      store(extensionContext).getOrComputeIfAbsent(USERS_BEFORE_CONSTRUCTION, key -> new Constructed(),
          Constructed.class).put(instance, before);
    }
    return instance;
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

    /** @return the user {@code CurrentUser.find()} answers on this thread */
    Optional<Object> bound() {
      return ((Optional<?>) invoke(find)).map(Object.class::cast);
    }

    /**
     * Puts back {@code atStart} where {@code bound} was left bound: unbinds every user when it is
     * empty, else binds it within the scopes left open. Its scope stays open: when the scope that
     * bound it at first closes (a {@code @BeforeAll} method's, in its {@code @AfterAll}), out of
     * order as it is then, it ends every scope opened within it, this one too, and the thread has
     * no user.
     */
    void restore(Object bound, Optional<?> atStart) {
      if (atStart.isPresent()) {
        invoke(bind, atStart.get());
      } else {
        unbindAll(bound);
      }
    }

    /**
     * Leaves this thread with no user bound, whatever scopes were left open: a scope closed out of
     * order leaves its thread with no user (see {@code CurrentUser.bind}), and the one opened
     * within it, closed next, empties the thread's binding. The two scopes bind {@code bound},
     * the user already bound there, since {@code bind} refuses null.
     */
    private void unbindAll(Object bound) {
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
   * The user bound before each test instance was constructed, by identity: a test class may
   * define {@code equals}. Instances of one class may be built concurrently.
   */
  private static final class Constructed {
    private final Map<Object, Optional<Object>> before = new IdentityHashMap<>();

    synchronized void put(Object instance, Optional<Object> user) {
      before.put(instance, user);
    }

    /** @return what was noted for the first of {@code instances} that has a note; forgets them all */
    synchronized Optional<Optional<Object>> take(List<Object> instances) {
      Optional<Optional<Object>> first = instances.stream().filter(before::containsKey).findFirst().map(before::get);
      instances.forEach(before::remove);
      return first;
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
