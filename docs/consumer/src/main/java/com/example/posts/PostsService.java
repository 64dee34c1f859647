package com.example.posts;

import dev.protekt.CurrentUser;
import dev.protekt.ProtektUser;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The handlers themselves: they never look at a token, the guard in front of them has. */
class PostsService implements PostsHandlers {
  private final List<String> titles = new CopyOnWriteArrayList<>();

  @Override
  public List<String> titles() {
    return List.copyOf(titles);
  }

  @Override
  public String profile(String authorization) {
    ProtektUser user = CurrentUser.get();                  // verified by the guard, for this call
    return user.subject() + " " + user.email().orElse("(no email)");
  }

  @Override
  public String create(String authorization, String title) {
    titles.add(title);
    return CurrentUser.get().subject() + " wrote " + title;
  }

  @Override
  public int deleteAll(String authorization) {
    int deleted = titles.size();
    titles.clear();
    return deleted;
  }
}
