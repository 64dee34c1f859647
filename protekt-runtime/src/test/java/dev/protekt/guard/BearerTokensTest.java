package dev.protekt.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** How a value code hands over is read: a token, none, and what reads the same twice. */
class BearerTokensTest {
  @Test
  void tokensJoinedByACommaAreATokenSentAndReadTheSameAgain() {
    for (String value : new String[] {"Bearer a.b.c, Bearer d.e.f", "bearer a.b.c, d.e.f",
        "Bearer a.b.c,Bearer d.e.f", "Bearer a.b.c ,Bearer d.e.f"}) {
      String token = BearerTokens.fromAuthorization(value);
      assertEquals(value.substring("Bearer ".length()), token, value);
      // A @TokenFromContext guard reads again what TokenContext.bind took.
      assertEquals(token, BearerTokens.fromAuthorization(token), value);
    }
  }

  @Test
  void anotherSchemeIsNoTokenWhateverItsParametersHold() {
    for (String value : new String[] {"Basic dXNlcjpwYXNz",
        "Digest username=\"bob\", realm=\"api\", response=\"abc\"",
        "AWS4-HMAC-SHA256 Credential=AKIA/20261205/us-east-1/s3/aws4_request,"
            + " SignedHeaders=host, Signature=abc", "Bearer a.b.c d.e.f", "Bearer", "  "}) {
      assertNull(BearerTokens.fromAuthorization(value), value);
    }
  }

  @Test
  void aBareTokenOrOneAfterTheSchemeIsTaken() {
    assertEquals("a.b.c", BearerTokens.fromAuthorization("a.b.c"));
    assertEquals("a.b.c", BearerTokens.fromAuthorization("BEARER  a.b.c "));
  }
}
