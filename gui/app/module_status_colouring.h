#pragma once
// "Colour by: Module Status": each op's box by the status of the innermost analysed module
// around it, a failed op's own box failed-red, a collapsed group's box by its module's status;
// in ttchop's status colours, which the Modules dock's dots use too. Needs no run, only an
// analysis (model_module_analysis.h).
#include "core/module_status.h"
#include "gui/app/model_document.h"
#include "gui/app/model_module_analysis.h"
#include "gui/render/heat_map.h"

#include <QColor>
#include <QIcon>
#include <QString>

namespace irscope::app {

// success #22c55e, failed and ir_export_failed #ef4444, inherited_success #10b981, skipped
// #9ca3af, unknown #d1d5db: the colours of ttchop's report.
QColor moduleStatusColor(ir::ModuleStatus status);
// "success", "inherited_success", ...: the names the analysis files use.
QString moduleStatusText(ir::ModuleStatus status);
// A round dot of the status's colour, for rows that show a status.
QIcon moduleStatusIcon(ir::ModuleStatus status);

render::HeatMap colourByModuleStatus(const ModelDocument& document,
                                     const ModelModuleAnalysis& analysis);

} // namespace irscope::app
