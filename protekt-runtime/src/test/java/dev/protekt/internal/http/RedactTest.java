package dev.protekt.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.protekt.CapturedLog;
import dev.protekt.testing.LocalTenant;
import dev.protekt.users.Tenants;
import dev.protekt.users.UserQuery;
import dev.protekt.users.Users;
import java.util.ArrayList;
import java.util.List;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;

/** How the SDK shows a URL in a log line or an exception message. */
class RedactTest {
  private static String redact(String url) {
    return Urls.redact(HttpUrl.get(url));
  }

  @Test
  void masksUserInfoAndCredentialLookingQueryValuesOnly() {
    assertEquals("https://tenant.example/keys?page=2&q=email%3Aada", redact(
        "https://user:pass@tenant.example/keys?page=2&q=email%3Aada"));
    String masked = redact("https://bucket.example/jwks.json?X-Amz-Credential=AKIA1"
        + "&X-Amz-Signature=abc&sig=def&api_key=ghi&access_token=jkl&client_secret=mno"
        + "&Authorization=pqr&code=stu&page=1");
    // OkHttp re-appends a parameter it replaces, so the kept ones come first.
    assertEquals("https://bucket.example/jwks.json?page=1&X-Amz-Credential=%5Bredacted%5D"
        + "&X-Amz-Signature=%5Bredacted%5D&sig=%5Bredacted%5D&api_key=%5Bredacted%5D"
        + "&access_token=%5Bredacted%5D&client_secret=%5Bredacted%5D"
        + "&Authorization=%5Bredacted%5D&code=%5Bredacted%5D", masked);
  }

  @Test
  void masksFragmentsAndUrlsHeldAsText() {
    assertEquals("https://app.example/cb#[redacted]",
        redact("https://app.example/cb#access_token=abc"));
    assertEquals("https://tenant.example/?code=%5Bredacted%5D",
        Urls.redact("https://tenant.example/?code=abc"));
    assertEquals("https://tenant.example/", Urls.redact("https://tenant.example/"));
    // Not an http(s) URL: everything from where a credential could begin is masked.
    assertEquals("urn:tenant:[redacted]", Urls.redact("urn:tenant:?code=abc"));
    assertEquals("ftp://[redacted]", Urls.redact("ftp://user:pass@host/"));
    assertEquals("urn:tenant:acme", Urls.redact("urn:tenant:acme"));
  }

  @Test
  void aLongUrlIsCutSayingHowLongItWas() {
    String path = "https://tenant.example/api/v2/users/";
    String exact = path + "x".repeat(Urls.SHOWN - path.length());
    assertEquals(exact, redact(exact));
    String cut = redact(exact + "yz");
    assertEquals(exact + "...(" + (Urls.SHOWN + 2) + " characters)", cut);
    assertEquals(exact + "...(" + (Urls.SHOWN + 2) + " characters)", Urls.asWritten(exact + "yz"));
    assertEquals(Urls.SHOWN, Urls.redact("urn:" + "x".repeat(2 * Urls.SHOWN)).indexOf("..."));
  }

  /** A caller's id or {@code q} of a megabyte, sent to a tenant that drops or refuses it. */
  @Test
  void aHugeIdOrQueryMakesNoHugeMessageOrLogLine() {
    try (LocalTenant tenant = LocalTenant.start()) {
      Users users = Tenants.client(tenant).retryAttempts(0).build().users();
      users.list();
      List<String> messages = new ArrayList<>();
      String log = CapturedLog.of(() -> {
        messages.add(assertThrows(RuntimeException.class,
            () -> users.get("x".repeat(1_000_000))).getMessage());
        messages.add(assertThrows(RuntimeException.class, () -> users.list(
            UserQuery.builder().q("email:" + "a".repeat(1_000_000)).build())).getMessage());
      });
      for (String message : messages) {
        assertTrue(message.length() < Urls.SHOWN + 200, message.length() + ": " + message);
      }
      assertTrue(log.lines().allMatch(line -> line.length() < Urls.SHOWN + 200), log);
    }
  }
}
