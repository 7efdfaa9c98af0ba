// The explorer's script. It holds no copy of the model: every answer is looked up in the
// JSON document the server_lifecycle library computed and embedded in this page, and the
// diagram's elements are found by their Graphviz titles ("ACTIVE", "ACTIVE->REBOOT").
(function () {
  'use strict';
  const D = JSON.parse(document.getElementById('model-data').textContent);
  const $ = (id) => document.getElementById(id);

  // ---- small DOM helpers -----------------------------------------------------------
  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (key === 'class') el.className = value;
      else if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
      else el.setAttribute(key, value === true ? '' : value);
    }
    for (const child of children.flat(Infinity)) {
      if (child === null || child === undefined || child === false) continue;
      el.append(child instanceof Node ? child : String(child));
    }
    return el;
  }
  // Replaces an element's children (nested lists flattened, null and false left out).
  function put(el, ...children) {
    el.replaceChildren(...children.flat(Infinity).filter((child) => child !== null && child !== undefined && child !== false));
  }
  const statusLink = (name) => h('button', {
    type: 'button', class: 'link status-link', 'data-status': name,
    onclick: () => { state.status = name; state.view = 'status'; update(); },
  }, name);
  const requestLink = (name) => h('button', {
    type: 'button', class: 'link request-link', 'data-request': name,
    onclick: () => { state.request = name; state.view = 'request'; update(); },
  }, name);
  const statusLinks = (names) => names.length
    ? names.flatMap((name, index) => index ? [', ', statusLink(name)] : [statusLink(name)])
    : ['none'];
  const option = (value, label, selected) => h('option', { value, selected: selected || undefined }, label);
  function fill(select, options) {
    select.replaceChildren(...options.map(([value, label]) => option(value, label)));
  }

  // ---- the data ------------------------------------------------------------------------
  const statuses = D.model.statuses.map((status) => status.name);
  const statusInfo = new Map(D.model.statuses.map((status) => [status.name, status]));
  const requests = D.model.events.filter((event) => event.kind === 'request').map((event) => event.name);
  const eventInfo = new Map(D.model.events.map((event) => [event.name, event]));
  const nova = D.nova;
  const operations = new Map(nova.operations.map((operation) => [operation.name, operation]));
  const terms = D.search.map(([term, kind, target]) => ({ term, lower: term.toLowerCase(), kind, target }));
  const choices = D.settings_choices;

  // ---- the diagram -----------------------------------------------------------------------
  const svg = document.querySelector('#diagram svg');
  const nodes = new Map();
  const edges = new Map();
  for (const g of svg.querySelectorAll('g.node')) {
    const title = g.querySelector('title');
    const name = title ? title.textContent.trim() : '';
    if (!statusInfo.has(name)) continue;
    nodes.set(name, g);
    const info = statusInfo.get(name);
    g.dataset.status = name;
    g.setAttribute('tabindex', '0');
    g.setAttribute('role', 'button');
    g.setAttribute('aria-label', name + (info.nova_name !== name ? ' (Nova: ' + info.nova_name + ')' : '') + ', ' + info.kind);
    g.addEventListener('click', () => selectStatus(name));
    g.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' || event.key === ' ') { event.preventDefault(); selectStatus(name); }
    });
  }
  for (const g of svg.querySelectorAll('g.edge')) {
    const title = g.querySelector('title');
    const key = title ? title.textContent.trim() : '';
    if (!edges.has(key)) edges.set(key, []);
    edges.get(key).push(g);
  }
  const edgeKey = (from, to) => from + '->' + to;
  function selectStatus(name) {
    state.status = name;
    if (state.view === 'path') state.pathTo = name;
    else if (state.view !== 'request') state.view = 'status';
    update();
  }

  // ---- the state, kept in the URL fragment ------------------------------------------------
  const state = {
    view: 'status', status: null, request: null,
    confirmWindow: 0, offload: 0, reclaim: 0,
    vm: 'active', task: '', launched: true,
    pathFrom: null, pathTo: null, operation: null,
  };
  function resolve(kind, text) {
    if (!text) return null;
    const lower = text.toLowerCase();
    const hit = terms.find((term) => term.kind === kind && term.lower === lower);
    return hit ? hit.target : null;
  }
  function number(text, allowed, fallback) {
    const value = Number(text);
    return allowed.includes(value) ? value : fallback;
  }
  function readFragment() {
    const params = new URLSearchParams(location.hash.replace(/^#/, ''));
    const request = resolve('request', params.get('request'));
    state.status = resolve('status', params.get('status'));
    state.request = request;
    state.confirmWindow = number(params.get('resize_confirm_window'), choices.resize_confirm_window, choices.resize_confirm_window[0]);
    state.offload = number(params.get('shelved_offload_time'), choices.shelved_offload_time, 0);
    state.reclaim = number(params.get('reclaim_instance_interval'), choices.reclaim_instance_interval, choices.reclaim_instance_interval[0]);
    state.vm = resolve('vm_state', params.get('vm_state')) || state.vm;
    const task = params.get('task_state');
    state.task = task === null || task === '' || task.toLowerCase() === 'none' ? '' : (resolve('task_state', task) || '');
    state.launched = params.get('launched') !== 'false';
    state.pathFrom = resolve('status', params.get('from'));
    state.pathTo = resolve('status', params.get('to'));
    const view = params.get('view');
    state.view = ['status', 'request', 'nova', 'path'].includes(view) ? view
      : (state.pathFrom && state.pathTo) ? 'path'
      : request ? 'request'
      : params.has('vm_state') ? 'nova'
      : 'status';
  }
  function writeFragment() {
    const params = new URLSearchParams();
    if (state.status) params.set('status', state.status);
    if (state.request) params.set('request', state.request);
    if (state.view === 'request') {
      params.set('resize_confirm_window', state.confirmWindow);
      params.set('shelved_offload_time', state.offload);
      params.set('reclaim_instance_interval', state.reclaim);
    }
    if (state.view === 'nova') {
      params.set('vm_state', state.vm);
      params.set('task_state', state.task || 'none');
      params.set('launched', String(state.launched));
    }
    if (state.view === 'path') {
      if (state.pathFrom) params.set('from', state.pathFrom);
      if (state.pathTo) params.set('to', state.pathTo);
    }
    const implied = state.request ? 'request' : 'status';
    if (state.view !== implied) params.set('view', state.view);
    const fragment = '#' + params.toString();
    if (location.hash !== fragment && !(fragment === '#' && location.hash === '')) {
      history.replaceState(null, '', fragment === '#' ? location.pathname + location.search : fragment);
    }
  }

  // ---- lookups in the embedded answers ---------------------------------------------------
  function profileIndex() {
    return D.profiles.findIndex((profile) =>
      profile.resize_confirm_window === state.confirmWindow &&
      profile.shelved_offload_time === state.offload &&
      profile.reclaim_instance_interval === state.reclaim);
  }
  function planFor(request, from) {
    const byFrom = D.plans[request];
    if (!byFrom) return null;
    const entry = '*' in byFrom ? byFrom['*'] : byFrom[from];
    if (entry === undefined) return null;
    const index = Array.isArray(entry) ? entry[profileIndex()] : entry;
    return D.plan_values[index] || null;
  }
  const allowing = (request) => statuses.filter((name) =>
    D.explain[name].requests.some((row) => row.event === request));
  function novaStatus(vm, task) {
    const entry = nova.status[vm];
    return task in entry.tasks ? entry.tasks[task] : entry.default;
  }
  function novaCheck(operation, vm, task, launched) {
    const row = nova.checks[operation][vm][launched ? 0 : 1];
    const index = task === '' ? 0 : nova.task_states.indexOf(task) + 1;
    return nova.answers[typeof row === 'number' ? row : row[index]] || null;
  }

  // ---- painting the diagram ----------------------------------------------------------------
  const PLAN_SETS = [['pending', 'pending'], ['target', 'target'], ['failure', 'failure'], ['fail_fast', 'fail-fast']];
  function clearDiagram() {
    svg.classList.remove('focus');
    for (const g of svg.querySelectorAll('g.node, g.edge')) {
      g.classList.remove('sel', 'near', 'out', 'in', 'allows', 'on-path', 'first', 'plan',
        'plan-from', 'plan-pending', 'plan-target', 'plan-failure', 'plan-fail-fast');
    }
    for (const line of svg.querySelectorAll('line.off-diagram')) line.remove();
  }
  function markEdges(from, to, cls) {
    for (const g of edges.get(edgeKey(from, to)) || []) g.classList.add(cls);
    return (edges.get(edgeKey(from, to)) || []).length > 0;
  }
  function centre(name) {
    const box = nodes.get(name).getBBox();
    return [box.x + box.width / 2, box.y + box.height / 2];
  }
  function paintNeighbourhood(name) {
    svg.classList.add('focus');
    nodes.get(name).classList.add('sel');
    for (const [from, to] of D.diagram_edges) {
      if (from === name) { markEdges(from, to, 'out'); nodes.get(to).classList.add('near'); }
      if (to === name) { markEdges(from, to, 'in'); nodes.get(from).classList.add('near'); }
    }
  }
  function paintPlan(request, from, plan) {
    svg.classList.add('focus');
    for (const [key, cls] of PLAN_SETS) {
      for (const name of plan[key]) nodes.get(name).classList.add('plan', 'plan-' + cls);
    }
    if (from) {
      nodes.get(from).classList.add('plan', 'plan-from');
      for (const [edgeFrom, to, , events] of D.diagram_edges) {
        if (edgeFrom === from && events.includes(plan.effective_request)) markEdges(edgeFrom, to, 'first');
      }
    }
  }
  function paintPath(steps) {
    svg.classList.add('focus');
    const group = svg.querySelector('#graph0') || svg;
    for (const step of steps) {
      nodes.get(step.from).classList.add('on-path');
      nodes.get(step.to).classList.add('on-path');
      if (!markEdges(step.from, step.to, 'on-path') && step.from !== step.to) {
        const [x1, y1] = centre(step.from);
        const [x2, y2] = centre(step.to);
        const line = document.createElementNS('http://www.w3.org/2000/svg', 'line');
        for (const [key, value] of Object.entries({ x1, y1, x2, y2 })) line.setAttribute(key, value);
        line.setAttribute('class', 'off-diagram');
        line.dataset.step = edgeKey(step.from, step.to);
        group.append(line);
      }
    }
  }
  function paintLegend(items) {
    put($('legend'), ...items.map(([label, colour, line]) =>
      h('span', { style: '--swatch:' + colour + (line ? ';--swatch-line:' + line : '') }, label)));
  }
  // The view: a viewBox over the drawing. Each selection zooms to what it highlights;
  // Fit shows everything, +/- zoom about the centre, dragging the background pans.
  const FULL = (() => { const box = svg.viewBox.baseVal; return { x: box.x, y: box.y, w: box.width, h: box.height }; })();
  let view = { ...FULL };
  const narrow = window.matchMedia('(max-width: 900px)');
  function setView(next) {
    view = next;
    svg.setAttribute('viewBox', [next.x, next.y, next.w, next.h].map((n) => Math.round(n * 100) / 100).join(' '));
    // On a narrow screen the drawing is as tall as its view needs, not a fixed box.
    svg.style.height = narrow.matches
      ? Math.round(Math.min(Math.max(svg.clientWidth * next.h / next.w, 200), innerHeight * 0.6)) + 'px'
      : '';
  }
  function focusOnHighlight() {
    const marked = svg.querySelectorAll('g.node:is(.sel, .near, .plan, .on-path), g.edge:is(.out, .in, .on-path, .first), line.off-diagram');
    if (!marked.length) { setView({ ...FULL }); return; }
    setView({ ...FULL });
    const matrix = svg.getScreenCTM().inverse();
    const point = svg.createSVGPoint();
    const toView = (x, y) => { point.x = x; point.y = y; return point.matrixTransform(matrix); };
    let [x1, y1, x2, y2] = [Infinity, Infinity, -Infinity, -Infinity];
    for (const el of marked) {
      const rect = el.getBoundingClientRect();
      const a = toView(rect.left, rect.top);
      const b = toView(rect.right, rect.bottom);
      x1 = Math.min(x1, a.x); y1 = Math.min(y1, a.y); x2 = Math.max(x2, b.x); y2 = Math.max(y2, b.y);
    }
    const pad = 24;
    let w = Math.max(x2 - x1 + 2 * pad, FULL.w / 3.5);
    let h = Math.max(y2 - y1 + 2 * pad, FULL.h / 3.5);
    w = Math.min(w, FULL.w); h = Math.min(h, FULL.h);
    const cx = (x1 + x2) / 2;
    const cy = (y1 + y2) / 2;
    setView({ x: cx - w / 2, y: cy - h / 2, w, h });
  }
  function zoom(factor) {
    const w = Math.min(view.w * factor, FULL.w * 1.2);
    const h = Math.min(view.h * factor, FULL.h * 1.2);
    setView({ x: view.x + (view.w - w) / 2, y: view.y + (view.h - h) / 2, w, h });
  }
  let drag = null;
  svg.addEventListener('pointerdown', (event) => {
    if (event.target.closest('g.node[data-status]')) return;
    drag = { x: event.clientX, y: event.clientY, view: { ...view } };
    svg.setPointerCapture(event.pointerId);
  });
  svg.addEventListener('pointermove', (event) => {
    if (!drag) return;
    const rect = svg.getBoundingClientRect();
    const scale = Math.max(drag.view.w / rect.width, drag.view.h / rect.height);
    setView({ ...drag.view, x: drag.view.x - (event.clientX - drag.x) * scale, y: drag.view.y - (event.clientY - drag.y) * scale });
  });
  for (const end of ['pointerup', 'pointercancel']) svg.addEventListener(end, () => { drag = null; });

  // ---- the views -------------------------------------------------------------------------
  function rowsTable(rows, firstHeader, firstCell) {
    if (!rows.length) return h('p', {}, 'none');
    return h('table', {},
      h('thead', {}, h('tr', {}, h('th', {}, firstHeader), h('th', {}, 'leads to'))),
      h('tbody', {}, rows.map((row) => [
        h('tr', {}, h('td', {}, firstCell(row)), h('td', {}, statusLinks(row.to))),
        row.to.length > 1 && row.note ? h('tr', {}, h('td', { colspan: 2, class: 'note-cell' }, row.note)) : null,
      ])));
  }
  function stepsList(steps) {
    return h('ol', { class: 'steps' }, steps.map((step) => h('li', { 'data-step': edgeKey(step.from, step.to) },
      statusLink(step.from), ' —', h('code', {}, step.event), '→ ', statusLink(step.to),
      step.other_results.length ? h('span', { class: 'kind' }, ' (may also end ', statusLinks(step.other_results), ')') : null,
      D.diagram_edges.some(([from, to]) => from === step.from && to === step.to) ? null
        : h('span', { class: 'kind' }, ' (not drawn: every status has ' + step.event + ')'))));
  }
  // "no task, rebooting" or, when most task_states are listed, "any task_state but a, b".
  function taskList(tasks) {
    const all = ['no task'].concat(nova.task_states);
    if (tasks.length * 2 <= all.length) return tasks.join(', ');
    const missing = all.filter((task) => !tasks.includes(task));
    return missing.length ? 'any task_state but ' + missing.join(', ') : 'any task_state, or no task';
  }
  function renderStatus() {
    const name = state.status;
    $('status-select').value = name || '';
    if (!name) {
      put($('explain'), h('p', {}, 'Click a status in the diagram (or pick one above) to see its requests, outcomes and how a server gets there.'));
      return;
    }
    const x = D.explain[name];
    const pairs = new Map();
    for (const pair of x.nova_pairs) {
      if (!pairs.has(pair.vm_state)) pairs.set(pair.vm_state, []);
      pairs.get(pair.vm_state).push(pair.task_state === null ? 'no task' : pair.task_state);
    }
    const incoming = x.incoming.filter((row) => row.from !== name);
    put($('explain'),
      h('h2', {}, x.name, ' ', h('span', { class: 'kind' }, '(' + x.kind + (x.nova_name !== x.name ? '; Nova: ' + x.nova_name : '') + ')')),
      h('p', { class: 'desc' }, x.description),
      h('h3', {}, 'Nova shows it for (vm_state: task_states)'),
      pairs.size ? h('ul', { class: 'plain' }, [...pairs].map(([vm, tasks]) => h('li', {},
        h('button', { type: 'button', class: 'link', onclick: () => { state.vm = vm; state.task = tasks[0] === 'no task' ? '' : tasks[0]; state.view = 'nova'; update(); } }, vm),
        ': ', h('span', { class: 'mono' }, taskList(tasks)))))
        : h('p', {}, 'no pair: Nova shows it when the cell cannot be reached or the record is unknown'),
      h('h3', {}, 'Requests allowed, and where each leads'),
      rowsTable(x.requests, 'request', (row) => requestLink(row.event)),
      h('h3', {}, 'Outcomes'),
      rowsTable(x.outcomes, 'outcome', (row) => h('code', { title: eventInfo.get(row.event).description }, row.event)),
      h('h3', {}, 'How a server gets here'),
      incoming.length ? h('table', {}, h('tbody', {}, incoming.map((row) =>
        h('tr', {}, h('td', {}, statusLink(row.from)), h('td', {}, h('code', {}, row.event)))))) : h('p', {}, 'from no other status'),
      x.path_from_initial === null ? h('p', {}, 'unreachable from ' + D.model.initial.status)
        : x.path_from_initial.length ? [h('p', {}, 'Shortest path from ' + D.model.initial.status + ':'), stepsList(x.path_from_initial)]
        : h('p', {}, 'every server starts here (' + D.model.initial.event + ')'));
  }
  function chips(names, cls) {
    return names.length ? h('span', { class: 'chips' }, names.map((name) => h('span', { class: 'chip ' + cls, 'data-status': name }, name))) : h('span', {}, 'none');
  }
  function renderRequest() {
    const request = state.request;
    $('request-select').value = request || '';
    $('plan-from').value = state.status || '';
    $('confirm-window').value = String(state.confirmWindow);
    $('offload-time').value = String(state.offload);
    $('reclaim-interval').value = String(state.reclaim);
    if (!request) {
      put($('allowed-in'), h('p', {}, 'Pick a request: the statuses that allow it are marked, and the plan from the status you pick is coloured.'));
      put($('plan'));
      return;
    }
    const allowed = allowing(request);
    put($('allowed-in'),
      h('p', { class: 'desc' }, eventInfo.get(request).description),
      h('p', {}, 'Allowed in ' + allowed.length + (allowed.length === 1 ? ' status: ' : ' statuses: '), statusLinks(allowed)));
    const from = '*' in D.plans[request] ? D.model.initial.status : state.status;
    if (!from) { put($('plan'), h('p', {}, 'Pick a status to start from for its plan.')); return; }
    const plan = planFor(request, from);
    if (plan.refused) {
      put($('plan'), h('p', { class: 'refused', id: 'plan-refused' }, plan.refused));
      return;
    }
    put($('plan'),
      h('h3', {}, 'Plan: ' + request + ' from ' + from),
      plan.effective_request !== request ? h('p', {}, 'With these settings Nova runs ', h('code', {}, plan.effective_request), ' instead.') : null,
      PLAN_SETS.map(([key, cls]) => h('div', { class: 'plan-row', id: 'plan-' + cls },
        h('span', {}, { pending: 'pending: still in progress', target: 'target: done', failure: 'failure: the request failed', fail_fast: 'fail fast: needs a new request' }[key]),
        chips(plan[key], cls))),
      plan.ambiguous.length ? h('div', { class: 'plan-row' }, h('span', {}, 'ambiguous'), chips(plan.ambiguous, '')) : null,
      plan.notes.length ? [h('h3', {}, 'Notes'), h('ul', {}, plan.notes.map((note) => h('li', {}, D.plan_notes[note])))] : null);
  }
  function renderNova() {
    $('vm-state').value = state.vm;
    $('task-state').value = state.task;
    $('launched').checked = state.launched;
    const shown = novaStatus(state.vm, state.task);
    const rows = nova.operations.map((operation) => [operation, novaCheck(operation.name, state.vm, state.task, state.launched)]);
    const accepted = rows.filter(([, answer]) => answer && !answer.refused);
    const refused = rows.filter(([, answer]) => answer && answer.refused);
    const row = ([operation, answer]) => h('tr', { 'data-operation': operation.name, class: operation.name === state.operation ? 'hit' : null },
      h('td', {}, operation.event ? requestLink(operation.event) : h('code', {}, operation.name)),
      answer.refused
        ? h('td', { class: 'refused answer' }, '409: ' + answer.refused)
        : h('td', { class: 'accepted answer' }, 'accepted; sets task_state ', h('code', {}, answer.sets === null ? 'none' : answer.sets)));
    put($('nova-answer'),
      h('p', { class: 'nova-status', id: 'nova-status' }, 'Nova shows ', statusLink(shown),
        statusInfo.get(shown).nova_name !== shown ? ' (on the wire: ' + statusInfo.get(shown).nova_name + ')' : ''),
      h('h3', {}, accepted.length + ' operations its guards accept'),
      h('table', {}, h('tbody', {}, accepted.map(row))),
      h('h3', {}, refused.length + ' refused (409 Conflict)'),
      h('table', {}, h('tbody', {}, refused.map(row))));
  }
  function renderPath() {
    $('path-from').value = state.pathFrom || '';
    $('path-to').value = state.pathTo || '';
    if (!state.pathFrom || !state.pathTo) {
      put($('path'), h('p', {}, 'Pick two statuses (or click one in the diagram to set To): a shortest sequence of events is drawn.'));
      return null;
    }
    const steps = D.paths[state.pathFrom][state.pathTo];
    if (steps === null) {
      put($('path'), h('p', { class: 'refused', id: 'path-none' }, state.pathTo + ' cannot be reached from ' + state.pathFrom));
      return null;
    }
    put($('path'), steps.length
      ? [h('h3', {}, steps.length + (steps.length === 1 ? ' step' : ' steps')), stepsList(steps)]
      : h('p', {}, state.pathFrom + ' is already ' + state.pathTo + ': no event needed'));
    return steps;
  }

  // ---- one update for every change -------------------------------------------------------
  function update() {
    for (const tab of document.querySelectorAll('[role="tab"]')) {
      const selected = tab.dataset.view === state.view;
      tab.setAttribute('aria-selected', String(selected));
      tab.tabIndex = selected ? 0 : -1;
      $('view-' + tab.dataset.view).hidden = !selected;
    }
    clearDiagram();
    let note = '';
    if (state.view === 'status') {
      renderStatus();
      if (state.status) paintNeighbourhood(state.status);
      paintLegend([['selected', 'transparent', 'var(--accent)'], ['its requests and outcomes', 'var(--out)'], ['ways in', 'var(--in)']]);
      note = state.status ? 'Edges every status has (' + D.common_events.join(', ') + ') are not drawn.' : 'Click a status.';
    } else if (state.view === 'request') {
      renderRequest();
      if (state.request) {
        for (const name of allowing(state.request)) nodes.get(name).classList.add('allows');
        const from = '*' in D.plans[state.request] ? null : state.status;
        const plan = planFor(state.request, from);
        if (plan && !plan.refused) paintPlan(state.request, from, plan);
      }
      paintLegend([['allows the request', 'transparent', 'var(--allows)'], ['pending', 'var(--pending)'], ['target', 'var(--target)'], ['failure', 'var(--failure)'], ['fail fast', 'var(--failfast)']]);
    } else if (state.view === 'nova') {
      renderNova();
      const shown = novaStatus(state.vm, state.task);
      paintNeighbourhood(shown);
      paintLegend([['the status Nova shows', 'transparent', 'var(--accent)'], ['its requests and outcomes', 'var(--out)'], ['ways in', 'var(--in)']]);
    } else {
      const steps = renderPath();
      if (steps) paintPath(steps);
      paintLegend([['the path', 'var(--path)']]);
    }
    $('diagram-note').textContent = note;
    writeFragment();
    focusOnHighlight();
  }

  // ---- controls --------------------------------------------------------------------------
  const none = [['', '—']];
  fill($('status-select'), none.concat(statuses.map((name) => [name, name])));
  fill($('plan-from'), none.concat(statuses.map((name) => [name, name])));
  fill($('request-select'), none.concat(requests.map((name) => [name, name])));
  fill($('path-from'), none.concat(statuses.map((name) => [name, name])));
  fill($('path-to'), none.concat(statuses.map((name) => [name, name])));
  fill($('confirm-window'), choices.resize_confirm_window.map((value) => [String(value), value > 0 ? value + ' s (auto-confirm)' : '0 (off)']));
  fill($('offload-time'), choices.shelved_offload_time.map((value) => [String(value), value < 0 ? '-1 (never)' : value === 0 ? '0 (at once)' : value + ' s (later)']));
  fill($('reclaim-interval'), choices.reclaim_instance_interval.map((value) => [String(value), value > 0 ? value + ' s (delete soft-deletes)' : '0 (off)']));
  fill($('vm-state'), nova.vm_states.map((name) => [name, name]));
  fill($('task-state'), [['', 'none']].concat(nova.task_states.map((name) => [name, name])));
  put($('search-terms'), ...terms.map((term) => h('option', { value: term.term }, term.kind)));

  $('status-select').addEventListener('change', (event) => { state.status = event.target.value || null; update(); });
  $('plan-from').addEventListener('change', (event) => { state.status = event.target.value || null; update(); });
  $('request-select').addEventListener('change', (event) => { state.request = event.target.value || null; update(); });
  $('confirm-window').addEventListener('change', (event) => { state.confirmWindow = Number(event.target.value); update(); });
  $('offload-time').addEventListener('change', (event) => { state.offload = Number(event.target.value); update(); });
  $('reclaim-interval').addEventListener('change', (event) => { state.reclaim = Number(event.target.value); update(); });
  $('vm-state').addEventListener('change', (event) => { state.vm = event.target.value; update(); });
  $('task-state').addEventListener('change', (event) => { state.task = event.target.value; update(); });
  $('launched').addEventListener('change', (event) => { state.launched = event.target.checked; update(); });
  $('path-from').addEventListener('change', (event) => { state.pathFrom = event.target.value || null; update(); });
  $('path-to').addEventListener('change', (event) => { state.pathTo = event.target.value || null; update(); });
  $('path-swap').addEventListener('click', () => { [state.pathFrom, state.pathTo] = [state.pathTo, state.pathFrom]; update(); });
  const tabs = [...document.querySelectorAll('[role="tab"]')];
  for (const tab of tabs) {
    tab.addEventListener('click', () => {
      state.view = tab.dataset.view;
      if (state.view === 'path' && !state.pathFrom) state.pathFrom = state.status;
      update();
    });
    tab.addEventListener('keydown', (event) => {
      const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
      if (!step) return;
      const next = tabs[(tabs.indexOf(tab) + step + tabs.length) % tabs.length];
      next.focus();
      next.click();
    });
  }
  $('clear').addEventListener('click', () => {
    Object.assign(state, { status: null, request: null, pathFrom: null, pathTo: null, operation: null, view: 'status' });
    update();
  });
  document.addEventListener('keydown', (event) => {
    const typing = /^(INPUT|SELECT|TEXTAREA)$/.test(document.activeElement.tagName);
    if (event.key === '/' && !typing) { event.preventDefault(); $('search').focus(); }
    if (event.key === 'Escape') $('clear').click();
  });
  $('zoom-in').addEventListener('click', () => zoom(1 / 1.5));
  $('zoom-out').addEventListener('click', () => zoom(1.5));
  $('zoom-fit').addEventListener('click', () => setView({ ...FULL }));

  // The search box: any spelling the library parses for a status (Nova's too), an event,
  // a vm_state, a task_state or a Nova operation.
  $('search-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const query = $('search').value.trim().toLowerCase();
    if (!query) return;
    const hit = terms.find((term) => term.lower === query)
      || terms.find((term) => term.lower.startsWith(query))
      || terms.find((term) => term.lower.includes(query));
    if (!hit) { $('search-result').textContent = 'nothing is called "' + query + '"'; return; }
    let said = hit.term + ' is ' + (hit.kind === 'status' && hit.term !== hit.target ? 'Nova\'s name for ' + hit.target : 'a ' + hit.kind.replace('_', ' '));
    if (hit.kind === 'status') { state.status = hit.target; state.view = 'status'; }
    else if (hit.kind === 'request') { state.request = hit.target; state.view = 'request'; }
    else if (hit.kind === 'outcome') {
      state.request = null;
      const where = statuses.filter((name) => D.explain[name].outcomes.some((row) => row.event === hit.target));
      said += ': ' + eventInfo.get(hit.target).description + ' Possible in ' + where.join(', ');
    } else if (hit.kind === 'vm_state') { state.vm = hit.target; state.task = ''; state.view = 'nova'; }
    else if (hit.kind === 'task_state') { state.task = hit.target; state.view = 'nova'; }
    else { state.operation = hit.target; state.view = 'nova'; said += ' of Nova (see its row below)'; }
    $('search-result').textContent = said;
    update();
  });

  window.addEventListener('hashchange', () => { readFragment(); update(); });
  readFragment();
  update();
}());
