// Scenario 7: access tokens issued through the SDK: a read-only token scoped to one stream reads it,
// and cannot append to it nor read other streams.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { AppendInput, AppendRecord, S2Error } from "@s2-dev/streamstore";
import {
  client, describe, freshBasin, OP_TIMEOUT_MS, rejection, streamOptions, traced, TRANSPORT, within,
} from "../lib/harness.mjs";

const s2 = client();
let ctx;
const tokenId = `it-reader-${process.pid}-${Date.now()}`;
let readerToken;

before(() => traced(async () => {
  ctx = await freshBasin(s2, "tokens");
  for (const name of ["public", "private"]) {
    await within(OP_TIMEOUT_MS, "create stream", ctx.basin.streams.create({ stream: name }));
    const stream = ctx.basin.stream(name, streamOptions());
    await within(OP_TIMEOUT_MS, "seed", stream.append(AppendInput.create([
      AppendRecord.string({ body: `${name} 0` }), AppendRecord.string({ body: `${name} 1` }),
    ])));
    await stream.close();
  }
}));
after(async () => {
  await within(OP_TIMEOUT_MS, "revoke", s2.accessTokens.revoke({ id: tokenId })).catch(() => {});
  await ctx?.cleanup();
});

test("issue a read-only token scoped to one stream and list it", () => traced(async () => {
  const issued = await within(OP_TIMEOUT_MS, "issue token", s2.accessTokens.issue({
    id: tokenId,
    scope: {
      basins: { exact: ctx.name },
      streams: { exact: "public" },
      opGroups: { stream: { read: true } },
    },
    expiresAt: new Date(Date.now() + 3_600_000),
  }));
  assert.equal(typeof issued.accessToken, "string");
  assert.ok(issued.accessToken.length > 0);
  readerToken = issued.accessToken;

  const listed = await within(OP_TIMEOUT_MS, "list tokens", s2.accessTokens.list({ prefix: tokenId }));
  assert.deepEqual(listed.accessTokens.map((t) => t.id), [tokenId]);
  const info = listed.accessTokens[0];
  assert.deepEqual(info.scope.streams, { exact: "public" });
  assert.deepEqual(info.scope.basins, { exact: ctx.name });
  assert.equal(info.scope.opGroups?.stream?.read, true);
  assert.equal(info.scope.opGroups?.stream?.write, false);
  assert.equal(info.autoPrefixStreams, false);
  assert.ok(info.expiresAt instanceof Date, "expiresAt is a Date");

  const dup = await rejection("issue duplicate id", s2.accessTokens.issue({ id: tokenId, scope: { ops: ["read"] } }));
  assert.equal(dup.status, 409, describe(dup));
  assert.equal(dup.code, "resource_already_exists", describe(dup));
}));

test(`the scoped token reads its stream (${TRANSPORT}) and nothing else`, () => traced(async () => {
  assert.ok(readerToken, "token was issued by the previous test");
  const limited = client(readerToken);
  const stream = limited.basin(ctx.name).stream("public", streamOptions());
  const batch = await within(OP_TIMEOUT_MS, "read with token", stream.read({
    start: { from: { seqNum: 0 } }, stop: { limits: { count: 10 } },
  }));
  assert.deepEqual(batch.records.map((r) => r.body), ["public 0", "public 1"]);
  const tail = await within(OP_TIMEOUT_MS, "check tail with token", stream.checkTail());
  assert.equal(tail.tail.seqNum, 2);

  const session = await within(OP_TIMEOUT_MS, "open read session with token", stream.readSession({
    start: { from: { seqNum: 0 } }, stop: { limits: { count: 2 } },
  }));
  const got = [];
  await within(OP_TIMEOUT_MS, "drain", (async () => { for await (const r of session) got.push(r.body); })());
  assert.deepEqual(got, ["public 0", "public 1"]);

  const denied = await rejection("append with read-only token",
    stream.append(AppendInput.create([AppendRecord.string({ body: "nope" })])));
  assert.ok(denied instanceof S2Error, describe(denied));
  assert.equal(denied.status, 403, describe(denied));
  assert.equal(denied.code, "permission_denied", describe(denied));

  const other = limited.basin(ctx.name).stream("private", streamOptions());
  const outOfScope = await rejection("read another stream", other.read({
    start: { from: { seqNum: 0 } }, stop: { limits: { count: 1 } },
  }));
  assert.equal(outOfScope.status, 403, describe(outOfScope));
  assert.equal(outOfScope.code, "permission_denied", describe(outOfScope));

  const listing = await rejection("list basins with stream token", limited.basins.list());
  assert.equal(listing.status, 403, describe(listing));
  await stream.close();
  await other.close();
}));

test(`a read-only token cannot open a working append session (${TRANSPORT})`, () => traced(async () => {
  assert.ok(readerToken, "token was issued by the first test");
  const stream = client(readerToken).basin(ctx.name).stream("public", streamOptions());
  const err = await rejection("append session with read-only token", (async () => {
    const session = await stream.appendSession();
    const ticket = await session.submit(AppendInput.create([AppendRecord.string({ body: "nope" })]));
    return ticket.ack();
  })());
  assert.ok(err instanceof S2Error, describe(err));
  assert.equal(err.status, 403, describe(err));
  assert.equal(err.code, "permission_denied", describe(err));
  await stream.close();
  const tail = await within(OP_TIMEOUT_MS, "tail", ctx.basin.stream("public").checkTail());
  assert.equal(tail.tail.seqNum, 2, "nothing was appended");
}));

test("an unknown token is rejected as unauthenticated; a revoked token stops working", () => traced(async () => {
  const bogus = await rejection("list with bogus token", client("not-a-token").basins.list());
  assert.equal(bogus.status, 401, describe(bogus));
  assert.equal(bogus.code, "authn", describe(bogus));

  await within(OP_TIMEOUT_MS, "revoke", s2.accessTokens.revoke({ id: tokenId }));
  const revoked = await rejection("read with revoked token", client(readerToken).basin(ctx.name).stream("public").read({
    start: { from: { seqNum: 0 } }, stop: { limits: { count: 1 } },
  }));
  assert.ok([401, 403].includes(revoked.status), describe(revoked));
  const again = await rejection("revoke again", s2.accessTokens.revoke({ id: tokenId }));
  assert.equal(again.status, 404, describe(again));
  assert.equal(again.code, "access_token_not_found", describe(again));
}));
