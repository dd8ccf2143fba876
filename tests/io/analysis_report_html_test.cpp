#include "io/analysis_report_html.h"

#include <gtest/gtest.h>
#include <map>
#include <regex>
#include <stdexcept>

// The page's behaviour in a browser is checked by check_html_in_chromium.sh; these check the
// file itself: the header, the colours, the escaping and the data handed to the script.

namespace irscope::io {
namespace {

Json moduleEntry(const std::string& path, const std::string& class_name, const std::string& status,
                 std::vector<std::string> occurrences = {}) {
  if (occurrences.empty())
    occurrences.push_back(path);
  Json module = {{"id", "mod_" + path},
                 {"class_name", class_name},
                 {"module_path", path},
                 {"input_shapes", Json::array()},
                 {"output_shapes", Json::array()},
                 {"parameters", Json::object()},
                 {"occurrences", occurrences}};
  if (!status.empty())
    module["status"] = status;
  return module;
}

Json document(Json modules, Json metadata = Json::object()) {
  return {{"metadata", std::move(metadata)}, {"modules", std::move(modules)}};
}

size_t occurrencesOf(const std::string& text, const std::string& needle) {
  size_t count = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1))
    ++count;
  return count;
}

// What the page's script reads: the <script type="application/json" id="data"> block.
Json embeddedData(const std::string& html) {
  const std::string open = "<script type=\"application/json\" id=\"data\">";
  const size_t begin = html.find(open);
  EXPECT_NE(begin, std::string::npos);
  const size_t end = html.find("</script>", begin);
  return Json::parse(html.substr(begin + open.size(), end - begin - open.size()));
}

// The stats row as text, tags removed.
std::string statsRow(const std::string& html) {
  const size_t begin = html.find("<div class=\"stats\">");
  EXPECT_NE(begin, std::string::npos);
  const std::string row = html.substr(begin, html.find("</div>", begin) - begin);
  return std::regex_replace(std::regex_replace(row, std::regex("<[^>]*>"), " "), std::regex("\\s+"),
                            " ");
}

TEST(AnalysisReportHtml, TitleAndHeadingNameTheModelClass) {
  const std::string html =
      analysisReportHtml(document(Json::array({moduleEntry("full_model", "ResNet", "success")}),
                                  {{"model_class", "ResNet"}}),
                         "");
  EXPECT_NE(html.find("<title>Model Analysis: ResNet</title>"), std::string::npos);
  EXPECT_NE(html.find("<h1>Model Analysis: ResNet</h1>"), std::string::npos);
}

TEST(AnalysisReportHtml, EscapesTheHeaderText) {
  const std::string html = analysisReportHtml(
      document(Json::array(), {{"model_class", "A<b>&\"c"}, {"hostname", "<i>host</i>"}}), "");
  EXPECT_NE(html.find("<title>Model Analysis: A&lt;b&gt;&amp;&quot;c</title>"), std::string::npos);
  EXPECT_NE(html.find("<h1>Model Analysis: A&lt;b&gt;&amp;&quot;c</h1>"), std::string::npos);
  EXPECT_NE(html.find("&lt;i&gt;host&lt;/i&gt;"), std::string::npos);
  EXPECT_EQ(html.find("<b>"), std::string::npos);
  EXPECT_EQ(html.find("<i>"), std::string::npos);
}

TEST(AnalysisReportHtml, StylesEveryStatusInTheReferenceColours) {
  // reference_formats.md §2.3: STATUS_COLORS and BADGE_COLORS.
  struct Colours {
    const char* status;
    const char* dot;
    const char* badge_background;
    const char* badge_text;
  };
  const Colours table[] = {
      {"success", "#22c55e", "#dcfce7", "#166534"},
      {"failed", "#ef4444", "#fee2e2", "#991b1b"},
      {"ir_export_failed", "#ef4444", "#fee2e2", "#991b1b"},
      {"inherited_success", "#10b981", "#d1fae5", "#065f46"},
      {"skipped", "#9ca3af", "#f3f4f6", "#4b5563"},
      {"unknown", "#d1d5db", "#f3f4f6", "#6b7280"},
  };
  const std::string html = analysisReportHtml(document(Json::array()), "");
  for (const Colours& colours : table) {
    const std::string status = colours.status;
    EXPECT_TRUE(std::regex_search(
        html, std::regex("\\.status-" + status + "\\s*\\{[^}]*background:\\s*" + colours.dot)))
        << status << " dot";
    EXPECT_TRUE(std::regex_search(
        html, std::regex("\\.badge\\." + status + "\\s*\\{[^}]*background:\\s*" +
                         colours.badge_background + ";\\s*color:\\s*" + colours.badge_text)))
        << status << " badge";
  }
}

