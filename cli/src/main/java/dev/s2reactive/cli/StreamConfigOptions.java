package dev.s2reactive.cli;

import dev.s2reactive.core.model.DeleteOnEmpty;
import dev.s2reactive.core.model.Patch;
import dev.s2reactive.core.model.RetentionPolicy;
import dev.s2reactive.core.model.StorageClass;
import dev.s2reactive.core.model.StreamConfig;
import dev.s2reactive.core.model.StreamReconfiguration;
import dev.s2reactive.core.model.StreamReconfiguration.DeleteOnEmptyReconfiguration;
import dev.s2reactive.core.model.StreamReconfiguration.TimestampingReconfiguration;
import dev.s2reactive.core.model.Timestamping;
import dev.s2reactive.core.model.TimestampingMode;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** The stream config flags shared by create/reconfigure stream and basin commands. */
final class StreamConfigOptions {

  @Option(
      names = "--storage-class",
      paramLabel = "CLASS",
      converter = StorageClassConverter.class,
      description = "Storage class: standard or express.")
  StorageClass storageClass;

  @Option(
      names = "--retention-policy",
      converter = RetentionConverter.class,
      paramLabel = "DURATION|infinite",
      description = "Retention: an age such as 1d, 1w, 1y, or 'infinite'.")
  RetentionPolicy retentionPolicy;

  @Option(
      names = "--timestamping-mode",
      paramLabel = "MODE",
      converter = TimestampingModeConverter.class,
      description = "Timestamping mode: client-prefer, client-require or arrival.")
  TimestampingMode timestampingMode;

  @Option(
      names = "--timestamping-uncapped",
      arity = "0..1",
      paramLabel = "BOOL",
      description = "Allow client timestamps beyond the arrival time (true/false).")
  Boolean timestampingUncapped;

  @Option(
      names = "--delete-on-empty-min-age",
      converter = Durations.Converter.class,
      paramLabel = "DURATION",
      description = "Delete the stream once empty for this long (e.g. 1h, 1d); 0s disables.")
  Duration deleteOnEmptyMinAge;

  boolean isEmpty() {
    return storageClass == null
        && retentionPolicy == null
        && timestampingMode == null
        && timestampingUncapped == null
        && deleteOnEmptyMinAge == null;
  }

  StreamConfig toConfig() {
    StreamConfig.Builder b = StreamConfig.builder().storageClass(storageClass);
    b.retentionPolicy(retentionPolicy);
    if (timestampingMode != null || timestampingUncapped != null) {
      b.timestamping(
          new Timestamping(
              Optional.ofNullable(timestampingMode), Optional.ofNullable(timestampingUncapped)));
    }
    if (deleteOnEmptyMinAge != null) {
      b.deleteOnEmpty(DeleteOnEmpty.of(deleteOnEmptyMinAge.toSeconds()));
    }
    return b.build();
  }

  /** Only the flags given change; the rest stays as it is. */
  StreamReconfiguration toReconfiguration() {
    StreamReconfiguration.Builder b =
        StreamReconfiguration.builder()
            .storageClass(patch(storageClass))
            .retentionPolicy(patch(retentionPolicy));
    if (timestampingMode != null || timestampingUncapped != null) {
      b.timestamping(
          Patch.set(
              new TimestampingReconfiguration(
                  patch(timestampingMode), patch(timestampingUncapped))));
    }
    if (deleteOnEmptyMinAge != null) {
      b.deleteOnEmpty(
          Patch.set(
              new DeleteOnEmptyReconfiguration(Patch.set(deleteOnEmptyMinAge.toSeconds()))));
    }
    return b.build();
  }

  private static <T> Patch<T> patch(T value) {
    return value == null ? Patch.absent() : Patch.set(value);
  }

  static final class StorageClassConverter implements ITypeConverter<StorageClass> {
    @Override
    public StorageClass convert(String value) {
      return StorageClass.fromWireName(value)
          .orElseThrow(
              () ->
                  new TypeConversionException(
                      "unknown storage class '" + value + "' (expected standard or express)"));
    }
  }

  static final class TimestampingModeConverter implements ITypeConverter<TimestampingMode> {
    @Override
    public TimestampingMode convert(String value) {
      return TimestampingMode.fromWireName(value)
          .orElseThrow(
              () ->
                  new TypeConversionException(
                      "unknown timestamping mode '"
                          + value
                          + "' (expected client-prefer, client-require or arrival)"));
    }
  }

  static final class RetentionConverter implements ITypeConverter<RetentionPolicy> {
    @Override
    public RetentionPolicy convert(String value) {
      if (value.equals("infinite")) {
        return RetentionPolicy.infinite();
      }
      try {
        long seconds = Durations.parse(value).toSeconds();
        if (seconds <= 0) {
          throw new TypeConversionException("retention must be at least 1s, or 'infinite'");
        }
        return RetentionPolicy.age(seconds);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage() + ", or 'infinite'");
      }
    }
  }
}
