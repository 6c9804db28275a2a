// Trimtab's dashboard, part 6 of 6: the page's sections drawn from each document api/state answers, and the start.
// Nodes are kept by key between polls, so that focus and typed values survive a refresh.
'use strict';

(function (page) {
  const el = page.dom.el;
  const text = page.dom.text;
  const sync = page.dom.sync;
  const num = page.format.num;
  const figure = page.format.figure;

  function renderHealth(state) {
    const score = document.getElementById('health-score');
    text(score, String(state.health.score));
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

  function renderAlerts(state) {
    sync(document.getElementById('alerts'), state.alerts, function (a) { return a.rule + '/' + a.target; },
      function () { return el('li'); },
      function (node, a) {
        node.className = a.severity === 'CRITICAL' ? 'bad' : a.severity === 'WARNING' ? 'warn' : '';
        text(node, a.severity + ' · ' + a.rule + ' on ' + a.target + ': ' + a.message + ' (since ' + page.format.time(a.since) + ')');
      });
    document.getElementById('alerts-empty').hidden = state.alerts.length > 0;
  }

  function renderPinned(state) {
    const pinned = [];
    state.resources.forEach(function (r) { r.knobs.forEach(function (k) { if (k.pinned) { pinned.push(k); } }); });
    sync(document.getElementById('pinned'), pinned, function (k) { return k.name; },
      function (k) { return el('li', { className: 'knob' }, [el('span', { className: 'what' }), page.controls.pinButton(k.name)]); },
      function (node, k) {
        text(node.querySelector('.what'), k.name + ' = ' + num(k.value));
        page.controls.updatePinButton(node.querySelector('button'), k);
      });
    document.getElementById('pinned-empty').hidden = pinned.length > 0;
  }

  function createResource(r) {
    const title = page.format.kindTitle(r.kind);
    const heading = el('h3', {}, [title + (r.kind === r.name ? '' : ' ' + r.name)]);
    return el('article', { className: 'resource', dataset: { kind: r.kind, name: r.name }, 'aria-label': title + ' ' + r.name },
      [heading, el('div', { className: 'knobs' }), el('div', { className: 'controls-slot' }), el('div', { className: 'charts' })]);
  }

  // A cache's knob model is its miss-ratio curve: its hit ratio predicted at each size.
  function curveTitle(r, knob) {
    return r.kind === 'cache' ? 'miss-ratio curve: ' + figure(knob.curve.signal) + ' by ' + figure(knob.name)
      : figure(knob.name) + ' → ' + figure(knob.curve.signal) + ' predicted';
  }

  function createFigure(r, f) {
    const title = f.signal ? f.signal.figure : curveTitle(r, f.knob);
    return el('figure', { dataset: { signal: f.signal ? f.signal.name : f.knob.name } }, [
      el('figcaption', {}, [el('h4', {}, [title]), el('span', { className: 'value' }), el('span', { className: 'note muted' })]),
      el('div', { className: 'chart', role: 'img', 'aria-label': 'Chart of ' + title })]);
  }

  function updateFigure(node, r, f) {
    const holder = node.querySelector('.chart');
    if (f.knob) {
      const k = f.knob;
      const at = k.curve.x.indexOf(k.value);
      const predicted = at >= 0 ? k.curve.y[at] : null;
      node.dataset.points = String(k.curve.x.length);
      node.dataset.current = String(k.value);
      node.dataset.predicted = String(predicted);
      text(node.querySelector('.value'), ' at ' + num(k.value) + (predicted === null ? '' : ': ' + num(predicted)));
      page.charts.curve(holder, k);
      return;
    }
    const s = f.signal;
    const latest = s.v.length ? s.v[s.v.length - 1] : null;
    node.dataset.samples = String(s.v.length);
    node.dataset.latest = String(latest);
    node.dataset.forecast = String(Boolean(s.forecast));
    text(node.querySelector('.value'), page.format.fmt(latest, s.unit));
    const levels = s.thresholds.map(function (l) { return l.rule + ' ' + l.comparison.toLowerCase() + ' ' + num(l.threshold); });
    const heading = s.forecast && s.forecast.secondsToThreshold > 0 ? s.forecast.summary : '';
    text(node.querySelector('.note'), [levels.join(', '), heading].filter(Boolean)
      .map(function (part) { return ' · ' + part; }).join(''));
    page.charts.signal(holder, s, s.t || r.t || []);
  }

  function updateResource(node, r) {
    sync(node.querySelector('.knobs'), r.knobs, function (k) { return k.name; },
      function (k) { return el('p', { className: 'knob' }, [el('span', { className: 'what' }), page.controls.pinButton(k.name)]); },
      function (p, k) {
        const bounds = ' (' + num(k.min) + ' to ' + (k.max === null ? '∞' : num(k.max)) + ')';
        text(p.querySelector('.what'), figure(k.name) + ' = ' + num(k.value) + bounds + (k.pinned ? ' · pinned' : ''));
        page.controls.updatePinButton(p.querySelector('button'), k);
      });
    page.controls.updateResize(node.querySelector('.controls-slot'), r);
    const figures = r.signals.map(function (s) { return { key: 'signal:' + s.name, signal: s }; })
      .concat(r.knobs.filter(function (k) { return k.curve; }).map(function (k) { return { key: 'curve:' + k.name, knob: k }; }));
    sync(node.querySelector('.charts'), figures, function (f) { return f.key; },
      function (f) { return createFigure(r, f); }, function (figureNode, f) { updateFigure(figureNode, r, f); });
  }

  function renderSuggestions(state) {
    const suggestions = [];
    state.resources.forEach(function (r) {
      (r.suggestions || []).forEach(function (s) { suggestions.push({ db: r, s: s }); });
    });
    sync(document.getElementById('suggestions'), suggestions, function (x) { return x.db.name + '/' + x.s.id; },
      function (x) {
        return el('li', { className: 'suggestion' }, [el('h3', {}), el('p', { className: 'facts' }), el('pre', { className: 'sql' }),
          el('p', {}, ['Plan before:']), el('pre', { className: 'before' }), el('div', { className: 'after-slot' }),
          el('p', { className: 'detail muted' }), page.controls.applyButton(x.db, x.s)]);
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

  function render() {
    const state = page.state;
    text(document.getElementById('runtime'), state.runtime);
    text(document.getElementById('summary'), 'mode ' + state.mode + ' · ' + state.resources.length + ' sections · updated '
      + new Date(state.time).toLocaleTimeString());
    document.body.dataset.canExec = String(state.canExec);
    renderHealth(state);
    page.controls.render(state);
    renderAlerts(state);
    renderPinned(state);
    sync(document.getElementById('resources'), state.resources, function (r) { return r.kind + ':' + r.name; },
      createResource, updateResource);
    renderSuggestions(state);
    page.journal.render(state);
    document.body.dataset.rendered = String(Number(document.body.dataset.rendered || '0') + 1);
  }

  page.controls.start();
  let resizing = null;
  window.addEventListener('resize', function () {
    clearTimeout(resizing);
    resizing = setTimeout(function () { if (page.state) { render(); } }, 150);
  });
  page.api.start(function (doc) {
    page.state = doc;
    render();
  });
}(window.trimtab = window.trimtab || {}));
