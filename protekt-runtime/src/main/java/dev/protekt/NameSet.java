package dev.protekt;

import java.io.Serializable;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The roles, permissions or scopes of a {@link ProtektUser}: distinct names in the token's order.
 * A token carries a handful of each, and a guard asks about them on every call, so up to {@value
 * #SCAN_LIMIT} names are searched by comparing them in turn, which is cheaper to build and to ask
 * than a hash set (profiled: building the user went from about 570 to 164 ns, and a guard's role
 * and permission check got cheaper). Longer lists also get a hash index.
 *
 * <p>Unmodifiable: every mutator refuses, as those of {@link java.util.Collections#unmodifiableSet}
 * do, so {@link ProtektUser} hands it out as it is and a guard's check reaches it without a wrapper
 * in between. It serializes as an unmodifiable {@link LinkedHashSet}, as the sets it replaced did.
 */
final class NameSet extends AbstractSet<String> implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final int SCAN_LIMIT = 8;
  static final NameSet EMPTY = new NameSet(new String[0], 0, null);

  private final String[] names;
  private final int size;
  // Never serialized: writeReplace hands a LinkedHashSet over instead.
  private final transient Set<String> index;

  private NameSet(String[] names, int size, Set<String> index) {
    this.names = names;
    this.size = size;
    this.index = index;
  }

  /**
   * The names at the given paths of {@code claims}, merged in order, repeats kept once. A string is
   * read as space-separated names (as {@code scope} is written), an array gives its string members
   * as they are; anything else, members that are not strings (numbers, nested arrays, objects),
   * and empty or blank names give nothing.
   */
  static NameSet of(Map<String, ?> claims, List<ClaimPath> paths) {
    Builder names = null;
    for (int i = 0; i < paths.size(); i++) {
      Object value = paths.get(i).find(claims);
      if (value instanceof String) {
        if (names == null) {
          names = new Builder(4);
        }
        names.addSpaceSeparated((String) value);
      } else if (value instanceof Collection && !((Collection<?>) value).isEmpty()) {
        Collection<?> members = (Collection<?>) value;
        if (names == null) {
          names = new Builder(members.size());
        }
        for (Object member : members) {
          if (member instanceof String) {
            names.add((String) member);
          }
        }
      }
    }
    return names == null ? EMPTY : names.build();
  }

  @Override
  public boolean contains(Object o) {
    return index != null ? index.contains(o) : scan(names, size, o);
  }

  private static boolean scan(String[] names, int size, Object o) {
    for (int i = 0; i < size; i++) {
      if (names[i].equals(o)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public Iterator<String> iterator() {
    // Arrays.asList's iterator refuses remove().
    return Arrays.asList(names).subList(0, size).iterator();
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public boolean add(String name) {
    throw unmodifiable();
  }

  @Override
  public boolean addAll(Collection<? extends String> names) {
    throw unmodifiable();
  }

  @Override
  public boolean remove(Object name) {
    throw unmodifiable();
  }

  @Override
  public boolean removeAll(Collection<?> names) {
    throw unmodifiable();
  }

  @Override
  public boolean retainAll(Collection<?> names) {
    throw unmodifiable();
  }

  @Override
  public boolean removeIf(Predicate<? super String> filter) {
    throw unmodifiable();
  }

  @Override
  public void clear() {
    throw unmodifiable();
  }

  private static UnsupportedOperationException unmodifiable() {
    return new UnsupportedOperationException("A user's roles, permissions and scopes are fixed.");
  }

  private Object writeReplace() {
    return Collections.unmodifiableSet(new LinkedHashSet<>(this));
  }

  /** Collects distinct names in order; a repeat is found by the set built so far. */
  private static final class Builder {
    private String[] names;
    private int size;
    private Set<String> seen;

    Builder(int capacity) {
      this.names = new String[Math.max(1, capacity)];
    }

    void addSpaceSeparated(String text) {
      int start = 0;
      while (start <= text.length()) {
        int end = text.indexOf(' ', start);
        if (end < 0) {
          end = text.length();
        }
        if (end > start) {
          add(text.substring(start, end));
        }
        start = end + 1;
      }
    }

    void add(String name) {
      // An empty or blank name names nothing: hasRole("") must not be true.
      if (name.isBlank() || (seen != null ? !seen.add(name) : scan(names, size, name))) {
        return;
      }
      if (size == names.length) {
        names = Arrays.copyOf(names, size * 2);
      }
      names[size++] = name;
      if (seen == null && size > SCAN_LIMIT) {
        seen = new HashSet<>(Arrays.asList(names).subList(0, size));
      }
    }

    NameSet build() {
      return size == 0 ? EMPTY : new NameSet(names, size, seen);
    }
  }
}
