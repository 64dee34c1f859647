package dev.protekt.internal.http;

import java.util.ArrayList;
import java.util.List;
import okhttp3.Interceptor;
import okhttp3.Request;

/**
 * A request tag: credentials the SDK holds that the request does not carry, such as the client
 * secret on a Users API call, or the machine token a 401 refused on the call sent again with a new
 * one. An answer has no reason to quote them, but one that does (a proxy's or a tenant's mistake)
 * must not put them in an exception's message, so {@link SentSecrets} masks them as it masks what
 * the request carried. Its {@code toString()}, which OkHttp's {@code Request.toString()} prints,
 * shows none of them.
 */
final class HeldSecrets {
  private final List<String> values;

  private HeldSecrets(List<String> values) {
    this.values = values;
  }

  /** An interceptor tagging every request with {@code secret}. */
  static Interceptor tagging(String secret) {
    HeldSecrets held = new HeldSecrets(List.of(secret));
    return chain -> chain.proceed(
        chain.request().newBuilder().tag(HeldSecrets.class, held).build());
  }

  /** {@code builder}'s request, tagged with what {@code request} held and {@code secret}. */
  static Request.Builder adding(Request.Builder builder, Request request, String secret) {
    HeldSecrets held = request.tag(HeldSecrets.class);
    List<String> values = new ArrayList<>(held == null ? List.of() : held.values);
    values.add(secret);
    return builder.tag(HeldSecrets.class, new HeldSecrets(List.copyOf(values)));
  }

  /** What {@code request} is tagged with; empty without a tag. */
  static List<String> of(Request request) {
    HeldSecrets held = request.tag(HeldSecrets.class);
    return held == null ? List.of() : held.values;
  }

  @Override
  public String toString() {
    return "HeldSecrets[redacted]";
  }
}
