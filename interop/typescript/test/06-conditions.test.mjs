// Scenario 6: fencing tokens and match_seq_num conditions surface as the SDK's typed errors, both on
// unary appends and inside an append session.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import {
  AppendInput, AppendRecord, FencingTokenMismatchError, S2Error, SeqNumMismatchError,
} from "@s2-dev/streamstore";
import {
  client, describe, freshBasin, OP_TIMEOUT_MS, rejection, streamOptions, traced, TRANSPORT, within,
} from "../lib/harness.mjs";

const s2 = client();
let ctx;
const one = (body, options) => AppendInput.create([AppendRecord.string({ body })], options);

before(() => traced(async () => {
  ctx = await freshBasin(s2, "cond");
  await within(OP_TIMEOUT_MS, "create stream", ctx.basin.streams.create({ stream: "guarded" }));
  await within(OP_TIMEOUT_MS, "create stream", ctx.basin.streams.create({ stream: "session-guarded" }));
}));
after(async () => ctx?.cleanup());

test("unary: match_seq_num mismatch is SeqNumMismatchError with the expected seq num", () => traced(async () => {
  const stream = ctx.basin.stream("guarded", streamOptions());
  const ok = await within(OP_TIMEOUT_MS, "append matchSeqNum 0", stream.append(one("first", { matchSeqNum: 0 })));
  assert.equal(ok.start.seqNum, 0);
  const err = await rejection("append matchSeqNum 0 again", stream.append(one("second", { matchSeqNum: 0 })));
  assert.ok(err instanceof SeqNumMismatchError, describe(err));
  assert.equal(err.status, 412, describe(err));
  assert.equal(err.expectedSeqNum, 1, describe(err));
  const ok2 = await within(OP_TIMEOUT_MS, "append matchSeqNum 1", stream.append(one("second", { matchSeqNum: 1 })));
  assert.equal(ok2.start.seqNum, 1);
  await stream.close();
}));

test("unary: fencing token mismatch is FencingTokenMismatchError with the current token", () => traced(async () => {
  const stream = ctx.basin.stream("guarded", streamOptions());
  const fence = await within(OP_TIMEOUT_MS, "fence", stream.append(
    AppendInput.create([AppendRecord.fence("writer-1")]),
  ));
  const err = await rejection("append with wrong token", stream.append(one("x", { fencingToken: "writer-2" })));
  assert.ok(err instanceof FencingTokenMismatchError, describe(err));
  assert.equal(err.status, 412, describe(err));
  assert.equal(err.expectedFencingToken, "writer-1", describe(err));
  const ok = await within(OP_TIMEOUT_MS, "append with right token",
    stream.append(one("fenced", { fencingToken: "writer-1", matchSeqNum: fence.end.seqNum })));
  assert.equal(ok.start.seqNum, fence.end.seqNum);
  const both = await rejection("both conditions wrong", stream.append(one("y", { fencingToken: "nope", matchSeqNum: 0 })));
  assert.ok(both instanceof FencingTokenMismatchError, `fencing is checked first: ${describe(both)}`);

  const read = await within(OP_TIMEOUT_MS, "read fence record", stream.read({
    start: { from: { seqNum: fence.start.seqNum } }, stop: { limits: { count: 1 } },
  }));
  assert.deepEqual(read.records[0].headers, [["", "fence"]], "command record reads back with an empty header name");
  assert.equal(read.records[0].body, "writer-1");
  await stream.close();
}));

test(`append session (${TRANSPORT}): condition failures are typed errors`, () => traced(async () => {
  const stream = ctx.basin.stream("session-guarded", streamOptions());
  const session = await within(OP_TIMEOUT_MS, "open append session", stream.appendSession());
  const first = await within(OP_TIMEOUT_MS, "submit", session.submit(
    AppendInput.create([AppendRecord.fence("sess-1"), AppendRecord.string({ body: "a" })], { matchSeqNum: 0 }),
  ));
  const ack = await within(OP_TIMEOUT_MS, "ack", first.ack());
  assert.equal(ack.end.seqNum, 2);
  const bad = await within(OP_TIMEOUT_MS, "submit", session.submit(one("b", { matchSeqNum: 7 })));
  const err = await rejection("ack of mismatched batch", bad.ack());
  assert.ok(err instanceof SeqNumMismatchError, describe(err));
  assert.equal(err.expectedSeqNum, 2, describe(err));
  await session.close().catch(() => {});
  assert.ok(session.failureCause() instanceof S2Error, "the session reports its fatal error");

  const session2 = await within(OP_TIMEOUT_MS, "open append session", stream.appendSession());
  const fenced = await within(OP_TIMEOUT_MS, "submit", session2.submit(one("c", { fencingToken: "other" })));
  const err2 = await rejection("ack of wrongly fenced batch", fenced.ack());
  assert.ok(err2 instanceof FencingTokenMismatchError, describe(err2));
  assert.equal(err2.expectedFencingToken, "sess-1", describe(err2));
  await session2.close().catch(() => {});

  const tail = await within(OP_TIMEOUT_MS, "tail", stream.checkTail());
  assert.equal(tail.tail.seqNum, 2, "failed batches appended nothing");
  await stream.close();
}));
