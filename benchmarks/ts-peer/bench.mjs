// The bench workload through the official S2 TypeScript SDK (@s2-dev/streamstore), for target T6:
// one writer appending records of the same metered size as fast as the SDK's Producer (default
// BatchTransform: 5 ms linger, 1000 records / 1 MiB) accepts them, one live reader from the first
// record, then a catch-up read; every reader checks count, order and an 8-byte hash chain
// (SHA-256 of previous hash + body, truncated; the SDK has no XXH3 and JS has no fast 64-bit
// multiply). Prints one JSON line shaped like `s2r bench --json`.
//
// Usage: node bench.mjs BASIN STREAM RECORD_SIZE DURATION_MS
// Environment: S2_ACCOUNT_ENDPOINT, S2_BASIN_ENDPOINT, S2_ACCESS_TOKEN (any value without auth).
import { AppendRecord, BatchTransform, Producer, S2, S2Environment } from "@s2-dev/streamstore";
import { createHash, randomFillSync } from "node:crypto";

const [basinName, streamName, sizeArg, durationArg] = process.argv.slice(2);
const recordSize = Number(sizeArg ?? "1024");
const durationMs = Number(durationArg ?? "10000");
const OVERHEAD = 8 + 2 + 4 + 8; // record overhead + "hash" header name + 8-byte value
const bodySize = recordSize - OVERHEAD;
const HASH = new TextEncoder().encode("hash");

const s2 = new S2({ ...S2Environment.parse(), accessToken: process.env.S2_ACCESS_TOKEN || "bench" });
const basin = s2.basin(basinName);
await basin.streams.create({ stream: streamName });
const stream = basin.stream(streamName);

const chain = (prev, body) =>
  createHash("sha256").update(prev).update(body).digest().subarray(0, 8);

const pool = randomFillSync(new Uint8Array(1 << 20));
let written = -1; // known once the writer is done

async function read(label, input) {
  return consume(label, await stream.readSession(input, { as: "bytes" }));
}

async function consume(label, session) {
  let prev = new Uint8Array(8);
  let records = 0;
  let violation = null;
  const start = performance.now();
  let last = start;
  for await (const record of session) {
    if (record.seqNum !== records) {
      violation = `${label}: expected seq_num ${records}, got ${record.seqNum}`;
      break;
    }
    const header = record.headers.find(([name]) => name.length === 4 && name.every((b, i) => b === HASH[i]));
    const expected = chain(prev, record.body);
    if (!header || Buffer.compare(Buffer.from(header[1]), expected) !== 0) {
      violation = `${label}: chain hash mismatch at seq_num ${record.seqNum}`;
      break;
    }
    prev = expected;
    records++;
    last = performance.now();
    if (written >= 0 && records >= written) break;
  }
  await session.cancel?.().catch(() => {});
  return { records, seconds: (last - start) / 1000, violation };
}

// The live reader starts once the first record is durable: opened on the empty stream, the SDK's
// session delivered nothing in our runs (to investigate; the Java reader starts before writing).
let liveRead;

const session = await stream.appendSession();
const producer = new Producer(new BatchTransform(), session);
let prev = new Uint8Array(8);
let submitted = 0;
let lastTicket;
const start = performance.now();
while (performance.now() - start < durationMs) {
  const offset = Math.floor(Math.random() * (pool.length - bodySize));
  const body = pool.slice(offset, offset + bodySize);
  prev = chain(prev, body);
  lastTicket = await producer.submit(AppendRecord.bytes({ body, headers: [[HASH, prev]] }));
  submitted++;
  if (submitted === 1) {
    await lastTicket.ack();
    liveRead = read("live reader", { start: { from: { seqNum: 0 } } });
  }
  // submit() resolves without I/O while the batch has room: let the reader and acks run too.
  if (submitted % 256 === 0) await new Promise((resolve) => setImmediate(resolve));
}
if (lastTicket) await lastTicket.ack();
const writeSeconds = (performance.now() - start) / 1000;
await producer.close();
written = submitted;

const timeout = (ms) => new Promise((resolve) => setTimeout(() => resolve(null), ms).unref());
const live = (await Promise.race([liveRead, timeout(60000)])) ?? { records: -1, seconds: 0, violation: "live reader timed out" };
const catchup = await read("catch-up reader", {
  start: { from: { seqNum: 0 } }, stop: { limits: { count: written } },
});

const violations = [live, catchup].map((r) => r.violation).filter(Boolean);
for (const [label, r] of [["live reader", live], ["catch-up reader", catchup]]) {
  if (!r.violation && r.records !== written) violations.push(`${label}: saw ${r.records} of ${written}`);
}
const mib = (n) => (n * recordSize) / (1024 * 1024);
const throughput = (records, seconds) => ({
  mibps: seconds > 0 ? mib(records) / seconds : 0, records_per_s: seconds > 0 ? records / seconds : 0,
  bytes: records * recordSize, records, seconds,
});
console.log(JSON.stringify({
  target: "typescript sdk @s2-dev/streamstore (Producer + readSession)",
  record_size: recordSize, duration_s: durationMs / 1000, readers: 1,
  write: throughput(written, writeSeconds),
  read: throughput(Math.max(0, live.records), live.seconds),
  catchup: throughput(catchup.records, catchup.seconds),
  acknowledged_records: written, verified: violations.length === 0, verified_readers: 2, violations,
}));
await basin.streams.delete({ stream: streamName }).catch(() => {});
process.exit(violations.length === 0 ? 0 : 1);
