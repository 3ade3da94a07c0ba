// Cross-language hook helpers, run by run.sh around scenario 8:
//   node lib/xlang.mjs prepare   creates $S2_INTEROP_XLANG_BASIN / $S2_INTEROP_XLANG_STREAM
//   node lib/xlang.mjs prepare-stream   creates just the stream (for the reverse direction)
//   node lib/xlang.mjs write     the default writer (this SDK); a Java writer replaces it via
//                                S2_INTEROP_WRITER_CMD and must honour the same record contract:
// record i (0 <= i < $S2_INTEROP_XLANG_COUNT) has body "xlang-<i>" (UTF-8) and exactly the headers
// [["index", "<i>"], ["writer", <any non-empty name>]], appended in order in batches of any size.
import { AppendInput, AppendRecord } from "@s2-dev/streamstore";
import { client, OP_TIMEOUT_MS, within } from "./harness.mjs";

const basinName = process.env.S2_INTEROP_XLANG_BASIN;
const streamName = process.env.S2_INTEROP_XLANG_STREAM;
const count = Number(process.env.S2_INTEROP_XLANG_COUNT ?? "100");
if (!basinName || !streamName) throw new Error("S2_INTEROP_XLANG_BASIN and S2_INTEROP_XLANG_STREAM must be set");

const s2 = client();
const command = process.argv[2];
if (command === "prepare") {
  await within(OP_TIMEOUT_MS, "create basin", s2.basins.create({ basin: basinName }));
  await within(OP_TIMEOUT_MS, "create stream", s2.basin(basinName).streams.create({ stream: streamName }));
} else if (command === "prepare-stream") {
  await within(OP_TIMEOUT_MS, "create stream", s2.basin(basinName).streams.create({ stream: streamName }));
} else if (command === "write") {
  const stream = s2.basin(basinName).stream(streamName);
  for (let start = 0; start < count; start += 50) {
    const records = [];
    for (let i = start; i < Math.min(count, start + 50); i++) {
      records.push(AppendRecord.string({ body: `xlang-${i}`, headers: [["index", String(i)], ["writer", "typescript"]] }));
    }
    await within(OP_TIMEOUT_MS, "append", stream.append(AppendInput.create(records)));
  }
  await stream.close();
} else {
  throw new Error(`usage: node lib/xlang.mjs prepare|write (got ${command})`);
}
