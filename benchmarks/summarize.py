#!/usr/bin/env python3
"""Summarises benchmarks/target/report/*.json (written by run-report.sh) as Markdown."""
import glob
import json
import os
import statistics
import sys

out = sys.argv[1] if len(sys.argv) > 1 else "benchmarks/target/report"


def load(name):
    runs = []
    for path in sorted(glob.glob(os.path.join(out, name + "-*.json"))):
        try:
            with open(path) as f:
                text = f.read().strip()
            if text:
                runs.append(json.loads(text))
        except (ValueError, OSError):
            pass
    return [r for r in runs if "skipped" not in r]


def med(values):
    values = [v for v in values if v is not None]
    if not values:
        return None, None, None
    return statistics.median(values), min(values), max(values)


def fmt(stat, unit="", digits=2):
    m, lo, hi = stat
    if m is None:
        return "n/a", ""
    return f"{m:.{digits}f}{unit}", f"{lo:.{digits}f}–{hi:.{digits}f}"


def ratio(a, b):
    return a / b if a is not None and b else None


def ms(ns):
    return ns / 1e6 if ns is not None else None


def get(run, *path):
    for key in path:
        if run is None or key not in run:
            return None
        run = run[key]
    return run


with open(os.path.join(out, "machine.json")) as f:
    machine = json.load(f)
load_after = open(os.path.join(out, "load-after.json")).read().strip() \
    if os.path.exists(os.path.join(out, "load-after.json")) else "?"

t1 = load("t1-s2")
t1r = load("t1-redis")
t2 = load("t2-s2")
t3n1 = load("t3n1-s2")
t3n100 = load("t3n100-s2")
t3n100r = load("t3n100-redis")
t3n1000 = load("t3n1000-s2")
t3n1000r = load("t3n1000-redis")

rows = []


def row(target, what, values, unit, ratios=None, ratio_to="", goal="", met=None, digits=2):
    value, spread = fmt(med(values), unit, digits)
    r = med(ratios or [])
    rtext = f"{r[0]:.2f}× {ratio_to} ({r[1]:.2f}–{r[2]:.2f})" if r[0] is not None else ""
    verdict = "" if met is None else ("met" if met else "**not met**")
    rows.append(f"| {target} | {what} | {value} | {spread} | {rtext} | {goal} | {verdict} |")


def pairs(a, b, fa, fb):
    return [ratio(fa(x), fb(y)) for x, y in zip(a, b)]


w = [get(r, "write", "mibps") for r in t1]
fs = [get(r, "baselines", "fsync_batch", "mibps") for r in t1]
rw = [get(r, "write", "mibps") for r in t1r]
m = med(w)[0]
vs_redis = med(pairs(t1, t1r, lambda r: get(r, "write", "mibps"), lambda r: get(r, "write", "mibps")))[0]
row("T1", "append MiB/s, 1 KiB, max rate", w, "", pairs(t1, t1, lambda r: get(r, "write", "mibps"),
    lambda r: get(r, "baselines", "fsync_batch", "mibps")), "raw fsync (same batch)",
    "≥ 100 MiB/s", m is not None and m >= 100)
row("T1", "Redis Streams MiB/s, same workload", rw, "", pairs(t1, t1r,
    lambda r: get(r, "write", "mibps"), lambda r: get(r, "write", "mibps")), "s2r / Redis",
    "s2r ≥ 1.5× Redis", vs_redis is not None and vs_redis >= 1.5)
row("T1", "raw write+fsync MiB/s (1000 × 1 KiB per fsync)", fs, "")
cpu = [get(r, "cpu_s_per_mib") for r in t1]
row("T1", "CPU s per MiB appended (client + embedded server + live reader)", cpu, "",
    pairs(t1, t1r, lambda r: get(r, "cpu_s_per_mib"), lambda r: get(r, "cpu_s_per_mib")),
    "s2r / Redis (Lettuce JVM + redis-server)", digits=3)
row("T1", "CPU-bound ceiling on 2 idle cores = 2 / (CPU s per MiB)",
    [2 / c if c else None for c in cpu], "", goal="≥ 100 MiB/s", digits=1)
row("T1", "Redis CPU s per MiB (Lettuce JVM + redis-server)",
    [get(r, "cpu_s_per_mib") for r in t1r], "", digits=3)
p50 = [ms(get(r, "ack_latency_ns", "p50Nanos")) for r in t2]
p99 = [ms(get(r, "ack_latency_ns", "p99Nanos")) for r in t2]
fsync1 = [get(r, "baselines", "fsync_single", "fsync_p50_us") for r in t1]


def paced(i):
    """fsync_paced of the i-th run (one write+fsync every interval_ms: T2's own pace), if any."""
    for runs in (t2, t1):
        found = get(runs[i], "baselines", "fsync_paced") if i < len(runs) else None
        if found:
            return found
    return None


has_paced = any(paced(i) for i in range(len(t2)))


def fsync_baseline_ms(i):
    """The fsync p50 T2 is compared with, in ms: paced when measured, else back to back."""
    b = paced(i) if has_paced else (get(t1[i], "baselines", "fsync_single") if i < len(t1) else None)
    return ((b or {}).get("fsync_p50_us") or 0) / 1000 or None


