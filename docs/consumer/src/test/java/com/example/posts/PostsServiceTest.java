package com.example.posts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.protekt.ForbiddenException;
import dev.protekt.InvalidTokenException;
import dev.protekt.MissingTokenException;
import dev.protekt.ProtektAuth;
import dev.protekt.testing.LocalTenant;
import dev.protekt.testing.LocalTenantExtension;
import dev.protekt.users.User;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LocalTenantExtension.class)
class PostsServiceTest {
  private final LocalTenant tenant;
  private final ProtektAuth protekt;
  private final PostsHandlers handlers;

  PostsServiceTest(LocalTenant tenant) {                   // one tenant per test class, on a free port
    this.tenant = tenant;
    this.protekt = ProtektAuth.builder()
        .domain(tenant.domain())
        .audience(tenant.apiAudience())
        .clientId(tenant.clientId()).clientSecret(tenant.clientSecret())
        .build();
    this.handlers = new PostsHandlersGuard(new PostsService(), protekt);
  }

  @Test
  void writersCreatePosts() {
    String token = tenant.token().subject("protekt|alice").permissions("write:posts").sign();

    assertEquals("protekt|alice wrote Hello", handlers.create("Bearer " + token, "Hello"));
    assertEquals(List.of("Hello"), handlers.titles());
  }

  @Test
  void readersMayNotWrite() {
    String token = tenant.token().subject("protekt|bob").permissions("read:posts").sign();

    ForbiddenException e =
        assertThrows(ForbiddenException.class, () -> handlers.create("Bearer " + token, "Hi"));
    assertEquals(List.of("write:posts", "admin:posts"), e.required());   // answered 403
  }

  @Test
  void adminsNeedTheRoleAndThePermission() {
    String roleOnly = tenant.token().roles("admin").sign();
    String both = tenant.token().roles("admin").permissions("admin:posts").sign();

    assertThrows(ForbiddenException.class, () -> handlers.deleteAll("Bearer " + roleOnly));
    assertEquals(0, handlers.deleteAll("Bearer " + both));
  }

  @Test
  void badOrMissingTokensAreRefused() {
    String expired = tenant.token().expiresAt(Instant.now().minus(Duration.ofHours(1))).sign();
    String forged = tenant.token().signWithForeignKey();

    assertEquals(InvalidTokenException.Reason.EXPIRED, assertThrows(InvalidTokenException.class,
        () -> handlers.profile("Bearer " + expired)).reason());          // answered 401
    assertEquals(InvalidTokenException.Reason.BAD_SIGNATURE, assertThrows(InvalidTokenException.class,
        () -> handlers.profile("Bearer " + forged)).reason());
    assertThrows(MissingTokenException.class, () -> handlers.profile(null));
  }

  @Test
  void accountsLiveInTheTenant() {
    Accounts accounts = new Accounts(protekt);

    User ada = accounts.register("ada@example.com", "Correct-Horse-1", "Ada");
    assertEquals("Ada", ada.userMetadata().get("first_name"));
    assertEquals(1, accounts.byEmail("ada@example.com").users().size());
    assertEquals(0, accounts.byEmail("*").users().size());         // "*" is no wildcard here
    assertEquals("Ada L.", accounts.rename(ada.userId(), "Ada L.").name());
    assertTrue(accounts.close(ada.userId()));
    assertTrue(accounts.find(ada.userId()).isEmpty());

    User grace = accounts.registerFromForm(Map.of("email", "grace@example.com", "password", "Correct-Horse-2"));
    assertEquals(Map.of(), grace.userMetadata());                   // the form had no first_name
  }
}
