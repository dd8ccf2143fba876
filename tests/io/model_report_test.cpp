// torch_ir's test-suite Markdown reports (reference_formats.md §1.5). The expected texts are
// written out by hand from tests/testing/report.py and torch_ir/visualize.py, for graphs small
// enough to follow line by line.
#include "io/mermaid_writer.h"
#include "io/model_report.h"
#include "tests/support/graph_builder.h"

#include <gtest/gtest.h>

namespace irscope::io {
namespace {

// torch_ir's four figures alone, as a report made before the verdict's additions shows them.
ReportVerification torchIrVerification(bool passed, double max_diff, double mean_diff,
                                       size_t outputs) {
  ReportVerification verification;
  verification.passed = passed;
  verification.max_diff = max_diff;
  verification.mean_diff = mean_diff;
  verification.outputs_compared = outputs;
  return verification;
}

// x -> linear(x, fc.weight, fc.bias) -> relu -> add(relu, x), plus an embedding table that no
// node reads (torch_ir lists every weight, used or not) whose size needs thousands separators.
ir::Graph reportGraph() {
  irscope::testing::GraphBuilder b("tiny");
  b.input("x", {1, 4});
  const std::string w = b.weight("fc.weight", {4, 4});
  const std::string bias = b.weight("fc.bias", {4});
  b.weight("table.weight", {1000, 1234});
  b.op("linear", "aten.linear.default", {"x", w, bias}, {1, 4});
  b.op("relu", "aten.relu.default", {"linear"}, {1, 4});
  b.op("add", "aten.add.Tensor", {"relu", "x"}, {1, 4});
  b.output("add");
  return b.build();
}

TEST(IrStatistics, CountsWeightInputsAsEdgesBecauseTheyCarryPlaceholderNames) {
  const IrStatistics stats = irStatistics(reportGraph());
  EXPECT_EQ(stats.num_nodes, 3u);
  // linear's x, p_fc_weight and p_fc_bias, relu's linear, add's relu and x: torch_ir compares
  // the inputs' names with "fc.weight" and "fc.bias", which no input is called.
  EXPECT_EQ(stats.num_edges, 6u);
  EXPECT_EQ(stats.num_inputs, 1u);
  EXPECT_EQ(stats.num_outputs, 1u);
  EXPECT_EQ(stats.num_weights, 3u);
  EXPECT_EQ(stats.total_weight_params, 16 + 4 + 1000 * 1234);
  ASSERT_EQ(stats.weight_metadata.size(), 3u);
  EXPECT_EQ(stats.weight_metadata[2].name, "table.weight");
  EXPECT_EQ(stats.weight_metadata[2].num_params, 1234000);
  ASSERT_EQ(stats.node_shapes.size(), 3u);
  EXPECT_EQ(stats.node_shapes[0].input_shapes, (std::vector<ir::Shape>{{1, 4}, {4, 4}, {4}}));
}

TEST(IrStatistics, AnInputNamedLikeAWeightIsNoEdge) {
  ir::Graph graph = reportGraph();
  graph.nodes[0].inputs[1].name = "fc.weight"; // the state_dict key itself
  EXPECT_EQ(irStatistics(graph).num_edges, 5u);
}

TEST(IrStatistics, OpDistributionKeepsFullOpTypesInOrderOfFirstUse) {
  irscope::testing::GraphBuilder b;
  b.input("x", {2});
  b.op("r0", "aten.relu.default", {"x"}, {2});
  b.op("a0", "aten.add.Tensor", {"r0", "x"}, {2});
  b.op("r1", "aten.relu.default", {"a0"}, {2});
  const IrStatistics stats = irStatistics(b.build());
  using Counts = std::vector<std::pair<std::string, size_t>>;
  EXPECT_EQ(stats.op_distribution, (Counts{{"aten.relu.default", 2}, {"aten.add.Tensor", 1}}));
}

TEST(ModelReport, IsTorchIrsReportSectionBySection) {
  const ir::Graph graph = reportGraph();
  ModelResult result;
  result.name = "tiny";
  result.status = ModelStatus::Passed;
  result.duration_seconds = 0.4567;
  result.statistics = irStatistics(graph);
  result.verification = torchIrVerification(true, 1.234e-6, 5.678e-8, 1);
  const std::string expected = R"(# tiny

**Status:** ✅ PASSED
**Generated:** 2024-01-02T03:04:05.678901
**Duration:** 0.457s

## Summary

| Metric | Value |
|--------|-------|
| Nodes | 3 |
| Edges | 6 |
| Inputs | 1 |
| Outputs | 1 |
| Weights | 3 |
| Total Params | 1,234,020 |

## Numerical Verification

**Status:** PASSED
**Max Difference:** 1.23e-06
**Mean Difference:** 5.68e-08
**Outputs Compared:** 1

## DAG Visualization

```mermaid
flowchart TD
    input_x[/"Input: x<br/>1x4"/]
    op_linear["linear<br/>1x4"]
    input_x -->|"1x4"| op_linear
    w_p_fc_weight[/"p_fc_weight<br/>4x4"/]
    w_p_fc_weight -.->|"4x4"| op_linear
    w_p_fc_bias[/"p_fc_bias<br/>4"/]
    w_p_fc_bias -.->|"4"| op_linear
    op_relu["relu<br/>1x4"]
    op_linear -->|"1x4"| op_relu
    op_add["add.Tensor<br/>1x4"]
    op_relu -->|"1x4"| op_add
    input_x -->|"1x4"| op_add
    output_0[\"Output<br/>1x4"/]
    op_add --> output_0
```

## Operator Distribution

```mermaid
pie showData
    title "Operator Distribution"
    "linear" : 1
    "relu" : 1
    "add.Tensor" : 1
```

## Node Details

<details>
<summary>Click to expand</summary>

| Name | Op Type | Input Shapes | Output Shapes |
|------|---------|--------------|---------------|
| linear | linear | [1, 4], [4, 4], [4] | [1, 4] |
| relu | relu | [1, 4] | [1, 4] |
| add | add.Tensor | [1, 4], [1, 4] | [1, 4] |

</details>

## Weight Metadata

| Name | Shape | Dtype | Parameters |
|------|-------|-------|------------|
| fc.weight | 4x4 | float32 | 16 |
| fc.bias | 4 | float32 | 4 |
| table.weight | 1000x1234 | float32 | 1,234,000 |
)";
  EXPECT_EQ(modelReportMarkdown(result, &graph, "2024-01-02T03:04:05.678901"), expected);
}

TEST(ModelReport, AModelThatCouldNotBeReadHasItsErrorAndNothingElse) {
  ModelResult result;
  result.name = "broken";
  result.status = ModelStatus::Failed;
  result.error = "broken.json: no such file";
  result.duration_seconds = 0.01;
  EXPECT_EQ(modelReportMarkdown(result, nullptr, "T"), "# broken\n"
                                                       "\n"
                                                       "**Status:** ❌ FAILED\n"
                                                       "**Generated:** T\n"
                                                       "**Duration:** 0.010s\n"
                                                       "\n"
                                                       "## Error\n"
                                                       "\n"
                                                       "```\n"
                                                       "broken.json: no such file\n"
                                                       "```\n");
}

TEST(ModelReport, AFailedVerificationShowsTheErrorThenTheFigures) {
  const ir::Graph graph = reportGraph();
  ModelResult result;
  result.name = "tiny";
  result.status = ModelStatus::Failed;
  result.error = "Output tensors do not match within tolerance";
  result.statistics = irStatistics(graph);
  result.verification = torchIrVerification(false, 0.5, 0.125, 1);
  const std::string report = modelReportMarkdown(result, &graph, "T");
  EXPECT_NE(report.find("**Status:** ❌ FAILED\n"), std::string::npos);
  const size_t error = report.find("## Error\n\n```\nOutput tensors do not match within tolerance\n"
                                   "```\n\n## Summary\n");
  const size_t figures = report.find("## Numerical Verification\n\n**Status:** FAILED\n"
                                     "**Max Difference:** 5.00e-01\n"
                                     "**Mean Difference:** 1.25e-01\n");
  ASSERT_NE(error, std::string::npos) << report;
  ASSERT_NE(figures, std::string::npos) << report;
  EXPECT_LT(error, figures);
}

TEST(ModelReport, SaysWhenNothingWasComparedInsteadOfPassing) {
  const ir::Graph graph = reportGraph();
  ModelResult result;
  result.name = "tiny";
  result.status = ModelStatus::NotVerified;
  result.not_verified_reason = "nothing to compare with";
  result.statistics = irStatistics(graph);
  const std::string report = modelReportMarkdown(result, &graph, "T");
  EXPECT_NE(report.find("**Status:** ⚠️ NOT VERIFIED\n"), std::string::npos) << report;
  EXPECT_NE(report.find("## Numerical Verification\n\n**Status:** NOT VERIFIED\n"
                        "**Reason:** nothing to compare with\n\n## DAG Visualization\n"),
            std::string::npos)
      << report;
  EXPECT_EQ(report.find("PASSED"), std::string::npos);
  EXPECT_EQ(report.find("Max Difference"), std::string::npos);
}

TEST(ModelReport, TruncatesTheFlowchartAtThirtyNodes) {
  const ir::Graph graph = irscope::testing::makeTransformerLikeGraph(100);
  ModelResult result;
  result.name = "big";
  const std::string report = modelReportMarkdown(result, &graph, "T");
  EXPECT_NE(report.find("    op_" + graph.nodes[29].name + "["), std::string::npos);
  EXPECT_EQ(report.find("    op_" + graph.nodes[30].name + "["), std::string::npos);
  EXPECT_NE(report.find("    note[\"... " + std::to_string(graph.nodes.size() - 30) +
                        " more nodes ...\"]\n```\n"),
            std::string::npos);
}

// Twelve op types, first used in the order t0..t11, used 1, 3, 3, 2, 7, 1, 1, 2, 1, 1, 1 and 4
// times. t4 is also written as "t4.default" and "aten.t4", which shorten to the same "t4".
ir::Graph twelveOpTypes() {
  irscope::testing::GraphBuilder b;
  b.input("x", {2});
  size_t n = 0;
  auto add = [&](const std::string& op_type) {
    b.op("n" + std::to_string(n++), op_type, {"x"}, {2});
  };
  for (int t = 0; t < 12; ++t)
    add("aten.t" + std::to_string(t) + ".default");
  for (const char* op : {"aten.t1.default", "aten.t1.default", "aten.t2.default", "aten.t2.default",
                         "aten.t3.default", "aten.t7.default", "aten.t11.default",
                         "aten.t11.default", "aten.t11.default"})
    add(op);
  for (const char* op :
       {"aten.t4.default", "aten.t4.default", "t4.default", "t4.default", "aten.t4", "aten.t4"})
    add(op);
  return b.build();
}

TEST(OpDistributionPie, ShowsTheTopTenByCountThenOthers) {
  // Most used first; equal counts in order of first use (t1 before t2, t0 before t5, t6, t8);
  // t9 and t10 are left over.
  EXPECT_EQ(writeOpDistributionPie(twelveOpTypes()), "pie showData\n"
                                                     "    title \"Operator Distribution\"\n"
                                                     "    \"t4\" : 7\n"
                                                     "    \"t11\" : 4\n"
                                                     "    \"t1\" : 3\n"
                                                     "    \"t2\" : 3\n"
                                                     "    \"t3\" : 2\n"
                                                     "    \"t7\" : 2\n"
                                                     "    \"t0\" : 1\n"
                                                     "    \"t5\" : 1\n"
                                                     "    \"t6\" : 1\n"
                                                     "    \"t8\" : 1\n"
                                                     "    \"Others\" : 2");
}

TEST(OpDistributionPie, HasNoOthersWhenEveryTypeFits) {
  const std::string pie = writeOpDistributionPie(twelveOpTypes(), 12);
  EXPECT_EQ(pie.find("Others"), std::string::npos);
  EXPECT_NE(pie.find("    \"t10\" : 1"), std::string::npos);
  EXPECT_EQ(pie.substr(pie.rfind('\n') + 1), "    \"t10\" : 1");
}

ModelResult summaryRow(const std::string& name, ModelStatus status, double duration) {
  ModelResult result;
  result.name = name;
  result.status = status;
  result.duration_seconds = duration;
  return result;
}

TEST(SummaryReport, IsTorchIrsSummaryWithLinksCategoriesAndFailures) {
  ModelResult a = summaryRow("A", ModelStatus::Passed, 0.4567);
  a.statistics = irStatistics(reportGraph());
  a.verification = torchIrVerification(true, 1.234e-6, 1e-7, 1);
  a.categories = {"attention"};
  ModelResult b = summaryRow("B", ModelStatus::Failed, 2);
  b.statistics = IrStatistics{};
  b.statistics->num_nodes = 7;
  b.verification = torchIrVerification(false, 0.5, 0.25, 2);
  b.error = "Output tensors do not match within tolerance";
  b.categories = {"skip_connections", "attention"};
  ModelResult c = summaryRow("C", ModelStatus::Failed, 0.001);
  c.error = "c.json: no such file";
  const std::string expected = R"(# Test Summary Report

**Generated:** 2024-01-02T03:04:05.678901

## Overall Results

- **Total Tests:** 3
- **Passed:** 1 ✅
- **Failed:** 2 ❌
- **Pass Rate:** 33.3%

## Test Results

| Model | Status | Nodes | Params | Max Diff | Duration |
|-------|--------|-------|--------|----------|----------|
| [A](./A.md) | ✅ | 3 | 1,234,020 | 1.23e-06 | 0.457s |
| [B](./B.md) | ❌ | 7 | 0 | 5.00e-01 | 2.000s |
| [C](./C.md) | ❌ | - | - | - | 0.001s |

## Results by Category

| Category | Passed | Failed | Total |
|----------|--------|--------|-------|
| attention | 1 | 1 | 2 |
| skip_connections | 0 | 1 | 1 |

## Failed Tests

### B

```
Output tensors do not match within tolerance
```

### C

```
c.json: no such file
```
)";
  EXPECT_EQ(summaryMarkdown({a, b, c}, "2024-01-02T03:04:05.678901"), expected);
}

TEST(SummaryReport, CountsModelsThatWereNotVerifiedApart) {
  ModelResult a = summaryRow("A", ModelStatus::Passed, 1);
  ModelResult b = summaryRow("B", ModelStatus::NotVerified, 1);
  ModelResult c = summaryRow("C", ModelStatus::Passed, 1);
  const std::string summary = summaryMarkdown({a, b, c}, "T");
  EXPECT_NE(summary.find("- **Passed:** 2 ✅\n- **Failed:** 0 ❌\n- **Not Verified:** 1 ⚠️\n"
                         "- **Pass Rate:** 66.7%\n"),
            std::string::npos)
      << summary;
  EXPECT_NE(summary.find("| [B](./B.md) | ⚠️ | - | - | - | 1.000s |\n"), std::string::npos);
  EXPECT_EQ(summary.find("## Failed Tests"), std::string::npos);
  // Without any, the line is left out, as torch_ir has no such line.
  EXPECT_EQ(summaryMarkdown({a, c}, "T").find("Not Verified"), std::string::npos);
}

} // namespace
} // namespace irscope::io
