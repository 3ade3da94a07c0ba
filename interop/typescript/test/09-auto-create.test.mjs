// Scenario 9: streams auto-created by appends and reads (basin create_stream_on_append/on_read),
// including the SDK's `s2-stream-config` header that configures a stream it auto-creates.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { AppendInput, AppendRecord } from "@s2-dev/streamstore";
import {
  client, describe, freshBasin, OP_TIMEOUT_MS, rejection, streamOptions, traced, TRANSPORT, within,
} from "../lib/harness.mjs";

const s2 = client();
let ctx;
const op = (what, promise) => within(OP_TIMEOUT_MS, what, promise);

before(() => traced(async () => {
  ctx = await freshBasin(s2, "auto");
}));
after(async () => ctx?.cleanup());

test("without the basin settings a missing stream is stream_not_found", () => traced(async () => {
  const stream = ctx.basin.stream("missing", streamOptions());
  const err = await rejection("append to missing stream",
    stream.append(AppendInput.create([AppendRecord.string({ body: "x" })])));
  assert.equal(err.status, 404, describe(err));
  assert.equal(err.code, "stream_not_found", describe(err));
  await stream.close();
}));

test(`append and read sessions (${TRANSPORT}) auto-create streams`, () => traced(async () => {
  await op("enable auto-create", s2.basins.reconfigure({
    basin: ctx.name, createStreamOnAppend: true, createStreamOnRead: true,
  }));
  const appended = ctx.basin.stream("by-append", streamOptions());
  const session = await op("open append session", appended.appendSession());
  const ticket = await op("submit", session.submit(AppendInput.create([AppendRecord.string({ body: "hello" })])));
  assert.equal((await op("ack", ticket.ack())).start.seqNum, 0);
  await op("close", session.close());

  const read = ctx.basin.stream("by-read", streamOptions());
  const readSession = await op("open read session", read.readSession({
    start: { from: { seqNum: 0 }, clamp: true }, stop: { waitSecs: 1 },
  }));
  const got = [];
  await op("drain", (async () => { for await (const r of readSession) got.push(r); })());
  assert.deepEqual(got, []);
  const names = (await op("list", ctx.basin.streams.list())).streams.map((s) => s.name);
  assert.ok(names.includes("by-append") && names.includes("by-read"), `auto-created: ${names}`);
  await appended.close();
  await read.close();
}));

test("a unary append applies the s2-stream-config header to the stream it creates", () => traced(async () => {
  await op("enable auto-create", s2.basins.reconfigure({ basin: ctx.name, createStreamOnAppend: true }));
  const stream = ctx.basin.stream("configured", streamOptions());
  await op("append", stream.append(AppendInput.create([AppendRecord.string({ body: "x" })], {
    streamConfig: { retentionPolicy: { ageSecs: 4321 }, timestamping: { mode: "arrival" } },
  })));
  const config = await op("get config", ctx.basin.streams.getConfig({ stream: "configured" }));
  assert.deepEqual(config.retentionPolicy, { ageSecs: 4321 }, `config: ${JSON.stringify(config)}`);
  assert.equal(config.timestamping?.mode, "arrival");
  await stream.close();
}));
