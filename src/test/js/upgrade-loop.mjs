// Diagnostic loop (not run by the build): binary emits with ack made right after connecting, while the default
// transports upgrade from polling to WebSocket. Usage: node upgrade-loop.mjs <base URL> <tries> [CA file] [transports]
import { io } from 'socket.io-client';
import { readFileSync } from 'node:fs';

const [url, triesArg, caFile, transportsArg] = process.argv.slice(2);
const tries = Number(triesArg || 200);
const TLS = caFile && caFile !== '-' ? { ca: readFileSync(caFile, 'utf8'), rejectUnauthorized: true } : {};
const transports = transportsArg ? { transports: transportsArg.split(',') } : {};
const TIMEOUT = 5000;

function pngOf(length, seed) {
  const bytes = Buffer.alloc(8 + length);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(bytes);
  for (let i = 8; i < bytes.length; i++) bytes[i] = (i * 31 + seed * 7) & 0xff;
  return bytes;
}

function connect() {
  const socket = io(url, { path: '/ws/chat/', reconnection: false, forceNew: true, timeout: TIMEOUT, ...TLS, ...transports });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (e) => reject(new Error(`connect_error: ${e.message}`)));
  });
}

let answered = 0;
const lost = [];
for (let i = 0; i < tries; i++) {
  const socket = await connect();
  const engine = socket.io.engine;
  const sid = engine.id;
  const events = [];
  engine.on('upgrading', (t) => events.push(`upgrading:${t.name}`));
  engine.on('upgrade', (t) => events.push(`upgrade:${t.name}`));
  engine.on('packetCreate', (p) => events.push(`out:${engine.transport.name}:${p.type}${typeof p.data === 'string' ? ':' + p.data.slice(0, 12) : p.data ? ':<bin>' : ''}`));
  engine.on('close', (reason, d) => events.push(`close:${reason}:${d && (d.description?.message || d.description || d.context || '')}`));
  const atEmit = `${engine.transport.name}${engine.upgrading ? '(upgrading)' : ''}`;
  const ok = await new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), TIMEOUT);
    socket.emit('message', { type: 'image', content: pngOf(64 + (i % 50), i), sender: 'loop' }, (reply) => {
      clearTimeout(timer);
      resolve(reply && reply.ok === true);
    });
  });
  if (ok) {
    answered++;
  } else {
    lost.push(i);
    console.log(`LOST try ${i} sid ${sid} at emit ${atEmit}: ${events.join(' ')}`);
  }
  socket.disconnect();
}
console.log(`answered ${answered} of ${tries}; lost: [${lost.join(',')}]`);
process.exit(lost.length === 0 ? 0 : 1);
