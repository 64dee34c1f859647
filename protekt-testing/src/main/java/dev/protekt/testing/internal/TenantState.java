package dev.protekt.testing.internal;

import java.time.Duration;

/**
 * Everything one tenant knows, shared by its handlers and its public facade.
 *
 * @param domain the base URL, {@code http://127.0.0.1:PORT}
 * @param keys the signing keys
 * @param clients the registered machine clients
 * @param users the user store
 * @param faults the planned faults
 * @param log the request log
 * @param machineTokenLifetime how long machine tokens from {@code /oauth/token} live
 */
public record TenantState(String domain, KeyRing keys, ClientRegistry clients, UserStore users, FaultPlan faults,
    RequestLog log, Duration machineTokenLifetime) {

  /** The audience of API tokens minted for tests unless they name another. */
  public static final String API_AUDIENCE = "https://api.protekt.test/";

  /** @return the issuer: the domain with a trailing slash */
  public String issuer() {
    return domain + "/";
  }

  /** @return the Users API audience: {@code issuer + "api/v2/"} */
  public String usersAudience() {
    return issuer() + "api/v2/";
  }
}