TEST(AnalysisReportHtml, DataFromTheDocumentNeverBecomesMarkup) {
  const std::string hostile = "</script><img src=x onerror=alert(1)>";
  const std::string separators = "a\xE2\x80\xA8"
                                 "b\xE2\x80\xA9"
                                 "c";
  Json failed = moduleEntry("full_model." + hostile, hostile, "failed");
  failed["failed_ops"] = Json::array({{{"op_name", hostile},
                                       {"error_message", hostile + separators},
                                       {"inputs", {hostile}},
                                       {"outputs", Json::array()},
                                       {"op_params", {{hostile, hostile}}}}});
  failed["parameters"] = {{hostile, hostile}};
  Json modules = Json::array({moduleEntry("full_model", hostile, "failed"), failed});
  const std::string html =
      analysisReportHtml(document(modules, {{"model_class", hostile}, {"hostname", hostile}}),
                         "# " + hostile + "\n\n<!-- " + hostile);

  EXPECT_EQ(html.find(hostile), std::string::npos);
  EXPECT_EQ(html.find("<img"), std::string::npos);
  EXPECT_EQ(html.find("<!--"), std::string::npos);
  EXPECT_EQ(html.find("\xE2\x80\xA8"), std::string::npos);
  EXPECT_EQ(html.find("\xE2\x80\xA9"), std::string::npos);
  // Only the page's own three scripts open and close.
  EXPECT_EQ(occurrencesOf(html, "<script"), 3u);
  EXPECT_EQ(occurrencesOf(html, "</script"), 3u);

  // Escaped, not lost: the script gets the strings back as they were.
  const Json data = embeddedData(html);
  EXPECT_EQ(data["modules"][1]["class_name"], hostile);
  EXPECT_EQ(data["modules"][1]["failed_ops"][0]["error_message"], hostile + separators);
  EXPECT_EQ(data["summary"], "# " + hostile + "\n\n<!-- " + hostile);
}

TEST(AnalysisReportHtml, FetchesNothing) {
  Json modules = Json::array(
      {moduleEntry("full_model", "Net", "success"), moduleEntry("fc", "Linear", "skipped")});
  const std::string html = analysisReportHtml(document(modules, {{"model_class", "Net"}}),
                                              "# Net\n\n| a | b |\n|-|-|\n");
  for (const char* reference : {"http://", "https://", "src=", "href=", "url(", "@import"})
    EXPECT_EQ(html.find(reference), std::string::npos) << reference;
  EXPECT_NE(html.find("default-src 'none'"), std::string::npos) << "no Content-Security-Policy";
}

TEST(AnalysisReportHtml, RejectsDocumentsWithoutAModulesArray) {
  const Json bad[] = {Json::array(),
                      Json("modules"),
                      Json(),
                      Json(42),
                      Json::object(),
                      Json{{"metadata", Json::object()}},
                      Json{{"modules", Json::object()}},
                      Json{{"modules", "[]"}},
                      Json{{"modules", nullptr}}};
  for (const Json& document : bad) {
    try {
      analysisReportHtml(document, "");
      ADD_FAILURE() << "accepted " << document.dump();
    } catch (const std::invalid_argument& error) {
      const std::string message = error.what();
      EXPECT_FALSE(message.empty());
      EXPECT_EQ(message.find('\n'), std::string::npos) << message;
    }
  }
}

