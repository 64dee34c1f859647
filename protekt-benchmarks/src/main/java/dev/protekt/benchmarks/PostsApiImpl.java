package dev.protekt.benchmarks;

/** The implementation every guard variant delegates to; as cheap as a call can be. */
final class PostsApiImpl implements PostsApi {
  @Override
  public String read(String authorization, String id) {
    return id;
  }
}
