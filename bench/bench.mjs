// Load generator and report for Switchboard vs the reference servers. Started by run.sh, which starts the servers
// and passes their addresses and pids in the environment. Everything goes to 127.0.0.1; every loop is bounded.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import { io } from "socket.io-client";
import { now } from "./lib/clock.mjs";
import { Histogram } from "./lib/histogram.mjs";
import { ask, startWorker } from "./lib/workers.mjs";

const env = process.env;
const QUICK = env.BENCH_QUICK === "1";
const ROUNDS = Number(env.BENCH_ROUNDS || (QUICK ? 1 : 2));
const ONLY = env.BENCH_ONLY ? env.BENCH_ONLY.split(",") : null;
// BENCH_TARGETS: run only these targets (by name), e.g. for a profile of one entry point.
const TARGETS = env.BENCH_TARGETS ? env.BENCH_TARGETS.split(",") : null;
const PER_PROCESS = 2500;
const HERE = new URL(".", import.meta.url).pathname;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---- targets ----
const sb = { name: "switchboard", pids: () => [Number(env.SB_PID)], jvm: true,
  healthUrls: [`http://127.0.0.1:${env.SB_HTTP_PORT}/api/health`] };
const targets = {
  sio: [
    { ...sb, url: `http://127.0.0.1:${env.SB_SIO_PORT}` },
    // The same node through the app server's own port (/ws/chat/ on the HTTP listener), as the seed's client does.
    { ...sb, name: "switchboard-appport", url: `http://127.0.0.1:${env.SB_HTTP_PORT}` },
    // Subscribers through the app server's port, the publisher on the direct port: what the app port adds on the
    // way out alone, without its inbound hops (container I/O thread, then the bridge's loop) for the publisher.
    { ...sb, name: "switchboard-appport-directpub", url: `http://127.0.0.1:${env.SB_HTTP_PORT}`,
      pubUrl: `http://127.0.0.1:${env.SB_SIO_PORT}`, diagnostic: true },
    { name: "socket.io", url: `http://127.0.0.1:${env.REF_SIO_PORT}`, pids: () => [Number(env.REF_SIO_PID)] },
  ],
  sse: [
    { ...sb, sub: () => `http://127.0.0.1:${env.SB_HTTP_PORT}/stream?channel=sse`,
      pub: (s, t) => post(env.SB_HTTP_PORT, "/api/events/publish", { event_type: "b", data: { s, t } }) },
    // The same node's other stream: /api/events, every event as its JSON envelope (the seed's EventSource example).
    { ...sb, name: "switchboard-api-events", sub: () => `http://127.0.0.1:${env.SB_HTTP_PORT}/api/events?channel=sse`,
      pub: (s, t) => post(env.SB_HTTP_PORT, "/api/events/publish", { event_type: "b", data: { s, t } }) },
    { name: "nginx+nchan", pids: () => nginxPids(), connectedOnHeaders: true,
      sub: (run) => `http://127.0.0.1:${env.NCHAN_PORT}/sub/${run}`,
      pub: (s, t, run) => post(env.NCHAN_PORT, `/pub/${run}`, { s, t }) },
  ],
  // Plain WebSocket: Switchboard's /ws/messages (every event, published over REST) against Nchan's WebSocket
  // subscriber on the same channel as its SSE one.
  ws: [
    { ...sb, sub: () => `ws://127.0.0.1:${env.SB_HTTP_PORT}/ws/messages`,
      pub: (s, t) => post(env.SB_HTTP_PORT, "/api/events/publish", { event_type: "b", data: { s, t } }) },
    { name: "nginx+nchan", pids: () => nginxPids(), connectedOnHeaders: true,
      sub: (run) => `ws://127.0.0.1:${env.NCHAN_PORT}/ws/${run}`,
      pub: (s, t, run) => post(env.NCHAN_PORT, `/pub/${run}`, { s, t }) },
  ],
  // Two nodes on one Redis: subscribers on node B, the publisher on node A ("switchboard", "socket.io"), or on B
  // itself ("-local": the same nodes and clients without the hop), so cross − local is what the hop adds.
  cluster: [],
};
if (env.SB0_PID) {
  const before = { name: "switchboard-before", pids: () => [Number(env.SB0_PID)], jvm: true,
    healthUrls: [`http://127.0.0.1:${env.SB0_HTTP_PORT}/api/health`] };
  targets.sio.push({ ...before, url: `http://127.0.0.1:${env.SB0_SIO_PORT}` },
    { ...before, name: "switchboard-before-appport", url: `http://127.0.0.1:${env.SB0_HTTP_PORT}` });
  targets.sse.push({ ...before, sub: () => `http://127.0.0.1:${env.SB0_HTTP_PORT}/stream?channel=sse`,
    pub: (s, t) => post(env.SB0_HTTP_PORT, "/api/events/publish", { event_type: "b", data: { s, t } }) });
  targets.ws.push({ ...before, sub: () => `ws://127.0.0.1:${env.SB0_HTTP_PORT}/ws/messages`,
    pub: (s, t) => post(env.SB0_HTTP_PORT, "/api/events/publish", { event_type: "b", data: { s, t } }) });
}
if (env.SBA_PID) {
  const nodes = { pids: () => [Number(env.SBA_PID), Number(env.SBB_PID)], jvm: true,
    healthUrls: [`http://127.0.0.1:${env.SBA_HTTP_PORT}/api/health`, `http://127.0.0.1:${env.SBB_HTTP_PORT}/api/health`] };
  const refs = { pids: () => [Number(env.REFA_PID), Number(env.REFB_PID)] };
  const sbA = `http://127.0.0.1:${env.SBA_SIO_PORT}`, sbB = `http://127.0.0.1:${env.SBB_SIO_PORT}`;
  const refA = `http://127.0.0.1:${env.REFA_PORT}`, refB = `http://127.0.0.1:${env.REFB_PORT}`;
  targets.cluster.push(
    { ...nodes, name: "switchboard", url: sbB, pubUrl: sbA },
    { ...nodes, name: "switchboard-local", url: sbB, pubUrl: sbB },
    { ...refs, name: "socket.io", url: refB, pubUrl: refA, gcUrls: [refA, refB] },
    { ...refs, name: "socket.io-local", url: refB, pubUrl: refB, gcUrls: [refA, refB] });
}
targets.sio.find((t) => t.name === "socket.io").gcUrls = [`http://127.0.0.1:${env.REF_SIO_PORT}`];
const REFERENCE = { sio: "socket.io", sse: "nginx+nchan", ws: "nginx+nchan", cluster: "socket.io" };

