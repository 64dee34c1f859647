package dev.protekt.internal.jwt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import dev.protekt.CapturedLog;
import dev.protekt.InvalidTokenException.Reason;
import dev.protekt.ProtektAuth;
import dev.protekt.testing.LocalTenant;
import dev.protekt.testing.SigningAlgorithm;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A key set with one key this SDK cannot use still verifies tokens signed with the others: the
 * bad key is skipped with one WARN naming its kid and why, at the first fetch and not again.
 */
class UnusableKeysTest {
  /** A self-signed certificate of a key no test signs with: an {@code x5c} that fits no JWK. */
  private static final String FOREIGN_CERTIFICATE =
      "MIICyjCCAbKgAwIBAgIJAO+mPCis69k+MA0GCSqGSIb3DQEBCwUAMBIxEDAOBgNVBAMTB2ZvcmVpZ24wIBcNMjYx"
      + "MjA0MTMzNTMxWhgPMjEyNjExMTAxMzM1MzFaMBIxEDAOBgNVBAMTB2ZvcmVpZ24wggEiMA0GCSqGSIb3DQEBAQUA"
      + "A4IBDwAwggEKAoIBAQCzMeeWEUWON+0uXxPEkRHkxgmix1iRTwoVc47Cbsu9orgrI1GbtyUGqSFJKW+w2qNsII6f"
      + "1W5S+pxohYL5fYqEptoyu04GueN0+LNvKT7LYNws9qRRBL3OLLko25vi6+MBS5EJw5OuzyXtOtgievk+1MBMWi1D"
      + "BXoNJxlX8YTSd9ZYps+hmNjofps3xKx+9LhFVpzG4eZ9TY5JTPFfRDINhPaZY2BEqO2vNfuJc2F5vw/WoOgHu5rI"
      + "AY3TQjpotKdztxuOrJAgt1DQRl2yW0/Xc9yE4K5mqD8d/Tu5hLMj6ZaRP+30xGgn/wbO9MVCbUG50tUO3lFWH/3d"
      + "XGNGp2FDAgMBAAGjITAfMB0GA1UdDgQWBBQqU5p6rlSSmeaYS8GIo+gVtUcMijANBgkqhkiG9w0BAQsFAAOCAQEA"
      + "mwD1q29qOQe5yFCMk9D1hZjgINzwVg8fR88tDZaP8NsofyII6X3zwoeZAPSGKfA3n84Yk48dL/Q6fVu6S7jP1mq9"
      + "jw2PZF5Ot2ak/doZNyNJfW2wvV4Q2Z1RQAoEcRVuSMdmhALxThDQHAh5MOOmsX+/wbNHlWp4C2MYNl9UvI0RLZ2m"
      + "viO0KEpycpNvmfOTixWbf02dQMF/IBlZpw3aHi6mxUTfY822eCMYnRowre5Y/kOGwMHAEH2dWW3cML7CoOlwgoEG"
      + "HqXw0sU4Uw2wfABl0WeENCMTL4RFf8pOwiiU4U+llCq+vPOLwHf9Oq3GobdlLScwvmZ/819zQ0Gsig==";

  private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
  private static final RSAPublicKey SPARE_RSA = spareRsa();

  private static RSAPublicKey spareRsa() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return (RSAPublicKey) generator.generateKeyPair().getPublic();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String b64(BigInteger value) {
    byte[] bytes = value.toByteArray();
    int skip = bytes[0] == 0 && bytes.length > 1 ? 1 : 0;
    byte[] unsigned = new byte[bytes.length - skip];
    System.arraycopy(bytes, skip, unsigned, 0, unsigned.length);
    return B64URL.encodeToString(unsigned);
  }

  private static Map<String, Object> spareRsaJwk(String kid) {
    Map<String, Object> jwk = new LinkedHashMap<>();
    jwk.put("kty", "RSA");
    jwk.put("kid", kid);
    jwk.put("use", "sig");
    jwk.put("n", b64(SPARE_RSA.getModulus()));
    jwk.put("e", b64(SPARE_RSA.getPublicExponent()));
    return jwk;
  }

