#pragma once
// "Colour by": what number from the last run paints each box of the canvas (and the exports),
// and how a collapsed group's box stands for the nodes inside it.
#include "gui/app/model_document.h"
#include "gui/app/run_result.h"
#include "gui/render/heat_map.h"

#include <QString>
#include <optional>
#include <vector>

namespace irscope::app {

enum class ColourBy {
  None,
  MaxAbs,    // the largest |x| over a node's outputs
  NonFinite, // whether an output holds NaN or Inf
  Error,     // the largest max diff against the reference, on a log scale (after a verify)
  Mapping,   // how each op maps to the target: needs no run (mapping_colouring.h paints it)
  // each op by its module's op-by-op analysis status: needs an analysis, no run
  // (module_status_colouring.h paints it)
  ModuleStatus,
};

inline constexpr ColourBy kAllColourings[] = {ColourBy::None,      ColourBy::MaxAbs,
                                              ColourBy::NonFinite, ColourBy::Error,
                                              ColourBy::Mapping,   ColourBy::ModuleStatus};

// Menu and combo-box text: "&None", "Max |x|", ...
QString colouringLabel(ColourBy colouring);
// Command-line and settings names: none, maxabs, nonfinite, error, mapping, modulestatus.
QString colouringKey(ColourBy colouring);
std::optional<ColourBy> colouringNamed(const QString& key);

// Whether the run has what the colouring needs (Error: outputs compared with a reference);
// None, Mapping and ModuleStatus need none (ModuleStatus needs an analysis instead).
bool colouringAvailable(ColourBy colouring, const RunResult* run);

// Each node's value under the colouring: nullopt when it has none, infinity for NaN/Inf.
std::vector<std::optional<double>> nodeValues(const RunResult& run, ColourBy colouring);

// Each diagram item's value: an op's own; a collapsed group's worst over the nodes inside it
// (NaN/Inf first, then the largest); nullopt for inputs, outputs, weights and constants.
std::vector<std::optional<double>> itemValues(const ModelDocument& document,
                                              const std::vector<std::optional<double>>& nodes);

// The fills and legend that the canvas and the exports draw; empty for ColourBy::None,
// ColourBy::Mapping and ColourBy::ModuleStatus, and without a run.
render::HeatMap colourItems(const ModelDocument& document, const RunResult* run,
                            ColourBy colouring);

} // namespace irscope::app
