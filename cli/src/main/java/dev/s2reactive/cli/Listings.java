package dev.s2reactive.cli;

import dev.s2reactive.core.model.BasinInfo;
import dev.s2reactive.core.model.StreamInfo;
import dev.s2reactive.reactor.ReactorS2Client;
import java.io.PrintStream;

/** Prints basins and streams for {@code ls}, {@code list-basins} and {@code list-streams}. */
final class Listings {

  private Listings() {}

  static void printBasins(ReactorS2Client s2, ListOptions list, PrintStream out) {
    for (BasinInfo basin :
        list.items(
                "",
                (prefix, after, limit) ->
                    s2.listBasinsPage(prefix, after, limit)
                        .map(r -> new ListOptions.Page<>(r.basins(), r.hasMore())),
                BasinInfo::name)
            .toIterable()) {
      out.println(basin.name() + " " + basin.state().name().toLowerCase());
    }
  }

  static void printStreams(
      ReactorS2Client s2, BasinUri basin, ListOptions list, PrintStream out) {
    for (StreamInfo stream :
        list.items(
                basin.prefix(),
                (prefix, after, limit) ->
                    s2.basin(basin.basin())
                        .listStreamsPage(prefix, after, limit)
                        .map(r -> new ListOptions.Page<>(r.streams(), r.hasMore())),
                StreamInfo::name)
            .toIterable()) {
      out.println(
          "s2://"
              + basin.basin()
              + "/"
              + stream.name()
              + (stream.deletedAt().isPresent() ? " deleting" : ""));
    }
  }
}