function nginxPids() {
  const master = Number(fs.readFileSync(env.NGINX_PIDFILE, "utf8").trim());
  const kids = execFileSync("pgrep", ["-P", String(master)]).toString().trim().split(/\s+/).map(Number);
  return [master, ...kids];
}

// ---- workloads ----
const S = QUICK ? 0.5 : 1;
const workloads = [
  { id: "fanout-sio-1k", kind: "sio", subs: 1000, rate: 5, count: Math.round(100 * S),
    what: "Socket.IO/websocket fan-out, 1 publisher at 5 msg/s (latency), 1,000 subscribers" },
  { id: "fanout-sio-1k-burst", kind: "sio", subs: 1000, rate: 1000, count: Math.round(200 * S),
    what: "Socket.IO/websocket fan-out, 1 publisher at up to 1,000 msg/s (throughput), 1,000 subscribers" },
  { id: "fanout-sse-1k", kind: "sse", subs: 1000, rate: 5, count: Math.round(100 * S),
    what: "SSE fan-out, 1 publisher (HTTP POST) at 5 msg/s (latency), 1,000 subscribers" },
  { id: "fanout-sse-1k-burst", kind: "sse", subs: 1000, rate: 1000, count: Math.round(200 * S),
    what: "SSE fan-out, 1 publisher (HTTP POST) at up to 1,000 msg/s (throughput), 1,000 subscribers" },
  { id: "fanout-ws-1k", kind: "ws", subs: 1000, rate: 5, count: Math.round(100 * S),
    what: "plain WebSocket fan-out (Switchboard /ws/messages, Nchan's WebSocket subscriber), 1 publisher (HTTP POST) at 5 msg/s (latency), 1,000 subscribers" },
  { id: "fanout-ws-1k-burst", kind: "ws", subs: 1000, rate: 1000, count: Math.round(200 * S),
    what: "plain WebSocket fan-out, 1 publisher (HTTP POST) at up to 1,000 msg/s (throughput), 1,000 subscribers" },
  { id: "cluster-sio-100", kind: "cluster", subs: 100, rate: 20, count: Math.round(200 * S),
    what: "cluster: 2 nodes on one Redis, 100 Socket.IO subscribers on node B, 1 publisher at 20 msg/s on node A (or on B: -local)" },
  { id: "cluster-sio-1k", kind: "cluster", subs: 1000, rate: 5, count: Math.round(100 * S),
    what: "cluster: 2 nodes on one Redis, 1,000 Socket.IO subscribers on node B, 1 publisher at 5 msg/s on node A (or on B: -local)" },
  { id: "chat-sio", kind: "sio", subs: QUICK ? 100 : 200, chat: true, durationMs: QUICK ? 5000 : 10000,
    what: "chat: N Socket.IO clients in one room, each sending 1 msg/s, every client receives every message" },
  // The 10,000-subscriber workloads last: their connect phases take minutes, so a time budget cuts them first.
  { id: "fanout-sio-10k", kind: "sio", subs: 10000, rate: 1, count: Math.round(20 * S),
    what: "Socket.IO/websocket fan-out, 1 publisher at 1 msg/s, 10,000 subscribers" },
  { id: "fanout-sse-10k", kind: "sse", subs: 10000, rate: 1, count: Math.round(20 * S),
    what: "SSE fan-out, 1 publisher at 1 msg/s, 10,000 subscribers" },
  { id: "fanout-ws-10k", kind: "ws", subs: 10000, rate: 1, count: Math.round(20 * S),
    what: "plain WebSocket fan-out, 1 publisher (HTTP POST) at 1 msg/s, 10,000 subscribers" },
  { id: "hold-sio-10k-appport", kind: "sio", subs: 10000, rate: 1, count: 60, only: ["switchboard-appport"],
    what: "10,000 Socket.IO/websocket clients held for a minute through the app server's port, 1 msg/s to all" },
].filter((w) => !ONLY || ONLY.includes(w.id));