row("T2", "ack latency p50, 100 rec/s, linger 0 (ms)", p50, "",
    [ratio(ms(get(r, "ack_latency_ns", "p50Nanos")), fsync_baseline_ms(i)) for i, r in enumerate(t2)],
    "single fsync at the same pace p50" if has_paced else "single fsync p50",
    "≤ 0.5 ms", med(p50)[0] is not None and med(p50)[0] <= 0.5, 3)
row("T2", "ack latency p99 (ms)", p99, "", goal="≤ 5 ms",
    met=med(p99)[0] is not None and med(p99)[0] <= 5, digits=3)
if has_paced:
    intervals = sorted({paced(i).get("interval_ms") for i in range(len(t2)) if paced(i)} - {None})
    pace = f", one every {'/'.join(f'{v:g}' for v in intervals)} ms" if intervals else ""
    row("T2", f"single 1 KiB write+fsync at the same pace p50 (µs{pace})",
        [(paced(i) or {}).get("fsync_p50_us") for i in range(len(t2))], "", digits=0)
    row("T2", "single 1 KiB write+fsync at the same pace p99 (µs)",
        [(paced(i) or {}).get("fsync_p99_us") for i in range(len(t2))], "", digits=0)
row("T2", "single-record write+fsync p50, back to back (µs)", fsync1, "", digits=0)
for name, runs, peer, goal, limit in (("N=1", t3n1, [], "≤ 5 ms", 5), ("N=100", t3n100, t3n100r, "≤ 15 ms", 15),
                                      ("N=1000, 100 rec/s", t3n1000, t3n1000r, "≤ 50 ms, ≤ 0.5× Redis", 50)):
    e2e = [ms(get(r, "e2e_latency_ns", "p99Nanos")) for r in runs]
    rr = pairs(runs, peer, lambda r: get(r, "e2e_latency_ns", "p99Nanos"),
               lambda r: get(r, "e2e_latency_ns", "p99Nanos")) if peer else []
    m = med(e2e)[0]
    met = m is not None and m <= limit
    if name.startswith("N=1000") and med(rr)[0] is not None:
        met = met and med(rr)[0] <= 0.5
    row("T3", f"append→read p99, 256 B, 1000 rec/s, {name} (ms)", e2e, "", rr, "s2r / Redis", goal, met)
    if peer:
        row("T3", f"Redis Streams append→read p99, {name} (ms)",
            [ms(get(r, "e2e_latency_ns", "p99Nanos")) for r in peer], "")
cu = [get(r, "catchup", "mibps") for r in t1]
row("T4", "catch-up read MiB/s, page cache hot", cu, "",
    pairs(t1, t1, lambda r: get(r, "catchup", "mibps"), lambda r: get(r, "baselines", "loopback", "mibps")),
    "loopback TCP", "≥ 500 MiB/s", med(cu)[0] is not None and med(cu)[0] >= 500)
row("T4", "loopback TCP MiB/s", [get(r, "baselines", "loopback", "mibps") for r in t1], "", digits=0)
t6 = load("t6")
tsw = [get(r, "typescript", "write", "mibps") for r in t6]
row("T6", "TypeScript SDK append MiB/s, 1 KiB, max", tsw, "")
row("T6", "Java client append / TypeScript SDK append (same server, same run)",
    [ratio(get(r, "java", "write", "mibps"), get(r, "typescript", "write", "mibps")) for r in t6],
    "×", goal="≥ 1.5×", met=med([ratio(get(r, "java", "write", "mibps"),
        get(r, "typescript", "write", "mibps")) for r in t6])[0] is not None and med(
        [ratio(get(r, "java", "write", "mibps"), get(r, "typescript", "write", "mibps")) for r in t6])[0] >= 1.5)
row("T6", "Java client live read / TypeScript SDK live read",
    [ratio(get(r, "java", "read", "mibps"), get(r, "typescript", "read", "mibps")) for r in t6],
    "×", goal="≥ 1.5×")
row("T6", "Java client catch-up / TypeScript SDK catch-up",
    [ratio(get(r, "java", "catchup", "mibps"), get(r, "typescript", "catchup", "mibps")) for r in t6],
    "×", goal="≥ 1.5×")
t5 = {n: load(f"t5n{n}") for n in (1000, 10000)}
for n, runs in t5.items():
    per = [(get(r, "heap_bytes_per_reader") or 0) / 1024 for r in runs if r.get("verified")]
    m = med(per)[0]
    label = f"{n:,}".replace(",", " ")
    row("T5", f"server heap after GC per idle reader, N={label} (KiB; server alone in a 512 MiB JVM)",
        per, "", goal="≤ 16 KiB", met=m is not None and m <= 16 if runs else None,
        digits=2)
fits = t5[10000]
ok = sum(1 for r in fits if r.get("verified"))
if fits:
    rows.append(f"| T5 | 10 000 idle readers open in a 512 MiB server heap, probe record received by all | "
                f"{'yes' if ok == len(fits) else 'no'} ({ok}/{len(fits)} runs) | | | 10 000 in 512 MiB | "
                f"{'met' if ok == len(fits) else '**not met**'} |")
