// Drives the web console (index.html at /) in headless Chromium with playwright-core: two pages, over SSE and
// then Socket.IO, each sees what the other sends (text, an image that renders, audio, a room message); the live
// figures' charts are drawn and move when messages flow.
// Usage: node console.test.mjs <base URL> <screenshot directory> [chromium path]
// Exits 0 and prints "ALL PASSED" when every check passed.
import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';
import { deflateSync } from 'node:zlib';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [base, shots, executablePath = '/usr/bin/chromium'] = process.argv.slice(2);
if (!base || !shots) {
  console.error('usage: node console.test.mjs <base URL> <screenshot directory> [chromium path]');
  process.exit(2);
}
if (!existsSync(executablePath)) {
  console.error(`FAILED: no Chromium at ${executablePath} (Debian: apt-get install -y chromium)`);
  process.exit(3);
}
const TIMEOUT = 15000;
setTimeout(() => {
  console.error('FAILED: timed out');
  process.exit(1);
}, 150000).unref();

// ---- test media, made here -----------------------------------------------------------------------------------

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buffer) {
  let c = 0xffffffff;
  for (const byte of buffer) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}
/** A width x height RGB PNG: a diagonal gradient. */
function png(width, height) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const rows = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3);
    for (let x = 0; x < width; x++) row.set([36 + (x * 180) / width, 87 + (y * 120) / height, 197], 1 + x * 3);
    rows.push(row);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header), chunk('IDAT', deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0)),
  ]);
}
/** A quarter second of a 440 Hz tone, 8 kHz 8-bit mono WAV. */
function wav() {
  const rate = 8000;
  const samples = Buffer.alloc(rate / 4);
  for (let i = 0; i < samples.length; i++) samples[i] = 128 + Math.round(60 * Math.sin((2 * Math.PI * 440 * i) / rate));
  const head = Buffer.alloc(44);
  head.write('RIFF', 0); head.writeUInt32LE(36 + samples.length, 4); head.write('WAVE', 8);
  head.write('fmt ', 12); head.writeUInt32LE(16, 16); head.writeUInt16LE(1, 20); head.writeUInt16LE(1, 22);
  head.writeUInt32LE(rate, 24); head.writeUInt32LE(rate, 28); head.writeUInt16LE(1, 32); head.writeUInt16LE(8, 34);
  head.write('data', 36); head.writeUInt32LE(samples.length, 40);
  return Buffer.concat([head, samples]);
}

// ---- helpers -------------------------------------------------------------------------------------------------

