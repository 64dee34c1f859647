package dev.protekt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Binding the caller of a guarded call to its thread, and nothing outside it. */
@SuppressWarnings("try") // scopes are opened for their effect on the thread, not to be used
class CurrentUserTest {
  private static final ProtektUser ALICE = ProtektUser.fromClaims(Map.of("sub", "alice"));
  private static final ProtektUser BOB = ProtektUser.fromClaims(Map.of("sub", "bob"));

  @Test
  void nestedScopesRestoreTheUserBeforeThem() {
    assertEquals(Optional.empty(), CurrentUser.find());
    try (CurrentUser.Scope outer = CurrentUser.bind(ALICE)) {
      assertSame(ALICE, CurrentUser.get());
      try (CurrentUser.Scope inner = CurrentUser.bind(BOB)) {
        assertSame(BOB, CurrentUser.get());
      }
      assertSame(ALICE, CurrentUser.get());
    }
    assertEquals(Optional.empty(), CurrentUser.find());
    IllegalStateException outside = assertThrows(IllegalStateException.class, CurrentUser::get);
    // It says why a @Public method, which may have been sent a token, has no user either.
    assertTrue(outside.getMessage().contains("A @Public method checks no token, even one that was"
        + " sent; where code also runs without a verified user, use CurrentUser.find()"),
        outside.getMessage());
  }

  @Test
  void noUserIsNeverBound() {
    try (CurrentUser.Scope outer = CurrentUser.bind(ALICE)) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> CurrentUser.bind(null));
      assertEquals("CurrentUser.bind(null): there is no user to bind. Bind the ProtektUser that"
          + " a real ProtektAuth verified (Guards.authorize returns it); code that must run"
          + " without a verified user runs outside any binding, where CurrentUser.find() is"
          + " empty.", e.getMessage());
      assertSame(ALICE, CurrentUser.get());
    }
  }

  @Test
  void anExceptionInTheCallStillUnbinds() {
    assertThrows(IllegalArgumentException.class, () -> {
      try (CurrentUser.Scope scope = CurrentUser.bind(ALICE)) {
        throw new IllegalArgumentException("handler failed");
      }
    });
    assertEquals(Optional.empty(), CurrentUser.find());
  }

  @Test
  void scopesClosedOutOfOrderOrTwiceLeaveNoUserBehind() {
    CurrentUser.Scope outer = CurrentUser.bind(ALICE);
    CurrentUser.Scope inner = CurrentUser.bind(BOB);
    outer.close();
    assertEquals(Optional.empty(), CurrentUser.find(), "closing the outer scope ends both");
    inner.close();
    assertEquals(Optional.empty(), CurrentUser.find(), "not Alice, whose call has ended");

    CurrentUser.Scope first = CurrentUser.bind(ALICE);
    CurrentUser.Scope second = CurrentUser.bind(BOB);
    second.close();
    second.close();
    assertSame(ALICE, CurrentUser.get(), "a second close changes nothing");
    first.close();
    assertEquals(Optional.empty(), CurrentUser.find());

    // Nested calls often carry the same (cached) user: scopes, not users, decide the order.
    CurrentUser.Scope base = CurrentUser.bind(ALICE);
    CurrentUser.Scope sameOuter = CurrentUser.bind(BOB);
    CurrentUser.Scope sameInner = CurrentUser.bind(BOB);
    sameOuter.close();
    assertEquals(Optional.empty(), CurrentUser.find(), "not Alice while Bob's inner call runs");
    sameInner.close();
    base.close();
    assertEquals(Optional.empty(), CurrentUser.find());
  }

  @Test
  void otherThreadsDoNotSeeTheUser() throws Exception {
    try (CurrentUser.Scope scope = CurrentUser.bind(ALICE)) {
      Optional<ProtektUser> elsewhere = CompletableFuture.supplyAsync(CurrentUser::find).get();
      assertEquals(Optional.empty(), elsewhere);
      assertSame(ALICE, CurrentUser.get());
    }
  }
}
