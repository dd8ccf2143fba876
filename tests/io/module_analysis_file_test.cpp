// unique_modules.json with statuses (written and read back) and the summary.md made from it,
// checked against the reference's formats (reference_formats.md §2.1, §2.4) written out by hand.
#include "io/analysis_summary_markdown.h"
#include "io/load_error.h"
#include "io/module_analysis_file.h"

#include <gtest/gtest.h>

namespace irscope::io {
namespace {

Json twoModules() {
  return Json::parse(R"({"metadata": {"model_class": "Net", "total_modules": 3,
    "timestamp": "2026-11-29T10:11:12.000001", "device_arch": "cpu", "device_mesh": "unknown"},
    "modules": [{"id": "mod_000_full_model", "class_name": "Net", "module_path": "full_model",
                 "parent": null, "occurrences": ["full_model"]},
                {"id": "mod_001_pool", "class_name": "Pool", "module_path": "a.pool",
                 "parent": "a", "occurrences": ["a.pool", "b.pool"]}]})");
}

ir::FailedOp poolOp(const std::string& error) {
  return {"aten.max_pool2d.default",     error,       {"1x3x8x8xf32"}, {"1x3x4x4xf32"},
          Json{{"kernel_size", {2, 2}}}, "max_pool2d"};
}

TEST(ModuleAnalysisFile, StatusKeysFollowTheModuleInTheReferencesOrder) {
  Json document = twoModules();
  std::vector<ir::ModuleVerdict> verdicts(2);
  verdicts[0].status = ir::ModuleStatus::Failed;
  verdicts[0].failed_ops = {poolOp("3 channels")};
  verdicts[1].status = ir::ModuleStatus::Success;
  addModuleStatuses(document, verdicts, "mapping");
  EXPECT_EQ(document["metadata"]["backend"], "mapping");
  const Json& root = document["modules"][0];
  std::vector<std::string> keys;
  for (auto it = root.begin(); it != root.end(); ++it)
    keys.push_back(it.key());
  const std::vector<std::string> tail(keys.end() - 3, keys.end());
  EXPECT_EQ(tail, (std::vector<std::string>{"status", "failed_ops", "op_by_op_report_path"}));
  EXPECT_EQ(root["status"], "failed");
  EXPECT_EQ(root["op_by_op_report_path"], nullptr);
  const Json& op = root["failed_ops"][0];
  std::vector<std::string> op_keys;
  for (auto it = op.begin(); it != op.end(); ++it)
    op_keys.push_back(it.key());
  EXPECT_EQ(op_keys, (std::vector<std::string>{"op_name", "error_message", "inputs", "outputs",
                                               "op_params", "node"}));
  EXPECT_EQ(document["modules"][1]["failed_ops"], Json::array());

  const ModuleAnalysisDocument read = parseModuleAnalysis(document.dump(), "u.json");
  ASSERT_EQ(read.modules.size(), 2u);
  EXPECT_EQ(read.model_class, "Net");
  EXPECT_EQ(read.backend, "mapping");
  EXPECT_EQ(read.modules[0].status, ir::ModuleStatus::Failed);
  ASSERT_EQ(read.modules[0].failed_ops.size(), 1u);
  EXPECT_EQ(read.modules[0].failed_ops[0].node, "max_pool2d");
  EXPECT_EQ(read.modules[0].failed_ops[0].op_params, (Json{{"kernel_size", {2, 2}}}));
  EXPECT_EQ(read.modules[1].occurrences, (std::vector<std::string>{"a.pool", "b.pool"}));
  EXPECT_EQ(read.modules[1].parent, "a");
}

TEST(ModuleAnalysisFile, AFileWithoutStatusesReadsAsUnknown) {
  const ModuleAnalysisDocument read = parseModuleAnalysis(twoModules().dump(), "u.json");
  EXPECT_EQ(read.modules[1].status, ir::ModuleStatus::Unknown);
  EXPECT_TRUE(read.modules[1].failed_ops.empty());
}

void expectOneLineError(const std::string& json, const std::string& says) {
  try {
    parseModuleAnalysis(json, "u.json");
    FAIL() << "accepted " << json;
  } catch (const LoadError& error) {
    const std::string what = error.what();
    EXPECT_EQ(what.rfind("u.json: ", 0), 0u) << what;
    EXPECT_EQ(what.find('\n'), std::string::npos) << what;
    EXPECT_NE(what.find(says), std::string::npos) << what;
  }
}

