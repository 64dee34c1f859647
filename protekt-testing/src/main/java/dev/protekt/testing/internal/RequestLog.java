package dev.protekt.testing.internal;

import dev.protekt.testing.RecordedRequest;
import java.util.ArrayDeque;
import java.util.List;
import java.util.stream.Collectors;

/** The requests a tenant received, oldest first, bounded so that a long-running tenant does not grow. */
public final class RequestLog {
  private static final int CAPACITY = 10_000;
  private final ArrayDeque<RecordedRequest> requests = new ArrayDeque<>();

  /** @param request a request just received */
  public synchronized void add(RecordedRequest request) {
    if (requests.size() == CAPACITY) {
      requests.removeFirst();
    }
    requests.addLast(request);
  }

  /** @return every request still logged, oldest first */
  public synchronized List<RecordedRequest> all() {
    return List.copyOf(requests);
  }

  /**
   * @param path a decoded path
   * @return the requests to exactly that path, oldest first
   */
  public synchronized List<RecordedRequest> to(String path) {
    return requests.stream().filter(r -> r.path().equals(path)).collect(Collectors.toUnmodifiableList());
  }

  /** Forgets every request. */
  public synchronized void clear() {
    requests.clear();
  }
}
