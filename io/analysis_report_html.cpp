#include "io/analysis_report_html.h"

#include "core/unique_modules.h"

#include <cstdint>
#include <stdexcept>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace irscope::io {

namespace {

// ttchop's STATUS_ORDER. A document's other status strings are shown as "unknown".
constexpr std::string_view kStatuses[] = {
    "failed", "ir_export_failed", "success", "inherited_success", "skipped", "unknown"};

// Parameters and op_params are shown as JSON text; deeper values are cut so that a hostile
// document cannot make the writer, or the page's JSON.stringify, recurse without bound.
constexpr int kMaxValueDepth = 16;

// How many ancestors an orphan's path is searched for (see treeNodes): bounded so that a path of
// a million dots costs linear time, not quadratic.
constexpr size_t kMaxAncestorSearch = 64;

// Invalid UTF-8 would make Json::dump throw and leave the browser guessing at the header text.
std::string validUtf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    const auto lead = static_cast<unsigned char>(text[i]);
    const size_t length = lead < 0x80           ? 1
                          : (lead >> 5) == 0x6  ? 2
                          : (lead >> 4) == 0xe  ? 3
                          : (lead >> 3) == 0x1e ? 4
                                                : 0;
    bool valid = length != 0 && i + length <= text.size();
    uint32_t code_point = lead & (0x7fu >> length);
    for (size_t k = 1; valid && k < length; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      valid = (next & 0xc0) == 0x80;
      code_point = (code_point << 6) | (next & 0x3f);
    }
    if (valid && length > 1) {
      // Overlong forms, surrogates and values past U+10FFFF are invalid too.
      static constexpr uint32_t kShortest[] = {0, 0, 0x80, 0x800, 0x10000};
      valid = code_point >= kShortest[length] && code_point <= 0x10ffff &&
              (code_point < 0xd800 || code_point > 0xdfff);
    }
    if (valid) {
      out.append(text.substr(i, length));
      i += length;
    } else {
      out += "\xEF\xBF\xBD"; // U+FFFD
      ++i;
    }
  }
  return out;
}

std::string escapeHtml(std::string_view raw) {
  const std::string text = validUtf8(raw);
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
    case '&':
      out += "&amp;";
      break;
    case '<':
      out += "&lt;";
      break;
    case '>':
      out += "&gt;";
      break;
    case '"':
      out += "&quot;";
      break;
    case '\'':
      out += "&#39;";
      break;
    default:
      out += c;
    }
  }
  return out;
}

