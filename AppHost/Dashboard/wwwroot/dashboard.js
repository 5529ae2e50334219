// The dashboard page: everything arrives by server-sent events; nothing polls the server.
'use strict';

const resources = new Map();
const logLines = [];
const keptLogLines = 2000;
const tbody = document.querySelector('#resources tbody');
const connection = document.getElementById('connection');

function formatUptime(startedAt, state) {
  if (!startedAt || state !== 'Running') return '';
  const seconds = Math.max(0, Math.floor((Date.now() - Date.parse(startedAt)) / 1000));
  const h = Math.floor(seconds / 3600), m = Math.floor(seconds / 60) % 60, s = seconds % 60;
  return (h ? h + 'h ' : '') + (h || m ? m + 'm ' : '') + s + 's';
}

function cell(row, text, className) {
  const td = row.insertCell();
  if (text !== undefined && text !== null) td.textContent = text;
  if (className) td.className = className;
  return td;
}

function renderResources() {
  tbody.replaceChildren();
  for (const r of resources.values()) {
    const row = tbody.insertRow();
    row.dataset.resource = r.name;
    row.dataset.state = r.state;
    row.dataset.health = r.health;
    row.dataset.restarts = r.restarts;
    cell(row, r.name).dataset.testid = 'name';
    cell(row, r.kind);
    const state = cell(row, r.state + (r.exitCode !== null && r.state !== 'Running' ? ` (exit code ${r.exitCode})` : ''), 'state-' + r.state);
    state.dataset.testid = 'state';
    if (r.message) state.title = r.message;
    cell(row, r.health === 'Unknown' ? '' : r.health, 'health-' + r.health).dataset.testid = 'health';
    cell(row, r.processId ?? '').dataset.testid = 'pid';
    const endpoints = cell(row);
    for (const e of r.endpoints) {
      if (e.url.startsWith('http')) {
        const a = document.createElement('a');
        a.href = e.url; a.textContent = `${e.name}: ${e.url}`; a.target = '_blank';
        endpoints.appendChild(a);
      } else {
        const span = document.createElement('div');
        span.textContent = `${e.name}: ${e.url}`;
        endpoints.appendChild(span);
      }
    }
    const uptime = cell(row, formatUptime(r.startedAt, r.state));
    uptime.dataset.testid = 'uptime';
    uptime.dataset.startedAt = r.startedAt ?? '';
    cell(row, r.restarts).dataset.testid = 'restarts';
    const actions = cell(row);
    for (const command of ['stop', 'start', 'restart']) {
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = command[0].toUpperCase() + command.slice(1);
      button.dataset.testid = command;
      button.addEventListener('click', () => fetch(`/api/resources/${encodeURIComponent(r.name)}/commands/${command}`, { method: 'POST' }));
      actions.appendChild(button);
    }
  }
}

// Uptime only: a local clock, no request.
setInterval(() => {
  for (const td of document.querySelectorAll('td[data-testid="uptime"]')) {
    const row = td.parentElement;
    td.textContent = formatUptime(td.dataset.startedAt, row.dataset.state);
  }
}, 1000);

function updateLogResourceOptions() {
  const select = document.getElementById('log-resource');
  const known = new Set([...select.options].map(o => o.value));
  for (const name of resources.keys()) {
    if (!known.has(name)) select.add(new Option(name, name));
  }
}

const resourceEvents = new EventSource('/api/resources/events');
resourceEvents.addEventListener('open', () => { connection.textContent = 'live'; });
resourceEvents.addEventListener('error', () => { connection.textContent = 'reconnecting…'; });
resourceEvents.addEventListener('resource', e => {
  const snapshot = JSON.parse(e.data);
  resources.set(snapshot.name, snapshot);
  renderResources();
  updateLogResourceOptions();
});

const logs = document.getElementById('logs');
const filter = document.getElementById('log-filter');
const errorsOnly = document.getElementById('log-errors');
let logEvents = null;

function lineVisible(line) {
  const text = filter.value.trim().toLowerCase();
  return (!errorsOnly.checked || line.isError) && (!text || line.text.toLowerCase().includes(text));
}

function appendLine(line) {
  const div = document.createElement('div');
  if (line.isError) div.className = 'err';
  const name = document.createElement('span');
  name.className = 'res';
  name.textContent = line.resource.padEnd(14) + '| ';
  div.append(name, document.createTextNode(line.text));
  logs.appendChild(div);
}

