#include "io/diff_report_html.h"

#include "io/html_text.h"

namespace irscope::io {

// Compiled in from resources/report/ (io/CMakeLists.txt).
extern const char kAnalysisReportCss[];
extern const char kAnalysisReportErrorHookJs[];
extern const char kDiffReportCss[];
extern const char kDiffReportBodyHtml[];
extern const char kDiffReportJs[];

namespace {

std::string count(const Json& counts, const char* key) {
  return counts.contains(key) ? counts[key].dump() : "0";
}

} // namespace

std::string diffReportHtml(const Json& diff) {
  const std::string title = "Model Diff: " + escapeHtml(diff["a"]["file"].get<std::string>()) +
                            " \xE2\x86\x92 " + escapeHtml(diff["b"]["file"].get<std::string>());
  std::string html;
  html += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"UTF-8\">\n";
  html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1.0\">\n";
  html += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
          "style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n";
  html += "<title>" + title + "</title>\n<style>\n" + kAnalysisReportCss + kDiffReportCss +
          "</style>\n</head>\n<body>\n";
  html += "<div id=\"js-errors\" hidden></div>\n<script>\n" +
          std::string(kAnalysisReportErrorHookJs) + "</script>\n";
  html += "<div class=\"container\">\n  <header class=\"header\">\n";
  html += "    <h1>" + title + "</h1>\n    <div class=\"header-buttons\">\n";
  html += "      <button type=\"button\" class=\"header-button\" id=\"theme-toggle\">"
          "<span class=\"theme-icon\">&#9788;</span><span id=\"theme-label\">Light</span>"
          "</button>\n    </div>\n";
  html += "    <div class=\"meta-info\">\n";
  for (const char* side : {"a", "b"})
    html += "      <span><strong>" + std::string(side[0] == 'a' ? "A" : "B") + ":</strong> " +
            escapeHtml(diff[side]["model_name"].get<std::string>()) + ", " +
            diff[side]["nodes"].dump() + " nodes, " + diff[side]["weights"].dump() +
            " weights</span>\n";
  html += "    </div>\n    <div class=\"stats\">\n";
  const Json& nodes = diff["node_counts"];
  for (const char* cls : {"same", "changed", "added", "removed"})
    html += "      <span><span class=\"dot cls-" + std::string(cls) + "\"></span>" + cls + ": " +
            count(nodes, cls) + "</span>\n";
  const Json& weights = diff["weight_counts"];
  html += "      <span>Weights changed: " + count(weights, "changed") +
          ", added: " + count(weights, "added") + ", removed: " + count(weights, "removed") +
          "</span>\n";
  html += "    </div>\n  </header>\n\n";
  html += kDiffReportBodyHtml;
  html += "<script type=\"application/json\" id=\"data\">" + scriptJson(diff) + "</script>\n";
  html += "<script>\n" + std::string(kDiffReportJs) + "</script>\n</body>\n</html>\n";
  return html;
}

} // namespace irscope::io
