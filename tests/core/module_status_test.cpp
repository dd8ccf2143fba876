// The status rules of the op-by-op analysis (reference_formats.md §2.2), one hand-made tree per
// rule. Each test states the expected statuses from the rule's text, not from the code.
#include "core/module_status.h"

#include <gtest/gtest.h>
#include <map>
#include <set>

namespace irscope::ir {
namespace {

using Outcome = ModuleTest::Outcome;

// A tree given as (path, parent, class); outcomes by path, Passed when not listed.
struct Case {
  Case(std::vector<StatusTreeModule> tree, std::map<std::string, Outcome> given)
      : modules(std::move(tree)), outcomes(std::move(given)) {}
  std::vector<StatusTreeModule> modules;
  std::map<std::string, Outcome> outcomes;
  std::vector<std::string> tested; // filled by run()

  std::map<std::string, std::string> run(bool root_only = false) {
    const auto verdicts = analyzeModuleTree(
        modules,
        [&](size_t i) {
          tested.push_back(modules[i].path);
          ModuleTest test;
          auto it = outcomes.find(modules[i].path);
          test.outcome = it == outcomes.end() ? Outcome::Passed : it->second;
          if (test.outcome == Outcome::Failed)
            test.failed_ops.push_back({"aten.op", "because", {}, {}, Json::object(), "n"});
          return test;
        },
        root_only);
    std::map<std::string, std::string> statuses;
    for (size_t i = 0; i < modules.size(); ++i)
      statuses[modules[i].path] = std::string(moduleStatusName(verdicts[i].status));
    return statuses;
  }
};

TEST(ModuleStatus, ContainerIsSkippedAndItsChildrenAreTested) {
  Case c{{{"full_model", "", "Net"},
          {"blocks", "full_model", "Sequential"},
          {"blocks.0", "blocks", "Block"},
          {"blocks.1", "blocks", "Block"}},
         {{"full_model", Outcome::Failed}}};
  const auto statuses = c.run();
  EXPECT_EQ(c.tested, (std::vector<std::string>{"full_model", "blocks.0", "blocks.1"}));
  EXPECT_EQ(statuses.at("blocks.0"), "success");
  EXPECT_EQ(statuses.at("blocks.1"), "success");
  // The bottom-up pass then gives the container its children's success.
  EXPECT_EQ(statuses.at("blocks"), "inherited_success");
}

TEST(ModuleStatus, SuccessMarksEveryDescendantInheritedAndTestsNone) {
  Case c{{{"full_model", "", "Net"},
          {"a", "full_model", "A"},
          {"a.b", "a", "B"},
          {"a.b.c", "a.b", "C"},
          {"d", "full_model", "D"}},
         {}};
  const auto statuses = c.run();
  EXPECT_EQ(c.tested, std::vector<std::string>{"full_model"});
  EXPECT_EQ(statuses.at("full_model"), "success");
  for (const char* path : {"a", "a.b", "a.b.c", "d"})
    EXPECT_EQ(statuses.at(path), "inherited_success") << path;
}

TEST(ModuleStatus, FailureKeepsItsOpsAndRecursesIntoChildren) {
  Case c{{{"full_model", "", "Net"},
          {"a", "full_model", "A"},
          {"a.x", "a", "X"},
          {"b", "full_model", "B"}},
         {{"full_model", Outcome::Failed}, {"a", Outcome::Failed}}};
  const auto verdicts = analyzeModuleTree(c.modules, [&](size_t i) {
    ModuleTest test;
    if (c.outcomes.count(c.modules[i].path)) {
      test.outcome = Outcome::Failed;
      test.failed_ops.push_back({"aten.bad", "PCC 0.5", {}, {}, Json::object(), c.modules[i].path});
    }
    return test;
  });
  EXPECT_EQ(verdicts[0].status, ModuleStatus::Failed);
  ASSERT_EQ(verdicts[0].failed_ops.size(), 1u);
  EXPECT_EQ(verdicts[0].failed_ops[0].node, "full_model");
  EXPECT_EQ(verdicts[1].status, ModuleStatus::Failed);
  EXPECT_EQ(verdicts[2].status, ModuleStatus::Success); // reached through a's failure
  EXPECT_EQ(verdicts[3].status, ModuleStatus::Success);
  EXPECT_TRUE(verdicts[2].tested);
  EXPECT_TRUE(verdicts[3].failed_ops.empty());
}

TEST(ModuleStatus, ExportFailureIsItsOwnStatusAndRecurses) {
  Case c{{{"full_model", "", "Net"}, {"a", "full_model", "A"}},
         {{"full_model", Outcome::ExportFailed}}};
  const auto statuses = c.run();
  EXPECT_EQ(statuses.at("full_model"), "ir_export_failed");
  EXPECT_EQ(statuses.at("a"), "success");
  EXPECT_EQ(c.tested, (std::vector<std::string>{"full_model", "a"}));
}

TEST(ModuleStatus, UntestableModuleIsSkippedAndRecurses) {
  Case c{{{"full_model", "", "Net"}, {"a", "full_model", "A"}, {"a.b", "a", "B"}},
         {{"full_model", Outcome::Failed}, {"a", Outcome::Untestable}}};
  const auto statuses = c.run();
  EXPECT_EQ(statuses.at("a"), "skipped");
  EXPECT_EQ(statuses.at("a.b"), "success");
}

TEST(ModuleStatus, ContainerWithAFailedChildFails) {
  Case c{{{"full_model", "", "Net"},
          {"layers", "full_model", "ModuleList"},
          {"layers.0", "layers", "Block"},
          {"layers.1", "layers", "Block"}},
         {{"full_model", Outcome::Failed}, {"layers.1", Outcome::ExportFailed}}};
  const auto statuses = c.run();
  EXPECT_EQ(statuses.at("layers.0"), "success");
  EXPECT_EQ(statuses.at("layers.1"), "ir_export_failed");
  EXPECT_EQ(statuses.at("layers"), "failed");
}

TEST(ModuleStatus, ContainerWithOnlySkippedChildrenIsSkipped) {
  Case c{{{"full_model", "", "Net"},
          {"heads", "full_model", "ModuleDict"},
          {"heads.a", "heads", "Head"},
          {"heads.b", "heads", "Head"}},
         {{"full_model", Outcome::Failed},
          {"heads.a", Outcome::Untestable},
          {"heads.b", Outcome::Untestable}}};
  const auto statuses = c.run();
  EXPECT_EQ(statuses.at("heads"), "skipped");
}

TEST(ModuleStatus, NestedContainersTakeTheirVerdictBottomUp) {
  Case c{{{"full_model", "", "Net"},
          {"outer", "full_model", "Sequential"},
          {"outer.inner", "outer", "Sequential"},
          {"outer.inner.0", "outer.inner", "Conv"}},
         {{"full_model", Outcome::Failed}, {"outer.inner.0", Outcome::Failed}}};
  const auto statuses = c.run();
  EXPECT_EQ(statuses.at("outer.inner"), "failed");
  EXPECT_EQ(statuses.at("outer"), "failed");
}

TEST(ModuleStatus, ContainerUnderASuccessKeepsInheritedSuccess) {
  Case c{{{"full_model", "", "Net"},
          {"a", "full_model", "A"},
          {"a.seq", "a", "Sequential"},
          {"a.seq.0", "a.seq", "Conv"}},
         {{"full_model", Outcome::Failed}}};
  const auto statuses = c.run();
  EXPECT_EQ(statuses.at("a"), "success");
  EXPECT_EQ(statuses.at("a.seq"), "inherited_success");
  EXPECT_EQ(c.tested, (std::vector<std::string>{"full_model", "a"}));
}

TEST(ModuleStatus, OrphanHangsUnderItsNearestExistingAncestor) {
  // "a.b" is not a unique module of its own (a copy elsewhere), so "a.b.c" hangs under "a".
  Case c{{{"full_model", "", "Net"}, {"a", "full_model", "A"}, {"a.b.c", "a.b", "C"}},
         {{"full_model", Outcome::Failed}}};
  const auto statuses = c.run();
  EXPECT_EQ(statuses.at("a.b.c"), "inherited_success"); // a passed, so its orphan inherits
}

TEST(ModuleStatus, OrphanWithNoAncestorHangsUnderTheRoot) {
  Case c{{{"full_model", "", "Net"}, {"x.y", "x", "Y"}}, {}};
  const auto statuses = c.run();
  EXPECT_EQ(statuses.at("x.y"), "inherited_success");
}

TEST(ModuleStatus, RootOnlySkipsEverythingBelowTheRoot) {
  for (const Outcome root : {Outcome::Passed, Outcome::Failed, Outcome::ExportFailed}) {
    Case c{{{"full_model", "", "Net"}, {"a", "full_model", "A"}, {"a.b", "a", "B"}},
           {{"full_model", root}}};
    const auto statuses = c.run(true);
    EXPECT_EQ(c.tested, std::vector<std::string>{"full_model"});
    EXPECT_EQ(statuses.at("a"), "skipped");
    EXPECT_EQ(statuses.at("a.b"), "skipped");
  }
}

TEST(ModuleStatus, NamesRoundTripAndFollowTheReferenceOrder) {
  const std::vector<std::string> order{
      "failed", "ir_export_failed", "success", "inherited_success", "skipped", "unknown"};
  for (size_t i = 0; i < order.size(); ++i) {
    const auto status = moduleStatusNamed(order[i]);
    ASSERT_TRUE(status) << order[i];
    EXPECT_EQ(moduleStatusName(*status), order[i]);
    EXPECT_EQ(moduleStatusRank(*status), static_cast<int>(i));
  }
  EXPECT_FALSE(moduleStatusNamed("passed"));
}

TEST(ModuleStatus, TensorTypesReadLikeMlir) {
  EXPECT_EQ(tensorTypeText({1, 3, 224, 224}, "float32"), "1x3x224x224xf32");
  EXPECT_EQ(tensorTypeText({}, "bfloat16"), "bf16");
  EXPECT_EQ(tensorTypeText({8}, "int64"), "8xsi64");
  EXPECT_EQ(tensorTypeText({2, 2}, "bool"), "2x2xi1");
}

} // namespace
} // namespace irscope::ir
