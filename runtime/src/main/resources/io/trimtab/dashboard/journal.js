// Trimtab's dashboard, part 5 of 6: the journal as a timeline, newest first. A verified or rolled-back change shows its
// verdict, taken from the start of the entry's outcome, and its evidence: the entry's signals as the optimizer wrote
// them (what was observed against the counterfactual, the effect and its interval, the prediction made before).
'use strict';

(function (page) {
  const el = page.dom.el;
  const text = page.dom.text;
  const num = page.format.num;
  const JUDGED = ['verified', 'rolledBack'];
  // The verdicts an outcome starts with, and how each is styled.
  const VERDICTS = [['improved', 'ok'], ['no effect', 'warn'], ['worse', 'bad'], ['not proven', 'warn'],
    ['inconclusive', 'warn']];

  // {word, style, rest} of a judged entry's outcome; an outcome in no known form is shown whole, unstyled.
  function verdict(outcome) {
    const known = VERDICTS.filter(function (v) { return outcome.indexOf(v[0]) === 0; })[0];
    if (known) {
      return { word: known[0], style: known[1], rest: outcome.slice(known[0].length).replace(/^[;:,]\s*/, '') };
    }
    const first = outcome.split(';')[0];
    const guard = / got worse$/.test(first); // a guard signal got worse: the change is judged by it
    return { word: first, style: guard ? 'bad' : '', rest: outcome.slice(first.length).replace(/^;\s*/, '') };
  }

  function lines(list, texts, style) {
    page.dom.sync(list, texts.map(function (t, i) { return { i: i, t: t }; }), function (l) { return String(l.i); },
      function () { return el('li', { className: style }); }, function (item, l) { text(item, l.t); });
  }

  function judged(e) {
    return JUDGED.indexOf(e.kind) >= 0;
  }

  // An entry's kind never changes, so its layout is made once: a judged one has a verdict and its evidence.
  function create(e) {
    const judgement = judged(e)
      ? el('p', { className: 'judgement' }, [el('span', { className: 'verdict badge' }), el('span', { className: 'rest muted' })])
      : el('p', { className: 'judgement' });
    const evidence = el('ul', { className: 'evidence' });
    const parts = [el('p', { className: 'what' }), judgement];
    if (judged(e)) {
      const id = 'evidence-' + e.id;
      parts.push(el('p', { className: 'evidence-label muted', id: id }, ['Evidence']));
      evidence.setAttribute('aria-labelledby', id);
    }
    parts.push(evidence);
    return el('li', {}, parts);
  }

  function update(li, e) {
    const change = e.before === null || e.before === undefined ? ''
      : ' ' + num(e.before) + ' → ' + (e.after === null || e.after === undefined ? '?' : num(e.after));
    li.dataset.kind = e.kind;
    li.className = e.kind === 'rolledBack' || e.kind === 'failed' ? 'bad-edge' : e.kind === 'alert' ? 'warn-edge' : '';
    text(li.querySelector('.what'), page.format.time(e.time) + ' · ' + e.kind + ' · ' + e.rule + ' on ' + e.target + change);
    const judgement = li.querySelector('.judgement');
    const evidence = li.querySelector('.evidence');
    if (judged(e)) {
      const v = verdict(e.outcome || '');
      li.dataset.verdict = v.word;
      const badge = judgement.querySelector('.verdict');
      badge.className = 'verdict badge ' + v.style;
      text(badge, v.word);
      text(judgement.querySelector('.rest'), v.rest ? ' ' + v.rest : '');
      // The optimizer separates the main outcome, its prediction and each guard by '; '.
      lines(evidence, (e.signals || '').split('; ').filter(Boolean), '');
    } else {
      text(judgement, e.outcome ? 'Outcome: ' + e.outcome : '');
      lines(evidence, e.signals ? [e.signals] : [], 'muted');
    }
  }

  function render(state) {
    const entries = state.journal.slice().reverse();
    page.dom.sync(document.getElementById('journal'), entries, function (e) { return String(e.id); }, create, update);
    document.getElementById('journal-empty').hidden = entries.length > 0;
  }

  page.journal = { render: render };
}(window.trimtab = window.trimtab || {}));
