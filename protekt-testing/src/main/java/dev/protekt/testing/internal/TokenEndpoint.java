package dev.protekt.testing.internal;

import dev.protekt.testing.RecordedRequest;
import dev.protekt.testing.internal.ClientRegistry.Client;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/** {@code POST /oauth/token}: the client-credentials grant, JSON or form body, secret in the body or Basic. */
final class TokenEndpoint {
  private final TenantState state;

  TokenEndpoint(TenantState state) {
    this.state = state;
  }

  /** @param requestBody the request's body, read strictly: an {@link ApiError} when it is not UTF-8 */
  Response handle(RecordedRequest request, Supplier<String> requestBody) {
    Map<String, String> params = parameters(request, requestBody);
    String grantType = params.get("grant_type");
    if (grantType == null) {
      throw ApiError.oauth(400, "invalid_request", "Missing required parameter: grant_type");
    }
    if (!grantType.equals("client_credentials")) {
      throw ApiError.oauth(400, "unsupported_grant_type", "Unsupported grant type: " + grantType);
    }
    String[] basic = basicCredentials(request);
    if (basic != null && (params.containsKey("client_secret")
        || params.containsKey("client_id") && !params.get("client_id").equals(basic[0]))) {
      // RFC 6749 §2.3: a client uses one authentication method per request; two sets of
      // credentials leave it open which one the server honours.
      throw ApiError.oauth(400, "invalid_request",
          "The client authenticated twice: use HTTP Basic or client_id and client_secret in the body, not both.");
    }
    String clientId = basic != null ? basic[0] : params.get("client_id");
    String clientSecret = basic != null ? basic[1] : params.get("client_secret");
    Optional<Client> client = state.clients().authenticate(clientId, clientSecret);
    if (client.isEmpty()) {
      throw ApiError.oauth(401, "access_denied", "Unauthorized");
    }
    String audience = params.get("audience");
    if (audience == null || audience.isBlank()) {
      throw ApiError.oauth(403, "access_denied", "No audience parameter was provided, and no default audience has been configured");
    }
    Set<String> allowed = client.get().grants().get(audience);
    if (allowed == null) {
      throw ApiError.oauth(403, "unauthorized_client",
          "Client is not authorized to access \"" + audience + "\". You need to create a client grant for it.");
    }
    Set<String> granted = new LinkedHashSet<>(allowed);
    String requested = params.get("scope");
    if (requested != null && !requested.isBlank()) {
      granted.retainAll(Arrays.asList(requested.trim().split("\\s+")));
    }
    String scope = String.join(" ", granted);
    long lifetime = state.machineTokenLifetime().getSeconds();
    Instant now = Instant.now();
    Map<String, Object> header = new LinkedHashMap<>();
    SigningKey key = state.keys().current();
    header.put("alg", key.algorithm().name());
    header.put("typ", "JWT");
    header.put("kid", key.kid());
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("iss", state.issuer());
    claims.put("sub", clientId + "@clients");
    claims.put("aud", audience);
    claims.put("iat", now.getEpochSecond());
    claims.put("exp", now.getEpochSecond() + lifetime);
    claims.put("azp", clientId);
    claims.put("scope", scope);
    claims.put("gty", "client-credentials");
    // Two grants in the same second would otherwise sign identical claims into identical tokens,
    // and a client could not tell a renewed token from the one it just dropped.
    claims.put("jti", UUID.randomUUID().toString());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("access_token", Jws.compact(header, claims, key::sign));
    body.put("token_type", "Bearer");
    body.put("expires_in", lifetime);
    body.put("scope", scope);
    Response response = Response.json(200, body);
    response.headers().put("Cache-Control", "no-store");
    return response;
  }

  private static Map<String, String> parameters(RecordedRequest request, Supplier<String> body) {
    String contentType = request.header("Content-Type").orElse(null);
    boolean form = Json.mediaType(contentType).equals("application/x-www-form-urlencoded");
    if (!form && !Json.isJson(contentType)) {
      throw ApiError.oauth(400, "invalid_request",
          "Content-Type must be application/json or application/x-www-form-urlencoded.");
    }
    try {
      return form ? formParameters(body.get()) : jsonParameters(body.get());
    } catch (IllegalArgumentException e) {
      throw ApiError.oauth(400, "invalid_request", e.getMessage());
    }
  }

  private static Map<String, String> jsonParameters(String body) {
    Map<String, String> params = new HashMap<>();
    Json.object(body).properties().forEach(field -> {
      if (field.getValue().isNull()) {
        return;
      }
      if (!field.getValue().isTextual()) {
        throw new IllegalArgumentException("Parameter " + field.getKey() + " must be a string.");
      }
      params.put(field.getKey(), field.getValue().asText());
    });
    return params;
  }

  private static Map<String, String> formParameters(String body) {
    Map<String, String> params = new HashMap<>();
    for (String pair : body.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = formDecode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : formDecode(pair.substring(eq + 1));
      if (params.put(name, value) != null) {
        // RFC 6749 §3.2: request parameters must not be included more than once.
        throw new IllegalArgumentException("Parameter " + name + " is repeated.");
      }
    }
    return params;
  }

  private static String formDecode(String text) {
    try {
      return TenantServer.urlDecode(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("The form body is not properly URL-encoded UTF-8.", e);
    }
  }

  /** @return {@code [id, secret]} from an {@code Authorization: Basic} header, or {@code null} */
  private static String[] basicCredentials(RecordedRequest request) {
    String authorization = request.header("Authorization").orElse("");
    if (!authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      return null;
    }
    try {
      String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      if (colon < 0) {
        throw ApiError.oauth(401, "access_denied", "Unauthorized");
      }
      return new String[] {
        URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8),
        URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8)};
    } catch (IllegalArgumentException e) {
      throw ApiError.oauth(401, "access_denied", "Unauthorized");
    }
  }
}
