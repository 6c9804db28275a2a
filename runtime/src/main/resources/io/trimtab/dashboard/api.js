// Trimtab's dashboard, part 3 of 6: what the page asks of the agent. It polls api/state every 2 s, keeping its own copy
// of the windows and asking only for the samples since the newest it holds, and sends the controls' Jolokia requests.
'use strict';

(function (page) {
  const STATE_URL = 'api/state';
  const JOLOKIA_URL = '../jolokia/';
  const POLL_MILLIS = 2000;

  let held = null; // {epoch, signals: Map of signal name -> {t, v, appended, forecast}, curves: Map of knob name -> curve}
  let onState = null;
  let timer = null;
  let polling = false;
  let again = false;

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

  // Takes a document's samples into the copy and gives each of its signals the whole window held, and, when the document
  // leaves them out (no sample since), the forecast and curve held; false when the copy missed a sample (the window's
  // count of samples tells) or belongs to another run of the runtime.
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
        if (doc.trends) {
          w.forecast = s.forecast;
        } else if (w.forecast) {
          s.forecast = w.forecast;
        }
        signals.set(s.name, w);
        s.t = w.t;
        s.v = w.v;
      });
    });
    const curves = new Map();
    doc.resources.forEach(function (r) {
      r.knobs.forEach(function (k) {
        if (!doc.trends && held.curves.has(k.name)) {
          k.curve = held.curves.get(k.name);
        }
        if (k.curve) {
          curves.set(k.name, k.curve);
        }
      });
    });
    held = { epoch: doc.epoch, signals: signals, curves: curves };
    return complete;
  }

  function connection(message) {
    const node = document.getElementById('connection');
    page.dom.text(node, message);
    node.className = message ? 'bad' : 'muted';
  }

  // One request at a time; a refresh asked for meanwhile (after an action) follows at once.
  async function poll() {
    if (polling) {
      again = true;
      return;
    }
    polling = true;
    clearTimeout(timer);
    try {
      const response = await fetch(stateUrl(), { cache: 'no-store', credentials: 'same-origin' });
      if (!response.ok) {
        connection('The agent answered ' + response.status + ': ' + (await response.text()).slice(0, 200));
        held = null;
      } else {
        const doc = await response.json();
        if (merge(doc)) {
          connection('');
          onState(doc);
        } else {
          held = null;
          again = true; // a gap in the copy: fetch the whole windows at once
        }
      }
    } catch (e) {
      connection('Cannot reach the agent: ' + e.message);
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

  // Starts polling; each complete document, its windows whole, goes to listener.
  function start(listener) {
    onState = listener;
    poll();
  }

  // Sends one Jolokia request; resolves to {ok, status, error, value} whatever the agent or the policy answered.
  async function jolokia(request) {
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
    const ok = response.ok && answer.status === 200;
    return { ok: ok, status: answer.status || response.status, error: answer.error || body, value: answer.value };
  }

  page.api = { start: start, pollNow: poll, jolokia: jolokia };
}(window.trimtab = window.trimtab || {}));
