package dev.protekt.benchmarks;

import dev.protekt.CurrentUser;
import dev.protekt.ProtektAuth;
import dev.protekt.guard.GuardPolicy;
import dev.protekt.guard.Guards;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;

/**
 * The runtime alternative to a generated guard, as a reflection-based library would build it: a
 * {@link Proxy} whose handler looks the method's rule up, makes the same check as the generated
 * guard ({@link Guards#authorize}) and calls the implementation reflectively. Our annotations have
 * class retention, invisible to reflection, so the rules are given explicitly; reading annotations
 * on every call would only be slower.
 */
final class ProxyGuard implements InvocationHandler {
  private final Object target;
  private final ProtektAuth protekt;
  private final Map<Method, Rule> rules;

  /** Which argument carries the {@code Authorization} value, and what the caller needs. */
  record Rule(int tokenParameter, GuardPolicy policy) {}

  private ProxyGuard(Object target, ProtektAuth protekt, Map<Method, Rule> rules) {
    this.target = target;
    this.protekt = protekt;
    this.rules = Map.copyOf(rules);
  }

  /** A proxy implementing {@code type} that guards each method of {@code rules}. */
  static <T> T wrap(Class<T> type, T target, ProtektAuth protekt, Map<Method, Rule> rules) {
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
        new ProxyGuard(target, protekt, rules)));
  }

  @Override
  @SuppressWarnings("try") // the scope is opened for its effect on the thread
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    Rule rule = rules.get(method);
    if (rule == null) {
      // Deny by default, as the generated guards do: an unlisted method is never let through.
      throw new IllegalStateException("No rule for " + method);
    }
    String authorization = (String) args[rule.tokenParameter()];
    try (CurrentUser.Scope ignored =
        CurrentUser.bind(Guards.authorize(protekt, rule.policy(), authorization))) {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
