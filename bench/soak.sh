#!/usr/bin/env bash
# Capacity soak: one Switchboard node (Payara Micro, -Xmx1g) holding 6,450 SSE + 6,450 Socket.IO + 6,450 WebSocket
# clients, then 20 messages to all of them (at 10,000 deliveries/s), then a 30 s hold. Loopback only; prints its
# figures and writes bench/SOAK.md.
#   bench/soak.sh            (sizes: SOAK_SSE, SOAK_SIO, SOAK_WS, SOAK_PER_PROCESS, SOAK_MESSAGES, SOAK_DELIVERIES
#                             (per second) or SOAK_RATE (messages/s), SOAK_HOLD_S;
#                             SB_XMX, SB_JVM_EXTRA: more JVM options for the node)
# Exit status 0 when every client connected and got every message once, with no disconnects.
set -euo pipefail
BENCH="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(dirname "$BENCH")"
OUT="$BENCH/out/soak"
mkdir -p "$OUT"
# The server holds one descriptor per client: 19,350 plus its own (about 390), under the 20,000 a process may open here.
ulimit -n 20000 2>/dev/null || ulimit -n "$(ulimit -Hn)"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

if [ ! -f "$ROOT/target/switchboard.war" ] || [ ! -f "$ROOT/target/payara-micro.jar" ] \
   || [ -n "$(find "$ROOT/src/main" "$ROOT/pom.xml" -newer "$ROOT/target/switchboard.war" -print -quit)" ]; then
  (cd "$ROOT" && mvn -B -o -q -DskipTests package)
fi
if [ ! -d "$BENCH/node_modules" ] || [ "$BENCH/package-lock.json" -nt "$BENCH/node_modules" ]; then
  (cd "$BENCH" && npm ci --no-audit --no-fund)
fi

cp "$ROOT/target/switchboard.war" "$OUT/switchboard.war"; cp "$ROOT/target/payara-micro.jar" "$OUT/payara-micro.jar"
SB_HTTP_PORT=$(free_port); SB_SIO_PORT=$(free_port)
SB_XMX="${SB_XMX:-1g}"
# All 19,350 clients connect from loopback: one address, far past the per-address connection cap.
# No phone-home call from Payara Micro's Hazelcast at boot: loopback only here.
SB_JVM_OPTS="-Xmx$SB_XMX -XX:+UseG1GC -Dswitchboard.max-connections-per-address=0 -Dhazelcast.phone.home.enabled=false ${SB_JVM_EXTRA:-}"
# Heartbeats and pings keep running through the hold; the SSE heartbeat at its default.
java $SB_JVM_OPTS -Dswitchboard.socketio.port="$SB_SIO_PORT" -Dswitchboard.socketio.host=127.0.0.1 \
  -jar "$OUT/payara-micro.jar" --nocluster --nohostaware --port "$SB_HTTP_PORT" \
  --deploy "$OUT/switchboard.war" --contextroot / > "$OUT/switchboard.log" 2>&1 &
SB_PID=$!
trap 'kill $SB_PID 2>/dev/null; sleep 3; kill -9 $SB_PID 2>/dev/null || true' EXIT INT TERM

for _ in $(seq 1 240); do curl -fsS -o /dev/null "http://127.0.0.1:$SB_HTTP_PORT/api/health" 2>/dev/null && break; sleep 1; done
curl -fsS -o /dev/null "http://127.0.0.1:$SB_HTTP_PORT/api/health"
echo "Switchboard up: http $SB_HTTP_PORT, socket.io $SB_SIO_PORT, pid $SB_PID"

export SB_PID SB_HTTP_PORT SB_SIO_PORT SB_JVM_OPTS SB_XMX
export JAVA_VERSION="$(java -version 2>&1 | head -1)"
node "$BENCH/soak.mjs" &
wait $!
