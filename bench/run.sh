#!/usr/bin/env bash
# Benchmark Switchboard against the reference servers, side by side, on this machine (loopback only).
#   bench/run.sh [--quick] [--rounds N] [--only id,id] [--profile] [--baseline-war FILE]
# Builds the WAR if needed, starts Switchboard on Payara Micro, the reference Node socket.io 4 server and nginx+Nchan
# on free ports, runs bench.mjs (the load generator), prints the table and writes bench/RESULTS.md. Everything it
# started is stopped on exit. --profile records a JFR of Switchboard to bench/out/switchboard.jfr. --baseline-war
# also runs an older build of Switchboard (e.g. before an optimisation) as "switchboard-before", in the same rounds.
# Environment: JFR_SETTINGS (a .jfc for --profile), BENCH_TARGETS (run only these targets; see bench.mjs).
set -euo pipefail
BENCH="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(dirname "$BENCH")"
OUT="$BENCH/out"
mkdir -p "$OUT"
ARGS="$*"
QUICK=0 ROUNDS="" ONLY="" PROFILE=0 BASELINE_WAR=""
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) QUICK=1 ;;
    --rounds) ROUNDS="$2"; shift ;;
    --only) ONLY="$2"; shift ;;
    --profile) PROFILE=1 ;;
    --baseline-war) BASELINE_WAR="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

PIDS=()
cleanup() {
  set +e
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; done
  [ -f "$OUT/nginx.pid" ] && kill "$(cat "$OUT/nginx.pid")" 2>/dev/null
  sleep 2
  for pid in "${PIDS[@]}"; do kill -9 "$pid" 2>/dev/null; done
}
trap cleanup EXIT INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
wait_http() { # url seconds
  for _ in $(seq 1 "$2"); do curl -fsS -o /dev/null "$1" 2>/dev/null && return 0; sleep 1; done
  echo "not up: $1" >&2; return 1
}

ulimit -n 20000 2>/dev/null || ulimit -n "$(ulimit -Hn)"

# --- prerequisites ---
if [ ! -f "$ROOT/target/switchboard.war" ] || [ ! -f "$ROOT/target/payara-micro.jar" ] \
   || [ -n "$(find "$ROOT/src/main" "$ROOT/pom.xml" -newer "$ROOT/target/switchboard.war" -print -quit)" ]; then
  (cd "$ROOT" && mvn -B -o -q -DskipTests package)
fi
if [ ! -f /usr/lib/nginx/modules/ngx_nchan_module.so ] || ! command -v nginx >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -q nginx libnginx-mod-nchan
fi
if [ ! -d "$BENCH/node_modules" ] || [ "$BENCH/package-lock.json" -nt "$BENCH/node_modules" ]; then
  (cd "$BENCH" && npm ci --no-audit --no-fund)
fi

# --- servers ---
# Run copies, so a rebuild during the run does not change what is measured.
cp "$ROOT/target/switchboard.war" "$OUT/switchboard.war"; cp "$ROOT/target/payara-micro.jar" "$OUT/payara-micro.jar"
SB_HTTP_PORT=$(free_port); SB_SIO_PORT=$(free_port); REF_SIO_PORT=$(free_port); NCHAN_PORT=$(free_port)
# Every client of the benchmark connects from loopback: one address, far past the per-address connection cap.
# Payara Micro's Hazelcast would otherwise try to reach its vendor's phone-home server at boot: loopback only here.
SB_JVM_OPTS="-Xmx1g -XX:+UseG1GC -Dswitchboard.max-connections-per-address=0 -Dhazelcast.phone.home.enabled=false"
JFR_OPT=()
# JFR_SETTINGS: another .jfc (e.g. a copy of profile.jfc sampling every 1 ms) for a denser profile.
[ "$PROFILE" = 1 ] && JFR_OPT=("-XX:StartFlightRecording=filename=$OUT/switchboard.jfr,settings=${JFR_SETTINGS:-profile},dumponexit=true")
# SB_EXTRA_OPTS: JVM options for the "switchboard" target only (a setting A/B'd against --baseline-war).
java $SB_JVM_OPTS ${SB_EXTRA_OPTS:-} "${JFR_OPT[@]}" -Dswitchboard.socketio.port="$SB_SIO_PORT" -Dswitchboard.socketio.host=127.0.0.1 \
  -jar "$OUT/payara-micro.jar" --nocluster --nohostaware --port "$SB_HTTP_PORT" \
  --deploy "$OUT/switchboard.war" --contextroot / > "$OUT/switchboard.log" 2>&1 &
