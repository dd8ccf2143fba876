#pragma once
// The operations master file of tt-metal's model tracer (seed 003; reference_formats.md §3.1, the
// v2 layout), made from torch_ir models instead of device traces, and read back, queried and
// summarised the way model_tracer/analyze_operations.py prints it (§3.2):
//
//   {"operations": {OP: {"configurations": [
//       {"config_id": 1, "config_hash": SHA256, "arguments": {"arg0": ..., ATTR: ...},
//        "executions": [{"source": MODEL, "count": N, "machine_info": null, "trace_uid": null}]},
//       ...]}},
//    "metadata": {"models": [MODEL, ...], "unique_operations": int, "total_configurations": int,
//                 "operations_summary": {OP: config count}, "last_updated": "YYYY-MM-DD HH:MM:SS"}}
//
// OP is the node's op_type ("aten.conv2d.default"); the arguments are core/op_configuration.h's;
// config_hash is the SHA-256 of configurationText(OP, arguments) (json.dumps of {"arguments",
// "operation"} with sorted keys: no hardware, which the IR does not know); MODEL is the model
// file's path as given; N is how many of the model's nodes have the configuration; config_id is
// 1-based and new ones take the file's largest + 1.
//
// Sweep vectors (sweepVectors), one per configuration of one op, keyed by config_hash as tt-metal's
// sweep results key theirs by input_hash:
//
//   {"operation": OP, "vectors": {SHA256: {"config_id": 1, "arguments": {...}}, ...}}
//
// Everything here is an OpsJson: its objects are std::maps, so dump(2) writes keys sorted, as the
// tracer's json.dump(indent=2, sort_keys=True) does.
#include "core/graph.h"

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

namespace irscope::io {

using OpsJson = nlohmann::json;

// A model to take configurations from: its source (the file's path as given) and its graph.
using OpsModel = std::pair<std::string, ir::Graph>;

// What buildOpsMaster added to the master it started from.
struct OpsMasterChanges {
  size_t new_configurations = 0;
  size_t new_executions = 0;
  size_t raised_counts = 0; // executions of the same source whose count went up
  bool changed = false;     // anything but last_updated; when false, last_updated is kept too
};

// The master of `models`, merged into `existing` when given (as readOpsMaster returns it; its
// unknown keys are kept). An existing configuration with the same config_hash is reused; an
// execution with the same source (and no machine_info) keeps count = max(old, new); other models
// add executions and configurations. `now` is the last_updated to write when something changed
// (default: the local time now).
OpsJson buildOpsMaster(const std::vector<OpsModel>& models, const OpsJson* existing = nullptr,
                       const std::string& now = {}, OpsMasterChanges* changes = nullptr);

// "YYYY-MM-DD HH:MM:SS", local time, as Python's datetime.now().strftime writes it.
std::string opsTimestamp();

// Reads and checks a master file. Throws LoadError naming the file and the JSON path:
// 'ops.json: operations["aten.relu.default"].configurations[3].arguments: expected an object,
// got a list'.
OpsJson readOpsMaster(const std::filesystem::path& path);
// The same for text already read; `name` names it in errors.
OpsJson parseOpsMaster(const std::string& text, const std::string& name);
// The checks alone, on a parsed value.
void checkOpsMaster(const OpsJson& master, const std::string& name);

// The master as written to disk: dump(2) and a newline.
std::string opsMasterText(const OpsJson& master);

// Operations matching `query`: the exact name; else "aten.<query>.default"; else every name that
// contains it, ignoring case (in-place ops such as "aten.relu_.default" only when the query has a
// "_", as analyze_operations.py skips "add_" for "add"). Sorted.
std::vector<std::string> findOperations(const OpsJson& master, const std::string& query);

// analyze_operations.py's output, adapted to v2 configurations and torch tensors. (Its first
// two lines, 📂 Loading master file and ✅ Loaded N operations, are the caller's.)
std::string renderOperation(const OpsJson& master, const std::string& op);  // 🔧 📊 📋 📝
std::string renderNoMatch(const OpsJson& master, const std::string& query); // ❌ 💡
std::string renderOperationList(const OpsJson& master);                     // --list
std::string renderStatistics(const OpsJson& master);                        // --stats

// One argument as analyze_operations.py formats it: "Tensor(shape=[1, 16, 64], dtype=FLOAT32)",
// a string quoted, a short list or object inline.
std::string formatOpsArgument(const OpsJson& value);

// The category --list and --stats group `op` under (see the definition).
std::string opsCategory(const std::string& op);

// One test vector per configuration of `op` (an exact name), in the format above.
OpsJson sweepVectors(const OpsJson& master, const std::string& op);

} // namespace irscope::io
