// One load-generator process (forked by bench.mjs): holds a share of the subscribers of one run, over Socket.IO
// (websocket only), SSE or a plain WebSocket, and records what each of them receives. Driven over the IPC channel:
//   {op:"connect", kind, url, count, room, seqSpace, chat}  -> {op:"connected", ok, failed, ms}
//   {op:"chat", durationMs, firstSender}                    -> {op:"chatDone", sent, acked}
//   {op:"report", published:[lo,hi) or list}                -> {op:"report", ...}
//   {op:"close"}                                            -> exits
import http from "node:http";
import { io } from "socket.io-client";
import WebSocket from "ws";
import { now } from "./lib/clock.mjs";
import { Histogram } from "./lib/histogram.mjs";

let conns = [];
let cfg;
const hist = new Histogram();
let firstAt = Infinity, lastAt = 0, deliveries = 0, errors = 0, malformed = 0;

function onPayload(conn, text) {
  // payload: "<seq>:<publishedAtMs>" (Socket.IO content), {"s":seq,"t":ms} (SSE data, Nchan WebSocket frame),
  // {"kind":"event",...,"data":{"s":seq,"t":ms}} (Switchboard's WebSocket; its other kinds, welcome and ack, skipped)
  // or a message whose content is "<seq>:<publishedAtMs>" (SSE data of a chat message, the soak)
  let s, t;
  if (text.charCodeAt(0) === 123) {
    let o;
    try { o = JSON.parse(text); } catch { malformed++; return; }
    // Switchboard's WebSocket ({"kind":"event", ...envelope}) and /api/events (the envelope): presence events (the
    // other clients' joins) are no payload
    if (o.kind !== undefined) {
      if (o.kind !== "event" || o.event_type === "presence") return;
      o = o.data || {};
    } else if (o.event_type !== undefined) {
      if (o.event_type === "presence") return;
      o = o.data || {};
    }
    if (typeof o.content === "string") text = o.content; else { s = o.s; t = o.t; }
  }
  if (s === undefined) {
    const i = text.indexOf(":");
    s = Number(text.slice(0, i)); t = Number(text.slice(i + 1));
  }
  if (!Number.isInteger(s) || s < 0 || s >= cfg.seqSpace) { malformed++; return; }
  const at = now();
  hist.add(at - t);
  deliveries++;
  if (at < firstAt) firstAt = at;
  if (at > lastAt) lastAt = at;
  if (conn.seen[s] < 255) conn.seen[s]++;
}

function connectSocketIo(index) {
  return new Promise((resolve) => {
    const conn = { seen: new Uint8Array(cfg.seqSpace), index };
    const socket = io(cfg.url, { path: "/ws/chat/", transports: ["websocket"], forceNew: true, reconnection: false,
      timeout: 60000 });
    conn.socket = socket;
    let settled = false;
    socket.on("message", (m) => onPayload(conn, m.content));
    socket.on("connect", async () => {
      if (cfg.room) {
        try { await socket.timeout(60000).emitWithAck("join", { room: cfg.room }); } catch { errors++; }
      }
      if (!settled) { settled = true; resolve(conn); }
    });
    socket.on("connect_error", () => { errors++; if (!settled) { settled = true; resolve(null); } });
    socket.on("disconnect", (reason) => { if (!conn.closing) { errors++; conn.lostConnection = reason; } });
  });
}

function connectSse(index) {
  return new Promise((resolve) => {
    const conn = { seen: new Uint8Array(cfg.seqSpace), index };
    const req = http.get(cfg.url, { agent: false, headers: { accept: "text/event-stream" } }, (res) => {
      if (res.statusCode !== 200) { errors++; res.resume(); resolve(null); return; }
      res.setEncoding("utf8");
      let buf = "";
      let resolved = false;
      let name = "";
      conn.res = res;
      res.on("data", (chunk) => {
        if (!resolved) { resolved = true; resolve(conn); }
        buf += chunk;
        let i;
        while ((i = buf.indexOf("\n")) >= 0) {
          const line = buf.slice(0, i);
          buf = buf.slice(i + 1);
          if (line === "") name = "";
          else if (line.startsWith("event:")) name = line.slice(line.charCodeAt(6) === 32 ? 7 : 6);
          // /stream's presence events (the other subscribers' joins) are no payload: skipped, not malformed
          else if (line.startsWith("data:") && name !== "presence") {
            onPayload(conn, line.slice(line.charCodeAt(5) === 32 ? 6 : 5));
          }
        }
      });
      res.on("close", () => { if (!conn.closing) { errors++; conn.lostConnection = "sse stream closed"; } });
      // Nchan sends nothing until the first message: count the response headers as connected.
      if (cfg.connectedOnHeaders) { resolved = true; resolve(conn); }
    });
    conn.req = req;
    req.on("error", () => { errors++; resolve(null); });
    req.setTimeout(0);
  });
}