  /**
   * Publishes {@code bad} beside the tenant's key, verifies a token at a cold start and after a
   * rotation (a second fetch), and checks the one WARN.
   *
   * @return what was logged
   */
  private static String verifiesDespite(Map<String, Object> bad, String why) {
    try (LocalTenant tenant = LocalTenant.start()) {
      tenant.keys().publishJwk(bad);
      ProtektAuth auth = ProtektAuth.builder().domain(tenant.domain())
          .audience(tenant.apiAudience()).retryAttempts(0).build();

      String log = CapturedLog.of(() -> {
        auth.verifyToken(tenant.token().subject("protekt|cold").sign());
        tenant.keys().rotate(SigningAlgorithm.RS256);
        auth.verifyToken(tenant.token().subject("protekt|rotated").sign());
      });

      assertEquals(2, tenant.requests(JwksKeySourceTest.JWKS).size());
      // This tenant's only: a client another test class left fetching may log meanwhile.
      Matcher warns = Pattern.compile("WARN dev\\.protekt\\.keys - (.*"
          + Pattern.quote(tenant.issuer()) + ".*)").matcher(log);
      List<String> lines = warns.results().map(m -> m.group(1)).toList();
      assertEquals(1, lines.size(), log);
      String kid = String.valueOf(bad.get("kid"));
      assertTrue(lines.get(0).startsWith(
          "Skipping a signing key of " + tenant.issuer() + ", kid=" + kid + ": "), log);
      assertTrue(lines.get(0).contains(why), log);
      assertTrue(lines.get(0).endsWith("; the other keys stay in use."), log);
      return log;
    }
  }

  @Test
  void anEcPointOffItsCurveIsSkipped() {
    Map<String, Object> jwk = new LinkedHashMap<>();
    jwk.put("kty", "EC");
    jwk.put("crv", "P-256");
    jwk.put("kid", "off-curve");
    jwk.put("x", b64(BigInteger.ONE.shiftLeft(200)));
    jwk.put("y", b64(BigInteger.TWO.shiftLeft(200)));
    verifiesDespite(jwk, "curve");
  }

  @Test
  void anRsaKeyWithoutItsExponentIsSkipped() {
    Map<String, Object> jwk = spareRsaJwk("no-e");
    jwk.remove("e");
    verifiesDespite(jwk, "public exponent");
  }

  @Test
  void anRsaKeyWhoseCertificateIsAnotherKeysIsSkipped() {
    Map<String, Object> jwk = spareRsaJwk("wrong-x5c");
    jwk.put("x5c", List.of(FOREIGN_CERTIFICATE));
    verifiesDespite(jwk, "certificate");
  }

  @Test
  void anOctKeyWithoutItsValueIsSkipped() {
    verifiesDespite(Map.of("kty", "oct", "kid", "no-k"), "key value");
  }

  @Test
  void aKeyWithAnUnknownKeyOperationIsSkipped() {
    Map<String, Object> jwk = spareRsaJwk("odd-ops");
    jwk.remove("use");
    jwk.put("key_ops", List.of("verify", "frobnicate"));
    verifiesDespite(jwk, "frobnicate");
  }

  @Test
  void aPublishedRsaPrivateKeyIsSkippedAndTrustsNoTokenItSigns() {
    Map<String, Object> leaked = Tokens.foreignRsaJwkWithPrivateParts();
    leaked.put("kid", "leaked");
    try (LocalTenant tenant = LocalTenant.start()) {
      tenant.keys().publishJwk(leaked);
      ProtektAuth auth = ProtektAuth.builder().domain(tenant.domain())
          .audience(tenant.apiAudience()).retryAttempts(0).build();
      String genuine = tenant.token().sign();
      Map<String, Object> header = Tokens.header(genuine);
      header.put("kid", "leaked");
      String forged = Tokens.signWithForeignRsa(header, Tokens.claims(genuine));
      String log = CapturedLog.of(() -> {
        auth.verifyToken(genuine);
        Tokens.assertRejected(auth, forged, Reason.UNKNOWN_KEY);
      });
      assertTrue(log.contains("kid=leaked: it publishes its private key"), log);
      for (String part : List.of("d", "p", "q", "dp", "dq", "qi")) {
        assertFalse(log.contains((String) leaked.get(part)), part);
      }
    }
  }

  @Test
  void publishedEcAndEd25519PrivateKeysAreSkipped() throws Exception {
    Map<String, Object> ec = new ECKeyGenerator(Curve.P_256).keyID("leaked-ec").generate()
        .toJSONObject();
    String log = verifiesDespite(ec, "private key");
    assertFalse(log.contains((String) ec.get("d")), log);

    KeyPair ed = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    byte[] x = ed.getPublic().getEncoded();
    byte[] d = ed.getPrivate().getEncoded();
    Map<String, Object> okp = new LinkedHashMap<>();
    okp.put("kty", "OKP");
    okp.put("crv", "Ed25519");
    okp.put("kid", "leaked-ed");
    okp.put("x", B64URL.encodeToString(Arrays.copyOfRange(x, x.length - 32, x.length)));
    okp.put("d", B64URL.encodeToString(Arrays.copyOfRange(d, d.length - 32, d.length)));
    log = verifiesDespite(okp, "private key");
    assertFalse(log.contains((String) okp.get("d")), log);
  }

  @Test
  void aKeyOfAnUnknownTypeIsSkipped() {
    verifiesDespite(Map.of("kty", "PQC", "kid", "future", "pub", "AAAA"), "PQC");
  }
}
