// The capacity soak: one Switchboard node holding SSE, Socket.IO and WebSocket clients at once (6,450 of each by
// default), spread over several client processes, then messages to all of them. Started by soak.sh, which starts the node and passes
// its ports and pid in the environment. Loopback only; every phase is bounded in time.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import { now } from "./lib/clock.mjs";
import { Histogram } from "./lib/histogram.mjs";
import { ask, startWorker } from "./lib/workers.mjs";

const env = process.env;
const SSE = Number(env.SOAK_SSE ?? 6450);
const SIO = Number(env.SOAK_SIO ?? 6450);
const WS = Number(env.SOAK_WS ?? 6450);
const PER_PROCESS = Number(env.SOAK_PER_PROCESS ?? 2250);
const MESSAGES = Number(env.SOAK_MESSAGES ?? 20);
// Messages/s: SOAK_RATE, else what makes SOAK_DELIVERIES deliveries/s (10,000) to every client planned.
const RATE = env.SOAK_RATE ? Number(env.SOAK_RATE) : Number(env.SOAK_DELIVERIES ?? 10000) / (SSE + SIO + WS);
const HOLD_S = Number(env.SOAK_HOLD_S ?? 30);
const ROOM = "soak";
const PID = Number(env.SB_PID);
const HERE = new URL(".", import.meta.url).pathname;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function get(path) {
  return new Promise((resolve) => {
    http.get({ host: "127.0.0.1", port: env.SB_HTTP_PORT, path, agent: false }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c) => (body += c));
      res.on("end", () => { try { resolve(JSON.parse(body)); } catch { resolve(null); } });
    }).on("error", () => resolve(null));
  });
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
function send(seq) {
  return new Promise((resolve) => {
    const data = JSON.stringify({ type: "text", content: `${seq}:${now()}`, sender: "soak", room: ROOM });
    const req = http.request({ host: "127.0.0.1", port: env.SB_HTTP_PORT, path: "/api/message", method: "POST", agent,
      headers: { "content-type": "application/json", "content-length": Buffer.byteLength(data) } }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode >= 200 && res.statusCode < 300));
    });
    req.on("error", () => resolve(false));
    req.setTimeout(30000, () => req.destroy());
    req.end(data);
  });
}

function server() {
  const status = fs.readFileSync(`/proc/${PID}/status`, "utf8");
  const raw = fs.readFileSync(`/proc/${PID}/stat`, "utf8");
  const stat = raw.slice(raw.lastIndexOf(")") + 2).split(" ");
  return {
    rssMb: Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024,
    threads: Number(/Threads:\s+(\d+)/.exec(status)[1]),
    fds: fs.readdirSync(`/proc/${PID}/fd`).length,
    cpuMs: (Number(stat[11]) + Number(stat[12])) * 10,
  };
}

function heap() {
  try {
    execFileSync("jcmd", [String(PID), "GC.run"], { timeout: 120000 });
    const info = execFileSync("jcmd", [String(PID), "GC.heap_info"], { timeout: 60000 }).toString();
    const used = /used (\d+)K/.exec(info);
    const total = /total (\d+)K/.exec(info);
    return { usedMb: used ? Number(used[1]) / 1024 : NaN, committedMb: total ? Number(total[1]) / 1024 : NaN };
  } catch { return { usedMb: NaN, committedMb: NaN }; }
}

function shares(total) {
  const n = Math.ceil(total / PER_PROCESS);
  return Array.from({ length: n }, (_, i) => Math.min(PER_PROCESS, total - i * PER_PROCESS));
}

// {transport: connections} from /api/health.
const counts = (health) => health && health.components && Object.fromEntries(Object.entries(health.components)
  .filter(([, c]) => c.connections !== undefined).map(([name, c]) => [name, c.connections]));

const mb = (x) => (Number.isFinite(x) ? x.toFixed(0) : "–");