// ---- helpers ----
const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
function post(port, path, body) {
  return new Promise((resolve) => {
    const data = JSON.stringify(body);
    const req = http.request({ host: "127.0.0.1", port, path, method: "POST", agent,
      headers: { "content-type": "application/json", "content-length": Buffer.byteLength(data) } }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode >= 200 && res.statusCode < 300));
    });
    req.on("error", () => resolve(false));
    req.setTimeout(30000, () => { req.destroy(); });
    req.end(data);
  });
}

function procStat(pids) {
  let ticks = 0, rssKb = 0;
  for (const pid of pids) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks += Number(f[11]) + Number(f[12]);
      const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
      rssKb += Number(/VmRSS:\s+(\d+)/.exec(status)[1]);
    } catch { /* process gone */ }
  }
  return { cpuMs: ticks * 10, rssMb: rssKb / 1024 };
}

// Runs a full GC in the server (JVM: jcmd GC.run; the reference socket.io server: GET /gc, it runs with
// --expose-gc; nginx has none) and returns the heap in use after it (JVM only, NaN otherwise). Memory is read
// right after, so both readings of a run (idle, and with every subscriber connected) are taken at the same point.
async function settle(target) {
  for (const url of target.gcUrls || []) await get(`${url}/gc`);
  if (!target.jvm) { await sleep(500); return NaN; }
  let used = 0;
  for (const pid of target.pids()) {
    try {
      execFileSync("jcmd", [String(pid), "GC.run"], { timeout: 60000 });
      const info = execFileSync("jcmd", [String(pid), "GC.heap_info"], { timeout: 60000 }).toString();
      const m = /used (\d+)K/.exec(info);
      used += m ? Number(m[1]) / 1024 : NaN;
    } catch { return NaN; }
  }
  await sleep(500); // the pages the collection freed are handed back to the system before RSS is read
  return used;
}

function get(url) {
  return new Promise((resolve) => {
    http.get(url, { agent: false }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => { body += chunk; });
      res.on("end", () => resolve({ status: res.statusCode, body }));
    }).on("error", () => resolve({ status: 0, body: "" }));
  });
}

