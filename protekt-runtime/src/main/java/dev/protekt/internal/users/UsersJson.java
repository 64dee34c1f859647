package dev.protekt.internal.users;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.type.TypeFactory;
import dev.protekt.users.User;
import dev.protekt.users.UsersPage;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Array;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import okhttp3.RequestBody;
import okhttp3.ResponseBody;
import retrofit2.Converter;
import retrofit2.Retrofit;
import retrofit2.converter.jackson.JacksonConverterFactory;

/**
 * Jackson as the Users API's converter, with the two things plain Jackson does not say: a page is
 * a bare list of users or, with totals, an object holding one; and a request body Jackson cannot
 * write (or would write wrongly: NaN, a null key, a map holding itself) is refused by naming the
 * field, where Retrofit would quote the whole body (a new user's password included) in its
 * message. {@link User} maps itself, unknown fields included; a user without a {@code user_id}
 * does not fit.
 */
final class UsersJson extends Converter.Factory {
  /**
   * Strict where Jackson is lenient, so that an answer the contract does not allow is {@code
   * invalid_response} rather than a guess: text after the JSON, a key given twice (which value
   * would the tenant mean?), a number or boolean where a string belongs or a string where a
   * boolean or number does. Unknown fields and nulls stay accepted, as the contract allows them.
   */
  static final ObjectMapper MAPPER = JsonMapper.builder()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
      .withCoercionConfig(LogicalType.Textual, strings -> strings
          .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
      .addModule(new SimpleModule().addDeserializer(UsersPage.class, new PageReader()))
      .build();

  /** Jackson's own limit ({@code StreamWriteConstraints}): no body nests deeper. */
  private static final int MAX_DEPTH = 1000;
  private static final int MAX_PATH = 100;
  /**
   * The module that writes request bodies (unnamed on the class path, {@code
   * com.fasterxml.jackson.databind} on the module path): a value's type must be reachable from it.
   */
  private static final Module JACKSON = ObjectMapper.class.getModule();

  private final JacksonConverterFactory jackson = JacksonConverterFactory.create(MAPPER);

  @Override
  public Converter<ResponseBody, ?> responseBodyConverter(
      Type type, Annotation[] annotations, Retrofit retrofit) {
    Converter<ResponseBody, ?> reader = jackson.responseBodyConverter(type, annotations, retrofit);
    if (type != User.class) {
      return reader;
    }
    return body -> {
      User user = (User) reader.convert(body);
      if (user != null && !identified(user)) {
        throw MismatchedInputException.from(null, User.class, "A user needs a user_id.");
      }
      return user;
    };
  }

  /**
   * Whether {@code user} has the {@code user_id} every user of the contract has: an answer without
   * one ({@code {}}, an error object answered 200) names no user the caller could get, update or
   * delete, so it is not taken for one with every field unknown.
   */
  private static boolean identified(User user) {
    return user.userId() != null && !user.userId().isBlank();
  }

  @Override
  public Converter<?, RequestBody> requestBodyConverter(Type type,
      Annotation[] parameterAnnotations, Annotation[] methodAnnotations, Retrofit retrofit) {
    Converter<?, RequestBody> writer =
        jackson.requestBodyConverter(type, parameterAnnotations, methodAnnotations, retrofit);
    return new Converter<Object, RequestBody>() {
      @Override
      @SuppressWarnings("unchecked") // Retrofit hands this converter only values of its type
      public RequestBody convert(Object value) throws IOException {
        check("", value, Collections.newSetFromMap(new IdentityHashMap<>()));
        try {
          return ((Converter<Object, RequestBody>) writer).convert(value);
        } catch (JsonProcessingException e) {
          // Neither Jackson's message nor the cause: they quote the value.
          Class<?> hidden = unreachableType(e);
          if (hidden != null) {
            throw new IllegalArgumentException(field(e) + " holds a value of type "
                + hidden.getName() + ", which Jackson cannot access: " + howToOpen(hidden)
                + ", or pass a map of its values.");
          }
          throw new IllegalArgumentException(field(e) + " holds a value that cannot be written as"
              + " JSON: use strings, numbers, booleans, lists and maps (a date as an ISO-8601"
              + " string, for example).");
        }
      }
    };
  }

  /**
   * Refuses, before Jackson writes the body, what it would write wrongly or report badly: a map or
   * list that holds itself (Jackson would follow it a thousand levels deep and name every level),
   * one nested deeper than Jackson writes, a null key (Jackson would name the key {@code null}),
   * and NaN or an infinity (Jackson would send the string {@code "NaN"}). {@code enclosing} holds
   * the maps and lists {@code value} lies in.
   */
  private static void check(String path, Object value, Set<Object> enclosing) {
    if (value instanceof Double || value instanceof Float) {
      double number = ((Number) value).doubleValue();
      if (Double.isNaN(number) || Double.isInfinite(number)) {
        throw new IllegalArgumentException(
            field(path) + " is " + value + ", which JSON cannot hold: send a finite number.");
      }
    }
    Iterable<?> items = value instanceof Map ? ((Map<?, ?>) value).entrySet()
        : value instanceof Collection ? (Collection<?>) value
        : value != null && value.getClass().isArray() ? elements(value) : null;
    if (items == null) {
      return;
    }
    if (!enclosing.add(value)) {
      throw new IllegalArgumentException(
          field(path) + " holds a map or list that contains itself, which JSON cannot write.");
    }
    if (enclosing.size() > MAX_DEPTH) {
      throw new IllegalArgumentException(
          field(path) + " is nested more than " + MAX_DEPTH + " levels deep.");
    }
    int index = 0;
    for (Object item : items) {
      if (item instanceof Map.Entry) {
        Map.Entry<?, ?> entry = (Map.Entry<?, ?>) item;
        if (entry.getKey() == null) {
          throw new IllegalArgumentException(
              field(path) + " has a null key: JSON keys are strings.");
        }
        check(step(path, String.valueOf(entry.getKey())), entry.getValue(), enclosing);
      } else {
        check(step(path, String.valueOf(index++)), item, enclosing);
      }
    }
    enclosing.remove(value);
  }

  /** The elements of an array of any component type, {@code double[]} too, boxed. */
  private static List<Object> elements(Object array) {
    List<Object> elements = new ArrayList<>(Array.getLength(array));
    for (int i = 0; i < Array.getLength(array); i++) {
      elements.add(Array.get(array, i));
    }
    return elements;
  }

  /**
   * How to let Jackson reach {@code type}, a type of a named module: open its package to Jackson's
   * module, or to every module when Jackson is on the class path, where a qualified {@code opens}
   * cannot name it.
   */
  private static String howToOpen(Class<?> type) {
    String pkg = type.getPackageName();
    String flag = "--add-opens " + type.getModule().getName() + "/" + pkg + "=";
    if (JACKSON.isNamed()) {
      return "open its package (opens " + pkg + " to " + JACKSON.getName() + "; in"
          + " module-info.java, or " + flag + JACKSON.getName() + ")";
    }
    return "open its package (opens " + pkg + "; in module-info.java, or " + flag + "ALL-UNNAMED,"
        + " Jackson being on the class path)";
  }

  /**
   * The type Jackson could not write because its module keeps it from Jackson (a package not
   * exported, or a non-public type in a package not opened), or null when Jackson failed for
   * another reason. Jackson then reports a bad type definition without the access failure as its
   * cause, so the type's module is asked directly.
   */
  private static Class<?> unreachableType(JsonProcessingException e) {
    if (!(e instanceof InvalidDefinitionException)
        || ((InvalidDefinitionException) e).getType() == null) {
      return null;
    }
    Class<?> type = ((InvalidDefinitionException) e).getType().getRawClass();
    Module module = type.getModule();
    String pkg = type.getPackageName();
    boolean reachable = module.isOpen(pkg, JACKSON)
        || (Modifier.isPublic(type.getModifiers()) && module.isExported(pkg, JACKSON));
    return reachable ? null : type;
  }

  /** {@code The user field user_metadata.registered_at}, or where Jackson failed. */
  private static String field(JsonProcessingException e) {
    if (!(e instanceof JsonMappingException)) {
      return field("");
    }
    return field(((JsonMappingException) e).getPath().stream()
        .map(step -> step.getFieldName() != null
            ? step.getFieldName() : String.valueOf(step.getIndex()))
        .collect(Collectors.joining(".")));
  }

  /**
   * {@code The user field user_metadata.registered_at} for {@code path}, cut in the middle when
   * long: a message is read, and keys may be any length.
   */
  private static String field(String path) {
    if (path.isEmpty()) {
      return "The request body";
    }
    return "The user field " + (path.length() <= MAX_PATH ? path
        : path.substring(0, MAX_PATH / 2) + "…" + path.substring(path.length() - MAX_PATH / 2));
  }

  private static String step(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  /** The page with {@code include_totals=true}; the tenant's {@code length} is the list's size. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Totals(List<User> users, Integer start, Integer limit, Long total) {}

  /**
   * Reads either form of a page; a page without a list, with a null user or one without a {@code
   * user_id}, or with a negative total, does not fit.
   */
  private static final class PageReader extends StdDeserializer<UsersPage> {
    private static final long serialVersionUID = 1L;
    private static final JavaType USERS =
        TypeFactory.defaultInstance().constructCollectionType(List.class, User.class);

    PageReader() {
      super(UsersPage.class);
    }

    @Override
    public UsersPage deserialize(JsonParser parser, DeserializationContext context)
        throws IOException {
      if (parser.isExpectedStartArrayToken()) {
        List<User> users = context.readValue(parser, USERS);
        return new UsersPage(checked(users, context), null, null, null);
      }
      Totals page = context.readValue(parser, Totals.class);
      if (page.total() != null && page.total() < 0) {
        return context.reportInputMismatch(UsersPage.class, "A total counts users.");
      }
      return new UsersPage(
          checked(page.users(), context), page.start(), page.limit(), page.total());
    }

    private static List<User> checked(List<User> users, DeserializationContext context)
        throws JsonMappingException {
      if (users == null || !users.stream().allMatch(user -> user != null && identified(user))) {
        return context.reportInputMismatch(UsersPage.class, "A page needs a list of users.");
      }
      return users;
    }
  }
}