row("T5", "server RSS growth per idle reader, N=10 000 (KiB)",
    [(get(r, "rss_bytes_per_reader") or 0) / 1024 for r in fits if r.get("verified")], "", digits=1)
row("T5", "server heap held per stalled catch-up reader (MiB; 64 MiB stream, reader stops reading)",
    [(get(r, "stalled_heap_bytes_per_reader") or 0) / 1048576 for r in t5[1000]
     if r.get("stalled_readers")], "", digits=1)
row("T5", "server heap with 10 000 idle readers, after GC (MiB)",
    [(get(r, "heap_bytes_after") or 0) / 1048576 for r in fits if r.get("verified")], "", digits=1)
heap = [(get(r, "idle", "heapBytesPerReader") or 0) / 1024 for r in t2 if get(r, "idle")]
rss = [(get(r, "idle", "rssBytesPerReader") or 0) / 1024 for r in t2 if get(r, "idle")]
row("T5", "idle reader heap after GC, client+server in one JVM (KiB each, 1000 readers)", heap, "",
    digits=1)
row("T5", "idle reader RSS growth, client+server in one JVM (KiB each)", rss, "", digits=1)

jmh = []
jmh_path = os.path.join(out, "jmh.json")
if os.path.exists(jmh_path):
    try:
        with open(jmh_path) as f:
            jmh = json.load(f)
    except ValueError:
        jmh = []
score = {}
for b in jmh:
    name = b["benchmark"].split(".")[-2] + "." + b["benchmark"].split(".")[-1]
    param = b.get("params", {}).get("recordSize", "")
    alloc = b.get("secondaryMetrics", {}).get("gc.alloc.rate.norm", {}).get("score")
    score[(name, param)] = (b["primaryMetric"]["score"], alloc)
raw = score.get(("AppendSinkBenchmark.rawSink", ""))
flux = score.get(("AppendSinkBenchmark.fluxSink", ""))
if raw and flux:
    r = raw[0] / flux[0]
    rows.append(f"| T7 | Flux sink / raw sink throughput (JMH, stub transport) | {r:.2f}× | | "
                f"{raw[0]:.0f} vs {flux[0]:.0f} ns/record | ≥ 0.8× | {'met' if r >= 0.8 else '**not met**'} |")
runs_all = t1 + t2 + t3n1 + t3n100 + t3n1000 + t1r + t3n100r + t3n1000r + t5[1000] + t5[10000] \
    + [r[k] for r in t6 for k in ("typescript", "java") if r.get(k)]
bad = [v for r in runs_all for v in r.get("violations", [])]
for r in runs_all:
    for v in r.get("violations", []):
        rows.append(f"| T8 | violation in `{r.get('target', '?')[:40]}` | | | {v} | | |")
for r in t5[1000] + t5[10000]:
    if not r.get("verified"):
        rows.append(f"| T8 | idle readers N={r.get('readers')}: {r.get('opened')} opened, "
                    f"{r.get('probe_received')} got the probe | | | {r.get('first_error') or ''} | | |")
rows.append(f"| T8 | runs verified (every reader: all acked records, once, in order, chain ok) | "
            f"{sum(1 for r in runs_all if r.get('verified'))}/{len(runs_all)} runs | | "
            f"{len(bad)} violations | 0 lost/dup/reordered | {'met' if not bad and runs_all else '**not met**'} |")

print("# Benchmark results\n")
print("Generated by `benchmarks/run-report.sh` (do not edit by hand). Medians of "
      f"{len(t1)} runs with min–max; ratios are computed per run against baselines measured in the "
      "same run, then the median ratio is shown.\n")
print("Machine: " + ", ".join(f"{k}: {v}" for k, v in machine.items()) + f", load_after: {load_after}\n")
print("| target | measurement | median | min–max | ratio | goal | verdict |")
print("|---|---|---|---|---|---|---|")
print("\n".join(rows))
if score:
    print("\n## JMH micro-benchmarks (per record; `-prof gc`)\n")
    print("| benchmark | record size | ns/record | bytes allocated/record |")
    print("|---|---|---|---|")
    for (name, param), (ns, alloc) in sorted(score.items()):
        print(f"| {name} | {param or '1024'} | {ns:.0f} | {alloc:.0f} |" if alloc is not None
              else f"| {name} | {param} | {ns:.0f} | |")
classes = [r for r in t5[10000] if r.get("verified") and r.get("top_classes")]
if classes:
    first = classes[0]
    print("\n## T5: what the server keeps per idle reader (live-heap growth by class, N=10 000, "
          "first run)\n")
    print(f"Total: {first['heap_bytes_per_reader']} bytes per reader. Class histograms of the server's "
          "JVM (`GC.class_histogram`) with 0 and 10 000 idle readers, difference divided by 10 000.\n")
    print("| class | bytes per reader | instances per reader |")
    print("|---|---|---|")
    for c in first["top_classes"]:
        print(f"| `{c['class']}` | {c['bytes_per_reader']:.0f} | {c['instances_per_reader']:.2f} |")
