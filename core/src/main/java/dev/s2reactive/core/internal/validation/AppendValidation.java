package dev.s2reactive.core.internal.validation;

import dev.s2reactive.core.error.ErrorCode;
import dev.s2reactive.core.error.S2Exception;
import dev.s2reactive.core.internal.BytesInternals;
import dev.s2reactive.core.model.AppendInput;
import dev.s2reactive.core.model.AppendRecord;
import dev.s2reactive.core.model.Bytes;
import dev.s2reactive.core.model.Header;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Append limits and command-record rules (protocol §5.3, §6.2), checked in the reference server's
 * order: each record (command classification, headers, metered size), then the batch (count,
 * metered size). Every violation is 422 {@code invalid} with the reference message. Stateless.
 */
public final class AppendValidation {

  public static final int MAX_BATCH_RECORDS = 1000;
  public static final long MAX_BATCH_METERED_BYTES = 1024 * 1024;
  public static final long MAX_RECORD_METERED_BYTES = MAX_BATCH_METERED_BYTES;
  public static final int MAX_HEADERS = 0xFF_FFFF;
  public static final int MAX_FENCING_TOKEN_BYTES = 36;
  public static final int TRIM_BODY_BYTES = 8;

  private AppendValidation() {}

  /** Validates every record, then the batch. */
  public static void validate(AppendInput input) {
    List<AppendRecord> records = input.records();
    long batchBytes = 0;
    for (int i = 0, n = records.size(); i < n; i++) {
      batchBytes += validateRecord(records.get(i));
    }
    validateBatch(records.size(), batchBytes);
  }

  /**
   * Validates one record and returns its metered size.
   *
   * @throws S2Exception 422 {@code invalid}
   */
  public static long validateRecord(AppendRecord record) {
    List<Header> headers = record.headers();
    if (headers.size() == 1 && headers.get(0).name().isEmpty()) {
      validateCommand(headers.get(0).value(), record.body());
    } else {
      if (headers.size() > MAX_HEADERS) {
        throw invalid("invalid header: too many");
      }
      for (int i = 0, n = headers.size(); i < n; i++) {
        if (headers.get(i).name().isEmpty()) {
          throw invalid("invalid header: empty name");
        }
      }
    }
    long metered = record.meteredBytes();
    if (metered > MAX_RECORD_METERED_BYTES) {
      throw invalid("record must have metered size less than 1 MiB");
    }
    return metered;
  }

  /**
   * Validates the record count and total metered size of a batch.
   *
   * @throws S2Exception 422 {@code invalid}
   */
  public static void validateBatch(int recordCount, long meteredBytes) {
    if (recordCount == 0) {
      throw invalid("record batch must not be empty");
    }
    if (recordCount > MAX_BATCH_RECORDS) {
      throw invalid("record batch must not exceed " + MAX_BATCH_RECORDS + " records");
    }
    if (meteredBytes > MAX_BATCH_METERED_BYTES) {
      throw invalid("record batch must not exceed a metered size of 1 MiB");
    }
  }

  /**
   * The reason a fencing token given as an append condition is invalid (longer than 36 bytes), or
   * empty. In JSON the caller reports it as {@code bad_json}.
   */
  public static Optional<String> fencingTokenError(String token) {
    int bytes = Names.utf8Length(token);
    return bytes > MAX_FENCING_TOKEN_BYTES
        ? Optional.of(
            "fencing token must not exceed " + MAX_FENCING_TOKEN_BYTES + " bytes in length, was "
                + bytes)
        : Optional.empty();
  }

  private static void validateCommand(Bytes op, Bytes body) {
    if (op.equals(AppendRecord.FENCE_COMMAND)) {
      try {
        StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(BytesInternals.array(body)));
      } catch (CharacterCodingException e) {
        throw invalid("invalid `fence` command: invalid UTF-8");
      }
      if (body.size() > MAX_FENCING_TOKEN_BYTES) {
        throw invalid(
            "invalid `fence` command: fencing token must not exceed "
                + MAX_FENCING_TOKEN_BYTES
                + " bytes in length, was "
                + body.size());
      }
    } else if (op.equals(AppendRecord.TRIM_COMMAND)) {
      if (body.size() != TRIM_BODY_BYTES) {
        throw invalid(
            "invalid `trim` command: earliest sequence number to trim to was "
                + body.size()
                + " bytes, must be 8");
      }
    } else {
      throw invalid("unknown command");
    }
  }

  private static S2Exception invalid(String message) {
    return S2Exception.of(ErrorCode.INVALID, message);
  }
}