async function main() {
  const idle = { ...server(), heap: heap() };
  console.log(`idle: heap ${mb(idle.heap.usedMb)} MB used, RSS ${mb(idle.rssMb)} MB, ${idle.threads} threads`);

  const plan = [
    ...shares(SSE).map((count) => ({ kind: "sse", count, url: `http://127.0.0.1:${env.SB_HTTP_PORT}/stream?channel=${ROOM}` })),
    ...shares(SIO).map((count) => ({ kind: "sio", count, url: `http://127.0.0.1:${env.SB_SIO_PORT}`, room: ROOM })),
    // In no room: a WebSocket client that joined none follows every event, so it gets each message to the room.
    ...shares(WS).map((count) => ({ kind: "ws", count, url: `ws://127.0.0.1:${env.SB_HTTP_PORT}/ws/messages` })),
  ];
  const workers = plan.map(() => startWorker());
  const connectStart = now();
  let index = 0;
  const connected = await Promise.all(plan.map((p, i) => {
    const firstIndex = index;
    index += p.count;
    return ask(workers[i], { op: "connect", kind: p.kind, url: p.url, count: p.count, room: p.room,
      seqSpace: MESSAGES, firstIndex, parallel: 25 });
  }));
  const connectS = (now() - connectStart) / 1000;
  const byKind = (kind, field) => plan.reduce((a, p, i) => a + (p.kind === kind ? connected[i][field] : 0), 0);
  const health = await get("/api/health");
  const loaded = { ...server(), heap: heap() };
  const conns = byKind("sse", "ok") + byKind("sio", "ok") + byKind("ws", "ok");
  console.log(`connected in ${connectS.toFixed(0)} s: SSE ${byKind("sse", "ok")} (failed ${byKind("sse", "failed")}), `
    + `Socket.IO ${byKind("sio", "ok")} (failed ${byKind("sio", "failed")}), `
    + `WebSocket ${byKind("ws", "ok")} (failed ${byKind("ws", "failed")}); health says `
    + JSON.stringify(counts(health)));
  console.log(`loaded: heap ${mb(loaded.heap.usedMb)} MB used of ${mb(loaded.heap.committedMb)} MB committed, `
    + `RSS ${mb(loaded.rssMb)} MB, ${loaded.threads} threads, ${loaded.fds} fds`);

  // Messages to every client, paced; then wait until deliveries stop growing (bounded).
  const published = [];
  const cpuBefore = server().cpuMs, sendStart = now();
  for (let s = 0; s < MESSAGES; s++) {
    const at = sendStart + (s * 1000) / RATE;
    const wait = at - now();
    if (wait > 0) await sleep(wait);
    if (await send(s)) published.push(s);
  }
  const expected = published.length * conns;
  let got = -1, stableSince = now(), reports;
  for (let i = 0; i < 600; i++) {
    reports = await Promise.all(workers.map((w) => ask(w, { op: "report", published: [] })));
    const n = reports.reduce((a, r) => a + r.deliveries, 0);
    if (n >= expected) break;
    if (n !== got) { got = n; stableSince = now(); } else if (now() - stableSince > 15000) break;
    await sleep(200);
  }
  const cpuPct = ((server().cpuMs - cpuBefore) / (now() - sendStart)) * 100;

  // Hold: every connection must stay up through heartbeats and pings.
  console.log(`holding ${HOLD_S} s`);
  await sleep(HOLD_S * 1000);
  reports = await Promise.all(workers.map((w) => ask(w, { op: "report", published })));
  const held = await get("/api/health");
  const hist = new Histogram();
  reports.forEach((r) => hist.merge(r.hist));
  const sum = (f) => reports.reduce((a, r) => a + r[f], 0);
  const result = {
    sse: byKind("sse", "ok"), sio: byKind("sio", "ok"), ws: byKind("ws", "ok"),
    connectFailed: byKind("sse", "failed") + byKind("sio", "failed") + byKind("ws", "failed"),
    connectS, published: published.length, deliveries: sum("deliveries"), expected,
    lost: sum("lost"), dup: sum("dup"), errors: sum("errors") + sum("malformed"),
    p50: hist.percentile(0.5), p99: hist.percentile(0.99), max: hist.max,
    heapIdleMb: idle.heap.usedMb, heapMb: loaded.heap.usedMb, heapCommittedMb: loaded.heap.committedMb,
    rssIdleMb: idle.rssMb, rssMb: loaded.rssMb, threads: loaded.threads, fds: loaded.fds, cpuPct,
    healthAfterHold: counts(held),
    dropped: reports.reduce((a, r) => { for (const [k, v] of Object.entries(r.dropped || {})) a[k] = (a[k] || 0) + v; return a; }, {}),
  };
  await Promise.all(workers.map((w) => { w.send({ op: "close" }); return new Promise((r) => w.on("exit", r)); }));
  agent.destroy();

  const heapPer1k = ((result.heapMb - result.heapIdleMb) / conns) * 1000;
  const rssPer1k = ((result.rssMb - result.rssIdleMb) / conns) * 1000;
  const rows = [
    ["connections held", `${result.sse} SSE + ${result.sio} Socket.IO + ${result.ws} WebSocket = ${conns} (${result.connectFailed} failed to connect)`],
    ["connect phase", `${result.connectS.toFixed(0)} s (${(conns / result.connectS).toFixed(0)} conn/s)`],
    ["heap used after GC", `${mb(result.heapIdleMb)} MB idle → ${mb(result.heapMb)} MB loaded (${heapPer1k.toFixed(1)} MB per 1,000 connections), `
      + `${mb(result.heapCommittedMb)} MB committed, -Xmx ${env.SB_XMX || "1g"}`],
    ["RSS", `${mb(result.rssIdleMb)} MB idle → ${mb(result.rssMb)} MB loaded (${rssPer1k.toFixed(1)} MB per 1,000 connections)`],
    ["server threads / fds", `${result.threads} / ${result.fds}`],
    ["messages", `${result.published} sent at ${RATE.toFixed(2)}/s (${(RATE * conns).toFixed(0)} deliveries/s), ${result.deliveries} of ${result.expected} deliveries`],
    ["publish→deliver", `p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms, max ${result.max.toFixed(1)} ms`],
    ["lost / dup / errors", `${result.lost} / ${result.dup} / ${result.errors}`],
    ["connections dropped, by reason", JSON.stringify(result.dropped)],
    ["server CPU while sending", `${result.cpuPct.toFixed(0)} % of one core`],
    [`connections after ${HOLD_S} s hold`, JSON.stringify(result.healthAfterHold)],
  ];
  const table = ["| figure | value |", "|---|---|", ...rows.map(([k, v]) => `| ${k} | ${v} |`)].join("\n");
  console.log(table);
  const md = `# Capacity soak\n\nGenerated by \`bench/soak.sh\` on ${new Date().toISOString()}.\n\n`
    + `- Machine: ${os.cpus().length} cores (${os.cpus()[0].model.split(" ").slice(0, 2).join(" ")}), `
    + `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB memory, load average at the end ${os.loadavg()[0].toFixed(2)}\n`
    + `- JVM: ${env.JAVA_VERSION}; Switchboard ${env.SB_JVM_OPTS} on Payara Micro\n`
    + `- Clients: Node ${process.version}, ${workers.length} processes of at most ${PER_PROCESS} connections `
    + `(SSE \`/stream?channel=${ROOM}\`, Socket.IO over websocket on its direct port in room \`${ROOM}\`, WebSocket `
    + `\`/ws/messages\` in no room); every message is a REST \`POST /api/message\` to room \`${ROOM}\`, so each reaches `
    + `every client of the three transports\n\n${table}\n`;
  fs.writeFileSync(`${HERE}SOAK.md`, md);
  const ok = result.lost === 0 && result.dup === 0 && result.errors === 0 && result.connectFailed === 0;
  console.log(ok ? "soak: no errors" : "soak: ERRORS, see above");
  process.exit(ok ? 0 : 1);
}

main().catch((e) => { console.error(e); process.exit(2); });
