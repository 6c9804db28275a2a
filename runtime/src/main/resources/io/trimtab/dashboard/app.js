// Trimtab's dashboard: polls api/state every 2 s and draws it; its controls act through Jolokia on the same origin.
// Plain ES2017, no build step. Nodes are kept by key between polls, so that focus and typed values survive a refresh.
'use strict';

(function () {
  const STATE_URL = 'api/state';
  const JOLOKIA_URL = '../jolokia/';
  const POLL_MILLIS = 2000;
  const CHART_HEIGHT = 140;
  const COLORS = { value: '#0969da', threshold: '#cf222e', clear: '#9a6700', forecast: '#8250df', curve: '#1a7f37' };

  // Errors anywhere on the page are counted where a test (or a curious operator) can read them.
  function countError() {
    document.body.dataset.errors = String(Number(document.body.dataset.errors || '0') + 1);
  }
  window.addEventListener('error', countError);
  window.addEventListener('unhandledrejection', countError);

  const charts = new Map(); // chart key -> {plot, element, series}
  let state = null;
  let timer = null;
  let polling = false;
  let again = false;
  let modeEdited = false;

  // ---- small DOM helpers ---------------------------------------------------------------------------------------

  function el(tag, props, children) {
    const node = document.createElement(tag);
    Object.keys(props || {}).forEach(function (key) {
      if (key === 'dataset') {
        Object.assign(node.dataset, props.dataset);
      } else if (key.indexOf('aria-') === 0 || key === 'role' || key === 'for') {
        node.setAttribute(key, props[key]);
      } else {
        node[key] = props[key];
      }
    });
    (children || []).forEach(function (child) {
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    });
    return node;
  }

  function text(node, value) {
    if (node.textContent !== value) {
      node.textContent = value;
    }
  }

  // Keeps one child of container per item, by key: reuses, reorders, creates and removes.
  function sync(container, items, key, create, update) {
    const existing = new Map();
    Array.from(container.children).forEach(function (child) { existing.set(child.dataset.key, child); });
    let previous = null;
    items.forEach(function (item) {
      const k = key(item);
      let node = existing.get(k);
      if (node) {
        existing.delete(k);
      } else {
        node = create(item);
        node.dataset.key = k;
      }
      const next = previous ? previous.nextSibling : container.firstChild;
      if (next !== node) {
        container.insertBefore(node, next);
      }
      update(node, item);
      previous = node;
    });
    existing.forEach(function (node) {
      node.querySelectorAll('[data-chart]').forEach(function (c) { dropChart(c.dataset.chart); });
      node.remove();
    });
  }

  // ---- formatting ----------------------------------------------------------------------------------------------

  function bytes(v) {
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    let i = 0;
    while (Math.abs(v) >= 1024 && i < units.length - 1) {
      v /= 1024;
      i++;
    }
    return (i === 0 ? String(v) : v.toFixed(1)) + ' ' + units[i];
  }

  function num(v) {
    if (v === null || v === undefined || Number.isNaN(v)) {
      return '–';
    }
    const abs = Math.abs(v);
    if (Number.isInteger(v) && abs < 1e9) {
      return String(v);
    }
    if (abs !== 0 && (abs < 0.001 || abs >= 1e9)) {
      return v.toExponential(2);
    }
    return v.toFixed(abs < 1 ? 3 : abs < 100 ? 2 : 0);
  }

  // Axis ticks: short enough for the axis, in the signal's unit.
  function tick(v, unit) {
    const abs = Math.abs(v);
    if (unit === 'bytes' && abs >= 1024) {
      return bytes(v).replace('.0 ', ' ');
    }
    if (abs >= 1e9) {
      return Number((v / 1e9).toPrecision(3)) + 'G';
    }
    if (abs >= 1e6) {
      return Number((v / 1e6).toPrecision(3)) + 'M';
    }
    if (abs >= 1e4) {
      return Number((v / 1e3).toPrecision(3)) + 'k';
    }
    return num(v);
  }

  function fmt(v, unit) {
    if (v === null || v === undefined) {
      return '–';
    }
    if (unit === 'bytes') {
      return bytes(v);
    }
    return num(v) + (unit && unit !== 'count' && unit !== 'ratio' ? ' ' + unit : '');
  }

  function time(iso) {
    const date = new Date(iso);
    return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
  }

  function kindTitle(kind) {
    return { cache: 'Cache', pool: 'Pool', db: 'Database', jvm: 'JVM' }[kind] || kind;
  }

  // ---- Jolokia actions -----------------------------------------------------------------------------------------

  function actionStatus(message, failed) {
    const status = document.getElementById('action-status');
    text(status, message);
    status.className = failed ? 'bad' : 'muted';
    status.dataset.state = failed ? 'error' : 'ok';
  }

  async function jolokia(request, what, button) {
    actionStatus(what + '…', false);
    if (button) {
      button.disabled = true;
    }
    try {
      const response = await fetch(JOLOKIA_URL, {
        method: 'POST', cache: 'no-store', credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(request)
      });
      const body = await response.text();
      let answer;
      try {
        answer = JSON.parse(body);
      } catch (notJson) {
        answer = { status: response.status, error: body };
      }
      if (!response.ok || answer.status !== 200) {
        actionStatus(what + ' refused (' + (answer.status || response.status) + '): ' + (answer.error || body), true);
        return;
      }
      const value = answer.value;
      actionStatus(what + ': done' + (value === null || value === undefined ? '' : ' → ' + summarize(value)), false);
      pollNow();
    } catch (e) {
      actionStatus(what + ' failed: ' + e.message, true);
    } finally {
      if (button) {
        button.disabled = false;
      }
    }
  }

  function summarize(value) {
    if (typeof value !== 'object') {
      return String(value);
    }
    return value.status ? value.status + (value.detail ? ': ' + value.detail : '') : JSON.stringify(value).slice(0, 200);
  }

  // Numbers go as strings: Jolokia converts a string to any parameter type, a JSON number not to a double.
  function exec(mbean, operation, args, what, button) {
    return jolokia({ type: 'exec', mbean: mbean, operation: operation, arguments: args }, what, button);
  }

  function pinButton(knob) {
    const button = el('button', { type: 'button', className: 'pin' });
    button.addEventListener('click', function () {
      const current = button.dataset.pinned === 'true';
      if (current) {
        exec(state.optimizer, 'unpinKnob', [knob], 'Unpin ' + knob, button);
      } else {
        exec(state.optimizer, 'setKnob', [knob, button.dataset.value], 'Pin ' + knob, button);
      }
    });
    return button;
  }

  function updatePinButton(button, knob) {
    button.hidden = !state.canExec;
    button.dataset.pinned = String(knob.pinned);
    button.dataset.value = String(knob.value);
    text(button, knob.pinned ? 'Unpin' : 'Pin');
    button.setAttribute('aria-label', (knob.pinned ? 'Unpin ' : 'Pin ') + knob.name);
  }

  // ---- charts --------------------------------------------------------------------------------------------------

  function dropChart(key) {
    const chart = charts.get(key);
    if (chart) {
      chart.plot.destroy();
      charts.delete(key);
    }
  }

  function drawChart(holder, key, series, data, xTime, unit) {
    let chart = charts.get(key);
    const shape = series.map(function (s) { return s.label; }).join('|');
    if (chart && (chart.shape !== shape || chart.element !== holder)) {
      dropChart(key);
      chart = null;
    }
    const width = Math.max(120, holder.clientWidth);
    if (!chart) {
      const opts = {
        width: width, height: CHART_HEIGHT, legend: { show: false }, cursor: { drag: { x: false, y: false } },
        scales: { x: { time: xTime } },
        axes: [{ stroke: '#59636e', grid: { stroke: '#eaeef2' } },
          { stroke: '#59636e', grid: { stroke: '#eaeef2' }, size: 56,
            values: function (u, vals) { return vals.map(function (v) { return tick(v, unit); }); } }],
        series: [{}].concat(series)
      };
      chart = { plot: new uPlot(opts, data, holder), element: holder, shape: shape, width: width };
      holder.dataset.chart = key;
      charts.set(key, chart);
    } else {
      chart.plot.setData(data);
      if (chart.width !== width) {
        chart.plot.setSize({ width: width, height: CHART_HEIGHT });
        chart.width = width;
      }
    }
  }

  function line(label, stroke, dash) {
    return { label: label, stroke: stroke, width: dash ? 1 : 2, dash: dash, points: { show: false }, spanGaps: true };
  }

  // A signal's window, the levels of the rules bound to it, and the optimizer's trend carried forward.
  function signalChart(holder, signal, times) {
    const xs = times.map(function (t) { return t / 1000; });
    const values = signal.v.slice();
    const series = [line(signal.figure, COLORS.value)];
    const columns = [values];
    const forecast = signal.forecast;
    const last = xs.length - 1;
    let forecastColumn = null;
    if (forecast && last >= 1 && Number.isFinite(forecast.slopePerMinute) && values[last] !== null) {
      const horizon = Math.max((xs[last] - xs[0]) / 4, (xs[last] - xs[last - 1]) * 2);
      xs.push(xs[last] + horizon);
      values.push(null);
      forecastColumn = xs.map(function () { return null; });
      forecastColumn[last] = values[last];
      forecastColumn[last + 1] = values[last] + forecast.slopePerMinute * horizon / 60;
    }
    signal.thresholds.forEach(function (level) {
      series.push(line(level.rule + ' ' + level.comparison.toLowerCase() + ' ' + level.threshold, COLORS.threshold, [6, 4]));
      columns.push(xs.map(function () { return level.threshold; }));
    });
    if (forecastColumn) {
      series.push(line('forecast', COLORS.forecast, [2, 3]));
      columns.push(forecastColumn);
    }
    drawChart(holder, 'signal:' + signal.name, series, [xs].concat(columns), true, signal.unit);
  }

  // A knob's outcome model: the predicted signal across the knob's bounds, the knob's value marked.
  function curveChart(holder, knob) {
    const curve = knob.curve;
    const marked = curve.x.map(function (x, i) { return x === knob.value ? curve.y[i] : null; });
    const series = [line(curve.signal + ' predicted', COLORS.curve), { label: 'now', stroke: COLORS.value, width: 0,
      points: { show: true, size: 9, fill: COLORS.value } }];
    drawChart(holder, 'curve:' + knob.name, series, [curve.x, curve.y, marked], false, '');
  }

  // ---- sections ------------------------------------------------------------------------------------------------

  function renderHealth() {
    text(document.getElementById('health-score'), String(state.health.score));
    const score = document.getElementById('health-score');
    score.className = state.health.score < 40 ? 'bad' : state.health.score < 70 ? 'warn' : 'ok';
    const all = state.health.penalties;
    const costing = all.filter(function (p) { return p.penalty > 0; }).sort(function (a, b) { return b.penalty - a.penalty; });
    const free = all.filter(function (p) { return !(p.penalty > 0); }).map(function (p) { return p.component; });
    document.getElementById('penalties-empty').hidden = all.length > 0;
    sync(document.getElementById('penalties'), costing, function (p) { return p.component; },
      function () { return el('li', { className: 'warn' }); },
      function (node, p) {
        text(node, '−' + num(Math.round(p.penalty * 10) / 10) + ' of ' + num(p.weight) + ': ' + p.signal + ' = '
          + num(p.value) + ' (no cost at ' + num(p.good) + ', all at ' + num(p.bad) + ')');
      });
    text(document.getElementById('penalties-free'), free.length ? 'No cost now: ' + free.join(', ') + '.' : '');
  }

  function renderControls() {
    const controls = document.getElementById('controls');
    controls.hidden = !state.canExec;
    const select = document.getElementById('mode-select');
    if (!modeEdited && document.activeElement !== select) {
      select.value = state.mode;
    }
  }

  function renderAlerts() {
    sync(document.getElementById('alerts'), state.alerts, function (a) { return a.rule + '/' + a.target; },
      function () { return el('li'); },
      function (node, a) {
        node.className = a.severity === 'CRITICAL' ? 'bad' : a.severity === 'WARNING' ? 'warn' : '';
        text(node, a.severity + ' · ' + a.rule + ' on ' + a.target + ': ' + a.message + ' (since ' + time(a.since) + ')');
      });
    document.getElementById('alerts-empty').hidden = state.alerts.length > 0;
  }

  function allKnobs() {
    const knobs = [];
    state.resources.forEach(function (r) { r.knobs.forEach(function (k) { knobs.push(k); }); });
    return knobs;
  }

  function renderPinned() {
    const pinned = allKnobs().filter(function (k) { return k.pinned; });
    sync(document.getElementById('pinned'), pinned, function (k) { return k.name; },
      function (k) { return el('li', { className: 'knob' }, [el('span', { className: 'what' }), pinButton(k.name)]); },
      function (node, k) {
        text(node.querySelector('.what'), k.name + ' = ' + num(k.value));
        updatePinButton(node.querySelector('button'), k);
      });
    document.getElementById('pinned-empty').hidden = pinned.length > 0;
  }

  function resizeControl(resource, knob) {
    const id = 'resize-' + resource.kind + '-' + resource.name;
    const input = el('input', { type: 'number', id: id, step: knob.integral ? '1' : 'any' });
    input.addEventListener('input', function () { input.dataset.edited = 'true'; });
    const button = el('button', { type: 'button', className: 'resize' }, ['Resize']);
    button.addEventListener('click', function () {
      const value = Number(input.value);
      const min = Number(input.min);
      const max = input.max === '' ? Infinity : Number(input.max);
      if (input.value === '' || !Number.isFinite(value) || value < min || value > max || (knob.integral && !Number.isInteger(value))) {
        actionStatus('Resize ' + resource.name + ': ' + (input.value || 'nothing') + ' is not a size between ' + min
          + ' and ' + max + '; nothing changed', true);
        return;
      }
      input.dataset.edited = '';
      exec(resource.mbean, 'resize', [String(value)], 'Resize ' + resource.kind + ' ' + resource.name + ' to ' + value, button);
    });
    return el('div', { className: 'row resize-row' }, [el('label', { 'for': id }, ['Size']), input, button]);
  }

  function createResource(r) {
    const heading = el('h3', {}, [kindTitle(r.kind) + (r.kind === r.name ? '' : ' ' + r.name)]);
    return el('article', { className: 'resource', dataset: { kind: r.kind, name: r.name },
      'aria-label': kindTitle(r.kind) + ' ' + r.name }, [heading, el('div', { className: 'knobs' }),
      el('div', { className: 'controls-slot' }), el('div', { className: 'charts' })]);
  }

  function updateResource(node, r) {
    sync(node.querySelector('.knobs'), r.knobs, function (k) { return k.name; },
      function (k) { return el('p', { className: 'knob' }, [el('span', { className: 'what' }), pinButton(k.name)]); },
      function (p, k) {
        const bounds = ' (' + num(k.min) + ' to ' + (k.max === null ? '∞' : num(k.max)) + ')';
        text(p.querySelector('.what'), k.name.slice(k.name.lastIndexOf('.') + 1) + ' = ' + num(k.value) + bounds
          + (k.pinned ? ' · pinned' : ''));
        updatePinButton(p.querySelector('button'), k);
      });
    const slot = node.querySelector('.controls-slot');
    const knob = r.knobs.filter(function (k) { return /\.(maxEntries|maxTotal)$/.test(k.name); })[0];
    if (state.canExec && knob && r.mbean && (r.kind === 'cache' || r.kind === 'pool')) {
      if (!slot.firstChild) {
        slot.append(resizeControl(r, knob));
      }
      const input = slot.querySelector('input');
      input.min = String(knob.min);
      input.max = knob.max === null ? '' : String(knob.max);
      if (document.activeElement !== input && input.dataset.edited !== 'true') {
        input.value = String(knob.value);
      }
    } else {
      slot.replaceChildren();
    }
    const figures = r.signals.map(function (s) { return { key: 'signal:' + s.name, signal: s }; })
      .concat(r.knobs.filter(function (k) { return k.curve; }).map(function (k) { return { key: 'curve:' + k.name, knob: k }; }));
    sync(node.querySelector('.charts'), figures, function (f) { return f.key; },
      function (f) {
        const title = f.signal ? f.signal.figure : f.knob.name.slice(f.knob.name.lastIndexOf('.') + 1) + ' → '
          + f.knob.curve.signal.slice(f.knob.curve.signal.lastIndexOf('.') + 1);
        return el('figure', { dataset: { signal: f.signal ? f.signal.name : f.knob.name } }, [
          el('figcaption', {}, [el('h4', {}, [title]), el('span', { className: 'value' }), el('span', { className: 'note muted' })]),
          el('div', { className: 'chart', role: 'img', 'aria-label': 'Chart of ' + title })]);
      },
      function (figure, f) {
        const holder = figure.querySelector('.chart');
        if (f.signal) {
          const s = f.signal;
          const latest = s.v.length ? s.v[s.v.length - 1] : null;
          figure.dataset.samples = String(s.v.length);
          figure.dataset.latest = String(latest);
          text(figure.querySelector('.value'), fmt(latest, s.unit));
          const levels = s.thresholds.map(function (l) { return l.rule + ' ' + l.comparison.toLowerCase() + ' ' + num(l.threshold); });
          const heading = s.forecast && s.forecast.secondsToThreshold > 0 ? s.forecast.summary : '';
          text(figure.querySelector('.note'), [levels.join(', '), heading].filter(Boolean)
            .map(function (part) { return ' · ' + part; }).join(''));
          signalChart(holder, s, s.t || r.t || []);
        } else {
          text(figure.querySelector('.value'), ' at ' + num(f.knob.value));
          curveChart(holder, f.knob);
        }
      });
  }

  function renderResources() {
    sync(document.getElementById('resources'), state.resources, function (r) { return r.kind + ':' + r.name; },
      createResource, updateResource);
  }

  function renderSuggestions() {
    const suggestions = [];
    state.resources.forEach(function (r) {
      (r.suggestions || []).forEach(function (s) { suggestions.push({ db: r, s: s }); });
    });
    sync(document.getElementById('suggestions'), suggestions, function (x) { return x.db.name + '/' + x.s.id; },
      function (x) {
        const apply = el('button', { type: 'button', className: 'apply' }, ['Apply']);
        apply.setAttribute('aria-label', 'Apply suggestion ' + x.s.id + ' to database ' + x.db.name);
        apply.addEventListener('click', function () {
          exec(x.db.mbean, 'applySuggestion', [x.s.id], 'Apply ' + x.s.id + ' on ' + x.db.name, apply);
        });
        return el('li', { className: 'suggestion' }, [el('h3', {}), el('p', { className: 'facts' }), el('pre', { className: 'sql' }),
          el('p', {}, ['Plan before:']), el('pre', { className: 'before' }), el('div', { className: 'after-slot' }),
          el('p', { className: 'detail muted' }), apply]);
      },
      function (li, x) {
        const s = x.s;
        text(li.querySelector('h3'), x.db.name + ': ' + s.table + ' (' + s.columns.join(', ') + ')');
        text(li.querySelector('.facts'), s.status + ' · ' + s.calls + ' calls, ' + num(s.totalMillis) + ' ms in all'
          + (s.beforeMicros >= 0 ? ' · ' + s.beforeMicros + ' µs before, ' + s.afterMicros + ' µs after' : ''));
        text(li.querySelector('.sql'), s.createSql + '\n-- for: ' + s.sql);
        text(li.querySelector('.before'), s.planBefore);
        const after = li.querySelector('.after-slot');
        if (s.planAfter && !after.firstChild) {
          after.append(el('p', {}, ['Plan after:']), el('pre', { className: 'after' }));
        }
        if (s.planAfter) {
          text(after.querySelector('pre'), s.planAfter);
        }
        text(li.querySelector('.detail'), s.detail || '');
        li.querySelector('.apply').hidden = !(state.canExec && s.status === 'proposed');
      });
    document.getElementById('suggestions-empty').hidden = suggestions.length > 0;
  }

  // Fields a journal entry may carry about its judgement, by the names they go by.
  const JUDGEMENT = [['Predicted', ['prediction', 'predicted']], ['Observed', ['observation', 'observed']],
    ['Verdict', ['verdict']]];

  function renderJournal() {
    const entries = state.journal.slice().reverse();
    sync(document.getElementById('journal'), entries, function (e) { return String(e.id); },
      function () { return el('li', {}, [el('p', { className: 'what' }), el('p', { className: 'signals muted' }), el('p', { className: 'judgement' })]); },
      function (li, e) {
        const change = e.before === null || e.before === undefined ? ''
          : ' ' + num(e.before) + ' → ' + (e.after === null || e.after === undefined ? '?' : num(e.after));
        li.dataset.kind = e.kind;
        li.className = e.kind === 'rolledBack' || e.kind === 'failed' ? 'bad' : e.kind === 'alert' ? 'warn' : '';
        text(li.querySelector('.what'), time(e.time) + ' · ' + e.kind + ' · ' + e.rule + ' on ' + e.target + change);
        text(li.querySelector('.signals'), e.signals || '');
        const parts = [];
        JUDGEMENT.forEach(function (field) {
          field[1].forEach(function (name) {
            if (e[name] !== undefined && e[name] !== null && e[name] !== '') {
              parts.push(field[0] + ': ' + (typeof e[name] === 'object' ? JSON.stringify(e[name]) : e[name]));
            }
          });
        });
        if (e.outcome) {
          parts.push('Outcome: ' + e.outcome);
        }
        text(li.querySelector('.judgement'), parts.join(' · '));
      });
    document.getElementById('journal-empty').hidden = entries.length > 0;
  }

  function render() {
    text(document.getElementById('runtime'), state.runtime);
    text(document.getElementById('summary'), 'mode ' + state.mode + ' · ' + state.resources.length + ' sections · updated '
      + new Date(state.time).toLocaleTimeString());
    document.body.dataset.canExec = String(state.canExec);
    renderHealth();
    renderControls();
    renderAlerts();
    renderPinned();
    renderResources();
    renderSuggestions();
    renderJournal();
    document.body.dataset.rendered = String(Number(document.body.dataset.rendered || '0') + 1);
  }

  // ---- the page's copy of the windows -------------------------------------------------------------------------

  // Polls fetch only the samples since the newest one held; the first poll, and any after a gap, whole windows.
  let held = null; // {epoch, signals: Map of signal name -> {t, v, appended}}

  function stateUrl() {
    let newest = 0;
    if (held) {
      held.signals.forEach(function (w) {
        if (w.t.length) {
          newest = Math.max(newest, w.t[w.t.length - 1]);
        }
      });
    }
    return newest ? STATE_URL + '?since=' + newest : STATE_URL;
  }

  // Takes a document's samples into the copy and gives each of its signals the whole window held; false when the copy
  // missed a sample (the window's count of samples tells) or belongs to another run of the runtime.
  function merge(doc) {
    const whole = doc.since === 0;
    if (!whole && (!held || held.epoch !== doc.epoch)) {
      return false;
    }
    const signals = new Map();
    let complete = true;
    doc.resources.forEach(function (r) {
      r.signals.forEach(function (s) {
        const times = s.t || r.t || [];
        let w = whole ? null : held.signals.get(s.name);
        if (!w) {
          w = { t: times.slice(), v: s.v.slice(), appended: s.appended };
          complete = complete && (whole || times.length === Math.min(s.appended, doc.windowSize));
        } else {
          const last = w.t.length ? w.t[w.t.length - 1] : -Infinity;
          let added = 0;
          times.forEach(function (t, i) {
            if (t > last) {
              w.t.push(t);
              w.v.push(s.v[i]);
              added++;
            }
          });
          complete = complete && s.appended - w.appended === added;
          w.appended = s.appended;
          const excess = w.t.length - doc.windowSize;
          if (excess > 0) {
            w.t.splice(0, excess);
            w.v.splice(0, excess);
          }
        }
        signals.set(s.name, w);
        s.t = w.t;
        s.v = w.v;
      });
    });
    held = { epoch: doc.epoch, signals: signals };
    return complete;
  }

  // ---- polling -------------------------------------------------------------------------------------------------

  // One request at a time; a refresh asked for meanwhile (after an action) follows at once.
  async function poll() {
    if (polling) {
      again = true;
      return;
    }
    polling = true;
    clearTimeout(timer);
    const connection = document.getElementById('connection');
    try {
      const response = await fetch(stateUrl(), { cache: 'no-store', credentials: 'same-origin' });
      if (!response.ok) {
        text(connection, 'The agent answered ' + response.status + ': ' + (await response.text()).slice(0, 200));
        connection.className = 'bad';
        held = null;
      } else {
        const doc = await response.json();
        if (merge(doc)) {
          state = doc;
          text(connection, '');
          connection.className = 'muted';
          render();
        } else {
          held = null;
          again = true; // a gap in the copy: fetch the whole windows at once
        }
      }
    } catch (e) {
      text(connection, 'Cannot reach the agent: ' + e.message);
      connection.className = 'bad';
    } finally {
      polling = false;
    }
    if (again) {
      again = false;
      poll();
    } else {
      timer = setTimeout(poll, POLL_MILLIS);
    }
  }

  function pollNow() {
    poll();
  }

  function start() {
    const select = document.getElementById('mode-select');
    select.addEventListener('change', function () { modeEdited = true; });
    document.getElementById('mode-apply').addEventListener('click', function (event) {
      modeEdited = false;
      jolokia({ type: 'write', mbean: state.optimizer, attribute: 'Mode', value: select.value }, 'Set mode ' + select.value,
        event.currentTarget);
    });
    let resizing = null;
    window.addEventListener('resize', function () {
      clearTimeout(resizing);
      resizing = setTimeout(function () { if (state) { render(); } }, 150);
    });
    poll();
  }

  start();
}());