function renderLogs() {
  logs.replaceChildren();
  for (const line of logLines) if (lineVisible(line)) appendLine(line);
  logs.scrollTop = logs.scrollHeight;
}

function followLogs() {
  if (logEvents) logEvents.close();
  logLines.length = 0;
  renderLogs();
  const resource = document.getElementById('log-resource').value;
  logEvents = new EventSource('/api/logs/events' + (resource ? '?resource=' + encodeURIComponent(resource) : ''));
  logEvents.addEventListener('log', e => {
    const line = JSON.parse(e.data);
    logLines.push(line);
    if (logLines.length > keptLogLines) logLines.shift();
    if (lineVisible(line)) {
      const atBottom = logs.scrollTop + logs.clientHeight >= logs.scrollHeight - 4;
      appendLine(line);
      while (logs.childElementCount > keptLogLines) logs.firstChild.remove();
      if (atBottom) logs.scrollTop = logs.scrollHeight;
    }
  });
}

document.getElementById('log-resource').addEventListener('change', followLogs);
filter.addEventListener('input', renderLogs);
errorsOnly.addEventListener('change', renderLogs);
document.getElementById('log-clear').addEventListener('click', () => { logLines.length = 0; renderLogs(); });
followLogs();

// Panels that resources bring (the Pega panel) register themselves here.
window.dashboard = { resources };

// The Pega panel: installations, what the stand-in received, and sample activities on demand.
const pegaPanel = document.getElementById('pega-panel');
const pegaEvents = new EventSource('/api/pega/events');
let pegaStatus = '';

function renderPega(p) {
  pegaPanel.hidden = false;
  pegaPanel.replaceChildren();
  const h2 = document.createElement('h2');
  h2.textContent = 'Pega';
  pegaPanel.appendChild(h2);
  if (!p.ready) {
    pegaPanel.append('Seeding the demo brand and installing the connector…');
    return;
  }

  const controls = document.createElement('div');
  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = 'Send sample activities';
  button.dataset.testid = 'send-samples';
  button.addEventListener('click', async () => {
    pegaStatus = 'sending…';
    status.textContent = pegaStatus;
    const response = await fetch('/api/pega/sample-activities', { method: 'POST' });
    const body = await response.json();
    pegaStatus = response.ok ? `emitted ${body.uuids.length} activities for customer ${body.customerId}` : (body.error ?? response.statusText);
    status.textContent = pegaStatus;
  });
  const status = document.createElement('span');
  status.dataset.testid = 'samples-status';
  status.textContent = pegaStatus;
  controls.append(button, ' ', status);
  pegaPanel.appendChild(controls);

  const table = document.createElement('table');
  table.dataset.testid = 'installations';
  const head = table.createTHead().insertRow();
  for (const title of ['Installation', 'Endpoint', 'State', 'Lag (activities)', 'Lag (s)', 'Delivered', 'Retried', 'Failed', 'Dead letters', 'Last error']) {
    const th = document.createElement('th');
    th.textContent = title;
    head.appendChild(th);
  }
  const body = table.createTBody();
  for (const i of p.installations ?? []) {
    const row = body.insertRow();
    row.dataset.installation = i.id;
    for (const [value, id] of [[i.id], [i.endpointUrl], [i.state + (i.pauseReason ? ` (${i.pauseReason})` : ''), 'installation-state'],
      [i.lagActivities], [i.lagSeconds.toFixed(1)], [i.delivered, 'delivered'], [i.retried], [i.failed], [i.dead, 'dead'], [i.lastError]]) {
      const td = row.insertCell();
      td.textContent = value;
      if (id) td.dataset.testid = id;
    }
  }
  pegaPanel.appendChild(table);
  if (p.installationsError) pegaPanel.append(p.installationsError);

  const received = document.createElement('p');
  received.dataset.testid = 'stand-in-received';
  received.textContent = p.received
    ? `Stand-in received ${p.received.unique} activities (${p.received.duplicates} duplicates, ${p.received.invalid} invalid, ${p.received.refused} refused)`
    : (p.receivedError ?? '');
  pegaPanel.appendChild(received);

  const recent = document.createElement('pre');
  recent.className = 'json';
  recent.dataset.testid = 'stand-in-recent';
  recent.textContent = JSON.stringify((p.recent ?? []).map(r => r.activity), null, 2);
  pegaPanel.appendChild(recent);
}

pegaEvents.addEventListener('pega', e => renderPega(JSON.parse(e.data)));
