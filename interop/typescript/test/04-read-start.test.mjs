// Scenario 4: read starting points: timestamp, tail offset, clamp, and a start beyond the tail
// (the SDK's RangeNotSatisfiableError carrying the tail).
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { AppendInput, AppendRecord, RangeNotSatisfiableError } from "@s2-dev/streamstore";
import {
  client, describe, freshBasin, OP_TIMEOUT_MS, rejection, streamOptions, traced, TRANSPORT, within,
} from "../lib/harness.mjs";

const s2 = client();
const COUNT = 20;
// Client timestamps in the past (client-prefer, capped): record i has BASE + 1000 * i.
const BASE = Date.now() - 3_600_000;
let ctx;

before(() => traced(async () => {
  ctx = await freshBasin(s2, "starts");
  await within(OP_TIMEOUT_MS, "create stream", ctx.basin.streams.create({ stream: "ticks" }));
  const stream = ctx.basin.stream("ticks", streamOptions());
  const records = [];
  for (let i = 0; i < COUNT; i++) {
    records.push(AppendRecord.string({ body: `tick ${i}`, timestamp: BASE + 1000 * i }));
  }
  const ack = await within(OP_TIMEOUT_MS, "append", stream.append(AppendInput.create(records)));
  assert.equal(ack.end.seqNum, COUNT);
  assert.equal(ack.start.timestamp.getTime(), BASE);
  assert.equal(ack.end.timestamp.getTime(), BASE + 1000 * (COUNT - 1));
  await stream.close();
}));
after(async () => ctx?.cleanup());

const bodies = (records) => records.map((r) => r.body);
const range = (from, to) => Array.from({ length: to - from }, (_, k) => `tick ${from + k}`);

async function drain(session) {
  const got = [];
  await within(OP_TIMEOUT_MS, "drain read session", (async () => {
    for await (const record of session) got.push(record);
  })());
  return got;
}

test("unary read from a timestamp (exact and between records)", () => traced(async () => {
  const stream = ctx.basin.stream("ticks", streamOptions());
  const exact = await within(OP_TIMEOUT_MS, "read", stream.read({
    start: { from: { timestamp: BASE + 5000 } }, stop: { limits: { count: 3 } },
  }));
  assert.deepEqual(bodies(exact.records), range(5, 8));
  assert.equal(exact.records[0].seqNum, 5);
  assert.equal(exact.records[0].timestamp.getTime(), BASE + 5000);
  const between = await within(OP_TIMEOUT_MS, "read", stream.read({
    start: { from: { timestamp: new Date(BASE + 5500) } }, stop: { limits: { count: 2 } },
  }));
  assert.deepEqual(bodies(between.records), range(6, 8));
  const until = await within(OP_TIMEOUT_MS, "read", stream.read({
    start: { from: { timestamp: BASE + 5000 } }, stop: { untilTimestamp: BASE + 9000 },
  }));
  assert.deepEqual(bodies(until.records), range(5, 9));
  await stream.close();
}));

test("unary read from a tail offset", () => traced(async () => {
  const stream = ctx.basin.stream("ticks", streamOptions());
  const last3 = await within(OP_TIMEOUT_MS, "read", stream.read({ start: { from: { tailOffset: 3 } } }));
  assert.deepEqual(bodies(last3.records), range(COUNT - 3, COUNT));
  const beyond = await within(OP_TIMEOUT_MS, "read", stream.read({
    start: { from: { tailOffset: 1000 } }, stop: { limits: { count: 2 } },
  }));
  assert.deepEqual(bodies(beyond.records), range(0, 2), "an offset larger than the stream starts at 0");
  await stream.close();
}));

test("a start beyond the tail is the SDK's RangeNotSatisfiableError with the tail", () => traced(async () => {
  const stream = ctx.basin.stream("ticks", streamOptions());
  const err = await rejection("read beyond tail", stream.read({ start: { from: { seqNum: COUNT + 5 } } }));
  assert.ok(err instanceof RangeNotSatisfiableError, describe(err));
  assert.equal(err.status, 416, describe(err));
  assert.equal(err.tail?.seqNum, COUNT, describe(err));
  const ts = await rejection("read beyond tail timestamp", stream.read({
    start: { from: { timestamp: Date.now() + 3_600_000 } },
  }));
  assert.ok(ts instanceof RangeNotSatisfiableError, describe(ts));
  await stream.close();
}));

test("clamp turns a start beyond the tail into a read at the tail", () => traced(async () => {
  const stream = ctx.basin.stream("ticks", streamOptions());
  const clamped = await within(OP_TIMEOUT_MS, "read clamped with wait", stream.read({
    start: { from: { seqNum: COUNT + 100 }, clamp: true }, stop: { waitSecs: 1 },
  }));
  assert.deepEqual(clamped.records, [], "nothing is appended while waiting");
  await stream.close();
}));

test(`read session (${TRANSPORT}) from a timestamp, a tail offset, and clamped`, () => traced(async () => {
  const stream = ctx.basin.stream("ticks", streamOptions());
  const fromTs = await drain(await within(OP_TIMEOUT_MS, "open", stream.readSession({
    start: { from: { timestamp: BASE + 15_000 } }, stop: { limits: { count: 100 }, waitSecs: 0 },
  })));
  assert.deepEqual(bodies(fromTs), range(15, COUNT));
  const fromOffset = await drain(await within(OP_TIMEOUT_MS, "open", stream.readSession({
    start: { from: { tailOffset: 2 } }, stop: { limits: { count: 2 } },
  })));
  assert.deepEqual(bodies(fromOffset), range(COUNT - 2, COUNT));
  const clamped = await drain(await within(OP_TIMEOUT_MS, "open", stream.readSession({
    start: { from: { seqNum: COUNT + 100 }, clamp: true }, stop: { waitSecs: 1 },
  })));
  assert.deepEqual(clamped, []);
  await stream.close();
}));

test(`read session (${TRANSPORT}) beyond the tail fails with RangeNotSatisfiableError`, () => traced(async () => {
  const stream = ctx.basin.stream("ticks", streamOptions());
  const err = await rejection("read session beyond tail", (async () => {
    const session = await stream.readSession({ start: { from: { seqNum: COUNT + 5 } }, stop: { waitSecs: 1 } });
    return drain(session);
  })());
  assert.ok(err instanceof RangeNotSatisfiableError, describe(err));
  assert.equal(err.tail?.seqNum, COUNT, describe(err));
  await stream.close();
}));
