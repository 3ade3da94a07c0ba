// Scenario 2: an append session of 10 batches x 100 records with headers; acks arrive in order.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { AppendInput, AppendRecord } from "@s2-dev/streamstore";
import { client, freshBasin, OP_TIMEOUT_MS, streamOptions, traced, TRANSPORT, within } from "../lib/harness.mjs";

const BATCHES = 10;
const PER_BATCH = 100;
const s2 = client();
let ctx;

before(() => traced(async () => {
  ctx = await freshBasin(s2, "append");
  await within(OP_TIMEOUT_MS, "create stream", ctx.basin.streams.create({ stream: "events" }));
}));
after(async () => ctx?.cleanup());

test(`append session (${TRANSPORT}): ${BATCHES} x ${PER_BATCH} records, acks in order`, () => traced(async () => {
  const stream = ctx.basin.stream("events", streamOptions());
  const session = await within(OP_TIMEOUT_MS, "open append session", stream.appendSession());
  const tickets = [];
  for (let b = 0; b < BATCHES; b++) {
    const records = [];
    for (let i = 0; i < PER_BATCH; i++) {
      const n = b * PER_BATCH + i;
      records.push(AppendRecord.string({
        body: `record ${n} ✓`,
        headers: [["batch", String(b)], ["index", String(n)]],
      }));
    }
    tickets.push(await within(OP_TIMEOUT_MS, `submit batch ${b}`, session.submit(AppendInput.create(records))));
  }
  const acks = await within(OP_TIMEOUT_MS, "all acks", Promise.all(tickets.map((t) => t.ack())));
  await within(OP_TIMEOUT_MS, "close session", session.close());

  acks.forEach((ack, b) => {
    assert.equal(ack.start.seqNum, b * PER_BATCH, `batch ${b} start`);
    assert.equal(ack.end.seqNum, (b + 1) * PER_BATCH, `batch ${b} end`);
    assert.ok(ack.tail.seqNum >= ack.end.seqNum, `batch ${b} tail >= end`);
    assert.ok(ack.start.timestamp instanceof Date);
    if (b > 0) {
      assert.ok(ack.start.timestamp >= acks[b - 1].end.timestamp, `batch ${b} timestamps are monotonic`);
    }
  });
  assert.equal(session.lastAckedPosition()?.end.seqNum, BATCHES * PER_BATCH);
  assert.equal(session.failureCause(), undefined);

  const tail = await within(OP_TIMEOUT_MS, "check tail", stream.checkTail());
  assert.equal(tail.tail.seqNum, BATCHES * PER_BATCH);

  const sample = await within(OP_TIMEOUT_MS, "read sample", stream.read({
    start: { from: { seqNum: 537 } }, stop: { limits: { count: 1 } },
  }));
  assert.equal(sample.records.length, 1);
  assert.equal(sample.records[0].seqNum, 537);
  assert.equal(sample.records[0].body, "record 537 ✓");
  assert.deepEqual(sample.records[0].headers, [["batch", "5"], ["index", "537"]]);
  await stream.close();
}));

test(`append session (${TRANSPORT}): acks stream yields every ack in order`, () => traced(async () => {
  const stream = ctx.basin.stream("events", streamOptions());
  const start = (await within(OP_TIMEOUT_MS, "check tail", stream.checkTail())).tail.seqNum;
  const session = await within(OP_TIMEOUT_MS, "open append session", stream.appendSession());
  const reader = session.acks()[Symbol.asyncIterator]();
  for (let b = 0; b < 5; b++) {
    await within(OP_TIMEOUT_MS, "submit", session.submit(AppendInput.create([
      AppendRecord.bytes({ body: new Uint8Array([b, 0, 255]), headers: [[new Uint8Array([0]), new Uint8Array([1, 2])]] }),
      AppendRecord.string({ body: "" }),
    ])));
  }
  for (let b = 0; b < 5; b++) {
    const { value, done } = await within(OP_TIMEOUT_MS, `ack ${b} from acks()`, reader.next());
    assert.equal(done, false);
    assert.equal(value.start.seqNum, start + 2 * b);
    assert.equal(value.end.seqNum, start + 2 * b + 2);
  }
  await within(OP_TIMEOUT_MS, "close session", session.close());
  await stream.close();
}));
