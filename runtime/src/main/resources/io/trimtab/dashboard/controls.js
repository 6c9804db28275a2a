// Trimtab's dashboard, part 4 of 6: the controls (the mode, pin and unpin, resize within bounds, apply a suggestion).
// They are shown only when the access policy lets this viewer exec; each acts through Jolokia, where the policy decides
// again, and says on the page what was done or refused.
'use strict';

(function (page) {
  const el = page.dom.el;
  const text = page.dom.text;
  let modeEdited = false;

  function actionStatus(message, failed) {
    const status = document.getElementById('action-status');
    text(status, message);
    status.className = failed ? 'bad' : 'muted';
    status.dataset.state = failed ? 'error' : 'ok';
  }

  function summarize(value) {
    if (typeof value !== 'object') {
      return String(value);
    }
    return value.status ? value.status + (value.detail ? ': ' + value.detail : '') : JSON.stringify(value).slice(0, 200);
  }

  async function act(request, what, button) {
    actionStatus(what + '…', false);
    if (button) {
      button.disabled = true;
    }
    try {
      const answer = await page.api.jolokia(request);
      if (!answer.ok) {
        actionStatus(what + ' refused (' + answer.status + '): ' + answer.error, true);
        return;
      }
      const value = answer.value;
      actionStatus(what + ': done' + (value === null || value === undefined ? '' : ' → ' + summarize(value)), false);
      page.api.pollNow();
    } catch (e) {
      actionStatus(what + ' failed: ' + e.message, true);
    } finally {
      if (button) {
        button.disabled = false;
      }
    }
  }

  // Numbers go as strings: Jolokia converts a string to any parameter type, a JSON number not to a double.
  function exec(mbean, operation, args, what, button) {
    return act({ type: 'exec', mbean: mbean, operation: operation, arguments: args }, what, button);
  }

  function pinButton(knob) {
    const button = el('button', { type: 'button', className: 'pin' });
    button.addEventListener('click', function () {
      if (button.dataset.pinned === 'true') {
        exec(page.state.optimizer, 'unpinKnob', [knob], 'Unpin ' + knob, button);
      } else {
        exec(page.state.optimizer, 'setKnob', [knob, button.dataset.value], 'Pin ' + knob, button);
      }
    });
    return button;
  }

  function updatePinButton(button, knob) {
    button.hidden = !page.state.canExec;
    button.dataset.pinned = String(knob.pinned);
    button.dataset.value = String(knob.value);
    text(button, knob.pinned ? 'Unpin' : 'Pin');
    button.setAttribute('aria-label', (knob.pinned ? 'Unpin ' : 'Pin ') + knob.name);
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

  // A cache's or pool's size control in its section's slot, for a viewer who may exec; the typed value survives refreshes.
  function updateResize(slot, r) {
    const knob = r.knobs.filter(function (k) { return /\.(maxEntries|maxTotal)$/.test(k.name); })[0];
    if (!(page.state.canExec && knob && r.mbean && (r.kind === 'cache' || r.kind === 'pool'))) {
      slot.replaceChildren();
      return;
    }
    if (!slot.firstChild) {
      slot.append(resizeControl(r, knob));
    }
    const input = slot.querySelector('input');
    input.min = String(knob.min);
    input.max = knob.max === null ? '' : String(knob.max);
    if (document.activeElement !== input && input.dataset.edited !== 'true') {
      input.value = String(knob.value);
    }
  }

  function applyButton(db, suggestion) {
    const apply = el('button', { type: 'button', className: 'apply' }, ['Apply']);
    apply.setAttribute('aria-label', 'Apply suggestion ' + suggestion.id + ' to database ' + db.name);
    apply.addEventListener('click', function () {
      exec(db.mbean, 'applySuggestion', [suggestion.id], 'Apply ' + suggestion.id + ' on ' + db.name, apply);
    });
    return apply;
  }

  function render(state) {
    document.getElementById('controls').hidden = !state.canExec;
    const select = document.getElementById('mode-select');
    if (!modeEdited && document.activeElement !== select) {
      select.value = state.mode;
    }
  }

  function start() {
    const select = document.getElementById('mode-select');
    select.addEventListener('change', function () { modeEdited = true; });
    document.getElementById('mode-apply').addEventListener('click', function (event) {
      modeEdited = false;
      act({ type: 'write', mbean: page.state.optimizer, attribute: 'Mode', value: select.value }, 'Set mode ' + select.value,
        event.currentTarget);
    });
  }

  page.controls = { start: start, render: render, pinButton: pinButton, updatePinButton: updatePinButton,
    updateResize: updateResize, applyButton: applyButton };
}(window.trimtab = window.trimtab || {}));
