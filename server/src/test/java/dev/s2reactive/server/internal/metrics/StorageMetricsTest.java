package dev.s2reactive.server.internal.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.s2reactive.core.model.AppendAck;
import dev.s2reactive.core.model.AppendInput;
import dev.s2reactive.core.model.AppendRecord;
import dev.s2reactive.server.internal.engine.EngineOptions;
import dev.s2reactive.server.internal.engine.StreamEngine;
import dev.s2reactive.server.internal.engine.StreamSettings;
import dev.s2reactive.server.internal.storage.rocksdb.RocksDbStorage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Group-commit and size meters of the RocksDB store under concurrent appends. */
class StorageMetricsTest {

  @TempDir Path dir;

  @Test
  void groupCommitsAndSizeAreMetered() throws Exception {
    int streams = 4;
    int appendsPerStream = 10;
    try (PrometheusServerMetrics metrics = new PrometheusServerMetrics()) {
      RocksDbStorage storage = RocksDbStorage.open(dir, metrics);
      try (StreamEngine engine = new StreamEngine(
          storage, EngineOptions.defaults().withRetentionInterval(Duration.ZERO), metrics)) {
        List<CompletableFuture<AppendAck>> acks = new ArrayList<>();
        for (int i = 0; i < appendsPerStream; i++) {
          for (int s = 0; s < streams; s++) {
            acks.add(engine.open(s, StreamSettings.DEFAULTS)
                .append(AppendInput.of(AppendRecord.of("payload-" + s + "-" + i))));
          }
        }
        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
      }

      PrometheusText text = PrometheusText.parse(metrics.scrape());
      double commits = text.require("s2_storage_commit_seconds_count");
      double writes = text.require("s2_storage_commit_writes_sum");
      // Each append is one storage write; group commit may merge them, never split them.
      assertThat(writes).isEqualTo(streams * appendsPerStream);
      assertThat(commits).isPositive().isLessThanOrEqualTo(writes);
      assertThat(text.require("s2_storage_commit_writes_count")).isEqualTo(commits);
      assertThat(text.require("s2_storage_commit_seconds_bucket", "le", "+Inf"))
          .isEqualTo(commits);
      assertThat(text.require("s2_storage_commit_writes_bucket", "le", "+Inf"))
          .isEqualTo(commits);
      assertThat(text.require("s2_storage_memtables_bytes")).isPositive();
      assertThat(text.require("s2_append_batches_total")).isEqualTo(streams * appendsPerStream);

      storage.close();
      PrometheusText closed = PrometheusText.parse(metrics.scrape());
      assertThat(closed.require("s2_storage_memtables_bytes")).isNaN();
      assertThat(closed.require("s2_storage_live_data_bytes")).isNaN();
    }
  }
}
