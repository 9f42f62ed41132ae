#!/usr/bin/env bash
# ssewatch load against the C epoll reference client (src/main/c/refclient.c), on the same backend
# in the same run. One scenario per invocation, each well under three minutes:
#
#   benchmarks/load-client/run.sh idle        # most idle streams held, RSS per stream
#   benchmarks/load-client/run.sh throughput  # events/s consumed with 50 streams
#   benchmarks/load-client/run.sh latency     # latency p50 at 1,000 streams x 10 events/s
#
# Environment: IDLE_STREAMS (default 20000, capped by the descriptor limit), JAVA_OPTS (default
# -Xmx512m), PORT (default 18089). Needs gcc, python3 and Linux (/proc, epoll).
set -euo pipefail
cd "$(dirname "$0")/../.."

mode=${1:-}
case "$mode" in idle|throughput|latency) ;; *) echo "usage: $0 idle|throughput|latency" >&2; exit 2 ;; esac

# Every stream is a descriptor in the client and one in the backend: raise the soft limit to the
# hard one here, never in code.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
fds=$(ulimit -n)

jar=benchmarks/load-client/target/load-client-bench.jar
out=benchmarks/load-client/target/run
mkdir -p "$out"
[ -f "$jar" ] || mvn -B -q -pl benchmarks/load-client -am package -DskipTests
gcc -O2 -Wall -o "$out/refclient" benchmarks/load-client/src/main/c/refclient.c

port=${PORT:-18089}
java_opts=${JAVA_OPTS:--Xmx512m}
url="http://127.0.0.1:$port"

java -Xmx1g -jar "$jar" backend --port "$port" --threads 1 >"$out/backend.log" 2>&1 &
backend=$!
trap 'kill "$backend" 2>/dev/null || true' EXIT
for _ in $(seq 100); do
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  sleep 0.1
done

rss_kib() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }
figure() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))" "$@"; }

load() { # load ARGS... : ssewatch load in its own JVM
  # shellcheck disable=SC2086
  java $java_opts -jar "$jar" load "$@" --quiet >"$out/load.out" 2>&1
}

# The backend JVM warms up (JIT) on the reference client first, so neither client meets it cold.
case "$mode" in
idle) "$out/refclient" 127.0.0.1 "$port" /idle 2000 5 >/dev/null ;;
throughput) "$out/refclient" 127.0.0.1 "$port" /flood 50 5 >/dev/null ;;
latency) "$out/refclient" 127.0.0.1 "$port" /paced 1000 10 --latency >/dev/null ;;
esac

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), descriptor limit $fds"

case "$mode" in
idle)
  n=${IDLE_STREAMS:-20000}
  max=$((fds - 300))
  if [ "$n" -gt "$max" ]; then
    echo "idle: $n streams need $n descriptors per process; the limit here allows $max"
    n=$max
  fi
  small=200
  for streams in "$small" "$n"; do
    # shellcheck disable=SC2086
    java $java_opts -jar "$jar" load "$url/idle" --streams "$streams" --ramp 20s --duration 45s \
      --no-reconnect --quiet --json "$out/idle-$streams.json" >"$out/idle-$streams.out" 2>&1 &
    pid=$!
    sleep 35
    rss=$(rss_kib "$pid")
    wait "$pid" || true
    eval "rss_$streams=$rss"
    echo "ssewatch load: $streams streams, RSS $rss KiB, ended: $(figure "$out/idle-$streams.json" "d['ends']")"
  done
  big=$(eval echo "\$rss_$n"); base=$(eval echo "\$rss_$small")
  echo "ssewatch load: $(( (big - base) * 1024 / (n - small) )) bytes RSS per idle stream ($small to $n streams)"
  "$out/refclient" 127.0.0.1 "$port" /idle "$n" 30
  ;;
throughput)
  load "$url/flood" --streams 50 --duration 20s --json "$out/flood.json" || true
  echo "ssewatch load: 50 streams, $(figure "$out/flood.json" "d['events_per_second']") events/s"
  "$out/refclient" 127.0.0.1 "$port" /flood 50 20
  ;;
latency)
  load "$url/paced" --streams 1000 --ramp 5s --duration 40s --latency-from id \
    --json "$out/paced.json" || true
  echo "ssewatch load: 1000 streams, latency p50 $(figure "$out/paced.json" "d['histograms']['latency_us']['p50']") µs, p99 $(figure "$out/paced.json" "d['histograms']['latency_us']['p99']") µs, $(figure "$out/paced.json" "d['histograms']['latency_us']['count']") events"
  "$out/refclient" 127.0.0.1 "$port" /paced 1000 40 --latency
  ;;
esac
