#pragma once
// Opening a model and laying it out, as work for a BackgroundJob: everything the window needs
// about a checked model, built off the GUI thread and then only read.
#include "gui/app/model_document.h"
#include "layout/layout_control.h"

#include <QString>
#include <memory>
#include <vector>

namespace irscope::app {

class JobContext;

// A layout run as a job's work: it stops when the job is cancelled, reports to the job's
// progress, and has 30 s before it falls back to straight edges and minimal search.
layout::LayoutControl layoutControl(JobContext& context);

// Reads, validates and lays out a model file through the loader every irscope-cli command uses
// (io::loadModel). A TorchScript file runs on seeded inputs of these shapes (`inputs` is
// ignored for the other kinds). A model that holds its weights (TorchScript, .pt2) hands their
// statistics over here, so that the Weights dock never reads or runs the model again.
// `shared_value_stubs` is View > Shared-Value Stubs (layout::DiagramOptions::stubs).
std::shared_ptr<ModelDocument> openDocument(const QString& path, std::vector<ir::InputSpec> inputs,
                                            const layout::LayoutControl& control,
                                            bool shared_value_stubs = true);

// The open model laid out again with other options (a group expanded, weights shown, ...).
std::shared_ptr<ModelDocument> relayoutDocument(const ModelDocument& base,
                                                layout::DiagramOptions options,
                                                const layout::LayoutControl& control);

} // namespace irscope::app
