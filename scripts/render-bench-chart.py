#!/usr/bin/python3
"""Draws docs/images/bench-pipeline.png from the JSON files of `customerstream bench --json FILE`.

Left: the full build (streaming, first row read to last mart write) against the plain-SQL full refresh and
the +1 % increment, per sample size. Right: where the CPU of each full build went (this process by kind of
thread, and PostgreSQL's backends), in microseconds per source event. Usage:
    render-bench-chart.py OUT.png BENCH.json [BENCH.json ...]
"""
import json
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def main():
    if len(sys.argv) < 3:
        raise SystemExit(__doc__)
    out, files = sys.argv[1], sys.argv[2:]
    runs = sorted((json.load(open(f)) for f in files), key=lambda r: r["customers"])
    labels = [f"{r['customers']:,} people\n{r['source_rows']:,} rows" for r in runs]
    fig, (left, right) = plt.subplots(1, 2, figsize=(13, 5))

    width = 0.2
    series = [
        ("streaming full build", "full_build_seconds", "#1f77b4"),
        ("SQL full refresh", "sql_full_refresh_seconds", "#ff7f0e"),
        ("streaming +1 %", "increment_seconds", "#2ca02c"),
        ("SQL refresh after +1 %", "increment_sql_seconds", "#d62728"),
    ]
    for i, (name, key, color) in enumerate(series):
        xs = [x + (i - 1.5) * width for x in range(len(runs))]
        values = [r[key] for r in runs]
        bars = left.bar(xs, values, width, label=name, color=color)
        left.bar_label(bars, labels=[f"{v:.1f}" if v >= 1 else f"{v:.2f}" for v in values], fontsize=7)
    left.set_yscale("log")
    left.set_xticks(range(len(runs)), labels)
    left.set_ylim(top=max(r["full_build_seconds"] for r in runs) * 8)  # room for the legend
    left.set_ylabel("seconds (log scale)")
    left.set_title("Full build and +1 % increment: streaming vs plain SQL")
    left.legend(fontsize=8, loc="upper left", ncol=2)

    kinds = [("stream", "stream threads"), ("kafka", "Kafka clients + brokers"), ("gc", "GC"),
             ("rocksdb", "RocksDB"), ("other", "other threads (ingest, projection, HTTP)")]
    bottoms = [0.0] * len(runs)
    for key, name in kinds + [("postgres", "PostgreSQL backends")]:
        values = []
        for r in runs:
            stages = r["stages"]
            seconds = stages["postgres_cpu_seconds"] if key == "postgres" else stages["process_cpu_seconds_by_thread_kind"][key]
            values.append(seconds * 1e6 / r["source_rows"])
        right.bar(range(len(runs)), values, 0.5, bottom=bottoms, label=name)
        bottoms = [b + v for b, v in zip(bottoms, values)]
    for x, total in enumerate(bottoms):
        right.text(x, total, f"{total:.0f} µs", ha="center", va="bottom", fontsize=8)
    right.axhline(40, color="black", linestyle="--", linewidth=1)
    right.text(len(runs) - 0.5, 41, "budget for 50,000 events/s on 2 cores", ha="right", fontsize=7)
    right.set_xticks(range(len(runs)), labels)
    right.set_ylim(0, max(bottoms) * 1.5)  # room for the legend above the bars
    right.set_ylabel("CPU µs per source event")
    right.set_title("Where the full build's CPU went")
    right.legend(fontsize=7, loc="upper left", ncol=2)

    fig.suptitle("customerstream bench, embedded stack, 2 cores", fontsize=11)
    fig.tight_layout()
    fig.savefig(out, dpi=110)


if __name__ == "__main__":
    main()
