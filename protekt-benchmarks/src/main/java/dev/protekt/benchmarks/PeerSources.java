package dev.protekt.benchmarks;

/**
 * The sources {@link JavacBenchmark} hands the peer processors: 500 AutoValue value types and 500
 * MapStruct mappers, each about the size of one of our guarded interfaces (four properties or one
 * mapping of four). Neither refers to what its processor generates, so each set also compiles
 * with {@code -proc:none}, which is the baseline its processor's cost is measured from.
 */
final class PeerSources {
  static final String AUTO_VALUE = "com.google.auto.value.processor.AutoValueProcessor";
  static final String MAPSTRUCT = "org.mapstruct.ap.MappingProcessor";

  private PeerSources() {}

  static String autoValue(int i) {
    return "package bench.values;\n"
        + "\n"
        + "import com.google.auto.value.AutoValue;\n"
        + "import java.util.List;\n"
        + "\n"
        + "@AutoValue\n"
        + "public abstract class Post" + i + " {\n"
        + "  public abstract long id();\n"
        + "\n"
        + "  public abstract String title();\n"
        + "\n"
        + "  public abstract String body();\n"
        + "\n"
        + "  public abstract List<String> tags();\n"
        + "}\n";
  }

  static String mapper(int i) {
    return "package bench.mappers;\n"
        + "\n"
        + "import org.mapstruct.Mapper;\n"
        + "import org.mapstruct.Mapping;\n"
        + "\n"
        + "@Mapper\n"
        + "public interface PostMapper" + i + " {\n"
        + "  @Mapping(target = \"headline\", source = \"title\")\n"
        + "  PostDto" + i + " toDto(PostEntity" + i + " entity);\n"
        + "}\n";
  }

  static String entity(int i) {
    return "package bench.mappers;\n"
        + "\n"
        + "import java.util.List;\n"
        + "\n"
        + "public record PostEntity" + i + "(long id, String title, String body, List<String> tags) {}\n";
  }

  static String dto(int i) {
    return "package bench.mappers;\n"
        + "\n"
        + "import java.util.List;\n"
        + "\n"
        + "public record PostDto" + i + "(long id, String headline, String body, List<String> tags) {}\n";
  }
}
