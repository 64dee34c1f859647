package dev.protekt.users;

import dev.protekt.internal.Utf16;
import java.util.regex.Pattern;

/**
 * What {@link Users#list(UserQuery)} asks for: a page, its size, whether to count the total, a
 * filter and an order. Unset options are not sent, so the tenant's defaults apply (page 0, 50 per
 * page, no totals).
 *
 * <pre>{@code
 * UsersPage page = protekt.users().list(UserQuery.builder()
 *     .q(UserQuery.term("email", email)).sort("created_at", true).perPage(100).build());
 * }</pre>
 */
public final class UserQuery {
  /** The most users per page the tenant accepts. */
  public static final int MAX_PER_PAGE = 100;
  /** The most users a search returns in all, over every page. */
  public static final int MAX_RESULTS = 1000;

  /** A field name, dotted for a nested one ({@code app_metadata.roles}), as {@code q} spells it. */
  private static final Pattern FIELD = Pattern.compile("[A-Za-z0-9_]+(\\.[A-Za-z0-9_]+)*");

  private final Integer page;
  private final Integer perPage;
  private final Boolean includeTotals;
  private final String q;
  private final String sort;

  private UserQuery(Builder b) {
    this.page = b.page;
    this.perPage = b.perPage;
    this.includeTotals = b.includeTotals;
    this.q = b.q;
    this.sort = b.sort;
  }

  /**
   * A {@code q} term that matches {@code field} holding {@code value} as a whole, with no
   * wildcard (whether case counts is the tenant's rule): {@code email:"a\*b@example.com"} for
   * {@code term("email", "a*b@example.com")}. The value is quoted, and {@code \}, {@code "} and
   * {@code *} in it are escaped with a backslash, so that text from a caller is never read as a
   * wildcard ({@code *} alone would match every user) nor ends the quotes to add terms of its own.
   * Join terms with a space to ask for users matching all of them.
   *
   * @throws IllegalArgumentException if {@code field} is not a field name (letters, digits and
   *     {@code _}, dotted for a nested field), or {@code value} is {@code null} or holds what a
   *     term cannot carry: a control character or a lone surrogate
   */
  public static String term(String field, String value) {
    if (field == null || !FIELD.matcher(field).matches()) {
      throw new IllegalArgumentException("'" + field + "' is not a field name: letters, digits"
          + " and _, dotted for a nested field.");
    }
    if (value == null) {
      throw new IllegalArgumentException("The value of " + field + " must not be null.");
    }
    // The contract says nothing of how a control character in a term is read, and no address or
    // name holds one.
    if (Utf16.hasLoneSurrogate(value) || value.codePoints().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException("The value of " + field
          + " holds a control character or a lone surrogate, which a query cannot carry.");
    }
    StringBuilder term = new StringBuilder(field).append(":\"");
    for (char c : value.toCharArray()) {
      if (c == '\\' || c == '"' || c == '*') {
        term.append('\\');
      }
      term.append(c);
    }
    return term.append('"').toString();
  }

  /** A builder with nothing set. */
  public static Builder builder() {
    return new Builder();
  }

  /** The zero-based page, or {@code null} for the tenant's default (0). */
  public Integer page() {
    return page;
  }

  /** Users per page, or {@code null} for the tenant's default (50). */
  public Integer perPage() {
    return perPage;
  }

  /** Whether the answer counts the total, or {@code null} for the tenant's default (no). */
  public Boolean includeTotals() {
    return includeTotals;
  }

  /** The filter, such as {@code email:"a@b.c"}, or {@code null}. */
  public String q() {
    return q;
  }

  /** The order, such as {@code created_at:1}, or {@code null}. */
  public String sort() {
    return sort;
  }

  @Override
  public String toString() {
    return "UserQuery{page=" + page + ", perPage=" + perPage + ", includeTotals=" + includeTotals
        + ", q=" + q + ", sort=" + sort + "}";
  }

  /** Builds a {@link UserQuery}; each option is checked as it is set. */
  public static final class Builder {
    private Integer page;
    private Integer perPage;
    private Boolean includeTotals;
    private String q;
    private String sort;

    private Builder() {}

    /**
     * The zero-based page.
     *
     * @throws IllegalArgumentException if negative
     */
    public Builder page(int page) {
      if (page < 0) {
        throw new IllegalArgumentException("page must be 0 or more, was " + page + ".");
      }
      this.page = page;
      return this;
    }

    /**
     * Users per page, 1 to 100.
     *
     * @throws IllegalArgumentException outside that range
     */
    public Builder perPage(int perPage) {
      if (perPage < 1 || perPage > MAX_PER_PAGE) {
        throw new IllegalArgumentException(
            "perPage must be 1 to " + MAX_PER_PAGE + ", was " + perPage + ".");
      }
      this.perPage = perPage;
      return this;
    }

    /** Whether to count the total number of matching users. */
    public Builder includeTotals(boolean includeTotals) {
      this.includeTotals = includeTotals;
      return this;
    }

    /**
     * A filter of {@code field:value} terms, such as {@code email:"a@b.c"}, sent as written. Build
     * a term holding a caller's text with {@link UserQuery#term}, never by concatenation.
     *
     * @throws IllegalArgumentException if {@code q} holds a lone surrogate, which cannot be sent
     */
    public Builder q(String q) {
      if (q != null && Utf16.hasLoneSurrogate(q)) {
        throw new IllegalArgumentException("q must not hold a lone surrogate: it cannot be sent.");
      }
      this.q = q;
      return this;
    }

    /** The order as the tenant spells it: {@code field:1} ascending, {@code field:-1} descending. */
    public Builder sort(String sort) {
      this.sort = sort;
      return this;
    }

    /** The order by {@code field}, ascending or not. */
    public Builder sort(String field, boolean ascending) {
      if (field == null || field.isBlank()) {
        throw new IllegalArgumentException("The sort field must not be blank.");
      }
      return sort(field + (ascending ? ":1" : ":-1"));
    }

    /** The query. */
    public UserQuery build() {
      return new UserQuery(this);
    }
  }
}
