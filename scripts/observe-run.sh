#!/usr/bin/env bash
# A real run of the four services as separate processes (as containers run them) against `up --infra-only`,
# scraped by a real Prometheus (Debian's package), to measure what the Kubernetes resource figures rest on
# (peak RSS and CPU seconds per service) and to draw docs/images/dashboard.png from the dashboard's own
# queries (scripts/render-dashboard.py). Needs: the CLI built (./customerstream --help), PostgreSQL
# (CS_POSTGRES), `apt-get install prometheus python3-matplotlib`. Usage: scripts/observe-run.sh [CUSTOMERS]
set -euo pipefail
cd "$(dirname "$0")/.."
customers=${1:-10000}
: "${CS_POSTGRES:?set CS_POSTGRES}"
dll=services/Cli/bin/Release/net10.0/customerstream.dll
work=$(mktemp -d /tmp/cs-observe.XXXXXX)
export CS_HOME=$work Telemetry__PrometheusEndpoint=true
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

dotnet "$dll" up --infra-only >"$work/up.log" 2>&1 & pids+=($!)
until [[ -f $work/.customerstream/endpoints.json ]]; do sleep 1; done
declare -A port=([ingest-api]=18080 [identity]=18081 [aggregator]=18082 [projection]=18083)
start_service() {
  local s=$1
  ASPNETCORE_URLS=http://127.0.0.1:${port[$s]} Ingest__Api__ApiKeys__0=observe-run-key-0123456789 \
    Identity__StateDirectory=$work/state/identity Aggregator__StateDirectory=$work/state/aggregator \
    dotnet "$dll" run "$s" >"$work/$s.log" 2>&1 &
  pids+=($!); eval "pid_${s//-/_}=$!"
}
for s in ingest-api identity aggregator projection; do start_service "$s"; done

cat >"$work/prometheus.yml" <<YAML
global: {scrape_interval: 5s, evaluation_interval: 5s}
rule_files: [$PWD/deploy/observability/alerts.yml]
scrape_configs:
$(for s in ingest-api identity aggregator projection; do printf '  - job_name: customerstream-%s\n    static_configs: [{targets: ["127.0.0.1:%s"]}]\n' "$s" "${port[$s]}"; done)
YAML
prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/tsdb" --web.listen-address=127.0.0.1:19090 >"$work/prometheus.log" 2>&1 &
pids+=($!)

wait_ready() { until curl -fsS "http://127.0.0.1:${port[$1]}/health/ready" >/dev/null 2>&1; do sleep 1; done; }
for s in ingest-api identity aggregator projection; do wait_ready "$s"; done
echo "services ready; generating $customers customers"
begin=$(date +%s)
dotnet "$dll" generate --customers "$customers" --months 12 --seed 7 --out "$work/sample" >/dev/null
# Through the ingest API, as a source system would (its counters are the ingest panels), in batches of 2,000.
/usr/bin/python3 - "$work/sample" "http://127.0.0.1:${port[ingest-api]}" <<'PY'
import csv, glob, json, sys, urllib.request
folder, api = sys.argv[1], sys.argv[2]
def post(entity, rows):
    for i in range(0, len(rows), 2000):
        request = urllib.request.Request(f"{api}/v1/{entity}", data=json.dumps(rows[i:i + 2000]).encode(), method="POST",
                                         headers={"Content-Type": "application/json", "X-Api-Key": "observe-run-key-0123456789"})
        try:
            urllib.request.urlopen(request, timeout=120).read()
        except urllib.error.HTTPError as e:  # 400: some records rejected, the rest published
            if e.code != 400:
                raise
for entity, pattern in (("customers", "customers_*.csv"), ("orders", "orders_*.csv")):
    for path in sorted(glob.glob(f"{folder}/{pattern}")):
        post(entity, list(csv.DictReader(open(path, encoding="utf-8", errors="replace"))))
for path in sorted(glob.glob(f"{folder}/web_events_*.ndjson")):
    rows = []
    for line in open(path, encoding="utf-8", errors="replace"):
        try:
            rows.append(json.loads(line))
        except ValueError:
            pass
    post("web-events", rows)
PY

cpu() { awk '{print ($14 + $15) / 100}' "/proc/$1/stat"; }
rss() { awk '/VmHWM/ {print $2 / 1024}' "/proc/$1/status"; }
# Settled: every stage's lag is 0 and the projection applied nothing new for 15 s (services keep a little CPU
# busy while idle: polling, metrics).
promql() { curl -fsS 127.0.0.1:19090/api/v1/query --data-urlencode "query=$1" | /usr/bin/python3 -c 'import json,sys; r=json.load(sys.stdin)["data"]["result"]; print(r[0]["value"][1] if r else "none")'; }
last=""; quiet=0
while (( quiet < 3 )); do
  sleep 5
  now="$(promql 'sum(customerstream_streaming_consumer_lag) + sum(customerstream_projection_lag)') $(promql 'sum(customerstream_projection_records_total)')"
  if [[ $now == "0 "* && $now == "$last" ]]; then quiet=$((quiet + 1)); else quiet=0; fi
  last=$now
done
end=$(date +%s)
echo "settled after $((end - begin)) s"
for s in ingest-api identity aggregator projection; do
  p=$(eval echo "\$pid_${s//-/_}")
  printf '%-11s peak RSS %6.0f MB, CPU %6.1f s\n' "$s" "$(rss "$p")" "$(cpu "$p")"
done

# A graceful restart of the aggregator: ready again once its tasks are restored from their checkpoints.
kill -TERM "$pid_aggregator"; wait "$pid_aggregator" 2>/dev/null || true
t0=$(date +%s.%N); start_service aggregator; wait_ready aggregator; t1=$(date +%s.%N)
awk -v a="$t0" -v b="$t1" 'BEGIN {printf "aggregator restart: ready after %.1f s\n", b - a}'
grep -h "Restore\|restor" "$work/aggregator.log" | tail -n 3 || true
sleep 20
python3 scripts/render-dashboard.py http://127.0.0.1:19090 "$begin" "$(date +%s)" docs/images/dashboard.png
echo "run folder: $work"
