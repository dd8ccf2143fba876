#pragma once
// An open model against an operator mapping: per op type its coverage (target ops, how many
// configurations are converted, removed, fall back or have no entry, the score) and each
// configuration's class and reason; per node the class of its configuration. What the Operators
// dock lists, "Colour by: Target Mapping" paints and Properties explain. Built on the GUI thread
// from the configurations the loader collected: classing a few hundred configurations is cheap.
#include "core/op_coverage.h"
#include "core/op_mapping.h"
#include "gui/app/model_document.h"

#include <memory>
#include <optional>
#include <vector>

namespace irscope::app {

struct ModelMapping {
  ModelMapping() = default;
  // The coverage points into `models`: never copied.
  ModelMapping(const ModelMapping&) = delete;
  ModelMapping& operator=(const ModelMapping&) = delete;

  std::shared_ptr<const ir::OpMapping> mapping;
  std::vector<ir::ModelConfigurations> models; // one: the open model (its graph not kept)
  ir::CoverageReport coverage;                 // its ops sorted by name
  // Per node: the class of its configuration; nullopt for getitem, which is no op.
  std::vector<std::optional<ir::CoverageClass>> node_class;

  const ir::OpCoverage* op(const std::string& op_type) const;
};

// Classes every configuration of the document's model; the mapping is kept alive with it.
std::shared_ptr<const ModelMapping> mapModel(const ModelDocument& document,
                                             std::shared_ptr<const ir::OpMapping> mapping);

} // namespace irscope::app
