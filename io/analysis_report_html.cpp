#include "io/analysis_report_html.h"

#include "core/unique_modules.h"
#include "io/html_text.h"

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

} // namespace

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

namespace {

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

} // namespace

// The page's style, markup and scripts live in resources/report/ and are compiled in from there
// (io/CMakeLists.txt generates analysis_report_assets.cpp from analysis_report_assets.cpp.in).
// analysis_report.css: the page's style.
extern const char kAnalysisReportCss[];
// analysis_report_error_hook.js: installed before everything else, in a script of its own, so
// that even a syntax error in the main script lands in #js-errors, where a test reading the DOM
// can see it.
extern const char kAnalysisReportErrorHookJs[];
// analysis_report_body.html: everything below the header. The tree, the details and the
// failed-ops rows are filled in by the script.
extern const char kAnalysisReportBodyHtml[];
// analysis_report.js: the page's behaviour. Every text from the document goes into the DOM through
// textContent, append(string) or setAttribute: nothing from it is ever parsed as HTML.
extern const char kAnalysisReportJs[];

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

  // Each status counted both ways, and said which: unique modules, and their occurrences (the
  // tree's rows, which the status filter counts).
  std::unordered_map<std::string, int64_t> counts, occurrences;
  for (const Json& module : modules)
    ++counts[module["status"].get<std::string>()];
  for (const Json& node : nodes)
    ++occurrences[modules[node["module"].get<size_t>()]["status"].get<std::string>()];

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
  html += "<title>" + title + "</title>\n<style>\n" + kAnalysisReportCss +
          "</style>\n</head>\n<body>\n";
  html += "<div id=\"js-errors\" hidden></div>\n<script>\n" +
          std::string(kAnalysisReportErrorHookJs) + "</script>\n";
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
  html += "      <span>Total: " +
          std::to_string(countOf(member(metadata, "total_modules"), occurrence_count)) +
          " occurrences | Unique: " +
          std::to_string(countOf(member(metadata, "unique_modules"), unique_count)) +
          " modules</span>\n";
  const auto stat = [&](const char* status, const char* label, int64_t count, int64_t occurred) {
    html += "      <span><span class=\"dot status-" + std::string(status) + "\"></span>" + label +
            ": " + std::to_string(count) + " unique, " + std::to_string(occurred) +
            " occurrences</span>\n";
  };
  stat("success", "Success", counts["success"], occurrences["success"]);
  stat("failed", "Failed", counts["failed"] + counts["ir_export_failed"],
       occurrences["failed"] + occurrences["ir_export_failed"]);
  stat("inherited_success", "Inherited", counts["inherited_success"],
       occurrences["inherited_success"]);
  stat("skipped", "Skipped", counts["skipped"], occurrences["skipped"]);
  html += "    </div>\n  </header>\n\n";

  html += kAnalysisReportBodyHtml;
  html += "<script type=\"application/json\" id=\"data\">" + scriptJson(data) + "</script>\n";
  html += "<script>\n" + std::string(kAnalysisReportJs) + "</script>\n</body>\n</html>\n";
  return html;
}

} // namespace irscope::io
