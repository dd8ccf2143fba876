#pragma once
// The operator-mapping file: resources/mappings/ttnn.json is built into irscope, and users may
// load their own in the same schema, whose entries override the built-in ones.
//
//   {"format": "irscope-op-mapping", "version": 1, "target": "TTNN", "source": "where from",
//    "ops": {"aten.max_pool2d.default": {
//        "targets": ["ttnn.max_pool2d"],
//        "status": "converted" | "decomposed" | "removed" | "fallback",
//        "note": "why, or how it is lowered",
//        "defaults": {"ceil_mode": false},       (attrs the IR leaves out when they are defaults)
//        "requires": [RULE, ...]}}}                (every rule must hold, else the op falls back)
//   RULE = {"value": REF, PREDICATE..., "label": "channels", "because": "needs 16 or ..."}
//   REF  = "inputs" | "inputN.rank" | "inputN.numel" | "inputN.dtype" | "inputN.shape"
//          | "inputN.shape[i]" | "inputN.shape[a:b]" | "outputN.…" | "attr.NAME"
//   PREDICATE keys: "eq", "ne", "lt", "le", "gt", "ge" (a value), "in", "not_in" (a list),
//          "multiple_of" (a number), "same_as" (another REF), "any_of", "all_of" (lists of
//          objects holding predicate keys). Several keys in one object must all hold.
#include "core/op_mapping.h"

#include <filesystem>
#include <string>
#include <string_view>

namespace irscope::io {

// Throws LoadError naming the source and the entry: "my.json: ops[\"aten.relu.default\"]
// .requires[0].value: \"input0.shap\": expected rank, numel, dtype, shape or shape[i] ...".
ir::OpMapping parseOpMapping(std::string_view json, const std::string& source_name);
ir::OpMapping readOpMappingFile(const std::filesystem::path& path);

// The built-in TTNN mapping (resources/mappings/ttnn.json, compiled in).
const ir::OpMapping& defaultOpMapping();
std::string_view defaultOpMappingJson();

} // namespace irscope::io
