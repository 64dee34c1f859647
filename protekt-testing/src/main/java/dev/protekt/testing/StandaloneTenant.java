package dev.protekt.testing;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The main class of {@code protekt-local-tenant.jar}: runs a {@link LocalTenant} until killed and
 * prints what a person needs to try the SDK with {@code curl}: the domain, client credentials and
 * ready tokens for a user, an admin and a reader.
 *
 * <pre>
 * java -jar protekt-local-tenant.jar [--port N] [--client-id ID] [--client-secret SECRET]
 * </pre>
 */
public final class StandaloneTenant {
  private static final String USAGE =
      "usage: java -jar protekt-local-tenant.jar [--port N] [--client-id ID] [--client-secret SECRET]";
  /** Printed tokens live long enough for an afternoon of trying things out. */
  private static final Duration PRINTED_TOKEN_LIFETIME = Duration.ofHours(12);

  private StandaloneTenant() {}

  /**
   * Starts the tenant and blocks until the process is killed.
   *
   * @param args {@code --port N}, {@code --client-id ID}, {@code --client-secret SECRET}, all optional
   * @throws InterruptedException if the main thread is interrupted while waiting
   */
  public static void main(String[] args) throws InterruptedException {
    LocalTenant tenant;
    try {
      tenant = run(args, System.out);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(USAGE);
      System.exit(2);
      return;
    } catch (UncheckedIOException e) {
      System.err.println(e.getMessage() + ": " + e.getCause().getMessage());
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(tenant::close, "protekt-tenant-shutdown"));
    new CountDownLatch(1).await();
  }

  /**
   * Starts the tenant, seeds two users and prints the banner; the caller closes the tenant.
   *
   * @param args the command line
   * @param out where the banner goes
   * @return the running tenant
   * @throws IllegalArgumentException for an unknown option or a bad value
   */
  public static LocalTenant run(String[] args, PrintStream out) {
    LocalTenant.Builder builder = LocalTenant.builder();
    for (int i = 0; i < args.length; i++) {
      String option = args[i];
      if (option.equals("--help") || option.equals("-h")) {
        throw new IllegalArgumentException("Runs a local Protekt tenant on 127.0.0.1.");
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("missing value for " + option);
      }
      String value = args[++i];
      switch (option) {
        case "--port":
          builder.port(port(value));
          break;
        case "--client-id":
          builder.clientId(value);
          break;
        case "--client-secret":
          builder.clientSecret(value);
          break;
        default:
          throw new IllegalArgumentException("unknown option " + option);
      }
    }
    LocalTenant tenant = builder.start();
    String user = tenant.createUser(Map.of("email", "grace@example.com", "name", "Grace Hopper", "email_verified", true));
    String admin = tenant.createUser(Map.of("email", "ada@example.com", "name", "Ada Lovelace", "email_verified", true,
        "app_metadata", Map.of("roles", List.of("admin"))));
    out.println("Protekt local tenant running. Stop it with Ctrl-C.");
    out.println();
    out.println("  domain         " + tenant.domain());
    out.println("  issuer         " + tenant.issuer());
    out.println("  API audience   " + tenant.apiAudience());
    out.println("  Users API      " + tenant.usersAudience() + " (audience)");
    out.println("  client id      " + tenant.clientId());
    out.println("  client secret  " + tenant.clientSecret());
    out.println();
    out.println("Tokens for " + tenant.apiAudience() + ", valid " + PRINTED_TOKEN_LIFETIME.toHours() + " hours:");
    out.println("  user   (" + user + ")");
    out.println("  " + tenant.token().subject(user).claim("email", "grace@example.com").expiresIn(PRINTED_TOKEN_LIFETIME).sign());
    out.println("  admin  (" + admin + ", role admin)");
    out.println("  " + tenant.token().subject(admin).roles("admin").expiresIn(PRINTED_TOKEN_LIFETIME).sign());
    out.println("  reader (permission read:posts)");
    out.println("  " + tenant.token().subject("protekt|reader").permissions("read:posts").scope("read:posts")
        .expiresIn(PRINTED_TOKEN_LIFETIME).sign());
    out.println();
    out.println("Try it:");
    out.println("  curl -s " + tenant.domain() + "/.well-known/openid-configuration");
    out.println("  curl -s -X POST " + tenant.domain() + "/oauth/token -H 'Content-Type: application/json' \\");
    out.println("    -d '{\"grant_type\":\"client_credentials\",\"client_id\":\"" + tenant.clientId()
        + "\",\"client_secret\":\"" + tenant.clientSecret() + "\",\"audience\":\"" + tenant.usersAudience() + "\"}'");
    out.println("  curl -s " + tenant.domain() + "/api/v2/users -H \"Authorization: Bearer $MACHINE_TOKEN\"");
    out.flush();
    return tenant;
  }

  private static int port(String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--port needs a number, was " + value, e);
    }
  }
}
