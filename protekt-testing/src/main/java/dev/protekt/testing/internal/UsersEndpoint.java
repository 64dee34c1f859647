package dev.protekt.testing.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.protekt.testing.RecordedRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The Users API under {@code /api/v2/users}. The machine token is checked before anything else,
 * so that a caller without the right to know learns nothing, not even whether a user exists.
 */
final class UsersEndpoint {
  private final UserStore store;
  private final MachineTokenCheck tokens;

  UsersEndpoint(TenantState state) {
    this.store = state.users();
    this.tokens = new MachineTokenCheck(state);
  }

  /**
   * {@code GET} (list) and {@code POST} (create) on {@code /api/v2/users}, and {@code HEAD} as
   * {@code GET}; {@code body} reads the body strictly.
   */
  Response collection(RecordedRequest request, Supplier<String> body) {
    TenantServer.requireMethod(TenantServer.USERS, request, "GET", "HEAD", "POST");
    if (request.method().equals("POST")) {
      tokens.require(request, "create:users");
      return Response.json(201, store.create(object(request, body), true));
    }
    tokens.require(request, "read:users");
    UserQuery query = UserQuery.parse(request.query());
    UserStore.Page page = store.search(query.filter(), query.order(), query.start(), query.perPage());
    if (!query.includeTotals()) {
      return Response.json(200, page.users());
    }
    Map<String, Object> totals = new LinkedHashMap<>();
    totals.put("start", query.start());
    totals.put("limit", query.perPage());
    totals.put("length", page.users().size());
    totals.put("total", page.total());
    totals.put("users", page.users());
    return Response.json(200, totals);
  }

  /**
   * {@code GET}, {@code PATCH} and {@code DELETE} on {@code /api/v2/users/{id}}, and {@code HEAD} as
   * {@code GET}; {@code body} reads the body strictly.
   */
  Response single(RecordedRequest request, String rawId, Supplier<String> body) {
    TenantServer.requireMethod(TenantServer.USERS, request, "GET", "HEAD", "PATCH", "DELETE");
    String scope = request.method().equals("PATCH") ? "update:users"
        : request.method().equals("DELETE") ? "delete:users" : "read:users";
    tokens.require(request, scope);
    String id = decodeId(rawId);
    switch (request.method()) {
      case "GET":
      case "HEAD":
        return Response.json(200, store.get(id).orElseThrow(UserStore::inexistentUser));
      case "PATCH":
        return Response.json(200, store.update(id, object(request, body)));
      default:
        store.delete(id);
        return Response.empty(204);
    }
  }

  /** Ids contain {@code |}, which clients percent-encode; a literal {@code +} stays a plus. */
  private static String decodeId(String rawId) {
    if (rawId.contains("/")) {
      throw ApiError.management(404, "not_found", "No such endpoint.");
    }
    try {
      return TenantServer.urlDecode(rawId.replace("+", "%2B"));
    } catch (IllegalArgumentException e) {
      throw UserStore.inexistentUser();
    }
  }

  private static JsonNode object(RecordedRequest request, Supplier<String> body) {
    if (!Json.isJson(request.header("Content-Type").orElse(null))) {
      throw ApiError.management(400, "invalid_body", "Payload validation error: Content-Type must be application/json");
    }
    try {
      return Json.object(body.get());
    } catch (IllegalArgumentException e) {
      throw ApiError.management(400, "invalid_body", "Payload validation error: " + e.getMessage());
    }
  }
}