// A plain WebSocket: Switchboard's /ws/messages (subscribed once its welcome arrives) or Nchan's WebSocket
// subscriber (subscribed once open: connectedOnHeaders).
function connectWs(index) {
  return new Promise((resolve) => {
    const conn = { seen: new Uint8Array(cfg.seqSpace), index };
    const ws = new WebSocket(cfg.url, { perMessageDeflate: false, handshakeTimeout: 60000 });
    conn.ws = ws;
    let settled = false;
    const settle = (value) => { if (!settled) { settled = true; resolve(value); } };
    ws.on("open", () => { if (cfg.connectedOnHeaders) settle(conn); });
    ws.on("message", (data, isBinary) => {
      const text = isBinary ? null : data.toString();
      if (text === null) { malformed++; return; }
      if (!settled && text.startsWith('{"kind":"welcome"')) { settle(conn); return; }
      onPayload(conn, text);
    });
    ws.on("error", () => { errors++; settle(null); });
    ws.on("close", (code) => { if (!conn.closing) { errors++; conn.lostConnection = `websocket closed (${code})`; } settle(null); });
  });
}

async function connectAll() {
  const started = now();
  const connect = cfg.kind === "sse" ? connectSse : cfg.kind === "ws" ? connectWs : connectSocketIo;
  let next = 0, failed = 0;
  const parallel = cfg.parallel || 50;
  async function lane() {
    while (next < cfg.count) {
      const i = next++;
      const conn = await connect(cfg.firstIndex + i);
      if (conn) conns.push(conn); else failed++;
    }
  }
  await Promise.all(Array.from({ length: parallel }, lane));
  return { ok: conns.length, failed, ms: now() - started };
}

// Chat: every client sends one message a second into the room; seq = sender * perSender + k.
async function chat({ durationMs, perSender }) {
  let sent = 0, acked = 0, answered = 0;
  const rounds = Math.floor(durationMs / 1000);
  await Promise.all(conns.map((conn) => new Promise((resolve) => {
    let k = 0;
    const offset = Math.random() * 1000;
    const tick = () => {
      if (k >= rounds) { resolve(); return; }
      const s = conn.index * perSender + k++;
      sent++;
      conn.socket.timeout(30000).emit("message",
        { type: "text", content: `${s}:${now()}`, sender: `c${conn.index}`, room: cfg.room },
        (err, reply) => { answered++; if (!err && reply && reply.ok) acked++; else errors++; });
      setTimeout(tick, 1000);
    };
    setTimeout(tick, offset);
  })));
  // wait for the last acks (each send times out after 30 s at most)
  for (let i = 0; i < 320 && answered < sent; i++) await new Promise((r) => setTimeout(r, 100));
  return { sent, acked };
}

function report(published) {
  // published: array of seqs every connection should have received
  let lost = 0, dup = 0;
  const expected = new Uint8Array(cfg.seqSpace);
  for (const s of published) expected[s] = 1;
  for (const conn of conns) {
    for (let s = 0; s < cfg.seqSpace; s++) {
      const c = conn.seen[s];
      if (expected[s] && c === 0) lost++;
      if (c > 1) dup += c - 1;
      if (!expected[s] && c > 0) dup += c; // delivered but never accepted: count as spurious
    }
  }
  const dropped = {};
  for (const conn of conns) if (conn.lostConnection) dropped[conn.lostConnection] = (dropped[conn.lostConnection] || 0) + 1;
  return { conns: conns.length, deliveries, lost, dup, errors, malformed, firstAt, lastAt, hist: hist.toJSON(), dropped };
}

process.on("message", async (msg) => {
  try {
    if (msg.op === "connect") {
      cfg = msg;
      process.send({ op: "connected", ...(await connectAll()) });
    } else if (msg.op === "chat") {
      process.send({ op: "chatDone", ...(await chat(msg)) });
    } else if (msg.op === "report") {
      process.send({ op: "report", ...report(msg.published) });
    } else if (msg.op === "close") {
      for (const conn of conns) {
        conn.closing = true;
        if (conn.socket) conn.socket.close();
        if (conn.req) conn.req.destroy();
        if (conn.ws) conn.ws.terminate();
      }
      setTimeout(() => process.exit(0), 200);
    }
  } catch (e) {
    process.send({ op: "error", error: String(e && e.stack || e) });
  }
});
process.on("disconnect", () => process.exit(0));