// Waits (at most 30 s) until Switchboard holds no connection of the previous run: an SSE client that went away is
// noticed at the next write, a heartbeat at the latest, and until then its subscriber would count as idle memory.
async function awaitNoConnections(target) {
  for (const url of target.healthUrls || []) {
    for (let i = 0; i < 120; i++) {
      let open = 0;
      try {
        const components = JSON.parse((await get(url)).body).components || {};
        for (const c of Object.values(components)) open += c.connections || 0;
      } catch { break; }
      if (open === 0) break;
      await sleep(250);
    }
  }
}

function startWorkers(n) {
  return Array.from({ length: n }, startWorker);
}

async function publisherFor(target, kind, run) {
  if (target.pub) return { send: (s, t) => target.pub(s, t, run), close() {} };
  const socket = io(target.pubUrl || target.url, { path: "/ws/chat/", transports: ["websocket"], forceNew: true, reconnection: false });
  await new Promise((resolve, reject) => { socket.on("connect", resolve); socket.on("connect_error", reject); });
  return {
    send: (s, t) => new Promise((resolve) => socket.timeout(30000).emit("message",
      { type: "text", content: `${s}:${t}`, sender: "bench" }, (err, reply) => resolve(!err && reply && reply.ok))),
    close() { socket.close(); },
  };
}

async function runOne(w, target, round, quiet = false) {
  const run = `b${Date.now().toString(36)}${round}`;
  const nWorkers = Math.max(2, Math.ceil(w.subs / PER_PROCESS));
  const perSender = w.chat ? Math.floor(w.durationMs / 1000) : 0;
  const seqSpace = w.chat ? w.subs * perSender : w.count;
  const load1 = os.loadavg()[0];
  await awaitNoConnections(target);
  const heap0 = await settle(target);
  const idle = procStat(target.pids());
  const workers = startWorkers(nWorkers);
  const connectStart = now();
  const shares = workers.map((_, i) => Math.floor(w.subs / nWorkers) + (i < w.subs % nWorkers ? 1 : 0));
  let first = 0;
  const connected = await Promise.all(workers.map((child, i) => {
    const firstIndex = first; first += shares[i];
    return ask(child, { op: "connect", kind: w.kind === "cluster" ? "sio" : w.kind,
      url: target.sub ? target.sub(run) : target.url,
      count: shares[i], firstIndex, room: w.chat ? "bench" : null, seqSpace, parallel: 50,
      connectedOnHeaders: target.connectedOnHeaders });
  }));
  const connectMs = now() - connectStart;
  const conns = connected.reduce((a, c) => a + c.ok, 0);
  const connectFailed = connected.reduce((a, c) => a + c.failed, 0);
  await sleep(1000);
  const heap1 = await settle(target);
  const loaded = procStat(target.pids());

  const cpu0 = procStat(target.pids()).cpuMs;
  const t0 = now();
  let published = [];
  let offered = 0;
  if (w.chat) {
    const res = await Promise.all(workers.map((child) => ask(child, { op: "chat", durationMs: w.durationMs, perSender })));
    offered = res.reduce((a, r) => a + r.sent, 0);
    // every acked message is expected; the workers know which seqs they sent, rebuild the list from the plan
    for (let c = 0; c < w.subs; c++) for (let k = 0; k < perSender; k++) published.push(c * perSender + k);
    const acked = res.reduce((a, r) => a + r.acked, 0);
    if (acked !== offered) console.error(`  ${offered - acked} chat messages not acked`);
  } else {
    const pub = await publisherFor(target, w.kind, run);
    const pending = [];
    const interval = 1000 / w.rate;
    for (let s = 0; s < w.count; s++) {
      const due = t0 + s * interval;
      const wait = due - now();
      if (wait > 1) await sleep(wait);
      offered++;
      pending.push(pub.send(s, now()).then((ok) => ok ? s : -1));
    }
    published = (await Promise.all(pending)).filter((s) => s >= 0);
    pub.close();
  }
  const publishEnd = now();
  // wait for deliveries to settle: all expected arrived, or nothing new for 5 s (at most 120 s)
  const expected = published.length * conns;
  let last = -1, stableSince = now(), reports;
  for (let i = 0; i < 480; i++) {
    reports = await Promise.all(workers.map((child) => ask(child, { op: "report", published: [] })));
    const got = reports.reduce((a, r) => a + r.deliveries, 0);
    if (got >= expected) break;
    if (got !== last) { last = got; stableSince = now(); } else if (now() - stableSince > 5000) break;
    await sleep(250);
  }
  const cpu1 = procStat(target.pids()).cpuMs;
  const tEnd = now();
  reports = await Promise.all(workers.map((child) => ask(child, { op: "report", published })));
  workers.forEach((child) => child.send({ op: "close" }));
  await sleep(1500);
  workers.forEach((child) => child.kill());

  const hist = new Histogram();
  reports.forEach((r) => hist.merge(r.hist));
  const deliveries = reports.reduce((a, r) => a + r.deliveries, 0);
  const lastAt = Math.max(...reports.map((r) => r.lastAt));
  const row = {
    workload: w.id, target: target.name, round, conns, connectFailed,
    connectPerS: conns / (connectMs / 1000),
    published: published.length, offered, deliveries,
    deliveriesPerS: deliveries / ((lastAt - t0) / 1000),
    p50: hist.percentile(0.5), p99: hist.percentile(0.99), max: hist.max,
    lost: reports.reduce((a, r) => a + r.lost, 0), dup: reports.reduce((a, r) => a + r.dup, 0),
    errors: reports.reduce((a, r) => a + r.errors + r.malformed, 0) + connectFailed,
    // Per 1,000 connections: both readings after a full GC; below 500 connections the extrapolation is noise.
    rssMb: loaded.rssMb, rssPer1k: conns >= 500 ? (loaded.rssMb - idle.rssMb) / conns * 1000 : NaN,
    heapMb: heap1, heapPer1k: conns >= 500 ? (heap1 - heap0) / conns * 1000 : NaN,
    cpuPct: (cpu1 - cpu0) / (tEnd - t0) * 100, load1,
  };
  if (!quiet) console.log(fmtRow(row));
  await sleep(2000); // let the server notice the closes before the next run
  return row;
}