TEST(AnalysisReportHtml, ToleratesWrongTypesInside) {
  Json deep = Json::array();
  for (int i = 0; i < 2000; ++i)
    deep = Json::array({std::move(deep)});
  const Json modules = Json::array({
      42,
      "module",
      nullptr,
      {{"module_path", 5}},
      {{"class_name", {"a"}},
       {"occurrences", "lone.path"},
       {"failed_ops", {{"x", 1}}},
       {"parameters", {1, 2}},
       {"status", 7},
       {"input_shapes", "1x2"},
       {"output_shapes", {{1, 2}, nullptr}}},
      {{"module_path", "c"},
       {"status", "SUCCESS"},
       {"failed_ops",
        {"boom", 3, {{"op_name", {{"a", 1}}}, {"inputs", "1x2"}, {"op_params", "x"}}}},
       {"parameters", {{"deep", deep}}}},
      {{"module_path", "\xff\xfe"}, {"class_name", "bad \xc0\xaf utf8"}},
  });
  std::string html;
  ASSERT_NO_THROW(html = analysisReportHtml({{"metadata", "oops"}, {"modules", modules}}, ""));
  EXPECT_NE(html.find("<h1>Model Analysis: Unknown</h1>"), std::string::npos);

  const Json data = embeddedData(html);
  ASSERT_EQ(data["modules"].size(), 4u) << "the four objects are kept, the rest skipped";
  const Json& lone = data["modules"][1];
  EXPECT_EQ(lone["module_path"], "lone.path");
  EXPECT_EQ(lone["occurrences"], Json::array({"lone.path"}));
  EXPECT_EQ(lone["status"], "unknown");
  EXPECT_EQ(lone["input_shapes"], Json::array({"1x2"}));
  EXPECT_EQ(lone["output_shapes"], Json::array({"[1,2]", "null"}));
  EXPECT_TRUE(lone["parameters"].is_object() && lone["parameters"].empty());
  EXPECT_TRUE(lone["failed_ops"].empty());
  const Json& c = data["modules"][2];
  EXPECT_EQ(c["status"], "unknown") << "status names are case-sensitive, as in ttchop";
  ASSERT_EQ(c["failed_ops"].size(), 3u);
  EXPECT_EQ(c["failed_ops"][0]["op_name"], "boom");
  EXPECT_EQ(c["failed_ops"][1]["op_name"], "3");
  EXPECT_EQ(c["failed_ops"][2]["op_name"], "Unknown");
  EXPECT_EQ(c["failed_ops"][2]["inputs"], Json::array({"1x2"}));
  EXPECT_TRUE(c["failed_ops"][2]["op_params"].is_object());
  EXPECT_NE(c["parameters"]["deep"].dump().find("\xE2\x80\xA6"), std::string::npos)
      << "deep values are cut";
  EXPECT_EQ(data["modules"][3]["class_name"], "bad \xEF\xBF\xBD\xEF\xBF\xBD utf8");
}

TEST(AnalysisReportHtml, CountsStatusesOverUniqueModules) {
  // Two copies of one successful module count once; ir_export_failed counts as failed; unknown
  // and missing statuses are in none of the four.
  const Json modules = Json::array({
      moduleEntry("full_model", "Net", "failed"),
      moduleEntry("a", "Block", "success", {"a", "b"}),
      moduleEntry("c", "Conv2d", "success"),
      moduleEntry("d", "Sequential", "failed"),
      moduleEntry("e", "Linear", "ir_export_failed"),
      moduleEntry("f", "ReLU", "inherited_success"),
      moduleEntry("g", "ModuleList", "skipped"),
      moduleEntry("h", "Dropout", "unknown"),
      moduleEntry("i", "Identity", ""),
  });
  const std::string stats = statsRow(
      analysisReportHtml(document(modules, {{"total_modules", 12}, {"unique_modules", 9}}), ""));
  EXPECT_NE(stats.find("Total: 12 occurrences | Unique: 9 modules"), std::string::npos) << stats;
  // Each status says what it counts: "a" occurs twice.
  EXPECT_NE(stats.find("Success: 2 unique, 3 occurrences"), std::string::npos) << stats;
  EXPECT_NE(stats.find("Failed: 3 "), std::string::npos) << stats;
  EXPECT_NE(stats.find("Inherited: 1 "), std::string::npos) << stats;
  EXPECT_NE(stats.find("Skipped: 1 "), std::string::npos) << stats;

  // Without the metadata's counts: 10 occurrence paths in 9 unique modules.
  const std::string computed = statsRow(analysisReportHtml(document(modules), ""));
  EXPECT_NE(computed.find("Total: 10 occurrences | Unique: 9 modules"), std::string::npos)
      << computed;
}

