#!/usr/bin/env bash
# How fast `registre serve` answers a search: the synthetic generator writes COUNT
# documents, registre ingests them, the server is started on a free loopback port, and
# each query below is asked RUNS times (after one warm-up) through the JSON API and the
# HTML page; prints the median and the 90th percentile of curl's total time per query
# and over all. Needs curl and python3.
# Usage: bench/serve-latency.sh [DIR]   (default target/bench-serve; COUNT=20000 SEED=2026
# RUNS=21; the corpus and index in DIR are reused when already there)
set -euo pipefail
cd "$(dirname "$0")/.."
DIR=${1:-target/bench-serve}
COUNT=${COUNT:-20000}
SEED=${SEED:-2026}
RUNS=${RUNS:-21}
cargo build --release -q --bin registre --example synth
bin=./target/release/registre
if [ ! -d "$DIR/docs" ]; then
  ./target/release/examples/synth "$DIR/docs" "$COUNT" "$SEED"
fi
if [ ! -f "$DIR/index/meta.json" ]; then
  "$bin" ingest "$DIR/docs" --index "$DIR/index" --ocr off
fi

log=$(mktemp)
"$bin" serve --index "$DIR/index" --addr 127.0.0.1:0 2>"$log" &
server=$!
trap 'kill $server 2>/dev/null; rm -f "$log"' EXIT
for _ in $(seq 100); do grep -q 'http://' "$log" && break; sleep 0.1; done
base=$(grep -o 'http://[0-9.:]*' "$log" | head -1)
[ -n "$base" ] || { echo "the server did not start: $(cat "$log")" >&2; exit 1; }

# A member and a collectivity the index holds, for the filter-only searches.
first=$(curl -s "$base/api/search?from=1900&limit=1")
member=$(python3 -c 'import json,sys,urllib.parse; h=json.load(sys.stdin)["hits"][0]; print(urllib.parse.quote_plus(h["members"][0]["name"]))' <<<"$first")
collectivity=$(python3 -c 'import json,sys,urllib.parse; h=json.load(sys.stdin)["hits"][0]; print(urllib.parse.quote_plus(h["collectivity"]))' <<<"$first")

queries=(
  "q=convention"
  "q=subvention+association"
  "q=%22mise+%C3%A0+disposition+de+personnel%22"
  "q=budget+OR+tarifs&from=2010&to=2020"
  "q=environnement+num%C3%A9rique+-convention"
  "q=quorum&page=5"
  "member=$member"
  "collectivity=$collectivity"
  "rule=D1&from=2015"
)
summary() { sort -n | awk '{a[NR]=$1} END {printf "median %6.1f ms   p90 %6.1f ms   (%d requests)\n", a[int((NR+1)/2)]*1000, a[int(NR*0.9+0.5)]*1000, NR}'; }
all=$(mktemp)
for path in /api/search /; do
  for q in "${queries[@]}"; do
    url="$base$path?$q"
    curl -s -o /dev/null "$url"
    times=$(for _ in $(seq "$RUNS"); do curl -s -o /dev/null -w '%{time_total}\n' "$url"; done)
    echo "$times" >>"$all"
    total=$(curl -s "$base/api/search?$q&limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin).get("total"))')
    printf '%-12s %-58s %6s hits  %s' "$path" "${q:0:58}" "$total" "$(echo "$times" | summary)"
    echo
  done
done
deliberations=$(curl -s "$base/api/search?from=1000&limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])')
printf '\n%s documents, %s deliberations indexed; all searches: %s\n' "$(find "$DIR/docs" -type f ! -name '*.json' | wc -l)" "$deliberations" "$(summary <"$all")"
rm -f "$all"
