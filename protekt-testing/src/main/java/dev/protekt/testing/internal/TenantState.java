package dev.protekt.testing.internal;

import java.time.Duration;

/**
 * Everything one tenant knows, shared by its handlers and its public facade.
 *
 * @param origin where the tenant listens, {@code http://127.0.0.1:PORT}
 * @param issuerPath the path of its issuer, such as {@code /realms/acme}, under which it serves
 *     every endpoint; empty for the contract's issuer {@code origin + "/"}
 * @param keys the signing keys
 * @param clients the registered machine clients
 * @param users the user store
 * @param faults the planned faults
 * @param log the request log
 * @param machineTokenLifetime how long machine tokens from {@code /oauth/token} live
 */
public record TenantState(String origin, String issuerPath, KeyRing keys, ClientRegistry clients, UserStore users,
    FaultPlan faults, RequestLog log, Duration machineTokenLifetime) {

  /** The audience of API tokens minted for tests unless they name another. */
  public static final String API_AUDIENCE = "https://api.protekt.test/";

  /** @return the base URL of every endpoint, what a client configures: the origin and the issuer path */
  public String domain() {
    return origin + issuerPath;
  }

  /**
   * @return the issuer: the domain with a trailing slash without an issuer path, as the contract
   *     gives it; with one, the domain itself, as Keycloak, Okta and Entra v2 spell theirs
   */
  public String issuer() {
    return issuerPath.isEmpty() ? origin + "/" : domain();
  }

  /** @return the Users API audience: the issuer, a slash, {@code api/v2/} */
  public String usersAudience() {
    return issuer() + (issuerPath.isEmpty() ? "" : "/") + "api/v2/";
  }

  /**
   * @param path a request's path, decoded or as sent
   * @return the endpoint it names, the path below the issuer path (all of it without one); {@code
   *     null} when it is not below the issuer path
   */
  public String endpoint(String path) {
    if (issuerPath.isEmpty()) {
      return path;
    }
    return path.startsWith(issuerPath + "/") ? path.substring(issuerPath.length()) : null;
  }
}
