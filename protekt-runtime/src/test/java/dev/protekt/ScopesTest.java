package dev.protekt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.protekt.guard.TokenContext;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The one scope discipline of everything bound to a request, checked the same way on each: {@link
 * CurrentUser} and {@link TokenContext}. Closed in order, a scope restores what was bound before
 * it; closed out of order or on another thread, it leaves its thread with nothing bound.
 */
class ScopesTest {
  /** Binds a request named {@code name}, and reads back the name bound, or null for nothing. */
  record Binding(String what, Function<String, AutoCloseable> bind, Supplier<String> bound) {
    @Override
    public String toString() {
      return what;
    }
  }

  static Stream<Binding> bindings() {
    return Stream.of(
        new Binding("CurrentUser",
            name -> CurrentUser.bind(ProtektUser.fromClaims(Map.of("sub", name))),
            () -> CurrentUser.find().map(ProtektUser::subject).orElse(null)),
        new Binding("TokenContext",
            name -> TokenContext.bind("Bearer " + name),
            TokenContext::current));
  }

  private Binding binding;

  @AfterEach
  void nothingIsLeftBound() {
    assertNull(binding.bound().get(), "nothing left on the test's (reused) thread");
  }

  private AutoCloseable bind(Binding binding, String name) {
    this.binding = binding;
    return binding.bind().apply(name);
  }

  private static void closeOnAnotherThread(AutoCloseable scope) {
    CompletableFuture.runAsync(() -> close(scope)).join();
  }

  private static void close(AutoCloseable scope) {
    try {
      scope.close();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** A (pooled) thread left with nothing bound serves its next request as usual. */
  private void assertTheNextRequestBindsAsUsual(Binding b) {
    AutoCloseable next = bind(b, "dave");
    assertEquals("dave", b.bound().get());
    close(next);
    assertNull(b.bound().get());
  }

  @ParameterizedTest
  @MethodSource("bindings")
  void scopesClosedInOrderRestoreWhatWasBoundBefore(Binding b) {
    AutoCloseable outer = bind(b, "alice");
    AutoCloseable inner = bind(b, "bob");
    assertEquals("bob", b.bound().get());
    close(inner);
    assertEquals("alice", b.bound().get());
    close(inner);
    assertEquals("alice", b.bound().get(), "a second close changes nothing");
    close(outer);
    assertNull(b.bound().get());
  }

  @ParameterizedTest
  @MethodSource("bindings")
  void anOuterScopeClosedFirstHereOrOnAnotherThreadLeavesNothingBound(Binding b) {
    for (Consumer<AutoCloseable> closeOuter :
        List.<Consumer<AutoCloseable>>of(ScopesTest::close, ScopesTest::closeOnAnotherThread)) {
      AutoCloseable first = bind(b, "carol");
      AutoCloseable outer = bind(b, "alice");
      AutoCloseable inner = bind(b, "bob");
      closeOuter.accept(outer);
      assertNull(b.bound().get(), "closing the outer scope ends the inner one too");
      close(inner);
      assertNull(b.bound().get(), "not Alice, whose request has ended");
      close(first);
      close(outer);
      assertNull(b.bound().get(), "not Carol either");
      assertTheNextRequestBindsAsUsual(b);
    }
  }

  @ParameterizedTest
  @MethodSource("bindings")
  void theSameValueTwiceIsStillTwoScopes(Binding b) {
    AutoCloseable base = bind(b, "alice");
    AutoCloseable outer = bind(b, "bob");
    AutoCloseable inner = bind(b, "bob");
    close(outer);
    assertNull(b.bound().get(), "not Alice while Bob's inner call runs");
    close(inner);
    close(base);
  }

  @ParameterizedTest
  @MethodSource("bindings")
  void aScopeClosedOnAnotherThreadLeavesItsThreadWithNothingBound(Binding b) {
    AutoCloseable scope = bind(b, "alice");
    closeOnAnotherThread(scope);
    assertNull(b.bound().get());
    close(scope);
    assertNull(b.bound().get());
    assertTheNextRequestBindsAsUsual(b);
  }
}
