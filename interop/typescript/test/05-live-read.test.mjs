// Scenario 5: a live read session receives records appended after it caught up, reports caught-up,
// and survives S2_INTEROP_IDLE_SECS (default 30) of idleness kept alive by server heartbeats.
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { after, before, test } from "node:test";
import { AppendInput, AppendRecord } from "@s2-dev/streamstore";
import {
  client, describe, freshBasin, IDLE_SECS, OP_TIMEOUT_MS, streamOptions, traced, TRANSPORT, within,
} from "../lib/harness.mjs";

const s2 = client();
let ctx;

before(() => traced(async () => {
  ctx = await freshBasin(s2, "live");
  await within(OP_TIMEOUT_MS, "create stream", ctx.basin.streams.create({ stream: "feed" }));
  const writer = ctx.basin.stream("feed", streamOptions());
  await within(OP_TIMEOUT_MS, "seed", writer.append(AppendInput.create(
    [0, 1, 2, 3, 4].map((i) => AppendRecord.string({ body: `old ${i}` })),
  )));
  await writer.close();
}));
after(async () => ctx?.cleanup());

test(`live read session (${TRANSPORT}): catch up, follow, survive ${IDLE_SECS}s idle`,
  { timeout: (IDLE_SECS + 60) * 1000 }, () => traced(async () => {
    const reader = ctx.basin.stream("feed", streamOptions());
    const writer = ctx.basin.stream("feed", streamOptions());
    const session = await within(OP_TIMEOUT_MS, "open read session",
      reader.readSession({ start: { from: { seqNum: 0 } } }));
    const records = session[Symbol.asyncIterator]();
    const next = async (what) => {
      const { value, done } = await within(OP_TIMEOUT_MS, what, records.next());
      assert.equal(done, false, `${what}: session ended early`);
      return value;
    };
    try {
      for (let i = 0; i < 5; i++) {
        const r = await next(`catch-up record ${i}`);
        assert.equal(r.seqNum, i);
        assert.equal(r.body, `old ${i}`);
      }
      // The next record is not there yet: keep a pull outstanding so the session keeps reading.
      let pending = records.next();
      const caughtUp = await within(OP_TIMEOUT_MS, "caughtUp()", session.caughtUp());
      assert.equal(caughtUp.seqNum, 5, "caught up at the tail");
      assert.equal(session.isCaughtUp(), true);
      assert.equal(session.lastObservedTail()?.seqNum, 5);

      const ack = await within(OP_TIMEOUT_MS, "live append", writer.append(AppendInput.create([
        AppendRecord.string({ body: "live 5", headers: [["h", "v"]] }),
        AppendRecord.string({ body: "live 6" }),
      ])));
      assert.equal(ack.start.seqNum, 5);
      let r = (await within(OP_TIMEOUT_MS, "live record 5", pending)).value;
      assert.equal(r.seqNum, 5);
      assert.equal(r.body, "live 5");
      assert.deepEqual(r.headers, [["h", "v"]]);
      r = await next("live record 6");
      assert.equal(r.seqNum, 6);

      // Idle: nothing is appended, the pull stays outstanding and must neither fail nor end.
      pending = records.next();
      let settled = false;
      pending.then(() => { settled = true; }, () => { settled = true; });
      await sleep(IDLE_SECS * 1000);
      if (settled) {
        const outcome = await pending.then((v) => JSON.stringify(v), (e) => describe(e));
        assert.fail(`the session settled during ${IDLE_SECS}s of idleness: ${outcome}`);
      }
      assert.equal(session.lastObservedTail()?.seqNum, 7, "heartbeats keep reporting the tail");

      await within(OP_TIMEOUT_MS, "append after idle", writer.append(AppendInput.create([
        AppendRecord.string({ body: "after idle" }),
      ])));
      const result = await within(OP_TIMEOUT_MS, "record after idle", pending);
      assert.equal(result.done, false, "session ended instead of delivering");
      assert.equal(result.value.seqNum, 7);
      assert.equal(result.value.body, "after idle");
      assert.equal(session.nextReadPosition()?.seqNum, 8);
    } finally {
      // Bounded: return() queues behind a pending next() on a stuck session.
      await within(5000, "cancel read session", session.cancel().catch(() => {})).catch(() => {});
      await within(5000, "close reader", reader.close()).catch(() => {});
      await within(5000, "close writer", writer.close()).catch(() => {});
    }
  }));

test(`read session (${TRANSPORT}) with waitSecs ends after the wait without records`, () => traced(async () => {
  const reader = ctx.basin.stream("feed", streamOptions());
  const tail = (await within(OP_TIMEOUT_MS, "tail", reader.checkTail())).tail.seqNum;
  const session = await within(OP_TIMEOUT_MS, "open", reader.readSession({
    start: { from: { seqNum: tail } }, stop: { waitSecs: 2 },
  }));
  const got = [];
  await within(OP_TIMEOUT_MS, "session ends after wait", (async () => {
    for await (const rec of session) got.push(rec);
  })());
  assert.deepEqual(got, []);
  await reader.close();
}));
