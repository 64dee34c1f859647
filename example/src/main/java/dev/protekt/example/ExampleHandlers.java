package dev.protekt.example;

import com.sun.net.httpserver.HttpExchange;
import dev.protekt.CurrentUser;
import dev.protekt.ProtektUser;
import dev.protekt.users.User;
import dev.protekt.users.UserCreate;
import dev.protekt.users.UserQuery;
import dev.protekt.users.Users;
import dev.protekt.users.UsersPage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The example's business logic. It never looks at a token: by the time a method here runs, the
 * generated {@code ApiHandlersGuard} has verified the caller and checked the role or permission the
 * {@link ApiHandlers} interface asks for, and {@link CurrentUser#get()} holds the caller.
 */
final class ExampleHandlers implements ApiHandlers {
  private final Users users;
  private final List<Map<String, Object>> posts = new CopyOnWriteArrayList<>();
  private final AtomicInteger nextPostId = new AtomicInteger(1);

  ExampleHandlers(Users users) {
    this.users = users;
    addPost("Hello, Protekt", "protekt|example");
  }

  @Override
  public Reply publicInfo(HttpExchange exchange) {
    return Reply.ok(Map.of("message", "This is a public endpoint"));
  }

  @Override
  public Reply profile(HttpExchange exchange) {
    return Reply.ok(Map.of("user", CurrentUser.get().claims()));
  }

  @Override
  public Reply admin(HttpExchange exchange) {
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("message", "Admin access granted");
    answer.put("admin", CurrentUser.get().subject());
    return Reply.ok(answer);
  }

  @Override
  public Reply listPosts(HttpExchange exchange) {
    return Reply.ok(Map.of("posts", List.copyOf(posts)));
  }

  @Override
  public Reply createPost(HttpExchange exchange) {
    Map<String, Object> body = Json.readObject(exchange);
    String title = requiredString(body, "title");
    ProtektUser author = CurrentUser.get();
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("message", "Post created");
    answer.put("post", addPost(title, author.subject()));
    return Reply.created(answer);
  }

  @Override
  public Reply listUsers(HttpExchange exchange) {
    UsersPage page = users.list(UserQuery.builder().perPage(50).includeTotals(true).build());
    List<Map<String, Object>> list = new ArrayList<>();
    for (User user : page.users()) {
      list.add(summary(user));
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("users", list);
    page.totalIfKnown().ifPresent(total -> answer.put("total", total));
    return Reply.ok(answer);
  }

  @Override
  public Reply register(HttpExchange exchange) {
    Map<String, Object> body = Json.readObject(exchange);
    UserCreate.Builder create = UserCreate.builder()
        .email(requiredString(body, "email"))
        .password(requiredString(body, "password"))
        .userMetadata("first_name", requiredString(body, "first_name"))
        .userMetadata("last_name", requiredString(body, "last_name"))
        .userMetadata("registration_date", Instant.now().toString());
    Object company = body.get("company");
    if (company != null) {
      if (!(company instanceof String)) {
        throw new BadRequestException("'company' must be a string.");
      }
      create.userMetadata("company", company);
    }
    User user = users.create(create.build());
    return Reply.created(Map.of("user", summary(user)));
  }

  private Map<String, Object> addPost(String title, String author) {
    // Ordered, because people read these answers; unmodifiable, because listPosts shares them.
    Map<String, Object> post = new LinkedHashMap<>();
    post.put("id", nextPostId.getAndIncrement());
    post.put("title", title);
    post.put("author", author);
    post = Collections.unmodifiableMap(post);
    posts.add(post);
    return post;
  }

  private static Map<String, Object> summary(User user) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("user_id", user.userId());
    out.put("email", user.email());
    out.put("name", user.name());
    out.put("created_at", user.createdAt() == null ? null : user.createdAt().toString());
    out.put("user_metadata", user.userMetadata());
    return out;
  }

  private static String requiredString(Map<String, Object> body, String field) {
    Object value = body.get(field);
    if (!(value instanceof String) || ((String) value).isBlank()) {
      throw new BadRequestException("'" + field + "' is required and must be a non-empty string.");
    }
    return (String) value;
  }
}
