// Grantflow's auditor page: everything comes from /api/v1/audit (auditors only), diagrams too, so the page's session
// or credentials are all it needs.
(function () {
  'use strict';
  const $ = (id) => document.getElementById(id);
  const viewer = new BpmnJS({ container: '#diagram' });

  // Absolute URLs from the origin: a page opened as http://user:pass@host/ must not pass its credentials on in URLs.
  async function getJson(path) {
    const response = await fetch(new URL(path, location.origin), { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
    const body = await response.text();
    if (!response.ok) {
      let detail = body;
      try { const problem = JSON.parse(body); detail = problem.detail + ' (' + problem.code + ')'; } catch (e) { /* not a problem document */ }
      throw new Error(detail || ('HTTP ' + response.status));
    }
    return JSON.parse(body);
  }

  function text(value) { return value === null || value === undefined ? '' : String(value); }

  function details(detail) {
    if (!detail) { return ''; }
    return Object.entries(detail).filter(([, v]) => v !== null && v !== undefined && v !== 'null')
      .map(([k, v]) => k + ': ' + (typeof v === 'object' ? JSON.stringify(v) : v)).join('\n');
  }

  function renderTimeline(timeline) {
    $('timeline-title').textContent = timeline.kind + ' ' + timeline.id;
    const tbody = document.querySelector('#timeline tbody');
    tbody.replaceChildren();
    for (const event of timeline.events) {
      const row = document.createElement('tr');
      row.className = event.source;
      for (const cell of [text(event.at).replace('T', ' ').replace('Z', ''), event.source, (event.type || '') + ' · ' + text(event.name),
        text(event.user), details(event.detail)]) {
        const td = document.createElement('td');
        td.textContent = cell;
        row.appendChild(td);
      }
      row.lastChild.className = 'details';
      tbody.appendChild(row);
    }
    $('timeline-card').classList.remove('hidden');
  }

  async function showDiagram(process, button) {
    document.querySelectorAll('#processes button').forEach((b) => b.classList.remove('selected'));
    button.classList.add('selected');
    const xml = await getJson('/api/v1/audit/process-definitions/' + encodeURIComponent(process.processDefinitionId) + '/xml');
    await viewer.importXML(xml.bpmn20Xml);
    const canvas = viewer.get('canvas');
    const registry = viewer.get('elementRegistry');
    for (const activityId of process.activitiesPassed) {
      if (registry.get(activityId)) { canvas.addMarker(activityId, 'passed'); }
    }
    canvas.zoom('fit-viewport');
    $('diagram').dataset.shown = process.processInstanceId;
  }

  function renderProcesses(processes) {
    const list = $('processes');
    list.replaceChildren();
    if (processes.length === 0) {
      list.textContent = 'No process history (cleaned up, or none): the ledger and token rows below still tell the story.';
    }
    for (const process of processes) {
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = process.processDefinitionKey + ' · ' + process.state;
      button.dataset.processInstanceId = process.processInstanceId;
      button.addEventListener('click', () => showDiagram(process, button).catch(showError));
      list.appendChild(button);
    }
    $('processes-card').classList.remove('hidden');
    if (processes.length > 0) { return showDiagram(processes[0], list.firstChild); }
    return Promise.resolve();
  }

  function showError(error) { $('error').textContent = error.message; }

  $('search').addEventListener('submit', async (event) => {
    event.preventDefault();
    $('error').textContent = '';
    const kind = $('kind').value;
    const id = $('subject').value.trim();
    try {
      const timeline = await getJson('/api/v1/audit/timeline/' + encodeURIComponent(kind) + '/' + encodeURIComponent(id));
      renderTimeline(timeline);
      const evidence = $('evidence');
      evidence.href = '/api/v1/audit/evidence/' + encodeURIComponent(kind) + '/' + encodeURIComponent(id);
      evidence.classList.remove('hidden');
      const poolParam = (kind === 'license' || kind === 'subscription') ? 'pool=' : 'holder=';
      $('csv').href = '/api/v1/audit/ledger?format=csv&' + poolParam + encodeURIComponent(id);
      await renderProcesses(timeline.processes);
    } catch (error) {
      showError(error);
    }
  });

  $('verify').addEventListener('click', async () => {
    const status = $('verification');
    status.className = 'status';
    status.textContent = 'Verifying…';
    try {
      const report = await getJson('/api/v1/audit/ledger/verify');
      status.className = 'status ' + (report.intact ? 'ok' : 'broken');
      status.textContent = report.intact
        ? 'Ledger intact: ' + report.pools + ' pools, ' + report.rows + ' rows, every chain and balance verified.'
        : 'Ledger BROKEN: ' + report.broken.map((b) => b.poolId + (b.seq ? ' #' + b.seq : '') + ': ' + b.problem).join('; ');
    } catch (error) {
      status.textContent = '';
      showError(error);
    }
  });

  const params = new URLSearchParams(location.search);
  if (params.get('kind') && params.get('id')) {
    $('kind').value = params.get('kind');
    $('subject').value = params.get('id');
    $('search').requestSubmit();
  }
}());