TEST(ModuleAnalysisFile, BadDocumentsAreOneLineNamingWhere) {
  expectOneLineError("{\"modules\": [", "not valid JSON");
  expectOneLineError("[1, 2]", "\"modules\" list");
  expectOneLineError(R"({"modules": {}})", "\"modules\" list");
  expectOneLineError(R"({"modules": [{"module_path": "a", "status": "great"}]})",
                     "modules[0].status: unknown status \"great\"");
  expectOneLineError(R"({"modules": [{"module_path": "a", "failed_ops": 3}]})",
                     "modules[0].failed_ops: expected a list");
  expectOneLineError(R"({"modules": [{"module_path": "a", "occurrences": [1]}]})",
                     "modules[0].occurrences");
  expectOneLineError(R"({"modules": [{"class_name": "A"}]})", "modules[0].module_path: missing");
  expectOneLineError(R"({"modules": [], "metadata": 5})", "metadata: expected an object");
  // Nesting is bounded before anything recursive (copying, dumping) sees it.
  const std::string deep =
      R"({"modules": [{"module_path": "a", "failed_ops": [{"op_params": {"x": )" +
      std::string(100000, '[') + std::string(100000, ']') + "}}]}]}";
  expectOneLineError(deep, "nests deeper than");
}

ModuleAnalysisDocument analysis(std::vector<AnalysedModule> modules) {
  ModuleAnalysisDocument document;
  document.model_class = "Net";
  document.timestamp = "2026-11-29T10:11:12.000001";
  document.device_arch = "cpu";
  document.device_mesh = "unknown";
  document.modules = std::move(modules);
  return document;
}

TEST(AnalysisSummary, PassedModelSaysSo) {
  EXPECT_EQ(analysisSummaryMarkdown(analysis({})),
            "# Net — PASSED\n\n**Device:** cpu (unknown) | **Date:** 2026-11-29\n\n"
            "All operations passed successfully.\n");
}

TEST(AnalysisSummary, FailedOpsAreDeduplicatedAndKeptWithTheirDeepestModule) {
  AnalysedModule root{"mod_000",
                      "Net",
                      "full_model",
                      "",
                      {},
                      {},
                      {},
                      ir::ModuleStatus::Failed,
                      {poolOp("3 channels"), poolOp("3 channels")}};
  AnalysedModule block{"mod_001",
                       "Block",
                       "a",
                       "full_model",
                       {},
                       {},
                       {},
                       ir::ModuleStatus::Failed,
                       {poolOp("3 channels")}};
  AnalysedModule pool{"mod_002",
                      "Pool",
                      "a.pool",
                      "a",
                      {},
                      {},
                      {},
                      ir::ModuleStatus::Failed,
                      {poolOp("3 channels")}};
  ir::FailedOp piped = poolOp("a | b\nc");
  piped.op_name = "aten.other.default";
  piped.op_params = Json::object();
  AnalysedModule other{"mod_003", "Other", "b", "full_model", {}, {}, {}, ir::ModuleStatus::Failed,
                       {piped}};
  const std::string text = analysisSummaryMarkdown(analysis({root, block, pool, other}));
  EXPECT_EQ(text,
            "# Net — FAILED (2 unique ops)\n\n**Device:** cpu (unknown) | **Date:** 2026-11-29\n\n"
            "## Failed Ops\n\n| # | Op | Inputs | Outputs | Params | Module | Error |\n"
            "|---|----|--------|---------|--------|--------|-------|\n"
            "| 1 | aten.max_pool2d.default | 1x3x8x8xf32 | 1x3x4x4xf32 | "
            "`{\"kernel_size\":[2,2]}` | a.pool | 3 channels |\n"
            "| 2 | aten.other.default | 1x3x8x8xf32 | 1x3x4x4xf32 |  | b | a \\| b c |\n");
  const std::string one = analysisSummaryMarkdown(analysis({pool}));
  EXPECT_EQ(one.rfind("# Net — FAILED (1 unique op)\n", 0), 0u) << one;
}

} // namespace
} // namespace irscope::io
