#!/usr/bin/python3
"""Draws deploy/observability/customerstream-dashboard.json as a PNG from a Prometheus server's data.

No Grafana can be installed here, so this stands in for a screenshot: every panel runs its own PromQL
queries (with $__rate_interval = 1m) through Prometheus' query_range API over the given time window and is
plotted where the dashboard's gridPos puts it. Usage:
    render-dashboard.py PROMETHEUS_URL START_UNIX END_UNIX OUT.png
"""
import json
import sys
import urllib.parse
import urllib.request
from datetime import datetime, timezone

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.dates import DateFormatter  # noqa: E402

DASHBOARD = "deploy/observability/customerstream-dashboard.json"


def query(prometheus, expr, start, end):
    params = urllib.parse.urlencode({"query": expr.replace("$__rate_interval", "1m"), "start": start, "end": end, "step": 5})
    with urllib.request.urlopen(f"{prometheus}/api/v1/query_range?{params}", timeout=30) as response:
        body = json.load(response)
    if body["status"] != "success":
        raise SystemExit(f"query failed: {expr}: {body}")
    return body["data"]["result"]


def legend(template, labels):
    text = template
    for key, value in labels.items():
        text = text.replace("{{" + key + "}}", value)
    return text


def main():
    prometheus, start, end, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    dashboard = json.load(open(DASHBOARD))
    panels = [p for p in dashboard["panels"] if p["type"] != "row"]
    rows = max(p["gridPos"]["y"] + p["gridPos"]["h"] for p in panels)
    figure = plt.figure(figsize=(18, rows * 0.42))
    grid = figure.add_gridspec(rows, 24, hspace=3.5, wspace=3)
    empty = []
    for panel in panels:
        g = panel["gridPos"]
        axes = figure.add_subplot(grid[g["y"]:g["y"] + g["h"] - 1, g["x"]:g["x"] + g["w"]])
        series = 0
        for target in panel["targets"]:
            for result in query(prometheus, target["expr"], start, end):
                points = [(datetime.fromtimestamp(float(t), timezone.utc), float(v)) for t, v in result["values"] if v not in ("NaN", "+Inf", "-Inf")]
                if points:
                    axes.plot([p[0] for p in points], [p[1] for p in points], linewidth=1.2,
                              label=legend(target["legendFormat"], result["metric"]))
                    series += 1
        if series == 0:
            empty.append(panel["title"])
        unit = panel["fieldConfig"]["defaults"].get("unit", "")
        axes.set_title(panel["title"], fontsize=10, loc="left")
        axes.set_ylabel({"s": "seconds", "reqps": "per second"}.get(unit, ""), fontsize=8)
        axes.tick_params(labelsize=7)
        axes.xaxis.set_major_formatter(DateFormatter("%H:%M:%S"))
        axes.grid(alpha=0.3)
        if series:
            axes.legend(fontsize=6, loc="upper left", ncol=2)
    figure.suptitle(f"{dashboard['title']} (drawn by scripts/render-dashboard.py from Prometheus data of a real run, not a Grafana screenshot)",
                    fontsize=11, x=0.01, ha="left")
    figure.savefig(out, dpi=80, bbox_inches="tight")
    print(f"wrote {out}; panels without data: {empty or 'none'}")


if __name__ == "__main__":
    main()
