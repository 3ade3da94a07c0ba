// Scenario 1: basin and stream management through the SDK's public API.
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { S2Error } from "@s2-dev/streamstore";
import {
  client, clearTrace, describe, OP_TIMEOUT_MS, rejection, traced, tracedRequests, uniqueBasin, within,
} from "../lib/harness.mjs";

const s2 = client();
const basinName = uniqueBasin("mgmt");
const op = (what, promise) => within(OP_TIMEOUT_MS, what, promise);

after(async () => {
  await op("cleanup basin", s2.basins.delete({ basin: basinName })).catch(() => {});
});

test("create basin (with request token), get, list, reconfigure, ensure", () => traced(async () => {
  clearTrace();
  const info = await op("create basin", s2.basins.create({
    basin: basinName,
    config: { defaultStreamConfig: { storageClass: "standard" } },
  }));
  assert.equal(info.name, basinName);
  assert.ok(info.createdAt instanceof Date && !Number.isNaN(info.createdAt.getTime()), "createdAt is a Date");
  const create = tracedRequests().find((r) => r.method === "POST" && r.url.endsWith("/v1/basins"));
  assert.ok(create, "SDK sent POST /v1/basins");
  assert.match(create.headers["s2-request-token"] ?? "", /.+/, "SDK sent an s2-request-token");
  assert.equal(create.status, 201);

  const again = await rejection("create existing basin", s2.basins.create({ basin: basinName }));
  assert.ok(again instanceof S2Error, describe(again));
  assert.equal(again.status, 409, describe(again));
  assert.equal(again.code, "resource_already_exists", describe(again));

  const config = await op("get basin config", s2.basins.getConfig({ basin: basinName }));
  assert.equal(config.defaultStreamConfig?.storageClass, "standard");

  const listed = await op("list basins", s2.basins.list({ prefix: basinName }));
  assert.deepEqual(listed.basins.map((b) => b.name), [basinName]);
  assert.equal(listed.hasMore, false);

  const all = [];
  for await (const b of s2.basins.listAll({ prefix: "it-mgmt-" })) all.push(b.name);
  assert.ok(all.includes(basinName), `listAll includes ${basinName}: ${all}`);

  const reconfigured = await op("reconfigure basin", s2.basins.reconfigure({
    basin: basinName,
    createStreamOnAppend: true,
    defaultStreamConfig: { retentionPolicy: { ageSecs: 3600 } },
  }));
  assert.equal(reconfigured.createStreamOnAppend, true);
  assert.deepEqual(reconfigured.defaultStreamConfig?.retentionPolicy, { ageSecs: 3600 });
  const after = await op("get basin config", s2.basins.getConfig({ basin: basinName }));
  assert.equal(after.createStreamOnAppend, true);
  assert.equal(after.defaultStreamConfig?.storageClass, "standard", "reconfigure keeps untouched fields");

  const ensured = await op("ensure existing basin", s2.basins.ensure({ basin: basinName, config: after }));
  assert.equal(ensured.result, "noop");
  assert.equal(ensured.basin.name, basinName);
}));

