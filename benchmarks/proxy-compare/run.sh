#!/usr/bin/env bash
# ssewatch's proxy against nginx and HAProxy, in the same run, with the same load: a C epoll
# backend (src/sseback.c) and a C epoll client (src/sseclient.c), so no garbage collector or JIT on
# the measuring side can hide a pause of the proxy (or add one). Each side of a round gets a fresh
# set of streams; the sides alternate, in a rotated order each round.
#
#   benchmarks/proxy-compare/run.sh [latency|throughput|all]     (default: all)
#
# latency:    STREAMS streams, each with one event per 100 ms (10 events/s) at a random phase; the
#             backend stamps each event's id with CLOCK_MONOTONIC nanoseconds just before writing it,
#             the client takes the time of the read that completes the event: per-event delivery
#             latency, p50/p99/p99.9/max over WARM..WARM+MEASURE seconds of each side's run.
# throughput: FLOOD_STREAMS streams of 200-byte events as fast as each side takes them; events/s.
#
# Environment (defaults in brackets):
#   ROUNDS [3]  WARM [3]  MEASURE [10]  STREAMS [1000]  FLOOD_STREAMS [50]  FLOOD_SECONDS [5]
#   SIDES ["direct ssewatch nginx haproxy"]
#   SSEWATCH_THREADS ["default"]  event loops of the ssewatch proxy; a list ("1 2") makes one side
#                                 per value (ssewatch-t1, ssewatch-t2)
#   SSEWATCH_JAVA_OPTS [""]       JVM options of the ssewatch proxy (e.g. -Xlog:gc:file=gc.log)
#   SSEWATCH_VARIANTS [""]        more ssewatch sides with their own JVM options, for diagnosis:
#                                 "NAME=OPTIONS;NAME=OPTIONS" (sides ssewatch-NAME)
#   SSEWATCH_JAR [cli/target/ssewatch.jar]   built when missing
#   SSEWATCH_JARS [""]            more ssewatch sides, each from its own jar (a build before and
#                                 after a change): "NAME=JAR;NAME=JAR" (sides ssewatch-NAME)
#   PORT_BASE [18300]             backend PORT_BASE, proxies PORT_BASE+1...
#
# Installs Debian's nginx and haproxy packages when they are missing (apt-get; root or sudo). Needs
# gcc, python3, Linux. ssewatch records every event (JSON lines to /dev/null), as shipped.
set -euo pipefail
cd "$(dirname "$0")/../.."

mode=${1:-all}
case "$mode" in latency | throughput | all) ;; *)
  echo "usage: $0 [latency|throughput|all]" >&2
  exit 2
  ;;
esac

rounds=${ROUNDS:-3}
warm=${WARM:-3}
seconds=${MEASURE:-10}
streams=${STREAMS:-1000}
flood_streams=${FLOOD_STREAMS:-50}
flood_seconds=${FLOOD_SECONDS:-5}
sides=${SIDES:-direct ssewatch nginx haproxy}
threads_list=${SSEWATCH_THREADS:-default}
jar=${SSEWATCH_JAR:-cli/target/ssewatch.jar}
base=${PORT_BASE:-18300}
out=benchmarks/proxy-compare/target/run
mkdir -p "$out"

# --- the two proxies, from Debian's packages -----------------------------------------------------
if ! command -v nginx >/dev/null || ! command -v haproxy >/dev/null; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get install -y -q -o DPkg::Lock::Timeout=300 nginx haproxy >"$out/apt.log" 2>&1 ||
    { $sudo apt-get update -q >>"$out/apt.log" 2>&1 &&
      $sudo apt-get install -y -q -o DPkg::Lock::Timeout=300 nginx haproxy >>"$out/apt.log" 2>&1; }
fi
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
haproxy_bin=$(command -v haproxy || echo /usr/sbin/haproxy)

