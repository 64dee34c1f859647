package dev.protekt.users;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.protekt.AccessTokenProvider;
import dev.protekt.ConfigurationException;
import dev.protekt.ProtektApiException;
import dev.protekt.ProtektAuth;
import dev.protekt.ProtektUnavailableException;
import dev.protekt.testing.LocalTenant;
import dev.protekt.testing.LocalTenantExtension;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;

/**
 * A machine token that cannot be had fails an async call with the exception the sync call throws:
 * OkHttp would otherwise report it as "canceled" and print it on its dispatcher thread.
 */
@ExtendWith(LocalTenantExtension.class)
class AsyncTokenFailureTest {
  private final LocalTenant tenant;

  AsyncTokenFailureTest(LocalTenant tenant) {
    this.tenant = tenant;
  }

  @Test
  void wrongCredentialsAreTheSameRefusalSyncAndAsync() {
    Users users = Tenants.client(tenant).clientSecret("wrong-secret").build().users();
    ProtektApiException sync =
        assertThrows(ProtektApiException.class, () -> users.get("protekt|x"));
    ProtektApiException async = asyncFailure(ProtektApiException.class,
        () -> users.getAsync("protekt|x").get(10, TimeUnit.SECONDS));
    assertEquals(401, sync.statusCode());
    assertEquals(sync.statusCode(), async.statusCode());
    assertEquals(sync.errorCode(), async.errorCode());
  }

  @Test
  void missingCredentialsAreAConfigurationErrorAsync() {
    Users users = ProtektAuth.builder().domain(tenant.domain()).build().users();
    assertEquals(List.of("clientId", "clientSecret"), asyncFailure(ConfigurationException.class,
        () -> users.deleteAsync("protekt|x").get(10, TimeUnit.SECONDS)).options());
  }

  @Test
  void missingCredentialsAreRefusedBeforeAnythingIsSent() {
    ProtektAuth protekt = ProtektAuth.builder().domain(tenant.domain()).build();
    tenant.clearRequests();
    ConfigurationException sync =
        assertThrows(ConfigurationException.class, () -> protekt.users().get("protekt|x"));
    ConfigurationException token =
        assertThrows(ConfigurationException.class, protekt::getAccessToken);
    ConfigurationException async = asyncFailure(ConfigurationException.class,
        () -> protekt.users().getAsync("protekt|x").get(10, TimeUnit.SECONDS));
    for (ConfigurationException e : List.of(sync, token, async)) {
      assertEquals(List.of("clientId", "clientSecret"), e.options());
    }
    // Not even discovery: an unreachable tenant would otherwise turn a missing setting into an
    // outage, reported after every retry.
    assertEquals(List.of(), tenant.requests());
  }

  @Test
  void anUnreachableTenantFailsAnAsyncCallAsItFailsTheSyncOne() throws IOException {
    String refusing;
    try (ServerSocket socket = new ServerSocket(0)) {
      refusing = "http://127.0.0.1:" + socket.getLocalPort();
    }
    Users users = Tenants.client(tenant).domain(refusing).retryAttempts(0).build().users();
    ProtektUnavailableException sync =
        assertThrows(ProtektUnavailableException.class, () -> users.get("protekt|x"));
    ProtektUnavailableException async = asyncFailure(ProtektUnavailableException.class,
        () -> users.getAsync("protekt|x").get(10, TimeUnit.SECONDS));
    assertEquals(sync.getMessage(), async.getMessage());
  }

  @Test
  void aFailingProviderOfTheUsersIsThrownAsItIs() {
    IllegalStateException vaultDown = new IllegalStateException("vault sealed");
    Users users = Tenants.client(tenant).tokenProvider(audience -> {
      throw vaultDown;
    }).build().users();
    assertSame(vaultDown, assertThrows(IllegalStateException.class, () -> users.get("protekt|x")));
    assertSame(vaultDown, asyncFailure(IllegalStateException.class,
        () -> users.listAsync(UserQuery.builder().build()).get(10, TimeUnit.SECONDS)));
  }

  @Test
  void aProviderThatFailsToDropARefusedTokenIsThrownAsItIs() {
    IllegalStateException vaultDown = new IllegalStateException("vault sealed");
    Users users = Tenants.client(tenant).tokenProvider(new AccessTokenProvider() {
      @Override
      public String getAccessToken(String audience) {
        return "not-a-token-the-tenant-signed";
      }

      @Override
      public void invalidate(String audience, String token) {
        throw vaultDown;
      }
    }).build().users();
    assertSame(vaultDown, asyncFailure(IllegalStateException.class,
        () -> users.getAsync("protekt|x").get(10, TimeUnit.SECONDS)));
  }

  private static <T extends Throwable> T asyncFailure(Class<T> type, Executable get) {
    ExecutionException e = assertThrows(ExecutionException.class, get);
    return assertThrows(type, () -> {
      throw e.getCause();
    });
  }
}
