package dev.s2reactive.cli;

import java.util.List;
import java.util.function.Function;
import picocli.CommandLine.Option;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** {@code --prefix}, {@code --start-after}, {@code --limit}, {@code --no-auto-paginate}. */
final class ListOptions {

  @Option(
      names = {"-p", "--prefix"},
      paramLabel = "PREFIX",
      description = "Only names that begin with this prefix.")
  String prefix;

  @Option(
      names = {"-s", "--start-after"},
      paramLabel = "NAME",
      description = "Only names that sort after this one.")
  String startAfter;

  @Option(
      names = {"-n", "--limit"},
      paramLabel = "N",
      description = "At most this many items (the page size with --no-auto-paginate, max 1000).")
  Integer limit;

  @Option(names = "--no-auto-paginate", description = "Return one page only.")
  boolean noAutoPaginate;

  /** One page of a listing. */
  record Page<T>(List<T> items, boolean hasMore) {}

  /** Fetches one page: (prefix, startAfter, limit) → page. */
  interface PageFetcher<T> {
    Mono<Page<T>> fetch(String prefix, String startAfter, int limit);
  }

  /** Every matching item, page after page (or one page), in name order. */
  <T> Flux<T> items(String basePrefix, PageFetcher<T> fetcher, Function<T, String> name) {
    if (limit != null && (limit < 0 || (noAutoPaginate && limit > 1000))) {
      throw new IllegalArgumentException(
          "--limit must be between 0 and " + (noAutoPaginate ? "1000" : "2^31"));
    }
    String p = prefix != null ? prefix : basePrefix;
    String after = startAfter == null ? "" : startAfter;
    if (noAutoPaginate) {
      return fetcher.fetch(p, after, limit == null ? 0 : limit).flatMapIterable(Page::items);
    }
    int pageSize = limit == null || limit > 1000 || limit == 0 ? 0 : limit;
    Flux<T> all =
        fetcher
            .fetch(p, after, pageSize)
            .expand(
                page ->
                    page.hasMore() && !page.items().isEmpty()
                        ? fetcher.fetch(
                            p, name.apply(page.items().get(page.items().size() - 1)), pageSize)
                        : Mono.empty())
            .concatMapIterable(Page::items);
    return limit == null ? all : all.take(limit, true);
  }
}