# --- the load, in C -------------------------------------------------------------------------------
gcc -O2 -Wall -o "$out/sseback" benchmarks/proxy-compare/src/sseback.c
gcc -O2 -Wall -o "$out/sseclient" benchmarks/proxy-compare/src/sseclient.c
[ -f "$jar" ] || mvn -B -q -pl cli -am package -DskipTests

# Each stream is a descriptor in the client and in the backend and two in a proxy.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
fds=$(ulimit -n)

pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT

wait_port() {
  for _ in $(seq 300); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.1
  done
  echo "nothing listens on port $1; see $out/*.log" >&2
  exit 1
}

backend_port=$base
"$out/sseback" "$backend_port" >"$out/backend.log" 2>&1 &
pids+=($!)
wait_port "$backend_port"

declare -A port pid_of
port[direct]=$backend_port
next=$((base + 1))

for side in $sides; do
  case "$side" in
  nginx)
    port[nginx]=$next
    mkdir -p "$out/nginx"
    cat >"$out/nginx/nginx.conf" <<EOF
worker_processes 1;
worker_rlimit_nofile $fds;
pid $PWD/$out/nginx/nginx.pid;
error_log $PWD/$out/nginx/error.log warn;
events { worker_connections 16384; }
http {
  access_log off;
  client_body_temp_path $PWD/$out/nginx/body;
  proxy_temp_path $PWD/$out/nginx/proxy;
  upstream backend { server 127.0.0.1:$backend_port; keepalive 64; }
  server {
    listen 127.0.0.1:$next backlog=4096;
    location / {
      proxy_pass http://backend;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_buffering off;
      proxy_read_timeout 1h;
    }
  }
}
EOF
    "$nginx_bin" -p "$PWD/$out/nginx" -c "$PWD/$out/nginx/nginx.conf" -g 'daemon off;' \
      >"$out/nginx/stdout.log" 2>&1 &
    pids+=($!)
    pid_of[nginx]=$!
    wait_port "$next"
    next=$((next + 1))
    ;;
  haproxy)
    port[haproxy]=$next
    cat >"$out/haproxy.cfg" <<EOF
global
  nbthread 1
  maxconn $(((fds - 100) / 2))
defaults
  mode http
  option http-no-delay
  timeout connect 5s
  timeout client 1h
  timeout server 1h
  timeout tunnel 1h
frontend fe
  bind 127.0.0.1:$next
  default_backend be
backend be
  server s1 127.0.0.1:$backend_port
EOF
    "$haproxy_bin" -db -f "$out/haproxy.cfg" >"$out/haproxy.log" 2>&1 &
    pids+=($!)
    pid_of[haproxy]=$!
    wait_port "$next"
    next=$((next + 1))
    ;;
  ssewatch) ;;
  direct) ;;
  *)
    echo "unknown side $side" >&2
    exit 2
    ;;
  esac
done

# The event-loop count: the proxy's --threads where this build has it, else the JVM's processor
# count, which is what the proxy's default follows (that also changes the JVM's GC and compiler
# thread counts, so the figures then say which knob was used).
proxy_help=$(java -jar "$jar" proxy --help 2>&1 || true)
if grep -q -- '--threads' <<<"$proxy_help"; then
  threads_knob=option
else
  threads_knob=jvm
fi
expanded=()
for side in $sides; do
  if [ "$side" != ssewatch ]; then
    expanded+=("$side")
    continue
  fi
  for t in $threads_list; do
    name=ssewatch
    [ "$t" = default ] || name=ssewatch-t$t
    expanded+=("$name")
    args=()
    jvm=()
    if [ "$t" != default ]; then
      if [ $threads_knob = option ]; then args=(--threads "$t"); else jvm=(-XX:ActiveProcessorCount="$t"); fi
    fi
    port[$name]=$next
    # shellcheck disable=SC2086
    java ${SSEWATCH_JAVA_OPTS:-} "${jvm[@]}" -jar "$jar" proxy --listen "127.0.0.1:$next" \
      --backend "http://127.0.0.1:$backend_port" --admin "127.0.0.1:$((next + 50))" \
      "${args[@]}" >/dev/null 2>"$out/$name.log" &
    pids+=($!)
    pid_of[$name]=$!
    wait_port "$next"
    next=$((next + 1))
  done
