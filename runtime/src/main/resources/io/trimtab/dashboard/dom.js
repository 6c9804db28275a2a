// Trimtab's dashboard, part 1 of 6: the page's namespace, DOM helpers and number formatting the other scripts share.
// Plain ES2017, no build step. Each script adds to window.trimtab; index.html loads them in order, deferred.
'use strict';

(function (page) {
  // Errors anywhere on the page are counted where a test (or a curious operator) can read them.
  function countError() {
    document.body.dataset.errors = String(Number(document.body.dataset.errors || '0') + 1);
  }
  window.addEventListener('error', countError);
  window.addEventListener('unhandledrejection', countError);

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

  // Sets a node's text only when it changed, so that a refresh does not disturb a screen reader or a selection.
  function text(node, value) {
    if (node.textContent !== value) {
      node.textContent = value;
    }
  }

  // Keeps one child of container per item, by key: reuses, reorders, creates and removes (with the removed node's charts).
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
      node.querySelectorAll('[data-chart]').forEach(function (c) { page.charts.drop(c.dataset.chart); });
      node.remove();
    });
  }

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

  // The last part of a dotted name: cache.users.maxEntries -> maxEntries.
  function figure(name) {
    return name.slice(name.lastIndexOf('.') + 1);
  }

  page.dom = { el: el, text: text, sync: sync };
  page.format = { bytes: bytes, num: num, tick: tick, fmt: fmt, time: time, kindTitle: kindTitle, figure: figure };
}(window.trimtab = window.trimtab || {}));