test("create stream (with request token), get, list, reconfigure, ensure, delete", () => traced(async () => {
  const basin = s2.basin(basinName);
  clearTrace();
  const info = await op("create stream", basin.streams.create({
    stream: "orders/eu-1",
    config: { timestamping: { mode: "client-prefer", uncapped: false } },
  }));
  assert.equal(info.name, "orders/eu-1");
  assert.ok(info.createdAt instanceof Date && !Number.isNaN(info.createdAt.getTime()));
  const create = tracedRequests().find((r) => r.method === "POST" && r.url.endsWith("/v1/streams"));
  assert.ok(create, "SDK sent POST /v1/streams");
  assert.match(create.headers["s2-request-token"] ?? "", /.+/, "SDK sent an s2-request-token");
  assert.equal(create.headers["s2-basin"], basinName, "SDK sent s2-basin for a direct basin endpoint");
  assert.equal(create.status, 201);

  await op("create second stream", basin.streams.create({ stream: "orders/us-1" }));
  await op("create third stream", basin.streams.create({ stream: "audit" }));

  const dup = await rejection("create existing stream", basin.streams.create({ stream: "audit" }));
  assert.equal(dup.status, 409, describe(dup));
  assert.equal(dup.code, "resource_already_exists", describe(dup));

  const listed = await op("list streams", basin.streams.list({ prefix: "orders/" }));
  assert.deepEqual(listed.streams.map((s) => s.name), ["orders/eu-1", "orders/us-1"]);
  assert.equal(listed.hasMore, false);
  const page = await op("list streams page", basin.streams.list({ limit: 1 }));
  assert.deepEqual(page.streams.map((s) => s.name), ["audit"]);
  assert.equal(page.hasMore, true);
  const next = await op("list after", basin.streams.list({ startAfter: "audit", limit: 1 }));
  assert.deepEqual(next.streams.map((s) => s.name), ["orders/eu-1"]);
  const all = [];
  for await (const s of basin.streams.listAll({ limit: 1 })) all.push(s.name);
  assert.deepEqual(all, ["audit", "orders/eu-1", "orders/us-1"]);

  const config = await op("get stream config", basin.streams.getConfig({ stream: "orders/eu-1" }));
  assert.equal(config.timestamping?.mode, "client-prefer");

  const reconfigured = await op("reconfigure stream", basin.streams.reconfigure({
    stream: "orders/eu-1",
    retentionPolicy: { ageSecs: 86400 },
    timestamping: { mode: "arrival" },
  }));
  assert.deepEqual(reconfigured.retentionPolicy, { ageSecs: 86400 });
  assert.equal(reconfigured.timestamping?.mode, "arrival");
  const reread = await op("get stream config", basin.streams.getConfig({ stream: "orders/eu-1" }));
  assert.deepEqual(reread.retentionPolicy, { ageSecs: 86400 });
  assert.equal(reread.timestamping?.mode, "arrival");

  const noop = await op("ensure existing stream", basin.streams.ensure({ stream: "orders/eu-1", config: reread }));
  assert.equal(noop.result, "noop");
  assert.equal(noop.stream.name, "orders/eu-1");
  const updated = await op("ensure changed stream", basin.streams.ensure({
    stream: "orders/eu-1", config: { ...reread, retentionPolicy: { ageSecs: 7200 } },
  }));
  assert.equal(updated.result, "updated");
  const created = await op("ensure new stream", basin.streams.ensure({ stream: "fresh" }));
  assert.equal(created.result, "created");
  assert.equal(created.stream.name, "fresh");

  await op("delete stream", basin.streams.delete({ stream: "orders/us-1" }));
  const remaining = await op("list streams", basin.streams.list({ prefix: "orders/" }));
  const live = remaining.streams.filter((s) => !s.deletedAt).map((s) => s.name);
  assert.deepEqual(live, ["orders/eu-1"], "deleted stream is gone or marked deleted");
  const gone = await rejection("get config of deleted stream",
    basin.streams.getConfig({ stream: "orders/us-1" }));
  assert.ok([404, 409].includes(gone.status), describe(gone));
  assert.ok(["stream_not_found", "stream_deletion_pending"].includes(gone.code), describe(gone));
  const missing = await rejection("get config of missing stream", basin.streams.getConfig({ stream: "nope" }));
  assert.equal(missing.status, 404, describe(missing));
  assert.equal(missing.code, "stream_not_found", describe(missing));
}));

test("delete basin", () => traced(async () => {
  await op("delete basin", s2.basins.delete({ basin: basinName }));
  const listed = await op("list basins", s2.basins.list({ prefix: basinName }));
  assert.ok(listed.basins.every((b) => b.deletedAt), "deleted basin is gone or marked deleted");
  const missing = await rejection("get config of missing basin", s2.basins.getConfig({ basin: "it-does-not-exist" }));
  assert.equal(missing.status, 404, describe(missing));
  assert.equal(missing.code, "basin_not_found", describe(missing));
}));
