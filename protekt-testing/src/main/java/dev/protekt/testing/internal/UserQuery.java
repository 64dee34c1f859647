package dev.protekt.testing.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The query string of a user list: {@code page}, {@code per_page}, {@code include_totals}, {@code q}
 * and {@code sort}, parsed strictly so that a wrong query is a 400, not a surprising page.
 *
 * @param page the page index, from 0
 * @param perPage users per page, 1 to 100
 * @param includeTotals whether to answer the totals object instead of a bare array
 * @param filter the users {@code q} selects
 * @param order the order {@code sort} asks for, or {@code null} for creation order
 */
record UserQuery(int page, int perPage, boolean includeTotals, Predicate<ObjectNode> filter, Comparator<ObjectNode> order) {
  private static final int MAX_PER_PAGE = 100;
  /** The contract's parameters: any other is refused, as a misspelt {@code perpage} would otherwise give 50 users. */
  private static final List<String> PARAMETERS = List.of("page", "per_page", "include_totals", "q", "sort");
  /** The contract's user fields that hold one value: a list sorts by one of them, or is refused. */
  private static final List<String> SORTABLE =
      List.of("created_at", "updated_at", "email", "name", "user_id", "email_verified", "blocked");

  /** @return the index of the first user of the page */
  int start() {
    return page * perPage;
  }

  static UserQuery parse(String rawQuery) {
    Map<String, String> params = new HashMap<>();
    if (rawQuery != null && !rawQuery.isEmpty()) {
      for (String pair : rawQuery.split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        try {
          String name = TenantServer.urlDecode(eq < 0 ? pair : pair.substring(0, eq));
          if (!PARAMETERS.contains(name)) {
            throw invalid("the query parameter " + name + " is unknown: a list takes " + String.join(", ", PARAMETERS));
          }
          if (params.put(name, eq < 0 ? "" : TenantServer.urlDecode(pair.substring(eq + 1))) != null) {
            throw invalid("the query parameter " + name + " is repeated");
          }
        } catch (IllegalArgumentException e) {
          throw invalid("the query string is not properly URL-encoded UTF-8");
        }
      }
    }
    int page = integer(params, "page", 0, 0, Integer.MAX_VALUE);
    int perPage = integer(params, "per_page", 50, 1, MAX_PER_PAGE);
    if ((long) page * perPage >= UserStore.SEARCH_CAP) {
      throw invalid("You can only page through the first " + UserStore.SEARCH_CAP + " results");
    }
    String totals = params.getOrDefault("include_totals", "false");
    if (!totals.equals("true") && !totals.equals("false")) {
      throw invalid("include_totals must be true or false");
    }
    return new UserQuery(page, perPage, totals.equals("true"), filter(params.get("q")), order(params.get("sort")));
  }

  private static int integer(Map<String, String> params, String name, int fallback, int min, int max) {
    String value = params.get(name);
    if (value == null) {
      return fallback;
    }
    try {
      int parsed = Integer.parseInt(value);
      if (parsed >= min && parsed <= max) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // falls through to the error below, which names the allowed range
    }
    throw invalid(name + " must be an integer from " + min + " to " + max + ", was '" + value + "'");
  }

  /**
   * Reads {@code q} in one pass, and matches each value in time linear in the value and the term:
   * a regex built from the user's wildcards could backtrack for minutes on a long email. In a
   * quoted value a backslash escapes {@code \\}, {@code "} or {@code *} (a star so escaped is no
   * wildcard), as the SDK's {@code UserQuery.term} writes them; any other escape is a 400.
   */
  private static Predicate<ObjectNode> filter(String q) {
    if (q == null || q.isBlank()) {
      return user -> true;
    }
    List<Predicate<ObjectNode>> terms = new ArrayList<>();
    int at = skipSpaces(q, 0);
    while (at < q.length()) {
      int colon = at;
      while (colon < q.length() && isFieldChar(q.charAt(colon))) {
        colon++;
      }
      if (colon == at || colon + 1 >= q.length() || q.charAt(colon) != ':') {
        throw badQ();
      }
      String field = q.substring(at, colon);
      // The parts of the value between its wildcards; in quotes, an escaped star is a character.
      List<String> parts = new ArrayList<>();
      StringBuilder part = new StringBuilder();
      at = colon + 1;
      boolean quoted = q.charAt(at) == '"';
      int start = quoted ? ++at : at;
      for (; at < q.length() && q.charAt(at) != '"' && (quoted || !isSpace(q.charAt(at))); at++) {
        char c = q.charAt(at);
        if (quoted && c == '\\') {
          at++;
          if (at >= q.length() || "\\\"*".indexOf(q.charAt(at)) < 0) {
            throw invalid("in a quoted q value, \\ escapes only \\, \" and *");
          }
          part.append(q.charAt(at));
        } else if (c == '*') {
          parts.add(part.toString());
          part.setLength(0);
        } else {
          part.append(c);
        }
      }
      if (quoted ? at >= q.length() : at == start) {
        throw badQ();
      }
      at += quoted ? 1 : 0;
      parts.add(part.toString());
      Wildcard wanted = new Wildcard(parts);
      terms.add(user -> matches(lookup(user, field), wanted));
      at = skipSpaces(q, at);
    }
    return user -> terms.stream().allMatch(term -> term.test(user));
  }

  private static boolean isFieldChar(char c) {
    return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '.';
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0B;
  }

  private static int skipSpaces(String q, int from) {
    int at = from;
    while (at < q.length() && isSpace(q.charAt(at))) {
      at++;
    }
    return at;
  }

  private static ApiError badQ() {
    return invalid("q must be field:value terms, such as email:\"a@b.c\"");
  }

  private static boolean matches(JsonNode node, Wildcard wanted) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return false;
    }
    if (node.isArray()) {
      for (JsonNode element : node) {
        if (matches(element, wanted)) {
          return true;
        }
      }
      return false;
    }
    return !node.isContainerNode() && wanted.matches(node.asText());
  }

  private static JsonNode lookup(JsonNode user, String dottedField) {
    JsonNode node = user;
    for (String part : dottedField.split("\\.")) {
      node = node == null ? null : node.get(part);
    }
    return node;
  }

  private static Comparator<ObjectNode> order(String sort) {
    if (sort == null || sort.isEmpty()) {
      return null;
    }
    int colon = sort.indexOf(':');
    String field = colon < 0 ? sort : sort.substring(0, colon);
    String direction = colon < 0 ? "" : sort.substring(colon + 1);
    if (!SORTABLE.contains(field) || !(direction.equals("1") || direction.equals("-1"))) {
      throw invalid("sort must be field:1 or field:-1, the field one of "
          + String.join(", ", SORTABLE) + "; was '" + sort + "'");
    }
    Comparator<ObjectNode> ascending = Comparator.comparing(user -> user.get(field), UserQuery::compareValues);
    return direction.equals("1") ? ascending : ascending.reversed();
  }

  /** Users without the field sort after those with it; numbers by value, anything else by text. */
  private static int compareValues(JsonNode a, JsonNode b) {
    boolean aMissing = a == null || a.isNull();
    boolean bMissing = b == null || b.isNull();
    if (aMissing || bMissing) {
      return Boolean.compare(aMissing, bMissing);
    }
    if (a.isNumber() && b.isNumber()) {
      return Double.compare(a.asDouble(), b.asDouble());
    }
    return a.asText().toLowerCase(Locale.ROOT).compareTo(b.asText().toLowerCase(Locale.ROOT));
  }

  private static ApiError invalid(String message) {
    return ApiError.management(400, "invalid_query_string", message);
  }
}
