// Drives Switchboard's Socket.IO endpoint with the official JavaScript client, as a browser app would.
// Usage: node socketio-client.test.mjs <port | base URL> [CA certificate file]   Exits 0 and prints "ALL PASSED"
// when every check passed. With an https URL, the client trusts the given certificate (the server's own, self-signed).
import { io } from 'socket.io-client';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const [target, caFile] = process.argv.slice(2);
if (!target) {
  console.error('usage: node socketio-client.test.mjs <port | base URL> [CA certificate file]');
  process.exit(2);
}
const URL = /^\d+$/.test(target) ? `http://127.0.0.1:${target}` : target;
const TLS = caFile ? { ca: readFileSync(caFile, 'utf8'), rejectUnauthorized: true } : {};
const TIMEOUT = 10000;
const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8/5+hHgAHggJ/PchI7wAAAABJRU5ErkJggg==';

// Whatever happens, never hang the build.
setTimeout(() => {
  console.error('FAILED: timed out');
  process.exit(1);
}, 100000).unref();

function connect(options) {
  const socket = io(URL, { path: '/ws/chat/', reconnection: false, forceNew: true, timeout: TIMEOUT, ...TLS, ...options });
  const received = [];
  socket.onAny((name, payload) => received.push({ name, payload }));
  socket.received = received;
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => reject(new Error(`connect_error: ${error.message}`)));
  });
}

// Resolves with the first event named `name` whose payload matches, received so far or later.
function awaitEvent(socket, name, matches, what) {
  return new Promise((resolve, reject) => {
    const check = () => socket.received.find((event) => event.name === name && matches(event.payload));
    const found = check();
    if (found) {
      resolve(found.payload);
      return;
    }
    const timer = setTimeout(() => {
      socket.offAny(listener);
      reject(new Error(`no '${name}' event for ${what} within ${TIMEOUT} ms`));
    }, TIMEOUT);
    const listener = () => {
      const event = check();
      if (event) {
        clearTimeout(timer);
        socket.offAny(listener);
        resolve(event.payload);
      }
    };
    socket.onAny(listener);
  });
}

const ack = (socket, event, payload) => socket.timeout(TIMEOUT).emitWithAck(event, payload);
const message = (type, content, room) => ({ type, content, sender: 'js-client', ...(room ? { room } : {}) });
const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function scenario(label, options) {
  const sender = await connect(options);
  const receiver = await connect(options);
  try {
    if (options.transports) {
      assert.equal(sender.io.engine.transport.name, options.transports[0]);
    }
    // Text and image, acked, broadcast to everyone.
    const text = await ack(sender, 'message', message('text', `Hello from ${label}`));
    assert.equal(text.ok, true, JSON.stringify(text));
    const got = await awaitEvent(receiver, 'message', (m) => m.id === text.id, 'the text message');
    assert.equal(got.content, `Hello from ${label}`);
    assert.equal(got.sender, 'js-client');
    assert.ok(got.timestamp);
    const image = await ack(sender, 'message', message('image', PNG));
    assert.equal(image.ok, true, JSON.stringify(image));
    assert.equal((await awaitEvent(receiver, 'message', (m) => m.id === image.id, 'the image')).content, PNG);

    // Invalid input: an error ack, or an error event when no ack was asked for.
    const refused = await ack(sender, 'message', message('text', ''));
    assert.deepEqual(refused.ok, false);
    assert.equal(refused.error.error, 'invalid_field');
    assert.equal(refused.error.field, 'content');
    sender.emit('message', { type: 'text', content: 'no sender' });
    const error = await awaitEvent(sender, 'error', (e) => e.field === 'sender', 'the missing sender');
    assert.equal(error.error, 'missing_field');

    // Rooms.
    const room = `js-${label}-${Date.now()}`;
    assert.deepEqual(await ack(receiver, 'join', { room }), { ok: true, room });
    const inRoom = await ack(sender, 'message', message('text', 'room only', room));
    await awaitEvent(receiver, 'message', (m) => m.id === inRoom.id, 'the room message');
    const badRoom = await ack(receiver, 'join', { room: 'not a room' });
    assert.equal(badRoom.ok, false);
    assert.equal(badRoom.error.field, 'room');
    assert.deepEqual(await ack(receiver, 'leave', { room }), { ok: true, room });

    // Binary content: a Buffer (image, its media type told by its PNG signature) and an ArrayBuffer (audio, with a
    // media_type), acked; Socket.IO receivers get the same bytes as binary, history readers a data: URL of them.
    const pngBytes = pngOf(6000, label.length);
    const sentBinary = await ack(sender, 'message', message('image', pngBytes));
    assert.equal(sentBinary.ok, true, JSON.stringify(sentBinary));
    const gotBinary = await awaitEvent(receiver, 'message', (m) => m.id === sentBinary.id, 'the binary image');
    assert.ok(bytesOf(gotBinary.content).equals(pngBytes), 'the image arrives byte for byte');
    assert.equal(gotBinary.media_type, 'image/png');
    assert.equal(gotBinary.type, 'image');
    const audio = new Uint8Array([0, 1, 2, 3, 254, 255]).buffer;
    const sentAudio = await ack(sender, 'message', { ...message('audio', audio), media_type: 'audio/ogg' });
    assert.equal(sentAudio.ok, true, JSON.stringify(sentAudio));
    const gotAudio = await awaitEvent(receiver, 'message', (m) => m.id === sentAudio.id, 'the binary audio');
    assert.ok(bytesOf(gotAudio.content).equals(Buffer.from(audio)), 'the ArrayBuffer arrives byte for byte');
    assert.equal(gotAudio.media_type, 'audio/ogg');
    const history = await ack(receiver, 'history', { since: text.id });
    const stored = history.events.find((e) => e.id === sentBinary.id);
    assert.ok(stored, JSON.stringify(history));
    assert.equal(stored.data.content, `data:image/png;base64,${pngBytes.toString('base64')}`);
    // Binary content refused for what it is, not how it came: an error ack, or an error event, the connection stays.
    const unknownBytes = await ack(sender, 'message', message('image', Buffer.from([0, 1, 2])));
    assert.equal(unknownBytes.ok, false, JSON.stringify(unknownBytes));
    assert.equal(unknownBytes.error.field, 'media_type');
    sender.emit('message', message('text', Buffer.alloc(2048, 7)));
    await awaitEvent(sender, 'error', (e) => e.field === 'content', 'the binary text refusal event');
    const after = await ack(sender, 'message', message('text', 'after binary'));
    assert.equal(after.ok, true, JSON.stringify(after));
    await awaitEvent(receiver, 'message', (m) => m.id === after.id, 'the message after the binary one');
    await pause(50);
    assert.equal(sender.connected, true);
    console.log(`ok - ${label} (transport ${sender.io.engine.transport.name})`);
  } finally {
    sender.disconnect();
    receiver.disconnect();
  }
}

