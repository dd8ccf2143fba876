'use strict';
const DATA = JSON.parse(document.getElementById('data').textContent);
const modules = DATA.modules;
const nodes = DATA.nodes;

// The reference's STATUS_DISPLAY: an IR export failure reads "failed".
const STATUS_TEXT = {
  success: 'success', failed: 'failed', ir_export_failed: 'failed',
  inherited_success: 'inherited success', skipped: 'skipped', unknown: 'unknown',
};
// The stats row's groups, which the status filter offers too.
const STATUS_GROUPS = [
  {key: 'success', label: 'Success', statuses: ['success']},
  {key: 'failed', label: 'Failed', statuses: ['failed', 'ir_export_failed']},
  {key: 'inherited', label: 'Inherited', statuses: ['inherited_success']},
  {key: 'skipped', label: 'Skipped', statuses: ['skipped']},
  {key: 'unknown', label: 'Unknown', statuses: ['unknown']},
];
const GROUP_OF = {};
STATUS_GROUPS.forEach(group => group.statuses.forEach(status => { GROUP_OF[status] = group.key; }));
// Errors longer than this open in the viewer, as in the reference.
const LONG_ERROR = 500;
// The reference highlights this error text: it is the usual reason an op fails on device.
const L1_OVERFLOW = 'l1 circular buffer overflow';
const OPEN = '\u25BC';
const CLOSED = '\u25B6';
const THEME_KEY = 'ttchop-theme';

function make(tag, className, text) {
  const element = document.createElement(tag);
  if (className) element.className = className;
  if (text !== undefined) element.textContent = text;
  return element;
}

// Appends `text`, wrapping each case-insensitive occurrence of `needle` (lower case) in <mark>.
function appendMarked(parent, text, needle, markClass) {
  const lower = text.toLowerCase();
  // Lower-casing can change a string's length (U+0130); then positions would not match.
  if (!needle || lower.length !== text.length) {
    parent.append(text);
    return;
  }
  let at = 0;
  for (let found = lower.indexOf(needle); found !== -1; found = lower.indexOf(needle, at)) {
    parent.append(text.slice(at, found));
    parent.append(make('mark', markClass, text.slice(found, found + needle.length)));
    at = found + needle.length;
  }
  parent.append(text.slice(at));
}

function field(label, value, mono) {
  const row = make('div', 'row');
  row.append(make('div', 'lbl', label));
  const content = make('div', mono ? 'val mono' : 'val');
  content.append(value);
  row.append(content);
  return row;
}

// ---- Theme ----------------------------------------------------------------------------------

const themeIcon = document.getElementById('theme-icon');
const themeLabel = document.getElementById('theme-label');

function setTheme(light, remember) {
  document.body.classList.toggle('light', light);
  // The button names the theme it switches to, as the reference's does.
  themeIcon.textContent = light ? '\u263E' : '\u263C';
  themeLabel.textContent = light ? 'Dark' : 'Light';
  if (remember) {
    try {
      localStorage.setItem(THEME_KEY, light ? 'light' : 'dark');
    } catch (error) {
      // Storage can be refused for file:// pages; the theme then lasts for this visit only.
    }
  }
}

let storedTheme = null;
try {
  storedTheme = localStorage.getItem(THEME_KEY);
} catch (error) {
  storedTheme = null;
}
setTheme(storedTheme === 'light', false);
document.getElementById('theme-toggle').addEventListener('click', () => {
  setTheme(!document.body.classList.contains('light'), true);
});

// ---- Viewer (summary.md, long errors) -------------------------------------------------------

const viewer = document.getElementById('viewer');
let focusBeforeViewer = null;

function openViewer(title, content) {
  focusBeforeViewer = document.activeElement;
  document.getElementById('viewer-title').textContent = title;
  document.getElementById('viewer-body').replaceChildren(content);
  viewer.hidden = false;
  document.getElementById('viewer-close').focus();
}

function closeViewer() {
  viewer.hidden = true;
  if (focusBeforeViewer && focusBeforeViewer.focus) focusBeforeViewer.focus();
}

document.getElementById('viewer-close').addEventListener('click', closeViewer);
viewer.addEventListener('click', event => {
  if (event.target === viewer) closeViewer();
});

// ---- Minimal markdown for summary.md: headings, paragraphs, lists, code, pipe tables ----------

