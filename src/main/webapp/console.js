// Switchboard web console: follows the hub over SSE (/api/events) or Socket.IO (port from /api/client-config),
// sends text, images and audio, joins rooms, and shows the node's connection counts from /api/health.
'use strict';

(() => {
  const FEED_LIMIT = 200;
  // A message body may be 1 MiB and a Socket.IO frame 1,000,000 bytes; base64 grows a file by a third.
  const MAX_FILE_BYTES = 700 * 1024;
  const ROOM = /^[A-Za-z0-9_.:-]{1,64}$/;

  const $ = (id) => document.getElementById(id);
  const ui = {
    state: $('state'), feed: $('feed'), empty: $('empty'), compose: $('compose'), sender: $('sender'),
    target: $('target'), text: $('text'), file: $('file'), record: $('record'), notice: $('notice'),
    join: $('join'), room: $('room'), rooms: $('rooms'), roomsHint: $('rooms-hint'), clear: $('clear'),
  };

  let transport = 'sse';
  let rooms = [];
  let source = null;   // EventSource
  let socket = null;   // Socket.IO client
  let socketIoConfig = null;
  const seen = new Set();

  // ---- connection state -------------------------------------------------------------------------------------

  function setState(state, text) {
    ui.state.dataset.state = state;
    ui.state.dataset.transport = transport;
    ui.state.textContent = text;
  }

  function notify(text) {
    ui.notice.textContent = text;
  }

  // ---- receiving --------------------------------------------------------------------------------------------

  function disconnect() {
    if (source) {
      source.close();
      source = null;
    }
    if (socket) {
      socket.removeAllListeners();
      socket.disconnect();
      socket = null;
    }
  }

  function connect() {
    disconnect();
    if (transport === 'sse') {
      connectSse();
    } else {
      connectSocketIo().catch((error) => setState('offline', `Socket.IO unavailable: ${error.message}`));
    }
  }

  function connectSse() {
    const channel = rooms[rooms.length - 1];
    const url = 'api/events' + (channel ? `?channel=${encodeURIComponent(channel)}` : '');
    setState('connecting', 'Connecting (SSE)…');
    const es = new EventSource(url);
    source = es;
    es.onopen = () => setState('connected', channel ? `Connected (SSE, room ${channel})` : 'Connected (SSE)');
    es.onerror = () => {
      if (source !== es) return;
      if (es.readyState === EventSource.CLOSED) setState('offline', 'Disconnected (SSE)');
      else setState('connecting', 'Reconnecting (SSE)…');
    };
    es.onmessage = (event) => {
      let envelope;
      try {
        envelope = JSON.parse(event.data);
      } catch (e) {
        return;
      }
      receiveEnvelope(envelope, 'SSE');
    };
  }

  async function connectSocketIo() {
    if (typeof io !== 'function') throw new Error('client script missing');
    if (!socketIoConfig) {
      const response = await fetch('api/client-config', { headers: { Accept: 'application/json' } });
      if (!response.ok) throw new Error(`client-config answered ${response.status}`);
      socketIoConfig = (await response.json()).socketio;
    }
    if (transport !== 'socketio' || socket) return;
    // No port: Socket.IO answers on the page's own origin (the app server's port).
    const url = socketIoConfig.port == null ? location.origin
      : `${location.protocol}//${location.hostname}:${socketIoConfig.port}`;
    setState('connecting', 'Connecting (Socket.IO)…');
    const client = io(url, { path: socketIoConfig.path, forceNew: true });
    socket = client;
    client.on('connect', async () => {
      for (const room of rooms) {
        await client.timeout(10000).emitWithAck('join', { room }).catch(() => notify(`Could not rejoin ${room}`));
      }
      setState('connected', `Connected (Socket.IO, ${client.io.engine.transport.name})`);
      client.io.engine.once('upgrade', (t) => {
        if (socket === client) setState('connected', `Connected (Socket.IO, ${t.name})`);
      });
    });
    client.on('disconnect', () => setState('connecting', 'Reconnecting (Socket.IO)…'));
    client.on('connect_error', (error) => setState('connecting', `Reconnecting (Socket.IO): ${error.message}`));
    client.on('message', (message) => receiveMessage(message, 'Socket.IO'));
    client.on('event', (envelope) => receiveEnvelope(envelope, 'Socket.IO'));
    client.on('error', (error) => notify(describe(error)));
  }

  function receiveEnvelope(envelope, via) {
    if (envelope.event_type === 'message' && envelope.data && typeof envelope.data === 'object') {
      receiveMessage(envelope.data, via);
    } else {
      receiveEvent(envelope, via);
    }
  }

  // ---- the feed ---------------------------------------------------------------------------------------------

  function firstSighting(id) {
    if (!id) return true;
    if (seen.has(id)) return false;
    seen.add(id);
    if (seen.size > 5 * FEED_LIMIT) seen.delete(seen.values().next().value);
    return true;
  }

  function time(timestamp) {
    const date = new Date(timestamp);
    return Number.isNaN(date.getTime()) ? '' : date.toLocaleTimeString();
  }

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function append(item) {
    ui.feed.append(item);
    while (ui.feed.children.length > FEED_LIMIT) ui.feed.firstElementChild.remove();
    ui.empty.hidden = true;
    item.scrollIntoView({ block: 'nearest' });
  }

  function header(item, who, room, timestamp, via) {
    const head = element('p', 'meta');
    head.append(element('strong', 'who', who));
    if (room) head.append(element('span', 'tag', `#${room}`));
    const when = element('time', null, time(timestamp));
    when.dateTime = timestamp || '';
    head.append(when, element('span', 'via', via));
    item.append(head);
  }

  const isMediaUrl = (content, type) =>
    typeof content === 'string' && (content.toLowerCase().startsWith(`data:${type}/`) || /^https?:\/\//i.test(content));

  function receiveMessage(message, via) {
    if (!message || !firstSighting(message.id)) return;
    const item = element('li', `item message ${message.type}`);
    item.dataset.id = message.id || '';
    item.dataset.type = message.type;
    header(item, message.sender, message.room, message.timestamp, via);
    if ((message.type === 'image') && isMediaUrl(message.content, 'image')) {
      const image = element('img', 'media');
      image.src = message.content;
      image.alt = `Image from ${message.sender}`;
      item.append(image);
    } else if (message.type === 'audio' && isMediaUrl(message.content, 'audio')) {
      const audio = element('audio', 'media');
      audio.controls = true;
      audio.preload = 'metadata';
      audio.src = message.content;
      audio.setAttribute('aria-label', `Audio from ${message.sender}`);
      item.append(audio);
    } else {
      item.append(element('p', 'text', String(message.content)));
    }
    append(item);
  }

  function receiveEvent(envelope, via) {
    if (!envelope || !firstSighting(envelope.id)) return;
    const item = element('li', 'item event');
    item.dataset.id = envelope.id || '';
    item.dataset.type = 'event';
    header(item, `event ${envelope.event_type}`, envelope.channel, envelope.timestamp, via);
    item.append(element('pre', 'data', JSON.stringify(envelope.data, null, 1)));
    append(item);
  }

  // ---- sending ----------------------------------------------------------------------------------------------

  function describe(error) {
    if (!error) return 'unknown error';
    if (error.detail) return `${error.error}: ${error.detail}`;
    return error.message || String(error);
  }

  async function send(type, content) {
    const body = { type, content, sender: ui.sender.value.trim() || 'console' };
    if (ui.target.value) body.room = ui.target.value;
    notify('');
    try {
      if (transport === 'socketio') {
        if (!socket || !socket.connected) throw new Error('not connected');
        const reply = await socket.timeout(10000).emitWithAck('message', body);
        if (!reply.ok) throw reply.error;
      } else {
        const response = await fetch('api/message', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
          body: JSON.stringify(body),
        });
        if (response.status !== 201) {
          throw await response.json().catch(() => new Error(`HTTP ${response.status}`));
        }
      }
      return true;
    } catch (error) {
      notify(`Not sent: ${describe(error)}`);
      return false;
    }
  }

  function readAsDataUrl(blob) {
    return new Promise((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => resolve(reader.result);
      reader.onerror = () => reject(reader.error);
      reader.readAsDataURL(blob);
    });
  }

  async function sendBlob(blob) {
    const type = (blob.type || '').split('/')[0];
    if (type !== 'image' && type !== 'audio') {
      notify('Pick an image or an audio file.');
      return;
    }
    if (blob.size > MAX_FILE_BYTES) {
      notify(`Too large: ${Math.round(blob.size / 1024)} KB (at most ${MAX_FILE_BYTES / 1024} KB).`);
      return;
    }
    await send(type, await readAsDataUrl(blob));
  }

  ui.compose.addEventListener('submit', async (event) => {
    event.preventDefault();
    const text = ui.text.value.trim();
    if (!text) return;
    if (await send('text', text)) ui.text.value = '';
    ui.text.focus();
  });

  ui.file.addEventListener('change', async () => {
    const file = ui.file.files[0];
    if (file) await sendBlob(file);
    ui.file.value = '';
  });

  let recorder = null;
  if (!window.MediaRecorder || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
    ui.record.disabled = true;
    ui.record.title = 'Recording needs a secure context (https or localhost) and a microphone.';
  }
  ui.record.addEventListener('click', async () => {
    if (recorder) {
      recorder.stop();
      return;
    }
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
      const chunks = [];
      recorder = new MediaRecorder(stream);
      recorder.ondataavailable = (event) => chunks.push(event.data);
      recorder.onstop = async () => {
        stream.getTracks().forEach((track) => track.stop());
        const type = recorder.mimeType || 'audio/webm';
        recorder = null;
        ui.record.textContent = 'Record audio';
        ui.record.setAttribute('aria-pressed', 'false');
        await sendBlob(new Blob(chunks, { type }));
      };
      recorder.start();
      ui.record.textContent = 'Stop and send';
      ui.record.setAttribute('aria-pressed', 'true');
    } catch (error) {
      recorder = null;
      notify(`Cannot record: ${error.message}`);
    }
  });

  // ---- rooms ------------------------------------------------------------------------------------------------

  function renderRooms() {
    ui.rooms.replaceChildren(...rooms.map((room) => {
      const item = element('li', 'room');
      item.append(element('span', null, `#${room}`));
      const leave = element('button', 'quiet', 'Leave');
      leave.type = 'button';
      leave.setAttribute('aria-label', `Leave room ${room}`);
      leave.addEventListener('click', () => leaveRoom(room));
      item.append(leave);
      return item;
    }));
    const selected = ui.target.value;
    ui.target.replaceChildren(new Option('everyone', ''), ...rooms.map((room) => new Option(`#${room}`, room)));
    ui.target.value = rooms.includes(selected) ? selected : '';
    if (rooms.length === 0) {
      ui.roomsHint.textContent = transport === 'sse'
        ? 'Not in a room: receiving everything.' : 'Not in a room: receiving messages for everyone.';
    } else {
      ui.roomsHint.textContent = transport === 'sse'
        ? 'SSE follows one room at a time, plus messages for everyone.'
        : 'Receiving messages for everyone and for these rooms.';
    }
  }

  async function joinRoom(room) {
    if (!ROOM.test(room)) {
      notify('Room names are 1 to 64 of A-Z a-z 0-9 _ . : -');
      return;
    }
    notify('');
    if (rooms.includes(room)) return;
    if (transport === 'sse') {
      rooms = [room];
      connect();
    } else {
      if (socket && socket.connected) {
        const reply = await socket.timeout(10000).emitWithAck('join', { room }).catch((e) => ({ error: e }));
        if (!reply.ok) {
          notify(`Could not join: ${describe(reply.error)}`);
          return;
        }
      }
      rooms.push(room);
    }
    renderRooms();
    ui.target.value = room;
  }

  async function leaveRoom(room) {
    rooms = rooms.filter((r) => r !== room);
    if (transport === 'sse') connect();
    else if (socket && socket.connected) socket.emit('leave', { room });
    renderRooms();
  }

  ui.join.addEventListener('submit', (event) => {
    event.preventDefault();
    joinRoom(ui.room.value.trim()).then(() => {
      ui.room.value = '';
    });
  });

  // ---- transport switch, node panel -------------------------------------------------------------------------

  document.querySelectorAll('input[name="transport"]').forEach((radio) => {
    radio.addEventListener('change', () => {
      if (!radio.checked) return;
      transport = radio.value;
      if (transport === 'sse' && rooms.length > 1) rooms = rooms.slice(-1);
      renderRooms();
      connect();
    });
  });

  ui.clear.addEventListener('click', () => {
    ui.feed.replaceChildren();
    ui.empty.hidden = false;
  });

  async function refreshHealth() {
    try {
      const response = await fetch('api/health', { headers: { Accept: 'application/json' } });
      const health = await response.json();
      $('node-id').textContent = health.node;
      $('node-status').textContent = health.status;
      $('node-status').dataset.status = health.status;
      for (const name of ['sse', 'socketio', 'websocket']) {
        const component = health.components && health.components[name];
        $(`count-${name}`).textContent = component ? `${component.connections} (${component.status})` : '–';
      }
      const redis = health.components && health.components.redis;
      $('node-redis').textContent = redis ? `${redis.status}${redis.outbox ? `, outbox ${redis.outbox}` : ''}` : '–';
    } catch (error) {
      $('node-status').textContent = 'unreachable';
      $('node-status').dataset.status = 'DOWN';
    }
  }

  const initial = document.querySelector('input[name="transport"]:checked');
  transport = initial ? initial.value : 'sse';
  renderRooms();
  connect();
  refreshHealth();
  setInterval(refreshHealth, 5000);
})();