// The data block's text. Outside strings JSON has none of these characters, so escaping them
// keeps the JSON valid while no "</script>" or "<!--" can end or change the block, and the
// line separators cannot break a parser that treats the text as a script.
std::string scriptJson(const Json& data) {
  const std::string text = data.dump(-1, ' ', false, Json::error_handler_t::replace);
  std::string out;
  out.reserve(text.size() + text.size() / 16);
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '<') {
      out += "\\u003c";
    } else if (c == '>') {
      out += "\\u003e";
    } else if (c == '&') {
      out += "\\u0026";
    } else if (c == '\xE2' && i + 2 < text.size() && text[i + 1] == '\x80' &&
               (text[i + 2] == '\xA8' || text[i + 2] == '\xA9')) {
      out += text[i + 2] == '\xA8' ? "\\u2028" : "\\u2029";
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

const Json* member(const Json& object, const char* key) {
  if (!object.is_object())
    return nullptr;
  const auto found = object.find(key);
  return found == object.end() ? nullptr : &*found;
}

// A scalar as text; objects, arrays, null and absence give `fallback`.
std::string textOf(const Json* value, const std::string& fallback) {
  if (value == nullptr)
    return fallback;
  if (value->is_string())
    return validUtf8(value->get_ref<const std::string&>());
  if (value->is_number() || value->is_boolean())
    return value->dump();
  return fallback;
}

Json bounded(const Json& value, int depth) {
  if (!value.is_structured())
    return value;
  if (depth == 0)
    return "\xE2\x80\xA6"; // …
  Json out = value.is_object() ? Json::object() : Json::array();
  if (value.is_object()) {
    for (const auto& [key, item] : value.items())
      out[key] = bounded(item, depth - 1);
  } else {
    for (const Json& item : value)
      out.push_back(bounded(item, depth - 1));
  }
  return out;
}

// Shape and dtype lists, failed ops' inputs and outputs: strings as they are, anything else as
// its JSON text; a lone string is a list of one.
Json textList(const Json* value) {
  Json list = Json::array();
  if (value == nullptr)
    return list;
  if (value->is_string()) {
    list.push_back(validUtf8(value->get_ref<const std::string&>()));
  } else if (value->is_array()) {
    for (const Json& item : *value)
      list.push_back(
          item.is_string()
              ? validUtf8(item.get_ref<const std::string&>())
              : bounded(item, kMaxValueDepth).dump(-1, ' ', false, Json::error_handler_t::replace));
  }
  return list;
}

Json objectOf(const Json* value) {
  return value != nullptr && value->is_object() ? bounded(*value, kMaxValueDepth) : Json::object();
}

std::string statusOf(const Json& module) {
  const std::string status = textOf(member(module, "status"), "unknown");
  for (const std::string_view known : kStatuses)
    if (status == known)
      return status;
  return "unknown";
}

Json failedOp(const Json& op) {
  Json out = Json::object();
  // A bare scalar is taken as the op's name rather than dropped.
  out["op_name"] =
      op.is_structured() ? textOf(member(op, "op_name"), "Unknown") : textOf(&op, "Unknown");
  out["error_message"] = textOf(member(op, "error_message"), "");
  out["inputs"] = textList(member(op, "inputs"));
  out["outputs"] = textList(member(op, "outputs"));
  out["op_params"] = objectOf(member(op, "op_params"));
  out["node"] = textOf(member(op, "node"), "");
  out["module"] = textOf(member(op, "module"), "");
  return out;
}

// One module with every key the page reads, each of the type it expects, so the script needs no
// checks of its own.
Json normalizedModule(const Json& module) {
  Json occurrences = Json::array();
  for (Json& path : textList(member(module, "occurrences")))
    if (!path.get_ref<const std::string&>().empty())
      occurrences.push_back(std::move(path));
  std::string path = textOf(member(module, "module_path"), "");
  if (path.empty() && !occurrences.empty())
    path = occurrences.front().get<std::string>();
  if (occurrences.empty() && !path.empty())
    occurrences.push_back(path);

  Json out = Json::object();
  out["id"] = textOf(member(module, "id"), "");
  out["class_name"] = textOf(member(module, "class_name"), "Unknown");
  out["module_path"] = path;
  out["status"] = statusOf(module);
  for (const char* key : {"input_shapes", "output_shapes", "input_dtypes", "output_dtypes"})
    out[key] = textList(member(module, key));
  out["parameters"] = objectOf(member(module, "parameters"));
  out["occurrences"] = std::move(occurrences);
  Json ops = Json::array();
  if (const Json* failed = member(module, "failed_ops"); failed != nullptr && failed->is_array())
    for (const Json& op : *failed)
      ops.push_back(failedOp(op));
  out["failed_ops"] = std::move(ops);
  out["report_path"] = textOf(member(module, "op_by_op_report_path"), "");
  return out;
}

bool isRootPath(const std::string& path) {
  return path == "full_model" || path == "(root)";
}

struct TreeNode {
  std::string path;
  std::string name;
  size_t module = 0;
  bool copy = false;
  std::vector<size_t> children;
};

// The reference's tree over every occurrence path (§2.3): one node per distinct path, the first
// module naming a path owning it. A node's parent is its path's parent (ttchop's get_parent_path).
// Where that is missing the node hangs under its nearest present ancestor, else under the root,
// as ttchop's own module tree does (§2.2); the reference's HTML would drop it. Nodes come out
// depth first, parents before children, with the parent's position or -1.
Json treeNodes(const Json& modules) {
  std::vector<TreeNode> nodes;
  std::unordered_map<std::string, size_t> by_path;
  for (size_t m = 0; m < modules.size(); ++m) {
    const std::string& original = modules[m]["module_path"].get_ref<const std::string&>();
    const std::string& class_name = modules[m]["class_name"].get_ref<const std::string&>();
    for (const Json& occurrence : modules[m]["occurrences"]) {
      const std::string& path = occurrence.get_ref<const std::string&>();
      if (!by_path.emplace(path, nodes.size()).second)
        continue;
      const std::vector<size_t> dots = ir::pathSegmentDots(path);
      std::string name = isRootPath(path) ? class_name
                         : dots.empty()   ? path
                                          : path.substr(dots.back() + 1);
      nodes.push_back({path, std::move(name), m, path != original, {}});
    }
  }

  constexpr size_t kNone = static_cast<size_t>(-1);
  size_t root = kNone;
  for (size_t i = 0; i < nodes.size() && root == kNone; ++i)
    if (isRootPath(nodes[i].path))
      root = i;

  std::vector<size_t> top_level;
  for (size_t i = 0; i < nodes.size(); ++i) {
    if (i == root) {
      top_level.push_back(i);
      continue;
    }
    size_t parent = kNone;
    if (!isRootPath(nodes[i].path)) {
      const std::vector<size_t> dots = ir::pathSegmentDots(nodes[i].path);
      for (size_t k = 0; k < dots.size() && k < kMaxAncestorSearch && parent == kNone; ++k) {
        const auto found = by_path.find(nodes[i].path.substr(0, dots[dots.size() - 1 - k]));
        if (found != by_path.end())
          parent = found->second;
      }
    }
    if (parent == kNone)
      parent = root;
    if (parent == kNone)
      top_level.push_back(i);
    else
      nodes[parent].children.push_back(i);
  }

  // Depth first without recursion: a path can be thousands of segments deep.
  Json out = Json::array();
  std::vector<size_t> position(nodes.size(), kNone);
  std::vector<std::pair<size_t, size_t>> stack; // (node, parent)
  for (auto it = top_level.rbegin(); it != top_level.rend(); ++it)
    stack.emplace_back(*it, kNone);
  while (!stack.empty()) {
    const auto [i, parent] = stack.back();
    stack.pop_back();
    position[i] = out.size();
    Json node = Json::object();
    node["path"] = nodes[i].path;
    node["name"] = nodes[i].name;
    node["module"] = nodes[i].module;
    node["parent"] = parent == kNone ? int64_t{-1} : static_cast<int64_t>(position[parent]);
    node["copy"] = nodes[i].copy;
    out.push_back(std::move(node));
    for (auto child = nodes[i].children.rbegin(); child != nodes[i].children.rend(); ++child)
      stack.emplace_back(*child, i);
  }
  return out;
}

// The timestamp as the reference shows it ("%Y-%m-%d %H:%M" of an ISO time), else its first 16
// characters, else "Unknown".
std::string displayDate(const std::string& timestamp) {
  const auto digits = [&](size_t from, size_t count) {
    for (size_t i = from; i < from + count; ++i)
      if (i >= timestamp.size() || timestamp[i] < '0' || timestamp[i] > '9')
        return false;
    return true;
  };
  const bool has_date =
      digits(0, 4) && timestamp[4] == '-' && digits(5, 2) && timestamp[7] == '-' && digits(8, 2);
  if (has_date && timestamp.size() == 10)
    return timestamp + " 00:00";
  if (has_date && timestamp.size() >= 16 && (timestamp[10] == 'T' || timestamp[10] == ' ') &&
      digits(11, 2) && timestamp[13] == ':' && digits(14, 2))
    return timestamp.substr(0, 10) + " " + timestamp.substr(11, 5);
  if (timestamp.empty())
    return "Unknown";
  return validUtf8(timestamp.substr(0, 16));
}

// The metadata's count when it is a non-negative integer, else the one computed from the modules.
int64_t countOf(const Json* value, size_t computed) {
  if (value != nullptr && value->is_number_unsigned())
    return static_cast<int64_t>(value->get<uint64_t>());
  if (value != nullptr && value->is_number_integer() && value->get<int64_t>() >= 0)
    return value->get<int64_t>();
  return static_cast<int64_t>(computed);
}

constexpr const char* kStyle = R"css(
* { box-sizing: border-box; margin: 0; padding: 0; }

/* The reference's palette: dark unless the body has class "light". */
:root {
  --bg-page: #0f172a; --bg-panel: #1e293b; --bg-panel-alt: #162032; --bg-hover: #334155;
  --bg-selected: #312e81;
  --text-primary: #e2e8f0; --text-secondary: #94a3b8; --text-muted: #64748b;
  --border: #334155; --mono-bg: #162032; --input-bg: #0f172a;
  --fail-bg: #3b1219; --fail-border: #7f1d1d; --fail-text: #cbd5e1;
  --copy-bg: #1e3a5f; --copy-text: #93c5fd; --path: #818cf8;
  --hit-bg: #a16207; --hit-text: #fefce8;
  --mono: ui-monospace, Menlo, Monaco, 'DejaVu Sans Mono', monospace;
}
body.light {
  --bg-page: #f5f5f5; --bg-panel: #ffffff; --bg-panel-alt: #f8fafc; --bg-hover: #f0f0f0;
  --bg-selected: #e0e7ff;
  --text-primary: #333333; --text-secondary: #666666; --text-muted: #999999;
  --border: #e5e7eb; --mono-bg: #f5f5f5; --input-bg: #ffffff;
  --fail-bg: #fef2f2; --fail-border: #fecaca; --fail-text: #666666;
  --copy-bg: #dbeafe; --copy-text: #1e40af; --path: #2563eb;
  --hit-bg: #fde68a; --hit-text: #713f12;
}

body {
  font-family: -apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif;
  background: var(--bg-page); color: var(--text-primary); line-height: 1.5;
}
button { font: inherit; }
.container { max-width: 1400px; margin: 0 auto; padding: 20px; }

/* Header: title, meta row, stats row. */
.header {
  background: linear-gradient(135deg, #667eea, #764ba2); color: #ffffff; padding: 24px;
  border-radius: 12px; margin-bottom: 20px; position: relative;
}
.header h1 { font-size: 24px; margin-bottom: 8px; padding-right: 200px; overflow-wrap: anywhere; }
.header-buttons { position: absolute; top: 16px; right: 16px; display: flex; gap: 8px; }
.header-button {
  background: rgba(255, 255, 255, .15); border: 1px solid rgba(255, 255, 255, .25);
  color: #ffffff; border-radius: 8px; padding: 6px 12px; font-size: 12px; cursor: pointer;
  display: flex; align-items: center; gap: 6px;
}
.header-button:hover { background: rgba(255, 255, 255, .25); }
.theme-icon { font-size: 16px; line-height: 1; }
.meta-info, .stats {
  display: flex; gap: 20px; flex-wrap: wrap; font-size: 13px; margin-top: 8px; opacity: .9;
}
.meta-info > span, .stats > span { display: flex; align-items: center; gap: 6px; }
.dot { width: 10px; height: 10px; border-radius: 50%; display: inline-block; flex-shrink: 0; }

/* Status colours (dots) and badges, as the reference's STATUS_COLORS and BADGE_COLORS. */
.status-success { background: #22c55e; }
.status-failed { background: #ef4444; }
.status-ir_export_failed { background: #ef4444; }
.status-inherited_success { background: #10b981; }
.status-skipped { background: #9ca3af; }
.status-unknown { background: #d1d5db; }
.badge {
  font-size: 10px; padding: 2px 8px; border-radius: 10px; text-transform: uppercase;
  font-weight: 600; white-space: nowrap; flex-shrink: 0;
}
.badge.success { background: #dcfce7; color: #166534; }
.badge.failed { background: #fee2e2; color: #991b1b; }
.badge.ir_export_failed { background: #fee2e2; color: #991b1b; }
.badge.inherited_success { background: #d1fae5; color: #065f46; }
.badge.skipped { background: #f3f4f6; color: #4b5563; }
.badge.unknown { background: #f3f4f6; color: #6b7280; }

.main { display: flex; gap: 20px; align-items: flex-start; }
.panel {
  background: var(--bg-panel); border: 1px solid var(--border); border-radius: 12px; padding: 20px;
}
.tree-panel { flex: 1; min-width: 0; min-height: 500px; }

/* Search and status filter (not in the reference). */
.toolbar {
  display: flex; flex-wrap: wrap; gap: 8px; align-items: center; margin-bottom: 12px;
  padding-bottom: 12px; border-bottom: 1px solid var(--border);
}
#search {
  flex: 1 1 240px; min-width: 160px; padding: 6px 10px; border-radius: 8px;
  border: 1px solid var(--border); background: var(--input-bg); color: var(--text-primary);
  font-size: 13px;
}
#search:focus { outline: 2px solid #818cf8; outline-offset: -1px; }
.chips { display: flex; flex-wrap: wrap; gap: 6px; }
.chip {
  display: flex; align-items: center; gap: 6px; padding: 3px 10px; border-radius: 999px;
  border: 1px solid var(--border); background: var(--bg-panel-alt); color: var(--text-primary);
  font-size: 12px; cursor: pointer;
}
.chip[aria-pressed="false"] { opacity: .45; text-decoration: line-through; }
.chip .count { color: var(--text-secondary); }
.match-count { font-size: 12px; color: var(--text-secondary); }

/* The occurrence tree. */
.tree { overflow-x: auto; }
.node { margin-left: 24px; }
.tree > .node { margin-left: 0; }
.node.hidden { display: none; }
.node-row {
  display: flex; align-items: center; padding: 6px 8px; border-radius: 6px; cursor: pointer;
}
.node-row:hover { background: var(--bg-hover); }
.node-row.sel { background: var(--bg-selected); }
.node-row.context { opacity: .55; }
.toggle {
  width: 20px; height: 20px; display: flex; align-items: center; justify-content: center;
  color: var(--text-secondary); font-size: 10px; flex-shrink: 0;
}
.toggle.has { cursor: pointer; }
.toggle.has:hover { color: var(--text-primary); }
.sdot { width: 12px; height: 12px; border-radius: 50%; margin-right: 8px; flex-shrink: 0; }
.nlbl { flex: 1; min-width: 0; font-size: 14px; overflow-wrap: anywhere; }
.nlbl .n { font-weight: 500; }
.nlbl .c { color: var(--text-secondary); font-size: 12px; margin-left: 8px; }
.copy {
  font-size: 9px; padding: 1px 5px; border-radius: 8px; background: var(--copy-bg);
  color: var(--copy-text); margin-left: 6px; text-transform: uppercase; font-weight: 600;
}
.children { display: none; }
.children.open { display: block; }
mark.hit { background: var(--hit-bg); color: var(--hit-text); border-radius: 2px; }
mark.l1 { background: #ef4444; color: #ffffff; border-radius: 2px; padding: 0 2px; }

/* The details panel. */
.details {
  width: 400px; flex-shrink: 0; position: sticky; top: 20px; max-height: calc(100vh - 40px);
  overflow-y: auto;
}
.details h3 {
  font-size: 16px; margin-bottom: 16px; padding-bottom: 8px; border-bottom: 1px solid var(--border);
}
.empty { color: var(--text-muted); font-style: italic; }
.row { margin-bottom: 12px; }
.lbl { font-size: 11px; text-transform: uppercase; color: var(--text-secondary); margin-bottom: 2px; }
.val { font-size: 13px; word-break: break-all; }
.val.mono, .mono {
  font-family: var(--mono); font-size: 12px;
}
.val.mono { background: var(--mono-bg); padding: 4px 8px; border-radius: 4px; }
.link { color: var(--path); cursor: pointer; }
.link:hover { text-decoration: underline; }
.ptbl { width: 100%; font-size: 12px; border-collapse: collapse; }
.ptbl td { padding: 4px 8px; border-bottom: 1px solid var(--border); word-break: break-all; }
.ptbl td:first-child { color: var(--text-secondary); width: 40%; }
.failed-ops { margin-top: 16px; padding-top: 16px; border-top: 1px solid var(--fail-border); }
.failed-ops h4 { color: #ef4444; font-size: 14px; margin-bottom: 8px; }
.fail-op {
  background: var(--fail-bg); border: 1px solid var(--fail-border); border-radius: 8px;
  margin-bottom: 6px; overflow: hidden;
}
.fail-op-summary {
  display: flex; align-items: center; gap: 8px; padding: 8px 12px; cursor: pointer;
}
.chevron { color: var(--text-muted); font-size: 9px; flex-shrink: 0; transition: transform .2s; }
.chevron.open { transform: rotate(90deg); }
.fail-op-summary .op { font-weight: 600; color: #ef4444; font-size: 13px; flex-shrink: 0; }
.err-preview {
  font-size: 11px; color: var(--fail-text); font-family: var(--mono); overflow: hidden;
  text-overflow: ellipsis; white-space: nowrap; flex: 1; min-width: 0;
}
.fail-op-detail { display: none; padding: 0 12px 10px 28px; }
.fail-op-detail.open { display: block; }
.err {
  font-size: 11px; color: var(--fail-text); font-family: var(--mono); white-space: pre-wrap;
  word-break: break-all; max-height: 300px; overflow-y: auto; background: rgba(0, 0, 0, .15);
  padding: 8px; border-radius: 4px;
}
.more {
  margin-top: 6px; padding: 3px 10px; border-radius: 6px; border: 1px solid var(--fail-border);
  background: var(--bg-panel); color: var(--text-primary); font-size: 11px; cursor: pointer;
}

/* Every failed op of every module (not in the reference). */
.ops-panel { margin-top: 20px; }
.ops-panel h2 { font-size: 16px; margin-bottom: 12px; }
table.ops { width: 100%; border-collapse: collapse; font-size: 12px; table-layout: fixed; }
.ops th {
  text-align: left; background: var(--bg-panel-alt); border-bottom: 1px solid var(--border);
}
.ops th button {
  all: unset; display: block; width: 100%; box-sizing: border-box; padding: 8px 12px;
  color: var(--text-secondary); font-size: 10px; font-weight: 600; text-transform: uppercase;
  cursor: pointer; user-select: none;
}
.ops th button:focus-visible { outline: 2px solid #818cf8; outline-offset: -2px; }
.ops th .arrow { margin-left: 4px; }
.ops td {
  padding: 8px 12px; border-bottom: 1px solid var(--border); vertical-align: top;
  overflow-wrap: anywhere;
}
.ops td.op { font-weight: 600; color: #ef4444; }
.ops td.mono { font-size: 11px; }
.ops td.error { font-family: var(--mono); font-size: 11px; color: var(--fail-text); }
.ops tbody tr { cursor: pointer; }
.ops tbody tr:hover td { background: var(--bg-hover); }
.ops tbody tr.sel td { background: var(--bg-selected); }

/* The viewer: summary.md and long errors. */
.viewer-overlay {
  position: fixed; inset: 0; background: rgba(0, 0, 0, .5); z-index: 1000; display: flex;
  align-items: center; justify-content: center;
}
.viewer-overlay[hidden] { display: none; }
.viewer {
  width: min(1000px, 90vw); max-height: 90vh; background: var(--bg-panel);
  color: var(--text-primary); border-radius: 12px; display: flex; flex-direction: column;
  overflow: hidden; box-shadow: 0 25px 50px rgba(0, 0, 0, .3);
}
.viewer-header {
  display: flex; align-items: center; justify-content: space-between; padding: 12px 20px;
  background: var(--bg-panel-alt); border-bottom: 1px solid var(--border);
}
.viewer-title { font-size: 14px; font-weight: 600; overflow-wrap: anywhere; }
.viewer-close {
  background: none; border: none; color: var(--text-secondary); font-size: 24px; cursor: pointer;
  padding: 0 4px; line-height: 1;
}
.viewer-body { overflow: auto; padding: 20px; }
.viewer-body > pre {
  font-family: var(--mono); font-size: 12px; white-space: pre-wrap; word-break: break-all;
}
.markdown h1, .markdown h2, .markdown h3, .markdown h4 { margin: 16px 0 8px; }
.markdown h1 { font-size: 20px; }
.markdown h2 { font-size: 17px; }
.markdown h3 { font-size: 15px; }
.markdown h4, .markdown h5, .markdown h6 { font-size: 13px; }
.markdown p, .markdown ul, .markdown pre, .markdown .table-wrap { margin-bottom: 10px; }
.markdown ul { padding-left: 20px; }
.markdown code { font-family: var(--mono); font-size: 12px; }
.markdown pre {
  background: var(--mono-bg); padding: 8px; border-radius: 4px; white-space: pre-wrap;
  word-break: break-all;
}
.markdown .table-wrap { overflow-x: auto; }
.markdown table { border-collapse: collapse; font-size: 12px; }
.markdown th, .markdown td {
  border: 1px solid var(--border); padding: 4px 8px; text-align: left; vertical-align: top;
}
.markdown th { background: var(--bg-panel-alt); }

@media (max-width: 900px) {
  .main { flex-direction: column; }
  .details { width: 100%; position: static; max-height: none; }
}
)css";

// Installed before everything else, in a script of its own, so that even a syntax error in the
// main script lands in #js-errors, where a test reading the DOM can see it.
constexpr const char* kErrorHook = R"js(
'use strict';
(function () {
  const box = document.getElementById('js-errors');
  const report = text => { box.textContent += text + '\n'; };
  window.onerror = (message, source, line, column) => {
    report(String(message) + ' (line ' + line + ':' + column + ')');
    return false;
  };
  window.addEventListener('unhandledrejection', event => {
    report('unhandled rejection: ' + String(event.reason));
  });
})();
)js";

// Everything below the header. The tree, the details and the failed-ops rows are filled in by
// the script.
constexpr const char* kBody = R"html(
  <div class="main">
    <section class="panel tree-panel">
      <div class="toolbar">
        <input id="search" type="search" placeholder="Search module or class ( / )"
               autocomplete="off" spellcheck="false" aria-label="Search modules">
        <div id="status-filter" class="chips" role="group" aria-label="Filter by status"></div>
        <span id="match-count" class="match-count"></span>
      </div>
      <div class="tree" id="tree" role="tree"></div>
    </section>
    <aside class="panel details" id="details"></aside>
  </div>
  <section class="panel ops-panel" id="ops-panel">
    <h2 id="ops-title">Failed Operations</h2>
    <table class="ops" id="ops-table">
      <colgroup>
        <col style="width: 14%"><col style="width: 20%"><col style="width: 17%">
        <col style="width: 17%"><col style="width: 32%">
      </colgroup>
      <thead>
        <tr>
          <th><button type="button" data-key="op">Op<span class="arrow"></span></button></th>
          <th><button type="button" data-key="module">Module<span class="arrow"></span></button></th>
          <th><button type="button" data-key="inputs">Inputs<span class="arrow"></span></button></th>
          <th><button type="button" data-key="outputs">Outputs<span class="arrow"></span></button></th>
          <th><button type="button" data-key="error">Error<span class="arrow"></span></button></th>
        </tr>
      </thead>
      <tbody></tbody>
    </table>
    <p class="empty" id="ops-empty" hidden>No failed operations.</p>
  </section>
</div>
<div class="viewer-overlay" id="viewer" hidden>
  <div class="viewer" role="dialog" aria-modal="true" aria-labelledby="viewer-title">
    <div class="viewer-header">
      <div class="viewer-title" id="viewer-title"></div>
      <button type="button" class="viewer-close" id="viewer-close" aria-label="Close">&times;</button>
    </div>
    <div class="viewer-body" id="viewer-body"></div>
  </div>
</div>
)html";

// The page's behaviour. Every text from the document goes into the DOM through textContent,
// append(string) or setAttribute: nothing from it is ever parsed as HTML.
constexpr const char* kScript = R"js(
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
  const rows = nodes.filter(node => GROUP_OF[modules[node.module].status] === group.key).length;
  const chip = make('button', 'chip');
  chip.type = 'button';
  chip.setAttribute('aria-pressed', 'true');
  chip.dataset.group = group.key;
  chip.title = rows + (rows === 1 ? ' row' : ' rows') + ' in the tree (copies included)';
  chip.append(make('span', 'dot status-' + group.statuses[0]), group.label + ' ',
              make('span', 'count', String(rows)));
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
)js";

} // namespace

std::string analysisReportHtml(const Json& unique_modules, const std::string& summary_markdown) {
  if (!unique_modules.is_object())
    throw std::invalid_argument(
        std::string("unique_modules document: expected a JSON object, got ") +
        unique_modules.type_name());
  const Json* listed = member(unique_modules, "modules");
  if (listed == nullptr || !listed->is_array())
    throw std::invalid_argument("unique_modules document: no \"modules\" array");

  Json modules = Json::array();
  for (const Json& module : *listed)
    if (module.is_object())
      modules.push_back(normalizedModule(module));
  Json nodes = treeNodes(modules);

  const Json empty = Json::object();
  const Json* metadata_member = member(unique_modules, "metadata");
  const Json& metadata =
      metadata_member != nullptr && metadata_member->is_object() ? *metadata_member : empty;
  const std::string model_class = textOf(member(metadata, "model_class"), "Unknown");

  std::unordered_map<std::string, int64_t> counts;
  for (const Json& module : modules)
    ++counts[module["status"].get<std::string>()];

  Json data = Json::object();
  data["modules"] = std::move(modules);
  data["summary"] = summary_markdown.empty() ? Json() : Json(summary_markdown);
  const size_t unique_count = data["modules"].size();
  const size_t occurrence_count = nodes.size();
  data["nodes"] = std::move(nodes);

  const std::string title = "Model Analysis: " + escapeHtml(model_class);
  std::string html;
  html += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"UTF-8\">\n";
  html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1.0\">\n";
  // Nothing may be fetched; should anything from the document ever slip into the markup, the
  // browser still loads nothing and runs only these inline scripts.
  html += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
          "style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n";
  html += "<title>" + title + "</title>\n<style>" + kStyle + "</style>\n</head>\n<body>\n";
  html += "<div id=\"js-errors\" hidden></div>\n<script>" + std::string(kErrorHook) + "</script>\n";
  html += "<div class=\"container\">\n  <header class=\"header\">\n";
  html += "    <h1>" + title + "</h1>\n    <div class=\"header-buttons\">\n";
  if (!summary_markdown.empty())
    html += "      <button type=\"button\" class=\"header-button\" id=\"summary-button\">"
            "Summary</button>\n";
  html += "      <button type=\"button\" class=\"header-button\" id=\"theme-toggle\">"
          "<span class=\"theme-icon\" id=\"theme-icon\">&#9788;</span>"
          "<span id=\"theme-label\">Light</span></button>\n    </div>\n";

  html += "    <div class=\"meta-info\">\n";
  const auto meta = [&](const char* label, const std::string& value) {
    html += "      <span><strong>" + std::string(label) + ":</strong> " + escapeHtml(value) +
            "</span>\n";
  };
  meta("Host", textOf(member(metadata, "hostname"), "unknown"));
  meta("Arch", textOf(member(metadata, "device_arch"), "unknown"));
  meta("Device", textOf(member(metadata, "device_mesh"), "unknown"));
  if (const Json* backend = member(metadata, "backend"); backend != nullptr)
    meta("Backend", textOf(backend, "unknown"));
  meta("Date", displayDate(textOf(member(metadata, "timestamp"), "")));
  html += "    </div>\n";

  html += "    <div class=\"stats\">\n";
  html +=
      "      <span>Total: " +
      std::to_string(countOf(member(metadata, "total_modules"), occurrence_count)) +
      " | Unique: " + std::to_string(countOf(member(metadata, "unique_modules"), unique_count)) +
      "</span>\n";
  const auto stat = [&](const char* status, const char* label, int64_t count) {
    html += "      <span><span class=\"dot status-" + std::string(status) + "\"></span>" + label +
            ": " + std::to_string(count) + "</span>\n";
  };
  stat("success", "Success", counts["success"]);
  stat("failed", "Failed", counts["failed"] + counts["ir_export_failed"]);
  stat("inherited_success", "Inherited", counts["inherited_success"]);
  stat("skipped", "Skipped", counts["skipped"]);
  html += "    </div>\n  </header>\n";

  html += kBody;
  html += "<script type=\"application/json\" id=\"data\">" + scriptJson(data) + "</script>\n";
  html += "<script>" + std::string(kScript) + "</script>\n</body>\n</html>\n";
  return html;
}

} // namespace irscope::io
