// The reference Socket.IO 4 server (socket.io 4.8, Engine.IO 4) that EngineIoDifferentialTest sends the same raw
// requests to as Switchboard's engine: path /ws/chat/, the main namespace only, the given heartbeats. Loopback only.
//   node ref-engineio-server.mjs PING_INTERVAL_MS PING_TIMEOUT_MS
// Prints "listening PORT" once it accepts connections (on a free port it picks), and exits when its stdin closes,
// so it never outlives the test that started it.
import { createServer } from "node:http";
import { Server } from "socket.io";

const pingInterval = Number(process.argv[2] || 25000);
const pingTimeout = Number(process.argv[3] || 20000);
const httpServer = createServer();
const io = new Server(httpServer, { path: "/ws/chat/", serveClient: false, pingInterval, pingTimeout });
io.on("connection", (socket) => {
  socket.on("message", (data, ack) => {
    if (typeof ack === "function") ack({ ok: true, id: "1-0" });
    io.emit("message", data); // as Switchboard does with a message for no room: to every connected client
  });
});
httpServer.listen(0, "127.0.0.1", () => console.log(`listening ${httpServer.address().port}`));
process.stdin.on("end", () => process.exit(0));
process.stdin.on("close", () => process.exit(0));
process.stdin.resume();
for (const signal of ["SIGTERM", "SIGINT"]) process.on(signal, () => process.exit(0));
