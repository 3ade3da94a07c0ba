package dev.s2reactive.core.internal.client;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Auto-pagination of S2 list endpoints (protocol §11): next page starts after the last name. */
public final class Paging {

  private Paging() {}

  /** One page of a listing. */
  public record Page<T>(List<T> items, boolean hasMore) {}

  /** Query parameters of one list page. */
  public static Map<String, String> query(String prefix, String startAfter, int limit) {
    Map<String, String> q = new LinkedHashMap<>();
    if (prefix != null && !prefix.isEmpty()) {
      q.put("prefix", prefix);
    }
    if (startAfter != null && !startAfter.isEmpty()) {
      q.put("start_after", startAfter);
    }
    if (limit > 0) {
      q.put("limit", Integer.toString(limit));
    }
    return q;
  }

  /**
   * Every item over all pages, fetching a page only when the previous one has been consumed.
   *
   * @param fetch fetches the page after a name ("" for the first)
   * @param name the name of an item, used as the next {@code start_after}
   */
  public static <T> Flux<T> all(Function<String, Mono<Page<T>>> fetch, Function<T, String> name) {
    return fetch
        .apply("")
        .expand(
            page ->
                page.hasMore() && !page.items().isEmpty()
                    ? fetch.apply(name.apply(page.items().get(page.items().size() - 1)))
                    : Mono.empty())
        .concatMapIterable(Page::items, 1);
  }
}