const problems = [];
async function openConsole(context, name) {
  const page = await context.newPage();
  page.on('pageerror', (error) => problems.push(`${name}: page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`${name}: console error: ${message.text()}`);
  });
  await page.goto(base, { waitUntil: 'load' });
  await page.locator('#sender').fill(name);
  return page;
}
async function connectedOver(page, transport) {
  await page.locator(`#state[data-state="connected"][data-transport="${transport}"]`).waitFor({ timeout: TIMEOUT });
}
async function useTransport(page, transport) {
  await page.locator(`input[name="transport"][value="${transport}"]`).check();
  await connectedOver(page, transport);
  if (transport === 'socketio') {
    // Wait for the upgrade from polling: a packet sent while netty-socketio moves a session from polling to WebSocket
    // can be lost (seen once on WildFly under a load average of 15; issue 13 is about that), and this test is about
    // the console, not the upgrade.
    await page.locator('#state', { hasText: 'websocket' }).waitFor({ timeout: TIMEOUT });
  }
}
async function sendText(page, text) {
  await page.locator('#text').fill(text);
  await page.locator('#send').click();
}
function messageItem(page, type, hasText) {
  return page.locator(`#feed li.message[data-type="${type}"]`, hasText ? { hasText } : {});
}
async function sendFile(page, name, mimeType, buffer) {
  await page.locator('#file').setInputFiles({ name, mimeType, buffer });
}
/** What a chart's canvas holds: how many pixels are painted, and a checksum of them, to see it change. */
async function canvasPixels(page, name) {
  return page.evaluate((id) => {
    const canvas = document.querySelector(`#chart-${id} canvas`);
    if (!canvas || !canvas.width || !canvas.height) return { painted: 0, sum: 0, width: 0 };
    const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let painted = 0;
    let sum = 0;
    for (let i = 0; i < pixels.length; i += 4) {
      if (pixels[i + 3] > 0) {
        painted++;
        sum = (sum * 31 + pixels[i] * 7 + pixels[i + 1] * 3 + pixels[i + 2] + (i >> 2)) % 2147483647;
      }
    }
    return { painted, sum, width: canvas.width };
  }, name);
}
/** The series a chart was last given to draw (uPlot's data: times first). */
function charted(page, name) {
  return page.evaluate((id) => window.switchboardFigures.charted(id), name);
}
const positive = (values) => values.some((value) => typeof value === 'number' && value > 0);

async function imageRenders(page, sender) {
  const image = messageItem(page, 'image', sender).last().locator('img');
  await image.waitFor({ timeout: TIMEOUT });
  await page.waitForFunction((img) => img.complete, await image.elementHandle(), { timeout: TIMEOUT });
  return image.evaluate((img) => img.naturalWidth);
}

// ---- the test ------------------------------------------------------------------------------------------------

const profile = mkdtempSync(join(tmpdir(), 'switchboard-chromium-'));
let context;
try {
  context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    viewport: { width: 1200, height: 860 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    timeout: 60000,
  });
  // Every Socket.IO request the pages make (polling and the WebSocket upgrade) must go to the page's own origin.
  const socketIoOrigins = new Set();
  context.on('request', (request) => {
    if (request.url().includes('/ws/chat/')) socketIoOrigins.add(new URL(request.url()).host);
  });
  context.on('page', (page) => page.on('websocket', (ws) => {
    if (ws.url().includes('/ws/chat/')) socketIoOrigins.add(new URL(ws.url()).host);
  }));
  const alice = await openConsole(context, 'alice');
  const bob = await openConsole(context, 'bob');
  const run = Date.now().toString(36);

  for (const transport of ['sse', 'socketio']) {
    await Promise.all([useTransport(alice, transport), useTransport(bob, transport)]);
    console.log(`${transport}: both pages connected`);

    const text = `hello over ${transport} ${run}`;
    await sendText(alice, text);
    await messageItem(bob, 'text', text).waitFor({ timeout: TIMEOUT });
    await messageItem(alice, 'text', text).waitFor({ timeout: TIMEOUT });
    console.log(`${transport}: bob received alice's text`);

    await sendFile(alice, 'gradient.png', 'image/png', png(96, 64));
    const width = await imageRenders(bob, 'alice');
    assert.equal(width, 96, `the image bob received renders 96 px wide (naturalWidth ${width})`);
    console.log(`${transport}: alice's image renders at bob's (naturalWidth ${width})`);

    await sendFile(bob, 'tone.wav', 'audio/wav', wav());
    const audio = messageItem(alice, 'audio', 'bob').last().locator('audio');
    await audio.waitFor({ timeout: TIMEOUT });
    assert.match(await audio.getAttribute('src'), /^data:audio\/wav;base64,/);
    await alice.waitForFunction((el) => el.readyState >= 1 && el.duration > 0, await audio.elementHandle(),
      { timeout: TIMEOUT });
    console.log(`${transport}: bob's audio plays at alice's`);
  }

  // Rooms (Socket.IO): both join "ops"; a message to it reaches the other page, tagged with the room.
  for (const page of [alice, bob]) {
    await page.locator('#room').fill('ops');
    await page.locator('#join button').click();
    await page.locator('#rooms li', { hasText: '#ops' }).waitFor({ timeout: TIMEOUT });
  }
  assert.equal(await alice.locator('#target').inputValue(), 'ops');
  const roomText = `to the ops room ${run}`;
  await sendText(alice, roomText);
  await messageItem(bob, 'text', roomText).locator('.tag', { hasText: '#ops' }).waitFor({ timeout: TIMEOUT });
  console.log('socketio: bob received alice\'s message in room ops');

  // The node panel shows /api/health: both pages hold a Socket.IO connection now.
  await bob.waitForFunction(() => parseInt(document.getElementById('count-socketio').textContent, 10) >= 2,
    null, { timeout: TIMEOUT });
  assert.notEqual(await bob.locator('#node-id').textContent(), '–');
  console.log(`node panel: ${await bob.locator('#node').innerText()}`.replace(/\s+/g, ' '));

  assert.deepEqual([...socketIoOrigins], [new URL(base).host], 'Socket.IO on the page\'s own origin');
  console.log(`socketio: every request went to ${[...socketIoOrigins].join(', ')}`);

  // Live figures: the charts are drawn from /api/metrics/stream and move while messages flow.
  await bob.waitForFunction(() => window.switchboardFigures && window.switchboardFigures.frames() >= 2
    && document.querySelectorAll('#charts canvas').length === 3, null, { timeout: TIMEOUT });
  for (const name of ['connections', 'rates', 'latency']) {
    const pixels = await canvasPixels(bob, name);
    assert.ok(pixels.width > 0 && pixels.painted > 1000, `chart ${name} is drawn: ${JSON.stringify(pixels)}`);
  }
  // Socket.IO connections of both pages, as the connections chart was last given them.
  await bob.waitForFunction(() => {
    const data = window.switchboardFigures.charted('connections');
    return data && data[2].length > 0 && data[2][data[2].length - 1] >= 2;
  }, null, { timeout: TIMEOUT });
  const quietRates = await canvasPixels(bob, 'rates');
  const quietLatency = await canvasPixels(bob, 'latency');
  const pointsBefore = (await charted(bob, 'rates'))[0].length;
  // Traffic: 60 messages over about three seconds, each delivered to both pages.
  const sent = await alice.evaluate(async (tag) => {
    let ok = 0;
    for (let i = 0; i < 60; i++) {
      const response = await fetch('api/message', {
        method: 'POST', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ type: 'text', content: `traffic ${i} ${tag}`, sender: 'load' }),
      });
      if (response.ok) ok++;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return ok;
  }, run);
  assert.equal(sent, 60, 'every traffic message accepted');
  await bob.waitForFunction(() => {
    const rates = window.switchboardFigures.charted('rates');
    const latency = window.switchboardFigures.charted('latency');
    const drawn = (values) => values.some((value) => typeof value === 'number' && value > 0);
    return drawn(rates[1]) && drawn(rates[2]) && latency[1].some((value) => typeof value === 'number');
  }, null, { timeout: TIMEOUT });
  const rates = await charted(bob, 'rates');
  const latency = await charted(bob, 'latency');
  assert.ok(rates[0].length > pointsBefore, `the rates chart got new points (${pointsBefore} -> ${rates[0].length})`);
  assert.ok(positive(rates[1]) && positive(rates[2]), 'messages in and deliveries per second rose');
  // Wait for a redraw after the last point, then compare what is painted.
  await bob.waitForTimeout(100);
  const busyRates = await canvasPixels(bob, 'rates');
  const busyLatency = await canvasPixels(bob, 'latency');
  assert.notEqual(busyRates.sum, quietRates.sum, 'the rates chart was drawn anew');
  assert.notEqual(busyLatency.sum, quietLatency.sum, 'the latency chart was drawn anew');
  const peakIn = Math.max(...rates[1].filter((v) => v !== null));
  const peakOut = Math.max(...rates[2].filter((v) => v !== null));
  const p50 = latency[1].filter((v) => v !== null).pop();
  const p99 = latency[2].filter((v) => v !== null).pop();
  console.log(`figures: charts drawn and moved; peak ${peakIn} messages in/s, ${peakOut} deliveries/s, p50 ${p50} ms, p99 ${p99} ms`);
  // The nodes list: this node, UP.
  const row = bob.locator('#nodes-body tr.self');
  await row.waitFor({ timeout: TIMEOUT });
  assert.equal(await row.locator('td').nth(1).textContent(), 'UP');
  // One node's view charts the same history.
  const self = await row.getAttribute('data-node');
  await bob.locator('#figures-scope').selectOption(self);
  await bob.waitForFunction(() => parseInt(document.getElementById('chart-rates').dataset.points, 10) > 2, null,
    { timeout: TIMEOUT });
  console.log(`figures: node ${self} listed UP and charted on its own`);

  mkdirSync(shots, { recursive: true });
  await bob.screenshot({ path: join(shots, 'console-bob.png'), fullPage: true });
  await alice.screenshot({ path: join(shots, 'console-alice.png'), fullPage: true });
  await bob.locator('#figures').screenshot({ path: join(shots, 'console-figures.png') });
  console.log(`screenshots in ${shots}`);

  assert.deepEqual(problems, [], 'no page or console errors');
  console.log('ALL PASSED');
} catch (error) {
  console.error('FAILED:', error && error.stack ? error.stack : error);
  if (problems.length) console.error(problems.join('\n'));
  process.exitCode = 1;
} finally {
  if (context) await context.close().catch(() => {});
  rmSync(profile, { recursive: true, force: true });
}
process.exit(process.exitCode || 0);
