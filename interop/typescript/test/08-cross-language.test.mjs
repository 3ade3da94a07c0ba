// Scenario 8 (cross-language): reads a stream that another process wrote, per the record contract in
// lib/xlang.mjs. run.sh prepares the stream and runs the writer ($S2_INTEROP_WRITER_CMD, by default
// this SDK's own writer); without S2_INTEROP_XLANG_BASIN the scenario is skipped.
import assert from "node:assert/strict";
import { test } from "node:test";
import { client, OP_TIMEOUT_MS, streamOptions, traced, TRANSPORT, within } from "../lib/harness.mjs";

const basinName = process.env.S2_INTEROP_XLANG_BASIN;
const streamName = process.env.S2_INTEROP_XLANG_STREAM;
const count = Number(process.env.S2_INTEROP_XLANG_COUNT ?? "100");
const skip = basinName && streamName ? false : "S2_INTEROP_XLANG_BASIN/S2_INTEROP_XLANG_STREAM not set";

function checkRecord(r, i) {
  assert.equal(r.seqNum, i);
  assert.equal(r.body, `xlang-${i}`);
  assert.equal(r.headers.length, 2, `record ${i} headers: ${JSON.stringify(r.headers)}`);
  assert.deepEqual(r.headers[0], ["index", String(i)]);
  assert.equal(r.headers[1][0], "writer");
  assert.ok(r.headers[1][1].length > 0);
}

test(`read a stream written by another process (${TRANSPORT})`, { skip }, () => traced(async () => {
  const stream = client().basin(basinName).stream(streamName, streamOptions());
  const tail = await within(OP_TIMEOUT_MS, "check tail", stream.checkTail());
  assert.equal(tail.tail.seqNum, count, "the writer appended exactly the agreed number of records");

  const unary = await within(OP_TIMEOUT_MS, "unary read", stream.read({
    start: { from: { seqNum: 0 } }, stop: { limits: { count } },
  }));
  assert.equal(unary.records.length, Math.min(count, 1000));
  unary.records.forEach(checkRecord);

  const session = await within(OP_TIMEOUT_MS, "open read session", stream.readSession({
    start: { from: { seqNum: 0 } }, stop: { limits: { count } },
  }));
  const got = [];
  await within(OP_TIMEOUT_MS, "drain", (async () => { for await (const r of session) got.push(r); })());
  assert.equal(got.length, count);
  got.forEach(checkRecord);
  await stream.close();
}));
