package dev.protekt.benchmarks;

import dev.protekt.CurrentUser;
import dev.protekt.ProtektAuth;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;

/**
 * The runtime alternative to a generated guard, as a reflection-based library would build it: a
 * {@link Proxy} whose handler looks the method's policy up, checks it and calls the implementation
 * reflectively. Our annotations have class retention, invisible to reflection, so the policies are
 * given explicitly; reading them with {@code getAnnotation} on every call would only be slower.
 */
final class ProxyGuard implements InvocationHandler {
  private final Object target;
  private final ProtektAuth protekt;
  private final Map<Method, Policy> policies;

  private ProxyGuard(Object target, ProtektAuth protekt, Map<Method, Policy> policies) {
    this.target = target;
    this.protekt = protekt;
    this.policies = Map.copyOf(policies);
  }

  /** A proxy implementing {@code type} that guards each method of {@code policies}. */
  static <T> T wrap(Class<T> type, T target, ProtektAuth protekt, Map<Method, Policy> policies) {
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
        new ProxyGuard(target, protekt, policies)));
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    Policy policy = policies.get(method);
    if (policy == null) {
      // Deny by default, as the generated guards do: an unlisted method is never let through.
      throw new IllegalStateException("No policy for " + method);
    }
    try (CurrentUser.Scope ignored = CurrentUser.bind(
        policy.authorize(protekt, (String) args[policy.tokenParameter()])))) {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
