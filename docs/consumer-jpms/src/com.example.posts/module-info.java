/**
 * The posts service as a named module: PostsHandlers, PostsService, Accounts and Main of
 * com.example.posts.
 */
module com.example.posts {
  requires dev.protekt;              // ProtektAuth, CurrentUser, the generated guard's runtime
  requires dev.protekt.annotations;  // @RequiresAuth and friends on PostsHandlers
  requires static com.fasterxml.jackson.annotation; // what javac reads on the Users API's User
}
