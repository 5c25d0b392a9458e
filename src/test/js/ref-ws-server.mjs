// The reference WebSocket server (the "ws" package, the one engine.io runs on) that WebSocketDifferentialIT sends the
// same raw frames to as Switchboard's /ws/messages: path /ws/messages, the given message limit, nothing else (it
// answers pings and close frames as the library does by itself). Loopback only.
//   node ref-ws-server.mjs MAX_PAYLOAD_BYTES
// Prints "listening PORT" once it accepts connections (on a free port it picks), and exits when its stdin closes,
// so it never outlives the test that started it.
import { WebSocketServer } from "ws";

const maxPayload = Number(process.argv[2] || 2 * 1024 * 1024);
const server = new WebSocketServer({ host: "127.0.0.1", port: 0, path: "/ws/messages", maxPayload });
server.on("listening", () => console.log(`listening ${server.address().port}`));
server.on("connection", (socket) => socket.on("error", () => {}));
process.stdin.on("end", () => process.exit(0));
process.stdin.on("close", () => process.exit(0));
process.stdin.resume();
for (const signal of ["SIGTERM", "SIGINT"]) process.on(signal, () => process.exit(0));
