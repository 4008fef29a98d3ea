#!/usr/bin/env bash
# The README's pictures of `registre serve`: corpus/ ingested into a temporary index,
# served on a free loopback port, each page shot by headless Chromium (Debian's chromium).
# Usage: docs/serve-screenshots.sh   (writes docs/serve-search.png, docs/serve-deliberation.png,
# docs/serve-member.png)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -q --bin registre
bin=./target/release/registre
work=$(mktemp -d)
"$bin" ingest corpus/ --index "$work/index" --ocr off 2>/dev/null
"$bin" serve --index "$work/index" --addr 127.0.0.1:0 2>"$work/log" &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 100); do grep -q 'http://' "$work/log" && break; sleep 0.1; done
base=$(grep -o 'http://[0-9.:]*' "$work/log" | head -1)

key=$(curl -s "$base/api/search?q=usages+num%C3%A9riques&rule=V1&limit=1" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["hits"][0]["key"])')
shoot() { # NAME HEIGHT URL
  chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$(mktemp -d -p "$work")" --hide-scrollbars --window-size="1280,$2" \
    --screenshot="docs/$1.png" "$3" 2>/dev/null
}
shoot serve-search 1100 "$base/?q=convention+num%C3%A9rique&from=2018&to=2023"
shoot serve-deliberation 2600 "$base/deliberation/${key%%#*}/${key##*#}"
shoot serve-member 700 "$base/member?name=Mme+B%C3%A9n%C3%A9dicte+MESSEANNE"
ls -l docs/serve-*.png
