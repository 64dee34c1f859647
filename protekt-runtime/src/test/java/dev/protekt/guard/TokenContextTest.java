package dev.protekt.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.protekt.ConfigurationException;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a {@code @TokenFromContext} guard finds bound: a request's token, a request without one, or
 * nothing at all, which is a wiring mistake; and that no misuse of scopes leaves a token behind.
 */
class TokenContextTest {
  @AfterEach
  void nothingIsLeftBound() {
    assertThrows(ConfigurationException.class, TokenContext::ofCurrentRequest);
    assertNull(TokenContext.current());
  }

  @Test
  void aRequestWithoutATokenIsBoundAsSuchAndNothingBoundIsAMistake() {
    assertThrows(ConfigurationException.class, TokenContext::ofCurrentRequest);
    TokenContext.Scope scope = TokenContext.bind("Basic dXNlcjpwYXNz");
    try {
      assertNull(TokenContext.ofCurrentRequest());
      assertNull(TokenContext.current());
    } finally {
      scope.close();
    }
  }

  @Test
  void nestedScopesRestoreWhatWasBoundBefore() {
    TokenContext.Scope outer = TokenContext.bind("Bearer outer");
    TokenContext.Scope inner = TokenContext.bind("Bearer inner");
    assertEquals("inner", TokenContext.ofCurrentRequest());
    inner.close();
    assertEquals("outer", TokenContext.ofCurrentRequest());
    inner.close(); // a second close changes nothing
    assertEquals("outer", TokenContext.ofCurrentRequest());
    outer.close();
  }

  @Test
  void scopesClosedOutOfOrderLeaveNothingBound() {
    TokenContext.Scope outer = TokenContext.bind("Bearer alice");
    TokenContext.Scope inner = TokenContext.bind("Bearer bob");
    outer.close();
    assertThrows(ConfigurationException.class, TokenContext::ofCurrentRequest,
        "closing the outer scope ends the inner one too");
    inner.close();
    assertThrows(ConfigurationException.class, TokenContext::ofCurrentRequest,
        "alice's request has ended: she must not come back");
  }

  @Test
  void aScopeClosedOnAnotherThreadLeavesItsOwnThreadWithNothingBound() {
    TokenContext.Scope scope = TokenContext.bind("Bearer alice");
    CompletableFuture.runAsync(scope::close).join();
    assertThrows(ConfigurationException.class, TokenContext::ofCurrentRequest);
    assertNull(TokenContext.current());
    // The next request on this (pooled) thread binds and unbinds as usual.
    TokenContext.Scope next = TokenContext.bind(null);
    assertNull(TokenContext.ofCurrentRequest());
    next.close();
  }
}