SB_PID=$!; PIDS+=("$SB_PID")

if [ -n "$BASELINE_WAR" ]; then
  SB0_HTTP_PORT=$(free_port); SB0_SIO_PORT=$(free_port)
  cp "$BASELINE_WAR" "$OUT/switchboard-before.war"
  java $SB_JVM_OPTS -Dswitchboard.socketio.port="$SB0_SIO_PORT" -Dswitchboard.socketio.host=127.0.0.1 \
    -jar "$OUT/payara-micro.jar" --nocluster --nohostaware --port "$SB0_HTTP_PORT" \
    --deploy "$OUT/switchboard-before.war" --contextroot / > "$OUT/switchboard-before.log" 2>&1 &
  SB0_PID=$!; PIDS+=("$SB0_PID")
  export SB0_PID SB0_HTTP_PORT SB0_SIO_PORT
fi

node --expose-gc "$BENCH/ref-socketio-server.mjs" "$REF_SIO_PORT" > "$OUT/ref-socketio.log" 2>&1 &
REF_SIO_PID=$!; PIDS+=("$REF_SIO_PID")

# --- cluster (workloads cluster-*): one redis-server, two Switchboard nodes and two socket.io servers on it ---
CLUSTER=0
if [ -z "$ONLY" ] || [[ ",$ONLY," == *",cluster-"* ]]; then CLUSTER=1; fi
if [ "$CLUSTER" = 1 ]; then
  # redis-server from the PATH, else the Linux binary inside the embedded-redis jar the cluster tests use.
  REDIS_BIN="$(command -v redis-server || true)"
  if [ -z "$REDIS_BIN" ]; then
    ER_VERSION="$(sed -n 's|.*<embedded-redis.version>\(.*\)</embedded-redis.version>.*|\1|p' "$ROOT/pom.xml")"
    ER_JAR="$HOME/.m2/repository/com/github/codemonstur/embedded-redis/$ER_VERSION/embedded-redis-$ER_VERSION.jar"
    [ -f "$ER_JAR" ] || (cd "$ROOT" && mvn -B -q dependency:get -Dartifact="com.github.codemonstur:embedded-redis:$ER_VERSION")
    ER_ENTRY="$(unzip -Z1 "$ER_JAR" | grep -E '^redis-server-.*-linux-amd64$' | head -1)"
    unzip -p "$ER_JAR" "$ER_ENTRY" > "$OUT/redis-server"; chmod +x "$OUT/redis-server"
    REDIS_BIN="$OUT/redis-server"
  fi
  REDIS_PORT=$(free_port)
  "$REDIS_BIN" --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --daemonize no \
    > "$OUT/redis.log" 2>&1 &
  REDIS_PID=$!; PIDS+=("$REDIS_PID")
  export REDIS_VERSION="$("$REDIS_BIN" --version | sed 's/.*v=\([^ ]*\).*/\1/')"
  for NODE in A B; do
    HTTP_PORT=$(free_port); SIO_PORT=$(free_port); REF_PORT=$(free_port)
    java $SB_JVM_OPTS -Dswitchboard.socketio.port="$SIO_PORT" -Dswitchboard.socketio.host=127.0.0.1 \
      -Dswitchboard.redis.url="redis://127.0.0.1:$REDIS_PORT" -Dswitchboard.node-id="bench-$NODE" \
      -jar "$OUT/payara-micro.jar" --nocluster --nohostaware --port "$HTTP_PORT" \
      --deploy "$OUT/switchboard.war" --contextroot / > "$OUT/switchboard-$NODE.log" 2>&1 &
    PID=$!; PIDS+=("$PID")
    REDIS_URL="redis://127.0.0.1:$REDIS_PORT" node --expose-gc "$BENCH/ref-socketio-server.mjs" "$REF_PORT" \
      > "$OUT/ref-socketio-$NODE.log" 2>&1 &
    RPID=$!; PIDS+=("$RPID")
    eval "SB${NODE}_PID=$PID SB${NODE}_HTTP_PORT=$HTTP_PORT SB${NODE}_SIO_PORT=$SIO_PORT REF${NODE}_PID=$RPID REF${NODE}_PORT=$REF_PORT"
  done
  export SBA_PID SBA_HTTP_PORT SBA_SIO_PORT SBB_PID SBB_HTTP_PORT SBB_SIO_PORT REFA_PID REFA_PORT REFB_PID REFB_PORT