// ---- report ----
const COLS = [
  ["conns", 0], ["connectPerS", 0], ["published", 0], ["deliveries", 0], ["deliveriesPerS", 0],
  ["p50", 1], ["p99", 1], ["max", 1], ["lost", 0], ["dup", 0], ["errors", 0],
  ["rssMb", 0], ["rssPer1k", 1], ["heapMb", 0], ["heapPer1k", 1], ["cpuPct", 0],
];
const HEAD = ["conns", "conn/s", "msgs", "deliveries", "deliv/s", "p50 ms", "p99 ms", "max ms", "lost", "dup",
  "errors", "RSS MB", "RSS MB/1k conn", "heap MB", "heap MB/1k conn", "CPU %"];
const num = (v, d) => Number.isFinite(v) ? v.toFixed(d) : "–";
function fmtRow(r) {
  return `${r.workload.padEnd(20)} ${String(r.round)} ${r.target.padEnd(12)} ` +
    COLS.map(([k, d], i) => `${HEAD[i]}=${num(r[k], d)}`).join(" ");
}
function mdTable(rows) {
  const lines = [`| workload | round | server | ${HEAD.join(" | ")} |`, `|---|---|---|${HEAD.map(() => "---:").join("|")}|`];
  for (const r of rows) lines.push(`| ${r.workload} | ${r.round} | ${r.target} | ${COLS.map(([k, d]) => num(r[k], d)).join(" | ")} |`);
  return lines.join("\n");
}
function ratioTable(rows, against, mineName = "switchboard") {
  const keys = ["connectPerS", "deliveriesPerS", "p50", "p99", "max", "rssMb", "rssPer1k", "cpuPct"];
  const heads = ["conn/s", "deliv/s", "p50", "p99", "max", "RSS", "RSS/1k conn", "CPU"];
  const lines = [`| workload | round | ${heads.join(" | ")} |`, `|---|---|${heads.map(() => "---:").join("|")}|`];
  const seen = new Set();
  for (const r of rows) {
    const key = `${r.workload}/${r.round}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const mine = rows.find((x) => x.workload === r.workload && x.round === r.round && x.target === mineName);
    const kind = workloads.find((w) => w.id === r.workload).kind;
    const ref = rows.find((x) => x.workload === r.workload && x.round === r.round
      && x.target === (against || REFERENCE[kind]));
    if (!mine || !ref) continue;
    lines.push(`| ${r.workload} | ${r.round} | ${keys.map((k) => num(mine[k] / ref[k], 2) + "×").join(" | ")} |`);
  }
  return lines.join("\n");
}

// What the hop through Redis adds: cross-node row − local row (same nodes, same clients, same round).
function hopTable(rows) {
  const lines = ["| workload | round | servers | p50 cross / local ms | p99 cross / local ms | added p50 ms | added p99 ms |",
    "|---|---|---|---:|---:|---:|---:|"];
  for (const r of rows) {
    if (r.target.endsWith("-local")) continue;
    if (workloads.find((w) => w.id === r.workload).kind !== "cluster") continue;
    const local = rows.find((x) => x.workload === r.workload && x.round === r.round && x.target === `${r.target}-local`);
    if (!local) continue;
    lines.push(`| ${r.workload} | ${r.round} | ${r.target} | ${num(r.p50, 1)} / ${num(local.p50, 1)} | ` +
      `${num(r.p99, 1)} / ${num(local.p99, 1)} | ${num(r.p50 - local.p50, 1)} | ${num(r.p99 - local.p99, 1)} |`);
  }
  return lines.length > 2 ? lines.join("\n") : "";
}

// ---- main ----
const rows = [];
const loads = [];
// Warm-up, not recorded: lets the JVM compile its hot paths before it is measured (the reference gets the same).
// BENCH_WARMUP_ROUNDS: how many times (default 1).
if (env.BENCH_WARMUP !== "0") {
  const kinds = [...new Set(workloads.map((w) => w.kind))];
  for (let warm = 0; warm < Number(env.BENCH_WARMUP_ROUNDS || 1); warm++) {
    for (const kind of kinds) {
      for (const target of targets[kind]) {
        if (target.name.endsWith("-local")) continue; // the same servers as their cross-node target
        console.log(`warm-up ${kind} ${target.name}`);
        await runOne({ id: `warmup-${kind}`, kind, subs: 200, rate: 200, count: 300 }, target, 0, true);
      }
    }
  }
}
const deadline = Date.now() + Number(env.BENCH_MAX_SECONDS || 1800) * 1000;
outer:
for (const w of workloads) {
  for (let round = 1; round <= ROUNDS; round++) {
    // alternate which server goes first
    const eligible = targets[w.kind].filter((t) => (!w.only || w.only.includes(t.name))
      && (TARGETS ? TARGETS.includes(t.name) : !t.diagnostic));
    const order = round % 2 === 1 ? [...eligible].reverse() : eligible;
    for (const target of order) {
      if (Date.now() > deadline) { console.error("time budget spent, stopping"); break outer; }
      loads.push(os.loadavg()[0]);
      rows.push(await runOne(w, target, round));
    }
  }
}
loads.push(os.loadavg()[0]);
agent.destroy();

// 1,000 connect/disconnect cycles through the app server's port, 50 at a time, the client's three ways in turn
// (default: polling then upgrade; websocket only; polling only); then what is left open on every side.
async function connectCycles(total) {
  const variants = [undefined, ["websocket"], ["polling"]];
  const health = () => get(`http://127.0.0.1:${env.SB_HTTP_PORT}/api/health`).then((r) => JSON.parse(r.body).components.socketio);
  const fds = () => { try { return fs.readdirSync(`/proc/${env.SB_PID}/fd`).length; } catch { return NaN; } };
  await awaitNoConnections(sb);
  const fdsBefore = fds();
  let ok = 0, failed = 0;
  const started = now();
  for (let i = 0; i < total; i += 50) {
    await Promise.all(Array.from({ length: Math.min(50, total - i) }, (_, k) => new Promise((resolve) => {
      const socket = io(`http://127.0.0.1:${env.SB_HTTP_PORT}`, { path: "/ws/chat/", forceNew: true,
        reconnection: false, timeout: 20000, transports: variants[(i + k) % 3] });
      const done = (good) => { good ? ok++ : failed++; socket.close(); resolve(); };
      socket.on("connect", () => done(true));
      socket.on("connect_error", () => done(false));
    })));
  }
  const cycleMs = now() - started;
  let left, waited = now();
  for (let i = 0; i < 240; i++) {
    left = await health();
    if (left.connections === 0 && left.engine_sessions === 0 && left.bridge_channels === 0) break;
    await sleep(250);
  }
  waited = now() - waited;
  const fdsAfter = fds();
  const line = `1,000 cycles: ${ok} connected, ${failed} failed, in ${(cycleMs / 1000).toFixed(1)} s; ` +
    `${(waited / 1000).toFixed(1)} s later: registry ${left.connections}, engine sessions ${left.engine_sessions}, ` +
    `bridge channels ${left.bridge_channels}; Switchboard's open files ${fdsBefore} before, ${fdsAfter} after`;
  console.log(line);
  return `| cycles | connected | failed | cycle time s | settle s | registry | engine sessions | bridge channels | open files before / after |
|---:|---:|---:|---:|---:|---:|---:|---:|---:|
| ${total} | ${ok} | ${failed} | ${(cycleMs / 1000).toFixed(1)} | ${(waited / 1000).toFixed(1)} | ${left.connections} | ${left.engine_sessions} | ${left.bridge_channels} | ${fdsBefore} / ${fdsAfter} |`;
}
const cycles = !ONLY || ONLY.includes("cycles-sio-appport") ? await connectCycles(1000) : "";

const hops = hopTable(rows);
console.log("\n" + mdTable(rows) + "\n\nSwitchboard / reference:\n\n" + ratioTable(rows) + (hops ? "\n\nCross-node hop:\n\n" + hops : ""));
const notesFile = `${HERE}NOTES.md`;
const md = `# Benchmark results

Generated by \`${env.BENCH_COMMAND || "bench/run.sh"}\` on ${new Date().toISOString()}.

- Machine: ${os.cpus().length} cores (${os.cpus()[0].model}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB memory, ${os.type()} ${os.release()}
- JVM: ${env.JAVA_VERSION || "?"}; Switchboard ${env.SB_JVM_OPTS || ""} on Payara Micro (${env.PAYARA_JAR || ""})
- Node ${process.version} (load generator and reference socket.io server ${env.REF_SIO_VERSION || ""}); nginx ${env.NGINX_VERSION || "?"} with Nchan${env.REDIS_VERSION ? `; redis-server ${env.REDIS_VERSION} (cluster workloads)` : ""}
- Load average (1 min) during the run: min ${Math.min(...loads).toFixed(2)}, max ${Math.max(...loads).toFixed(2)} — the machine is shared with other builds, figures are noisy; compare only within a round
- Load generator: ${QUICK ? "quick mode (half the messages, shorter chat)" : "full mode"}, ${ROUNDS} round(s), servers alternated; clients spread over ${PER_PROCESS}-connection Node processes (at least 2)

## Workloads

${workloads.map((w) => `- **${w.id}**: ${w.what}${w.chat ? ` (${w.subs} clients, ${w.durationMs / 1000} s)` : ` (${w.count} messages)`}`).join("\n")}

## Figures

${mdTable(rows)}

## Ratios Switchboard / reference (same round)

Higher is better for conn/s and deliv/s; lower is better for latency, memory and CPU.

${ratioTable(rows)}

## The app server's port / the direct port (Socket.IO, same round)

The same node reached at \`/ws/chat/\` on its HTTP port (\`switchboard-appport\`) and on the direct Socket.IO port
(\`switchboard\`). Budget: deliveries/s at least 0.8×, median latency at most 1.25× (that is, 0.8× as fast).

${ratioTable(rows, "switchboard", "switchboard-appport")}

${ratioTable(rows, "socket.io", "switchboard-appport").replace("| workload |", "| workload (app port / socket.io) |")}
${cycles ? `
## Connect/disconnect cycles through the app server's port

${cycles}
` : ""}${hops ? `
## Cluster: what the hop through Redis adds (cross-node − same-node, same round)

${hops}
` : ""}${env.SB0_PID ? `
## Ratios Switchboard / switchboard-before (same round; before = ${env.BASELINE_LABEL || "baseline WAR"})

${ratioTable(rows, "switchboard-before")}
` : ""}
${fs.existsSync(notesFile) ? fs.readFileSync(notesFile, "utf8") : ""}`;
fs.writeFileSync(env.BENCH_OUT || `${HERE}RESULTS.md`, md);
console.log(`\nwrote ${env.BENCH_OUT || `${HERE}RESULTS.md`}`);
process.exit(0);