// Emits made right after connecting, while the default transports upgrade from polling to WebSocket: each one gets
// exactly one answer, however the packet and its attachment fall around the upgrade (a binary emit's header may go
// by polling and its attachment over the new WebSocket). In a loop: the race shows in some tries, not every one.
async function acrossTheUpgrade(tries) {
  const answers = { binary: 0, text: 0 };
  for (let i = 0; i < tries; i++) {
    const socket = await connect({});
    try {
      const seen = [];
      const binary = await new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`try ${i}: the binary emit got no answer within ${TIMEOUT} ms`)), TIMEOUT);
        socket.emit('message', message('image', pngOf(64 + i, i)), (reply) => {
          seen.push('binary');
          clearTimeout(timer);
          resolve(reply);
        });
      });
      assert.equal(binary.ok, true, JSON.stringify(binary));
      const text = await ack(socket, 'message', message('text', `after the upgrade ${i}`));
      seen.push('text');
      assert.equal(text.ok, true, JSON.stringify(text));
      await pause(20);
      assert.deepEqual(seen, ['binary', 'text'], `try ${i}: one answer each`);
      answers.binary++;
      answers.text++;
    } finally {
      socket.disconnect();
    }
  }
  console.log(`ok - across the upgrade: ${answers.binary} of ${tries} binary emits and ${answers.text} of ${tries} text emits answered once`);
}

// A PNG signature and then `length` bytes that vary with `seed`: not valid as a picture, but typed by its signature.
function pngOf(length, seed) {
  const bytes = Buffer.alloc(8 + length);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(bytes);
  for (let i = 8; i < bytes.length; i++) {
    bytes[i] = (i * 31 + seed * 7) & 0xff;
  }
  return bytes;
}

// Binary as the client hands it over: a Buffer under Node, an ArrayBuffer where it asks for those.
const bytesOf = (value) => (Buffer.isBuffer(value) ? value : Buffer.from(new Uint8Array(value)));

try {
  await acrossTheUpgrade(20);
  await scenario('websocket', { transports: ['websocket'] });
  await scenario('polling', { transports: ['polling'] });
  // The seed's own example: io(url, {path: "/ws/chat/"}), polling first, then upgraded to WebSocket.
  await scenario('default', {});
  console.log('ALL PASSED');
  process.exit(0);
} catch (error) {
  console.error(`FAILED: ${error.stack || error}`);
  process.exit(1);
}