TEST(AnalysisReportHtml, ShowsTheMetaRowAsTheReference) {
  const std::string html =
      analysisReportHtml(document(Json::array(), {{"hostname", "box"},
                                                  {"device_arch", "Wormhole B0"},
                                                  {"device_mesh", "n300 (1x2)"},
                                                  {"timestamp", "2025-03-04T05:06:07.891011"}}),
                         "");
  EXPECT_NE(html.find("<strong>Host:</strong> box"), std::string::npos);
  EXPECT_NE(html.find("<strong>Arch:</strong> Wormhole B0"), std::string::npos);
  EXPECT_NE(html.find("<strong>Device:</strong> n300 (1x2)"), std::string::npos);
  EXPECT_NE(html.find("<strong>Date:</strong> 2025-03-04 05:06"), std::string::npos);

  const std::string unknown = analysisReportHtml(document(Json::array()), "");
  EXPECT_NE(unknown.find("<strong>Host:</strong> unknown"), std::string::npos);
  EXPECT_NE(unknown.find("<strong>Date:</strong> Unknown"), std::string::npos);
}

TEST(AnalysisReportHtml, BuildsTheTreeOverEveryOccurrence) {
  const Json modules = Json::array({
      moduleEntry("full_model", "Net", "failed"),
      moduleEntry("blocks", "Sequential", "failed"),
      moduleEntry("blocks.0", "Block", "success", {"blocks.0", "blocks.1"}),
      moduleEntry("blocks.0.conv", "Conv2d", "inherited_success",
                  {"blocks.0.conv", "blocks.1.conv"}),
      moduleEntry("layers[0.5].fc", "Linear", "skipped"),
      moduleEntry("missing.parent.leaf", "ReLU", "skipped"),
  });
  const Json nodes = embeddedData(analysisReportHtml(document(modules), ""))["nodes"];
  ASSERT_EQ(nodes.size(), 8u);
  std::map<std::string, Json> by_path;
  for (const Json& node : nodes)
    by_path[node["path"].get<std::string>()] = node;
  const auto parentOf = [&](const std::string& path) -> std::string {
    const int64_t parent = by_path.at(path)["parent"];
    return parent < 0 ? "" : nodes[parent]["path"].get<std::string>();
  };
  EXPECT_EQ(nodes[0]["path"], "full_model") << "the root comes first";
  EXPECT_EQ(nodes[0]["name"], "Net") << "the root is named by its class";
  EXPECT_EQ(parentOf("full_model"), "");
  EXPECT_EQ(parentOf("blocks"), "full_model");
  EXPECT_EQ(parentOf("blocks.1"), "blocks");
  EXPECT_EQ(parentOf("blocks.1.conv"), "blocks.1");
  EXPECT_EQ(by_path["blocks.1.conv"]["name"], "conv");
  EXPECT_TRUE(by_path["blocks.1.conv"]["copy"].get<bool>());
  EXPECT_FALSE(by_path["blocks.0.conv"]["copy"].get<bool>());
  EXPECT_EQ(parentOf("layers[0.5].fc"), "full_model") << "a dot inside brackets separates nothing";
  EXPECT_EQ(by_path["layers[0.5].fc"]["name"], "fc");
  EXPECT_EQ(parentOf("missing.parent.leaf"), "full_model") << "orphans hang under the root";
  for (size_t i = 0; i < nodes.size(); ++i)
    EXPECT_LT(nodes[i]["parent"].get<int64_t>(), static_cast<int64_t>(i)) << "parents come first";
}

TEST(AnalysisReportHtml, HasASummaryButtonOnlyWithASummary) {
  const Json doc = document(Json::array({moduleEntry("full_model", "Net", "success")}));
  EXPECT_EQ(analysisReportHtml(doc, "").find("id=\"summary-button\""), std::string::npos);
  EXPECT_NE(analysisReportHtml(doc, "# Net — PASSED\n").find("id=\"summary-button\""),
            std::string::npos);
}

} // namespace
} // namespace irscope::io
