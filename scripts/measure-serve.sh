#!/usr/bin/env bash
# Memory and throughput of `circumplex serve` at 600k songs with the shipped model (README, Benchmarks):
# generates a 600k-row tracks.csv (random ids, uniform valence/energy) unless one is given, imports it into a fresh
# SQLite file, serves it, warms up (20 analyses of a real photo, wrk with a fixed and with random points), fuzzes
# (scripts/fuzz-serve.py, 4,000 requests of every kind, most malformed) and prints the RSS after each step.
# Needs wrk (apt-get install wrk) and ../shared/data for the photo.  Usage: scripts/measure-serve.sh [tracks.csv] [port]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
csv="${1:-}"; port="${2:-5077}"
photo="$root/../shared/data/photos/face_recognition/obama.jpg"
dotnet build "$root/src/Circumplex.Cli" -c Release -v q -nologo >/dev/null
cli="$root/src/Circumplex.Cli/bin/Release/net10.0/circumplex.dll"
if [ -z "$csv" ]; then
  csv="$work/tracks.csv"
  python3 - "$csv" <<'PY'
import random, sys
random.seed(1); B = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
with open(sys.argv[1], "w") as f:
    f.write("id,name,popularity,duration_ms,explicit,artists,id_artists,release_date,danceability,energy,key,loudness,mode,speechiness,acousticness,instrumentalness,liveness,valence,tempo,time_signature\n")
    for i in range(600000):
        f.write("%s,Song number %d of a long-ish title,%d,215000,0,\"['Artist %d']\",\"['0000000000000000000000']\",%d-01-01,0.5,%.3f,5,-7.1,1,0.04,0.3,0.0,0.1,%.3f,120.0,4\n"
                % ("".join(random.choice(B) for _ in range(22)), i, random.randint(0, 100), random.randint(0, 50000), random.randint(1922, 2021), random.random(), random.random()))
PY
fi
dotnet "$cli" catalog import "$csv" --db "$work/c.db" | tail -1
token="measure-operator-token-$RANDOM$RANDOM"
CIRCUMPLEX_OPERATOR_TOKEN="$token" dotnet "$cli" serve --db "$work/c.db" --urls "http://127.0.0.1:$port" \
  --analyze-rate 1000000/1000000 --feedback-rate 1000000/1000000 > "$work/serve.log" 2>&1 &
pid=$!; trap 'kill $pid 2>/dev/null; rm -rf "$work"' EXIT
until curl -sf "http://127.0.0.1:$port/readyz" >/dev/null; do sleep 0.5; done
rss() { echo "$1: rss $(ps -o rss= -p $pid) kB; load $(cut -d' ' -f1-3 /proc/loadavg)"; }
rss started
for _ in $(seq 1 20); do curl -s -o /dev/null -F "photo=@$photo" "http://127.0.0.1:$port/api/analyze"; done
echo "fixed point:";  wrk -t2 -c64 -d10s "http://127.0.0.1:$port/api/recommend?valence=0.5&arousal=0.3&k=5" | grep -E "Requests/sec|Non-2xx|Socket errors" || true
echo "random points:"; wrk -t2 -c64 -d10s -s "$root/scripts/wrk-random-recommend.lua" "http://127.0.0.1:$port" | grep -E "Requests/sec|Non-2xx|Socket errors" || true
rss "after warm-up"
python3 "$root/scripts/fuzz-serve.py" "$port" 4000 "$photo"
rss "after fuzz"
sleep 3   # analyses paused: the analyser releases memory after 2 s idle
rss "after fuzz, 3 s idle"
curl -s -H "Authorization: Bearer $token" "http://127.0.0.1:$port/metrics" | grep -E "^dotnet_gc_last_collection_heap_size_bytes" || true
echo "fixed point:";  wrk -t2 -c64 -d10s "http://127.0.0.1:$port/api/recommend?valence=0.5&arousal=0.3&k=5" | grep -E "Requests/sec|Non-2xx|Socket errors" || true
rss end
