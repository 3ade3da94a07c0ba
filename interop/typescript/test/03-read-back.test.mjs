// Scenario 3: read back from seq 0 with a count limit; bodies and headers are byte-exact for both
// string and bytes records, through the unary read and through a read session.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { AppendInput, AppendRecord } from "@s2-dev/streamstore";
import {
  binaryBody, client, freshBasin, OP_TIMEOUT_MS, streamOptions, traced, TRANSPORT, utf8, within,
} from "../lib/harness.mjs";

const s2 = client();
let ctx;
const TOTAL = 60;
// Even seq nums are string records, odd ones binary records.
const expected = [];

function stringRecord(n) {
  return { body: `text ${n} — ünïcødé 🚀 "quoted" \\ back\nslash`, headers: [["kind", "string"], ["n", String(n)], ["dup", "a"], ["dup", "b"]] };
}
function bytesRecord(n) {
  return {
    body: binaryBody(n),
    headers: [[new Uint8Array([0xff, 0x00, n & 0xff]), new Uint8Array([0x80, 0x81])], [utf8("kind"), utf8("bytes")]],
  };
}

before(() => traced(async () => {
  ctx = await freshBasin(s2, "readback");
  await within(OP_TIMEOUT_MS, "create stream", ctx.basin.streams.create({ stream: "mixed" }));
  const stream = ctx.basin.stream("mixed", streamOptions());
  for (let chunk = 0; chunk < TOTAL; chunk += 20) {
    const records = [];
    for (let n = chunk; n < chunk + 20; n++) {
      if (n % 2 === 0) {
        const r = stringRecord(n);
        expected.push({ body: utf8(r.body), headers: r.headers.map(([k, v]) => [utf8(k), utf8(v)]) });
        records.push(AppendRecord.string(r));
      } else {
        const r = bytesRecord(n);
        expected.push({ body: r.body, headers: r.headers });
        records.push(AppendRecord.bytes(r));
      }
    }
    const ack = await within(OP_TIMEOUT_MS, "unary append", stream.append(AppendInput.create(records)));
    assert.equal(ack.start.seqNum, chunk);
  }
  await stream.close();
}));
after(async () => ctx?.cleanup());

function assertBytesRecord(record, n) {
  assert.equal(record.seqNum, n);
  assert.ok(record.body instanceof Uint8Array, `record ${n} body is bytes`);
  assert.deepEqual([...record.body], [...expected[n].body], `record ${n} body`);
  assert.deepEqual(
    record.headers.map(([k, v]) => [[...k], [...v]]),
    expected[n].headers.map(([k, v]) => [[...k], [...v]]),
    `record ${n} headers`,
  );
}

test("unary read from seq 0 with a count limit, as bytes: byte-exact", () => traced(async () => {
  const stream = ctx.basin.stream("mixed", streamOptions());
  const batch = await within(OP_TIMEOUT_MS, "read", stream.read(
    { start: { from: { seqNum: 0 } }, stop: { limits: { count: 25 } } }, { as: "bytes" },
  ));
  assert.equal(batch.records.length, 25);
  batch.records.forEach((r, i) => assertBytesRecord(r, i));
  await stream.close();
}));

test("unary read as strings: string records round-trip exactly", () => traced(async () => {
  const stream = ctx.basin.stream("mixed", streamOptions());
  const batch = await within(OP_TIMEOUT_MS, "read", stream.read(
    { start: { from: { seqNum: 0 } }, stop: { limits: { count: 10 } } },
  ));
  assert.equal(batch.records.length, 10);
  for (const r of batch.records.filter((x) => x.seqNum % 2 === 0)) {
    const want = stringRecord(r.seqNum);
    assert.equal(r.body, want.body);
    assert.deepEqual(r.headers, want.headers);
  }
  await stream.close();
}));

test("unary read with a bytes limit stops early", () => traced(async () => {
  const stream = ctx.basin.stream("mixed", streamOptions());
  const batch = await within(OP_TIMEOUT_MS, "read", stream.read(
    { start: { from: { seqNum: 1 } }, stop: { limits: { bytes: 700 } } }, { as: "bytes" },
  ));
  // Record 1 (binary) meters 8 + 2*2 + 3+2 + 4+5 + 260 = 282 bytes; the string record ~100 bytes.
  assert.ok(batch.records.length >= 1 && batch.records.length < 5, `got ${batch.records.length} records`);
  assertBytesRecord(batch.records[0], 1);
  await stream.close();
}));

test(`read session (${TRANSPORT}) from seq 0 with a count limit: byte-exact, then ends`, () => traced(async () => {
  const stream = ctx.basin.stream("mixed", streamOptions());
  const session = await within(OP_TIMEOUT_MS, "open read session", stream.readSession(
    { start: { from: { seqNum: 0 } }, stop: { limits: { count: 45 } } }, { as: "bytes" },
  ));
  const got = [];
  await within(OP_TIMEOUT_MS, "drain read session", (async () => {
    for await (const record of session) got.push(record);
  })());
  assert.equal(got.length, 45);
  got.forEach((r, i) => assertBytesRecord(r, i));
  await stream.close();
}));

test(`read session (${TRANSPORT}) as strings across all ${TOTAL} records`, () => traced(async () => {
  const stream = ctx.basin.stream("mixed", streamOptions());
  const session = await within(OP_TIMEOUT_MS, "open read session", stream.readSession(
    { start: { from: { seqNum: 0 } }, stop: { limits: { count: TOTAL } } },
  ));
  const got = [];
  await within(OP_TIMEOUT_MS, "drain read session", (async () => {
    for await (const record of session) got.push(record);
  })());
  assert.deepEqual(got.map((r) => r.seqNum), [...Array(TOTAL).keys()]);
  for (const r of got.filter((x) => x.seqNum % 2 === 0)) {
    assert.equal(r.body, stringRecord(r.seqNum).body);
    assert.deepEqual(r.headers, stringRecord(r.seqNum).headers);
  }
  await stream.close();
}));