function appendInline(parent, text) {
  const pattern = /\*\*[^*]+\*\*|`[^`]+`|\*[^*\s](?:[^*]*[^*\s])?\*/g;
  let at = 0;
  for (const match of text.matchAll(pattern)) {
    parent.append(text.slice(at, match.index));
    const token = match[0];
    if (token.startsWith('**')) parent.append(make('strong', '', token.slice(2, -2)));
    else if (token.startsWith('`')) parent.append(make('code', '', token.slice(1, -1)));
    else parent.append(make('em', '', token.slice(1, -1)));
    at = match.index + token.length;
  }
  parent.append(text.slice(at));
}

function tableCells(line) {
  let text = line.trim();
  if (text.startsWith('|')) text = text.slice(1);
  if (text.endsWith('|') && !text.endsWith('\\|')) text = text.slice(0, -1);
  const cells = [];
  let cell = '';
  for (let k = 0; k < text.length; ++k) {
    if (text[k] === '\\' && text[k + 1] === '|') {
      cell += '|';
      ++k;
    } else if (text[k] === '|') {
      cells.push(cell.trim());
      cell = '';
    } else {
      cell += text[k];
    }
  }
  cells.push(cell.trim());
  return cells;
}

const TABLE_RULE = /^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$/;
const FENCE = /^\s*```/;

function renderMarkdown(source) {
  const root = make('div', 'markdown');
  const lines = source.split(/\r?\n/);
  let paragraph = null;
  let list = null;
  for (let k = 0; k < lines.length; ++k) {
    const line = lines[k];
    if (FENCE.test(line)) {
      paragraph = list = null;
      const code = [];
      for (++k; k < lines.length && !FENCE.test(lines[k]); ++k) code.push(lines[k]);
      const pre = make('pre');
      pre.append(make('code', '', code.join('\n')));
      root.append(pre);
      continue;
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      paragraph = list = null;
      const element = make('h' + heading[1].length);
      appendInline(element, heading[2]);
      root.append(element);
      continue;
    }
    if (line.trim().startsWith('|') && k + 1 < lines.length && TABLE_RULE.test(lines[k + 1])) {
      paragraph = list = null;
      const table = make('table');
      const head = make('tr');
      for (const cell of tableCells(line)) {
        const th = make('th');
        appendInline(th, cell);
        head.append(th);
      }
      table.append(make('thead'));
      table.tHead.append(head);
      const body = make('tbody');
      for (k += 2; k < lines.length && lines[k].trim().startsWith('|'); ++k) {
        const tr = make('tr');
        for (const cell of tableCells(lines[k])) {
          const td = make('td');
          appendInline(td, cell);
          tr.append(td);
        }
        body.append(tr);
      }
      --k;
      table.append(body);
      const wrap = make('div', 'table-wrap');
      wrap.append(table);
      root.append(wrap);
      continue;
    }
    const item = /^\s*[-*]\s+(.*)$/.exec(line);
    if (item) {
      paragraph = null;
      if (!list) {
        list = make('ul');
        root.append(list);
      }
      const li = make('li');
      appendInline(li, item[1]);
      list.append(li);
      continue;
    }
    if (!line.trim()) {
      paragraph = list = null;
      continue;
    }
    list = null;
    if (paragraph) {
      paragraph.append(' ');
    } else {
      paragraph = make('p');
      root.append(paragraph);
    }
    appendInline(paragraph, line.trim());
  }
  return root;
}

const summaryButton = document.getElementById('summary-button');
if (summaryButton && typeof DATA.summary === 'string') {
  summaryButton.addEventListener('click', () => openViewer('Summary', renderMarkdown(DATA.summary)));
}

// ---- The occurrence tree --------------------------------------------------------------------

const tree = document.getElementById('tree');
const view = [];
const indexByPath = new Map();

// Nodes come parents first, so each parent's element exists when its children arrive.
nodes.forEach((node, i) => {
  const module = modules[node.module];
  const element = make('div', 'node');
  element.dataset.path = node.path;
  const row = make('div', 'node-row');
  row.dataset.index = String(i);
  row.setAttribute('role', 'treeitem');
  const toggle = make('span', 'toggle');
  const label = make('span', 'nlbl');
  const name = make('span', 'n', node.name);
  const className = make('span', 'c', '(' + module.class_name + ')');
  label.append(name, className);
  if (node.copy) label.append(make('span', 'copy', 'copy'));
  row.append(toggle, make('span', 'sdot status-' + module.status), label,
             make('span', 'badge ' + module.status, STATUS_TEXT[module.status]));
  element.append(row);
  const entry = {element, row, toggle, name, className, children: null};
  view.push(entry);
  indexByPath.set(node.path, i);
  if (node.parent < 0) {
    tree.append(element);
    return;
  }
  const parent = view[node.parent];
  if (!parent.children) {
    parent.children = make('div', 'children');
    parent.element.append(parent.children);
    parent.toggle.classList.add('has');
    parent.toggle.textContent = CLOSED;
  }
  parent.children.append(element);
});

function isOpen(i) {
  return view[i].children !== null && view[i].children.classList.contains('open');
}

function setOpen(i, open) {
  const entry = view[i];
  if (!entry.children) return;
  entry.children.classList.toggle('open', open);
  entry.toggle.textContent = open ? OPEN : CLOSED;
}

// The root starts expanded.
nodes.forEach((node, i) => {
  if (node.parent < 0) setOpen(i, true);
});

tree.addEventListener('click', event => {
  const row = event.target.closest('.node-row');
  if (!row) return;
  const i = Number(row.dataset.index);
  if (event.target.closest('.toggle.has')) setOpen(i, !isOpen(i));
  else select(i, false);
});

// ---- Details --------------------------------------------------------------------------------

const details = document.getElementById('details');

function pathLink(path) {
  const i = indexByPath.get(path);
  if (i === undefined) return make('div', '', path);
  const link = make('div', 'link', path);
  link.addEventListener('click', () => select(i, true));
  return link;
}

function failedOpItem(op) {
  const item = make('div', 'fail-op');
  const summary = make('div', 'fail-op-summary');
  const chevron = make('span', 'chevron', CLOSED);
  const error = op.error_message;
  const preview = make('span', 'err-preview');
  appendMarked(preview, error.length > 80 ? error.slice(0, 80) + '...' : error, L1_OVERFLOW, 'l1');
  summary.append(chevron, make('span', 'op', op.op_name), preview);
  const detail = make('div', 'fail-op-detail');
  if (op.inputs.length) detail.append(field('Inputs', op.inputs.join(', '), true));
  if (op.outputs.length) detail.append(field('Outputs', op.outputs.join(', '), true));
  if (Object.keys(op.op_params).length) {
    detail.append(field('Op Params', JSON.stringify(op.op_params), true));
  }
  if (op.node) detail.append(field('IR Node', op.node, true));
  if (op.module) detail.append(field('Module', pathLink(op.module), true));
  if (error) {
    const text = make('div', 'err');
    appendMarked(text, error.length > LONG_ERROR ? error.slice(0, LONG_ERROR) + '\u2026' : error,
                 L1_OVERFLOW, 'l1');
    detail.append(text);
  }
  if (error.length > LONG_ERROR) {
    const more = make('button', 'more', 'Show full error (' + error.length + ' characters)');
    more.type = 'button';
    more.addEventListener('click', () => {
      const pre = make('pre');
      appendMarked(pre, error, L1_OVERFLOW, 'l1');
      openViewer(op.op_name + ': error', pre);
    });
    detail.append(more);
  }
  summary.addEventListener('click', () => {
    chevron.classList.toggle('open', detail.classList.toggle('open'));
  });
  item.append(summary, detail);
  return item;
}

function renderDetails(i) {
  details.replaceChildren(make('h3', '', 'Module Details'));
  if (i < 0) {
    details.append(make('p', 'empty', 'Click a module to see details'));
    return;
  }
  const node = nodes[i];
  const module = modules[node.module];
  details.append(field('Module ID', module.id), field('Class', module.class_name),
                 field('Module Name', node.path, true),
                 field('Status', make('span', 'badge ' + module.status, STATUS_TEXT[module.status])));
  if (module.status === 'ir_export_failed') {
    details.append(field('Failure Reason', 'IR export failed for full module'));
  }
  if (module.input_shapes.length) {
    details.append(field('Input Shapes', module.input_shapes.join(', '), true));
  }
  if (module.output_shapes.length) {
    details.append(field('Output Shapes', module.output_shapes.join(', '), true));
  }
  if (module.input_dtypes.length) {
    details.append(field('Input Dtypes', module.input_dtypes.join(', ')));
  }
  const parameters = Object.entries(module.parameters);
  if (parameters.length) {
    const table = make('table', 'ptbl');
    for (const [key, value] of parameters) {
      const tr = make('tr');
      tr.append(make('td', '', key), make('td', '', JSON.stringify(value)));
      table.append(tr);
    }
    details.append(field('Parameters', table));
  }
  if (node.copy) {
    details.append(field('Copy Of', pathLink(module.module_path), true));
  } else if (module.occurrences.length > 1) {
    const list = make('div');
    module.occurrences.forEach(path => list.append(pathLink(path)));
    details.append(field('Occurrences (' + module.occurrences.length + ')', list, true));
  }
  if (module.report_path) {
    details.append(field('Op-by-Op Report', module.report_path, true));
  }
  if (module.failed_ops.length) {
    const box = make('div', 'failed-ops');
    box.append(make('h4', '', 'Failed Operations (' + module.failed_ops.length + ')'));
    module.failed_ops.forEach(op => box.append(failedOpItem(op)));
    details.append(box);
  }
}

let selected = -1;

// Selects node i; `reveal` also clears a filter that hides it, opens its ancestors and scrolls
// it into view (for selections made outside the tree).
function select(i, reveal) {
  if (selected >= 0) view[selected].row.classList.remove('sel');
  selected = i;
  if (i >= 0) {
    view[i].row.classList.add('sel');
    if (reveal) {
      if (view[i].element.closest('.hidden')) resetFilters();
      for (let p = nodes[i].parent; p >= 0; p = nodes[p].parent) setOpen(p, true);
      view[i].row.scrollIntoView({block: 'nearest'});
    }
  }
  opRows.forEach(row => row.tr && row.tr.classList.toggle('sel', i >= 0 && row.target === i));
  renderDetails(i);
}

// ---- Search and status filter ---------------------------------------------------------------

const search = document.getElementById('search');
const matchCount = document.getElementById('match-count');
const activeGroups = new Set(STATUS_GROUPS.map(group => group.key));
const chips = [];
// The expansion before a filter opened the matches' ancestors, restored when it ends.
let openBeforeFilter = null;

STATUS_GROUPS.forEach(group => {
  // Counted as the header counts them: unique modules, and their occurrences (tree rows).
  const rows = nodes.filter(node => GROUP_OF[modules[node.module].status] === group.key).length;
  const unique = modules.filter(module => GROUP_OF[module.status] === group.key).length;
  const chip = make('button', 'chip');
  chip.type = 'button';
  chip.setAttribute('aria-pressed', 'true');
  chip.dataset.group = group.key;
  chip.title = unique + ' unique ' + (unique === 1 ? 'module' : 'modules') + ', ' + rows +
               (rows === 1 ? ' occurrence' : ' occurrences') + ' in the tree';
  chip.append(make('span', 'dot status-' + group.statuses[0]), group.label + ' ',
              make('span', 'count', unique + ' unique, ' + rows + ' occurrences'));
  chip.addEventListener('click', () => {
    if (activeGroups.has(group.key)) activeGroups.delete(group.key);
    else activeGroups.add(group.key);
    chip.setAttribute('aria-pressed', String(activeGroups.has(group.key)));
    applyFilters();
  });
  chips.push(chip);
  document.getElementById('status-filter').append(chip);
});

function applyFilters() {
  const needle = search.value.trim().toLowerCase();
  const filtering = needle !== '' || activeGroups.size !== STATUS_GROUPS.length;
  view.forEach((entry, i) => {
    entry.name.textContent = nodes[i].name;
    entry.className.textContent = '(' + modules[nodes[i].module].class_name + ')';
  });
  if (!filtering) {
    view.forEach(entry => {
      entry.element.classList.remove('hidden');
      entry.row.classList.remove('context');
    });
    if (openBeforeFilter) {
      openBeforeFilter.forEach((open, i) => setOpen(i, open));
      openBeforeFilter = null;
      for (let p = selected >= 0 ? nodes[selected].parent : -1; p >= 0; p = nodes[p].parent) {
        setOpen(p, true);
      }
    }
    matchCount.textContent = '';
    return;
  }
  if (!openBeforeFilter) openBeforeFilter = view.map((entry, i) => isOpen(i));
  const matched = nodes.map(node => {
    const module = modules[node.module];
    if (!activeGroups.has(GROUP_OF[module.status])) return false;
    return !needle || node.path.toLowerCase().includes(needle) ||
           node.name.toLowerCase().includes(needle) ||
           module.class_name.toLowerCase().includes(needle);
  });
  // A match is shown with its ancestors; children come after parents, so one backward pass
  // carries visibility up to the root.
  const shown = matched.slice();
  const shownChild = nodes.map(() => false);
  for (let i = nodes.length - 1; i >= 0; --i) {
    const parent = nodes[i].parent;
    if (shown[i] && parent >= 0) shown[parent] = shownChild[parent] = true;
  }
  let count = 0;
  view.forEach((entry, i) => {
    entry.element.classList.toggle('hidden', !shown[i]);
    entry.row.classList.toggle('context', shown[i] && !matched[i]);
    setOpen(i, shownChild[i]);
    if (!matched[i]) return;
    ++count;
    if (needle) {
      entry.name.textContent = '';
      appendMarked(entry.name, nodes[i].name, needle, 'hit');
      entry.className.textContent = '';
      appendMarked(entry.className, '(' + modules[nodes[i].module].class_name + ')', needle, 'hit');
    }
  });
  matchCount.textContent = count + ' of ' + nodes.length + ' shown';
}

function resetFilters() {
  search.value = '';
  STATUS_GROUPS.forEach(group => activeGroups.add(group.key));
  chips.forEach(chip => chip.setAttribute('aria-pressed', 'true'));
  applyFilters();
}

search.addEventListener('input', applyFilters);

document.addEventListener('keydown', event => {
  if (event.key === 'Escape') {
    if (!viewer.hidden) {
      closeViewer();
    } else if (search.value || document.activeElement === search) {
      search.value = '';
      applyFilters();
      search.blur();
    } else {
      return;
    }
    event.preventDefault();
    return;
  }
  if (event.key === '/' && !event.ctrlKey && !event.metaKey && !event.altKey && viewer.hidden) {
    const target = event.target;
    if (target instanceof Element && target.closest('input, textarea, select, [contenteditable]')) {
      return; // a slash typed into a field
    }
    event.preventDefault();
    search.focus();
    search.select();
  }
});

// ---- Failed operations of all modules -------------------------------------------------------

const opRows = [];
modules.forEach(module => module.failed_ops.forEach(op => {
  const path = op.module || module.module_path;
  let target = indexByPath.get(path);
  if (target === undefined) target = indexByPath.get(module.module_path);
  opRows.push({
    op: op.op_name, module: path, inputs: op.inputs.join(', '), outputs: op.outputs.join(', '),
    error: op.error_message, target, order: opRows.length,
  });
}));

const opsTable = document.getElementById('ops-table');
const collator = new Intl.Collator(undefined, {numeric: true, sensitivity: 'base'});
let sortKey = null;
let sortDirection = 1;

function renderOps() {
  const rows = opRows.slice();
  if (sortKey) {
    rows.sort((a, b) => sortDirection * collator.compare(a[sortKey], b[sortKey]) || a.order - b.order);
  }
  const body = make('tbody');
  for (const row of rows) {
    const tr = make('tr');
    tr.tabIndex = 0;
    const error = make('td', 'error');
    appendMarked(error, row.error.length > 200 ? row.error.slice(0, 200) + '\u2026' : row.error,
                 L1_OVERFLOW, 'l1');
    if (row.error.length > 200) error.setAttribute('title', row.error.slice(0, 4000));
    tr.append(make('td', 'op', row.op), make('td', 'mono', row.module),
              make('td', 'mono', row.inputs), make('td', 'mono', row.outputs), error);
    row.tr = tr;
    tr.classList.toggle('sel', selected >= 0 && row.target === selected);
    const choose = () => {
      if (row.target !== undefined) select(row.target, true);
    };
    tr.addEventListener('click', choose);
    tr.addEventListener('keydown', event => {
      if (event.key === 'Enter') choose();
    });
    body.append(tr);
  }
  opsTable.tBodies[0].replaceWith(body);
  opsTable.querySelectorAll('th button').forEach(button => {
    const active = button.dataset.key === sortKey;
    button.querySelector('.arrow').textContent = active ? (sortDirection > 0 ? '\u25B2' : '\u25BC') : '';
    button.parentElement.setAttribute('aria-sort',
                                      active ? (sortDirection > 0 ? 'ascending' : 'descending') : 'none');
  });
}

opsTable.querySelectorAll('th button').forEach(button => {
  button.addEventListener('click', () => {
    if (sortKey === button.dataset.key) {
      sortDirection = -sortDirection;
    } else {
      sortKey = button.dataset.key;
      sortDirection = 1;
    }
    renderOps();
  });
});

document.getElementById('ops-title').textContent = 'Failed Operations (' + opRows.length + ')';
document.getElementById('ops-empty').hidden = opRows.length > 0;
opsTable.hidden = opRows.length === 0;
renderOps();

// ---- State from the URL fragment: #select=PATH&theme=light|dark&search=TEXT -----------------

function applyFragment() {
  const params = new URLSearchParams(location.hash.slice(1));
  const theme = params.get('theme');
  if (theme === 'light' || theme === 'dark') setTheme(theme === 'light', false);
  if (params.has('search')) {
    search.value = params.get('search');
    applyFilters();
  }
  const path = params.get('select');
  if (path !== null && indexByPath.has(path)) {
    select(indexByPath.get(path), true);
    setOpen(indexByPath.get(path), true); // a link to a module shows what it contains too
  }
}

window.addEventListener('hashchange', applyFragment);
renderDetails(-1);
applyFragment();
document.body.dataset.ready = '1';
