// Reference server for the benchmark: the plain Node.js Socket.IO 4 broadcast server a user would write instead of
// Switchboard. Same path and the same events as Switchboard's Socket.IO transport ("message", "join", "leave"), so
// the load generator drives both identically. Loopback only.
//   node --expose-gc ref-socketio-server.mjs PORT            (REDIS_URL=redis://127.0.0.1:6379 adds @socket.io/redis-adapter)
import { createServer } from "node:http";
import { Server } from "socket.io";

const port = Number(process.argv[2] || 8101);
// GET /gc runs a full garbage collection (with node --expose-gc), so the benchmark reads memory at the same point
// as it does for Switchboard (after jcmd GC.run).
const httpServer = createServer((req, res) => {
  if (req.url === "/gc" && typeof global.gc === "function") global.gc();
  const known = req.url === "/health" || req.url === "/gc";
  res.writeHead(known ? 200 : 404, { "content-type": "text/plain" });
  res.end(known ? "UP" : "not found");
});
const io = new Server(httpServer, { path: "/ws/chat/", serveClient: false, cors: { origin: "*" } });

if (process.env.REDIS_URL) {
  const { createClient } = await import("redis");
  const { createAdapter } = await import("@socket.io/redis-adapter");
  const pub = createClient({ url: process.env.REDIS_URL });
  const sub = pub.duplicate();
  await Promise.all([pub.connect(), sub.connect()]);
  io.adapter(createAdapter(pub, sub));
}

let counter = 0;
io.on("connection", (socket) => {
  socket.on("message", (data, ack) => {
    const message = { id: `${Date.now()}-${counter++}`, type: data.type, content: data.content, sender: data.sender,
      timestamp: new Date().toISOString() };
    if (data.room) {
      message.room = data.room;
      io.to(data.room).emit("message", message);
    } else {
      io.emit("message", message);
    }
    if (typeof ack === "function") ack({ ok: true, id: message.id });
  });
  socket.on("join", (data, ack) => {
    socket.join(data.room);
    if (typeof ack === "function") ack({ ok: true, room: data.room });
  });
  socket.on("leave", (data, ack) => {
    socket.leave(data.room);
    if (typeof ack === "function") ack({ ok: true, room: data.room });
  });
});

httpServer.listen(port, "127.0.0.1", () => console.log(`reference socket.io server on 127.0.0.1:${port}`));
for (const signal of ["SIGTERM", "SIGINT"]) process.on(signal, () => process.exit(0));
