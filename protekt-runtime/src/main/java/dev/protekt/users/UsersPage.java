package dev.protekt.users;

import java.util.List;
import java.util.OptionalLong;

/**
 * One page of {@link Users#list(UserQuery)}.
 *
 * @param users the users on this page, in the query's order (unmodifiable)
 * @param start the index of the first user, when the tenant said (with totals)
 * @param limit the page size the tenant used, when it said
 * @param total how many users match, when totals were asked for (an answer to such a list without
 *     one, or with a negative one, is an {@code invalid_response}); it may exceed {@link
 *     UserQuery#MAX_RESULTS}, the most that paging reaches
 */
public record UsersPage(List<User> users, Integer start, Integer limit, Long total) {
  /** Copies {@code users}. */
  public UsersPage {
    users = List.copyOf(users);
  }

  /** The total as an optional: empty unless totals were asked for. */
  public OptionalLong totalIfKnown() {
    return total == null ? OptionalLong.empty() : OptionalLong.of(total);
  }
}