done
# start_side NAME JAR [JVM OPTIONS...]: one more ssewatch side, on the next port.
start_side() {
  local name=$1 side_jar=$2
  shift 2
  expanded+=("$name")
  port[$name]=$next
  # shellcheck disable=SC2086
  java ${SSEWATCH_JAVA_OPTS:-} "$@" -jar "$side_jar" proxy --listen "127.0.0.1:$next" \
    --backend "http://127.0.0.1:$backend_port" --admin "127.0.0.1:$((next + 50))" \
    >/dev/null 2>"$out/$name.log" &
  pids+=($!)
  pid_of[$name]=$!
  wait_port "$next"
  next=$((next + 1))
}
IFS=';' read -r -a variants <<<"${SSEWATCH_VARIANTS:-}"
for v in "${variants[@]}"; do
  # shellcheck disable=SC2086
  [ -z "$v" ] || start_side "ssewatch-${v%%=*}" "$jar" ${v#*=}
done
IFS=';' read -r -a jar_sides <<<"${SSEWATCH_JARS:-}"
for v in "${jar_sides[@]}"; do
  [ -z "$v" ] || start_side "ssewatch-${v%%=*}" "${v#*=}"
done
sides=("${expanded[@]}")

# CPU ticks of a side's processes (nginx: master and worker).
cpu_ticks() {
  local p=${pid_of[$1]:-} total=0 t
  [ -n "$p" ] || { echo 0; return; }
  for q in $p $(pgrep -P "$p" 2>/dev/null || true); do
    t=$(awk '{print $14 + $15}' "/proc/$q/stat" 2>/dev/null || echo 0)
    total=$((total + t))
  done
  echo "$total"
}
hz=$(getconf CLK_TCK)

results=$out/results.txt
: >"$results"
run_side() { # run_side MODE ROUND SIDE PATH STREAMS WARM SECONDS
  local m=$1 r=$2 s=$3 before after line
  before=$(cpu_ticks "$s")
  line=$("$out/sseclient" 127.0.0.1 "${port[$s]}" "$4" "$5" "$6" "$7")
  after=$(cpu_ticks "$s")
  local cpu
  cpu=$(awk -v a="$after" -v b="$before" -v hz="$hz" -v t="$(($6 + $7))" 'BEGIN {printf "%.0f", 100 * (a - b) / hz / t}')
  echo "mode=$m round=$r side=$s $line proxy_cpu_pct=$cpu load=$(cut -d' ' -f1 /proc/loadavg)" |
    tee -a "$results" >&2
  sleep 1  # let the side close the round's connections before the next one starts
}

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $("$nginx_bin" -v 2>&1 | sed 's/^nginx version: //'), $("$haproxy_bin" -v | head -1 | cut -d' ' -f1-3), $(java -version 2>&1 | head -1); ssewatch event loops: $threads_list (knob: $([ $threads_knob = option ] && echo "--threads" || echo "-XX:ActiveProcessorCount"))" | tee "$out/machine.txt"

# Warm-up: every proxy once (the JVM's JIT most of all), nothing recorded.
for s in "${sides[@]}"; do
  [ "$s" = direct ] && continue
  "$out/sseclient" 127.0.0.1 "${port[$s]}" /flood "$flood_streams" 1 5 >/dev/null
  "$out/sseclient" 127.0.0.1 "${port[$s]}" /paced "$streams" 2 6 >/dev/null
  sleep 1
done

n=${#sides[@]}
for r in $(seq "$rounds"); do
  for i in $(seq 0 $((n - 1))); do
    s=${sides[$(((i + r - 1) % n))]}
    if [ "$mode" != throughput ]; then run_side latency "$r" "$s" /paced "$streams" "$warm" "$seconds"; fi
    if [ "$mode" != latency ]; then run_side throughput "$r" "$s" /flood "$flood_streams" 1 "$flood_seconds"; fi
  done
done

python3 - "$results" "$streams" <<'EOF'
import statistics, sys
rows = [dict(kv.split("=", 1) for kv in line.split()) for line in open(sys.argv[1])]
expected = int(sys.argv[2]) * 10
sides = list(dict.fromkeys(r["side"] for r in rows))
def med(xs): return statistics.median(xs) if xs else float("nan")
for mode in ("latency", "throughput"):
    rs = [r for r in rows if r["mode"] == mode]
    if not rs: continue
    print()
    if mode == "latency":
        print(f"latency, {rs[0]['streams']} streams x 10 events/s (µs; events/s expected {expected})")
        print(f"{'side':<16}{'round':>6}{'p50':>9}{'p99':>10}{'p99.9':>10}{'max':>10}{'events/s':>10}{'lost':>6}{'cpu %':>7}{'load':>6}")
        for r in rs:
            print(f"{r['side']:<16}{r['round']:>6}{float(r['p50_us']):>9.0f}{float(r['p99_us']):>10.0f}{float(r['p999_us']):>10.0f}{float(r['max_us']):>10.0f}{float(r['events_per_s']):>10.0f}{r['lost']:>6}{r['proxy_cpu_pct']:>7}{r['load']:>6}")
        print()
        print(f"{'median':<16}{'':>6}{'p50':>9}{'p99':>10}{'p99.9':>10}{'max':>10}{'events/s':>10}")
        meds = {}
        for s in sides:
            x = [r for r in rs if r["side"] == s]
            if not x: continue
            m = {k: med([float(r[k]) for r in x]) for k in ("p50_us", "p99_us", "p999_us", "max_us", "events_per_s")}
            meds[s] = m
            print(f"{s:<16}{'':>6}{m['p50_us']:>9.0f}{m['p99_us']:>10.0f}{m['p999_us']:>10.0f}{m['max_us']:>10.0f}{m['events_per_s']:>10.0f}")
        if "direct" in meds and meds["direct"]["p99_us"] > 1000:
            print(f"\nwarning: the direct connection's own p99 is {meds['direct']['p99_us']:.0f} µs: the machine"
                  " is busy, and these figures measure its scheduler more than the proxies")
        others = [meds[s] for s in ("nginx", "haproxy") if s in meds]
        if others:
            b50 = min(m["p50_us"] for m in others)
            b99 = min(m["p99_us"] for m in others)
            print()
            for s in meds:
                if s.startswith("ssewatch"):
                    p50, p99 = meds[s]["p50_us"], meds[s]["p99_us"]
                    print(f"{s}: p50 {p50 / b50:.2f}x the best of nginx/HAProxy (target <= 1), "
                          f"p99 {p99 / b99:.2f}x (target <= 1.5): "
                          f"{'met' if p50 <= b50 and p99 <= 1.5 * b99 else 'NOT met'}")
    else:
        print(f"throughput, {rs[0]['streams']} streams of 200-byte events (events/s)")
        print(f"{'side':<16}" + "".join(f"{'round ' + r:>12}" for r in sorted({r['round'] for r in rs}, key=int)) + f"{'median':>12}{'cpu %':>7}")
        for s in sides:
            x = sorted((r for r in rs if r["side"] == s), key=lambda r: int(r["round"]))
            if not x: continue
            eps = [float(r["events_per_s"]) for r in x]
            print(f"{s:<16}" + "".join(f"{e:>12,.0f}" for e in eps) + f"{med(eps):>12,.0f}{med([float(r['proxy_cpu_pct']) for r in x]):>7.0f}")
EOF
echo
echo "raw: $results"