fi

rm -rf "$OUT/nginx"; mkdir -p "$OUT/nginx"
sed -e "s#@PORT@#$NCHAN_PORT#g" -e "s#@DIR@#$OUT/nginx#g" "$BENCH/nginx-nchan.conf.template" > "$OUT/nginx/nginx.conf"
nginx -c "$OUT/nginx/nginx.conf" -p "$OUT/nginx"
NGINX_PIDFILE="$OUT/nginx/nginx.pid"
trap 'cleanup; [ -f "$NGINX_PIDFILE" ] && kill "$(cat "$NGINX_PIDFILE")" 2>/dev/null' EXIT INT TERM

echo "waiting for Switchboard (http $SB_HTTP_PORT, socket.io $SB_SIO_PORT), socket.io ($REF_SIO_PORT), nchan ($NCHAN_PORT)"
wait_http "http://127.0.0.1:$REF_SIO_PORT/health" 30
wait_http "http://127.0.0.1:$SB_HTTP_PORT/api/health" 240
[ -n "$BASELINE_WAR" ] && wait_http "http://127.0.0.1:$SB0_HTTP_PORT/api/health" 240
if [ "$CLUSTER" = 1 ]; then
  for url in "http://127.0.0.1:$SBA_HTTP_PORT/api/health" "http://127.0.0.1:$SBB_HTTP_PORT/api/health" \
             "http://127.0.0.1:$REFA_PORT/health" "http://127.0.0.1:$REFB_PORT/health"; do
    wait_http "$url" 240
  done
fi

export SB_PID SB_HTTP_PORT SB_SIO_PORT REF_SIO_PORT REF_SIO_PID NCHAN_PORT NGINX_PIDFILE SB_JVM_OPTS
export JAVA_VERSION="$(java -version 2>&1 | head -1)"
export NGINX_VERSION="$(nginx -v 2>&1 | sed 's#.*/##')"
export REF_SIO_VERSION="$(node -p 'require("'"$BENCH"'/node_modules/socket.io/package.json").version')"
export PAYARA_JAR="$(sed -n 's|.*<payara.version>\(.*\)</payara.version>.*|\1|p' "$ROOT/pom.xml")"
export BENCH_QUICK="$QUICK" BENCH_ONLY="$ONLY" BASELINE_LABEL="${BASELINE_LABEL:-$BASELINE_WAR}"
[ -n "$ROUNDS" ] && export BENCH_ROUNDS="$ROUNDS"
export BENCH_COMMAND="bench/run.sh $ARGS"
# In the background and waited for, so that Ctrl-C or a kill runs the cleanup at once.
node "$BENCH/bench.mjs" &
BENCH_PID=$!; PIDS+=("$BENCH_PID")
wait "$BENCH_PID"
if [ "$PROFILE" = 1 ]; then jcmd "$SB_PID" JFR.dump filename="$OUT/switchboard.jfr" >/dev/null 2>&1 || true; fi
