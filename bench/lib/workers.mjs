// Client processes (client-worker.mjs), each driven over its IPC channel with one request at a time per answer.
import { fork } from "node:child_process";

const WORKER = new URL("../client-worker.mjs", import.meta.url).pathname;

export function startWorker() {
  const child = fork(WORKER, [], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  child.waiting = [];
  child.on("message", (m) => {
    if (m.op === "error") console.error("worker error:", m.error);
    const w = child.waiting.shift();
    if (w) w(m);
  });
  return child;
}

/** Sends a request and resolves with the worker's answer to it. */
export const ask = (child, msg) => new Promise((resolve) => { child.waiting.push(resolve); child.send(msg); });
