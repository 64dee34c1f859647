package dev.protekt.testing;

/** Run in a child JVM by {@link StandaloneTenantTest}: starts a tenant, forgets to close it, returns. */
final class UnclosedTenant {
  private UnclosedTenant() {}

  public static void main(String[] args) {
    System.out.println(LocalTenant.start().domain());
  }
}
