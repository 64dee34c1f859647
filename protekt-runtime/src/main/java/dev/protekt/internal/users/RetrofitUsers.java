package dev.protekt.internal.users;

import dev.protekt.AccessTokenProvider;
import dev.protekt.internal.Settings;
import dev.protekt.internal.discovery.Discovery;
import dev.protekt.users.Users;
import okhttp3.OkHttpClient;

/** The Users API over Retrofit. Placeholder until the Users API lands. */
public final class RetrofitUsers implements Users {
  public RetrofitUsers(
      Settings settings, Discovery discovery, OkHttpClient http, AccessTokenProvider tokens) {}
}
