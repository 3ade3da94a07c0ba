// Shared setup for the interop scenarios: an SDK client configured from the environment that
// run.sh exports after parsing the server banner, the transport under test, a fetch tracer that
// records what the SDK sent (printed when a scenario fails), and bounded waiting helpers.
import { S2, S2Environment } from "@s2-dev/streamstore";

/** "default" lets the SDK pick (s2s over h2c in Node 20); "fetch" forces unary appends + SSE reads. */
export const TRANSPORT = process.env.S2_INTEROP_TRANSPORT === "fetch" ? "fetch" : "default";

/** Seconds of idleness the live-read scenario survives (30 in the full run). */
export const IDLE_SECS = Number(process.env.S2_INTEROP_IDLE_SECS ?? "30");

/** Upper bound for any single awaited SDK operation. */
export const OP_TIMEOUT_MS = Number(process.env.S2_INTEROP_OP_TIMEOUT_MS ?? "20000");

const trace = [];
const TRACE_LIMIT = 40;

// Wrap the global fetch (used by the SDK's unary calls and its fetch transport) so a failing
// scenario can show the requests that led to it. The s2s transport uses node:http2 directly.
const originalFetch = globalThis.fetch;
globalThis.fetch = async (input, init) => {
  const request = input instanceof Request ? input : new Request(input, init);
  const entry = {
    method: request.method,
    url: request.url,
    headers: Object.fromEntries(
      [...request.headers].filter(([k]) => k.startsWith("s2-") || k === "accept" || k === "content-type"),
    ),
    status: undefined,
    body: undefined,
  };
  trace.push(entry);
  if (trace.length > TRACE_LIMIT) trace.shift();
  const response = await originalFetch(input, init);
  entry.status = response.status;
  if (response.status >= 400) {
    entry.body = await response.clone().text().catch(() => "<unreadable>");
  }
  return response;
};

/** The last requests the SDK made over fetch, for failure diagnostics. */
export function recentRequests() {
  return trace
    .map((e) => `${e.method} ${e.url} ${JSON.stringify(e.headers)} -> ${e.status ?? "pending"}${e.body ? ` ${e.body}` : ""}`)
    .join("\n");
}

export function clearTrace() {
  trace.length = 0;
}

/** Requests seen so far (copies), for asserting on what the SDK sent. */
export function tracedRequests() {
  return trace.map((e) => ({ ...e }));
}

function requireEnv(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the scenarios through run.sh`);
  return value;
}

/** A client for the server under test; `accessToken` overrides the banner's root token. */
export function client(accessToken) {
  requireEnv("S2_ACCOUNT_ENDPOINT");
  requireEnv("S2_BASIN_ENDPOINT");
  const env = S2Environment.parse();
  return new S2({
    ...env,
    accessToken: accessToken ?? requireEnv("S2_ACCESS_TOKEN"),
    // Fail fast instead of retrying protocol mistakes into a timeout.
    retry: { maxAttempts: 1 },
    requestTimeoutMillis: OP_TIMEOUT_MS,
    connectionTimeoutMillis: 5000,
    // s2s frame compression ("gzip"; "zstd" needs Node 22.15+); unset means none.
    ...(process.env.S2_INTEROP_COMPRESSION ? { compression: process.env.S2_INTEROP_COMPRESSION } : {}),
  });
}

/** Stream options selecting the transport under test. */
export function streamOptions() {
  return TRANSPORT === "fetch" ? { forceTransport: "fetch" } : {};
}

let counter = 0;
/** A basin name unique to this process (8-48 chars, lowercase, digits, hyphens). */
export function uniqueBasin(tag) {
  counter += 1;
  const suffix = `${process.pid.toString(36)}-${Date.now().toString(36)}-${counter}`;
  return `it-${tag}-${suffix}`.slice(0, 48).replace(/-+$/, "");
}

/** Rejects with a descriptive error if `promise` does not settle within `ms`. */
export async function within(ms, what, promise) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Awaits `promise` expecting a rejection; returns the error (fails if it resolves or hangs). */
export async function rejection(what, promise) {
  try {
    const value = await within(OP_TIMEOUT_MS, what, promise);
    throw new ExpectedRejectionMissing(`${what}: expected an error, got ${JSON.stringify(value)}`);
  } catch (e) {
    if (e instanceof ExpectedRejectionMissing) throw e;
    return e;
  }
}

class ExpectedRejectionMissing extends Error {}

/** Describes an error for assertion messages: class, status, code, message and recent requests. */
export function describe(error) {
  if (!(error instanceof Error)) return String(error);
  return `${error.constructor.name} status=${error.status} code=${error.code} message=${error.message}\n` +
    `recent fetch requests:\n${recentRequests()}`;
}

/** Runs `fn`; if it throws, appends the recent request trace to the error message. */
export async function traced(fn) {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof Error && !e.message.includes("recent fetch requests")) {
      e.message += `\n[transport=${TRANSPORT}] recent fetch requests:\n${recentRequests()}`;
    }
    throw e;
  }
}

/** Creates a basin and returns it with a cleanup function that deletes it (best effort). */
export async function freshBasin(s2, tag) {
  const name = uniqueBasin(tag);
  await within(OP_TIMEOUT_MS, `create basin ${name}`, s2.basins.create({ basin: name }));
  return {
    name,
    basin: s2.basin(name),
    cleanup: async () => {
      await within(OP_TIMEOUT_MS, `delete basin ${name}`, s2.basins.delete({ basin: name })).catch(() => {});
    },
  };
}

const encoder = new TextEncoder();
export const utf8 = (s) => encoder.encode(s);

/** Bytes with every value 0..255 and some invalid UTF-8, to prove binary safety. */
export function binaryBody(i) {
  const out = new Uint8Array(256 + 4);
  for (let b = 0; b < 256; b++) out[b] = (b + i) & 0xff;
  out.set([0xff, 0xfe, 0xc0, 0x80], 256);
  return out;
}
