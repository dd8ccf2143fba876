'use strict';
// The diff report's behaviour: tables built from the JSON block (core/graph_diff_report.h's
// schema) with textContent only, a Changes/All filter, a search box and the theme toggle.
(function () {
  const data = JSON.parse(document.getElementById('data').textContent);
  const el = (tag, cls, text) => {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = String(text);
    return e;
  };
  const side = s => (s ? s.name + ' (' + s.op_type + ')' : '\u2014');
  const badge = cls => el('span', 'diff-class cls-' + cls, cls);
  const fields = (td, differences) => {
    for (const d of differences) {
      const line = el('span', 'diff-field', d.field + ': ');
      if (d.a) line.append(el('span', 'old', d.a), ' \u2192 ');
      line.append(el('span', 'new', d.b));
      td.append(line);
    }
  };
  const divergent = new Set();
  if (data.run && data.run.first_divergence) divergent.add(data.run.first_divergence.b);
  let filter = 'changes';
  let search = '';
  const nodesBody = document.querySelector('#diff-nodes tbody');
  function renderNodes() {
    nodesBody.textContent = '';
    let module = null;
    for (const node of data.nodes) {
      if (filter === 'changes' && node.class === 'same') continue;
      const text = [side(node.a), side(node.b),
        (node.b || node.a).module_path].join(' ').toLowerCase();
      if (search && !text.includes(search)) continue;
      const path = (node.b && node.b.module_path) || (node.a && node.a.module_path) || '';
      if (path !== module) {
        module = path;
        const row = el('tr', 'diff-module');
        const cell = el('td', '', path || '(no module)');
        cell.colSpan = 4;
        row.append(cell);
        nodesBody.append(row);
      }
      const row = el('tr', 'diff-row');
      row.dataset.class = node.class;
      if (node.b && divergent.has(node.b.name)) row.classList.add('diff-divergent');
      const cls = el('td');
      cls.append(badge(node.class));
      const diffs = el('td');
      fields(diffs, node.differences);
      row.append(cls, el('td', '', side(node.a)), el('td', '', side(node.b)), diffs);
      nodesBody.append(row);
    }
  }
  const weightsBody = document.querySelector('#diff-weights tbody');
  const weightSide = w => (w ? JSON.stringify(w.shape) + ' ' + w.dtype : '\u2014');
  for (const weight of data.weights) {
    if (weight.class === 'same') continue;
    const row = el('tr', 'diff-weight-row');
    const cls = el('td');
    cls.append(badge(weight.class));
    const diffs = el('td');
    fields(diffs, weight.differences);
    row.append(cls, el('td', '', weight.name), el('td', '', weightSide(weight.a)),
      el('td', '', weightSide(weight.b)), diffs);
    weightsBody.append(row);
  }
  if (data.run) {
    document.getElementById('diff-run').hidden = false;
    const f = data.run.first_divergence;
    document.getElementById('diff-run-text').textContent =
      data.run.pairs_compared + ' paired outputs compared (rtol ' + data.run.rtol + ', atol ' +
      data.run.atol + ', PCC ' + (data.run.pcc === null ? 'by dtype' : '\u2265 ' + data.run.pcc) +
      '). ' + (f ? 'First divergence: ' + f.a + ' \u2192 ' + f.b + ' (' +
      f.op_type + (f.module_path ? ' in ' + f.module_path : '') + '), output ' + f.output +
      ', max difference ' + f.max_diff + (f.problem ? ': ' + f.problem : '') :
      'Every paired output passes the verdict rule.');
  }
  for (const chip of document.querySelectorAll('.diff-chip')) {
    chip.addEventListener('click', () => {
      filter = chip.dataset.filter;
      for (const c of document.querySelectorAll('.diff-chip'))
        c.setAttribute('aria-pressed', String(c === chip));
      renderNodes();
    });
  }
  document.getElementById('diff-search').addEventListener('input', event => {
    search = event.target.value.toLowerCase();
    renderNodes();
  });
  const toggle = document.getElementById('theme-toggle');
  const applyTheme = light => {
    document.body.classList.toggle('light', light);
    document.getElementById('theme-label').textContent = light ? 'Dark' : 'Light';
  };
  let light = false;
  try { light = localStorage.getItem('ttchop-theme') === 'light'; } catch (e) { /* file:// */ }
  if (/theme=light/.test(location.hash)) light = true;
  applyTheme(light);
  toggle.addEventListener('click', () => {
    light = !light;
    applyTheme(light);
    try { localStorage.setItem('ttchop-theme', light ? 'light' : 'dark'); } catch (e) { /* */ }
  });
  renderNodes();
  document.body.dataset.ready = '1';
})();
