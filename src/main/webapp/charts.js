// Switchboard web console, live figures: follows GET /api/metrics/stream (SSE, one frame per second with this node's
// figures and, in a cluster, every node's) and charts connections per transport, messages in and deliveries per
// second, and delivery latency p50/p99, for the cluster or one node, with uPlot (shipped in the WAR at
// /vendor/uplot/); below them the list of nodes with their health.
'use strict';

(() => {
  const $ = (id) => document.getElementById(id);
  const ui = {
    state: $('figures-state'), scope: $('figures-scope'), nodes: $('nodes-body'), window: $('latency-window'),
  };
  const TRANSPORTS = [['sse', 'SSE', '#2457c5'], ['socketio', 'Socket.IO', '#1d7a46'], ['websocket', 'WebSocket', '#a8640c']];
  const CHARTS = {
    connections: TRANSPORTS.map(([key, label, stroke]) => ({ key, label, stroke })),
    rates: [
      { key: 'in', label: 'messages in/s', stroke: '#2457c5' },
      { key: 'out', label: 'deliveries/s', stroke: '#7a3fc5' },
    ],
    latency: [
      { key: 'p50', label: 'p50 ms', stroke: '#1d7a46' },
      { key: 'p99', label: 'p99 ms', stroke: '#b42318' },
    ],
  };
  const CLUSTER = '';

  let capacity = 300;        // points kept per scope: the latency window's worth, as the server says
  let frames = 0;
  const scopes = new Map();  // '' (cluster) or node id -> { t: [], sse: [], ..., lastAt }
  const charts = {};         // name -> uPlot
  let redrawPending = false;

  // ---- data ---------------------------------------------------------------------------------------------------

  function scopeData(scope) {
    let data = scopes.get(scope);
    if (!data) {
      data = { t: [], lastAt: 0 };
      for (const series of Object.values(CHARTS).flat()) data[series.key] = [];
      scopes.set(scope, data);
    }
    return data;
  }

  function push(scope, at, figures) {
    const data = scopeData(scope);
    if (at <= data.lastAt) return; // a replay after a reconnect repeats frames already charted
    data.lastAt = at;
    data.t.push(at / 1000);
    const connections = figures.connections || {};
    for (const [key] of TRANSPORTS) data[key].push(connections[key] ?? 0);
    data.in.push(figures.messages_in_per_second);
    data.out.push(figures.deliveries_per_second);
    data.p50.push(figures.latency_p50_ms);
    data.p99.push(figures.latency_p99_ms);
    if (data.t.length > capacity) {
      for (const key of Object.keys(data)) if (Array.isArray(data[key])) data[key].splice(0, data[key].length - capacity);
    }
  }

  function receive(frame) {
    frames++;
    capacity = Math.max(10, Math.min(600, Math.round((frame.latency_window_seconds * 1000) / frame.interval_ms)));
    ui.window.textContent = describeSeconds(frame.latency_window_seconds);
    push(CLUSTER, frame.at, frame.cluster);
    for (const node of frame.nodes) push(node.node, node.at, node);
    renderNodes(frame);
    renderScopes(frame);
    ui.state.dataset.state = 'live';
    ui.state.textContent = frame.cluster.enabled
      ? `cluster of ${frame.cluster.nodes} node${frame.cluster.nodes === 1 ? '' : 's'}, Redis ${frame.cluster.redis}, seen from ${frame.node}`
      : `single node ${frame.node}`;
    scheduleRedraw();
  }

  // ---- charts -------------------------------------------------------------------------------------------------

  function makeCharts() {
    if (typeof uPlot !== 'function') {
      for (const name of Object.keys(CHARTS)) {
        const note = document.createElement('p');
        note.className = 'unavailable';
        note.textContent = 'Charts unavailable: the WAR was built without npm (no /vendor/uplot/).';
        $(`chart-${name}`).append(note);
      }
      return;
    }
    for (const [name, series] of Object.entries(CHARTS)) {
      const target = $(`chart-${name}`);
      charts[name] = new uPlot({
        width: chartWidth(target),
        height: 180,
        scales: { x: { time: true }, y: { range: (u, min, max) => [0, Math.max(max || 0, 1) * 1.1] } },
        series: [{}, ...series.map((s) => ({ label: s.label, stroke: s.stroke, width: 2, spanGaps: false }))],
        axes: [{ stroke: '#5b6475' }, { stroke: '#5b6475', size: 50 }],
        legend: { live: false },
      }, [[], ...series.map(() => [])], target);
    }
    window.addEventListener('resize', () => {
      for (const [name, chart] of Object.entries(charts)) chart.setSize({ width: chartWidth($(`chart-${name}`)), height: 180 });
    });
  }

  function chartWidth(element) {
    return Math.max(240, element.clientWidth || 320);
  }

  function scheduleRedraw() {
    if (redrawPending) return;
    redrawPending = true;
    requestAnimationFrame(() => {
      redrawPending = false;
      redraw();
    });
  }

  function redraw() {
    const data = scopeData(ui.scope.value);
    for (const [name, series] of Object.entries(CHARTS)) {
      const chart = charts[name];
      if (!chart) continue;
      chart.setData([data.t.slice(), ...series.map((s) => data[s.key].slice())]);
      $(`chart-${name}`).dataset.points = String(data.t.length);
    }
  }

  // ---- nodes --------------------------------------------------------------------------------------------------

  function renderScopes(frame) {
    const wanted = [CLUSTER, ...frame.nodes.map((node) => node.node)];
    const present = [...ui.scope.options].map((option) => option.value);
    for (const id of wanted) {
      if (!present.includes(id)) ui.scope.append(new Option(`node ${id}`, id));
    }
  }

  function cell(row, text, status) {
    const td = document.createElement('td');
    td.textContent = text;
    if (status) td.dataset.status = status;
    row.append(td);
  }

  function renderNodes(frame) {
    const rows = frame.nodes.map((node) => {
      const row = document.createElement('tr');
      row.dataset.node = node.node;
      if (node.node === frame.node) row.className = 'self';
      cell(row, node.node);
      cell(row, node.status, node.status);
      cell(row, node.redis);
      for (const [key] of TRANSPORTS) cell(row, String(node.connections[key] ?? 0));
      cell(row, number(node.messages_in_per_second));
      cell(row, number(node.deliveries_per_second));
      cell(row, node.latency_p50_ms === null ? '–' : number(node.latency_p50_ms));
      cell(row, node.latency_p99_ms === null ? '–' : number(node.latency_p99_ms));
      cell(row, describeSeconds(node.uptime_seconds));
      cell(row, `${Math.max(0, Math.round((frame.at - node.at) / 1000))} s ago`);
      return row;
    });
    ui.nodes.replaceChildren(...rows);
  }

  function number(value) {
    return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
  }

  function describeSeconds(seconds) {
    if (seconds < 120) return `${seconds} s`;
    if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
    return `${Math.round(seconds / 3600)} h`;
  }

  // ---- the stream ---------------------------------------------------------------------------------------------

  function follow() {
    const source = new EventSource('api/metrics/stream');
    source.addEventListener('figures', (event) => receive(JSON.parse(event.data)));
    source.onerror = () => {
      // EventSource reconnects by itself; the server then replays the recent frames, which push() skips.
      ui.state.dataset.state = 'offline';
      ui.state.textContent = 'Figures stream interrupted, reconnecting…';
    };
  }

  ui.scope.addEventListener('change', redraw);
  makeCharts();
  follow();

  // For the browser test and the curious: what the charts hold.
  window.switchboardFigures = {
    frames: () => frames,
    points: (scope = CLUSTER) => {
      const data = scopeData(scope);
      return Object.fromEntries(Object.entries(data).filter(([, value]) => Array.isArray(value)).map(([k, v]) => [k, v.slice()]));
    },
    charted: (name) => (charts[name] ? charts[name].data.map((series) => series.slice()) : null),
  };
})();
