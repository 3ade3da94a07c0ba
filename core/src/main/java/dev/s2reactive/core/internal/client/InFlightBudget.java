package dev.s2reactive.core.internal.client;

/**
 * Accounting of the metered bytes an append sink holds (received from upstream and not yet
 * acknowledged) against a limit, and of how many records it may still request from upstream.
 * Thread-safe: records arrive on the subscriber's thread while acknowledgements free bytes on a
 * network thread.
 *
 * <p>Reactive Streams demand counts records, not bytes, so the budget converts free bytes into a
 * number of records using the average size seen so far (initially {@code initialRecordEstimate}),
 * counting records requested but not yet received as if they had that size. At most {@code
 * maxOutstanding} records are requested ahead, which bounds the overshoot when records suddenly
 * grow. When nothing is held or outstanding at least one record may always be requested, so a
 * record larger than the whole budget cannot stall the sink.
 */
public final class InFlightBudget {

  private final long maxBytes;
  private final long maxOutstanding;
  private long heldBytes;
  private long outstanding;
  private long receivedRecords;
  private long receivedBytes;
  private final long initialRecordEstimate;

  /**
   * @param maxBytes the budget, in metered bytes
   * @param maxOutstanding the most records requested and not yet received
   * @param initialRecordEstimate assumed record size before any record was seen
   */
  public InFlightBudget(long maxBytes, long maxOutstanding, long initialRecordEstimate) {
    if (maxBytes < 1 || maxOutstanding < 1 || initialRecordEstimate < 1) {
      throw new IllegalArgumentException("budget, outstanding and estimate must be positive");
    }
    this.maxBytes = maxBytes;
    this.maxOutstanding = maxOutstanding;
    this.initialRecordEstimate = initialRecordEstimate;
  }

  /**
   * How many more records to request now, and counts them as outstanding. Zero when the budget is
   * used up or enough is already outstanding.
   */
  public synchronized long claimDemand() {
    long estimate = estimatedRecordBytes();
    long free = maxBytes - heldBytes - outstanding * estimate;
    long n = free <= 0 ? 0 : free / estimate;
    n = Math.min(n, maxOutstanding - outstanding);
    if (n <= 0 && heldBytes == 0 && outstanding == 0) {
      n = 1;
    }
    n = Math.max(0, n);
    outstanding += n;
    return n;
  }

  /** A requested record arrived with this metered size; it is now held. */
  public synchronized void onReceived(long meteredBytes) {
    if (outstanding > 0) {
      outstanding--;
    }
    heldBytes += meteredBytes;
    receivedRecords++;
    receivedBytes += meteredBytes;
  }

  /** Held bytes were acknowledged or dropped. */
  public synchronized void release(long meteredBytes) {
    if (meteredBytes < 0 || meteredBytes > heldBytes) {
      throw new IllegalStateException(
          "releasing " + meteredBytes + " bytes but only " + heldBytes + " are held");
    }
    heldBytes -= meteredBytes;
  }

  public synchronized long heldBytes() {
    return heldBytes;
  }

  /** Bytes that may still be taken before the budget is used up (never negative). */
  public synchronized long availableBytes() {
    return Math.max(0, maxBytes - heldBytes);
  }

  public synchronized long outstanding() {
    return outstanding;
  }

  public long maxBytes() {
    return maxBytes;
  }

  private long estimatedRecordBytes() {
    return receivedRecords == 0
        ? initialRecordEstimate
        : Math.max(1, (receivedBytes + receivedRecords - 1) / receivedRecords);
  }
}
