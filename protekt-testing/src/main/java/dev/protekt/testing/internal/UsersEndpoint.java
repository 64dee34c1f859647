package dev.protekt.testing.internal;

import dev.protekt.testing.RecordedRequest;

/** The Users API under {@code /api/v2/users}. */
final class UsersEndpoint {
  private final TenantState state;

  UsersEndpoint(TenantState state) {
    this.state = state;
  }

  Response collection(RecordedRequest request) {
    throw ApiError.management(501, "not_implemented", "The Users API lands in the next commit of " + state.domain());
  }

  Response single(RecordedRequest request, String rawId) {
    return collection(request);
  }
}
