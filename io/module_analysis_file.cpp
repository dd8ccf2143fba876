#include "io/module_analysis_file.h"

#include "io/input_file.h"
#include "io/load_error.h"
#include "io/torch_ir_reader.h"

#include <sstream>
#include <stdexcept>

namespace irscope::io {
namespace {

// Read with nlohmann's map-backed json: ordered_json finds a key by linear search, so one object
// with a million keys would take hours to parse. Nesting is bounded like every JSON reader's.
using ReadJson = nlohmann::json;

// unique_modules.json of a model with a hundred thousand modules is a few tens of MiB.
constexpr uint64_t kMaxAnalysisFileBytes = uint64_t{256} << 20;

class Reader {
public:
  explicit Reader(std::string source) : source_(std::move(source)) {}

  [[noreturn]] void fail(const std::string& where, const std::string& problem) const {
    throw LoadError(source_, where + ": " + problem);
  }

  std::string text(const ReadJson& object, const char* key, const std::string& where) const {
    if (!object.contains(key) || object[key].is_null())
      return {};
    if (!object[key].is_string())
      fail(where + "." + key, "expected a string");
    return object[key].get<std::string>();
  }

  std::vector<std::string> texts(const ReadJson& object, const char* key,
                                 const std::string& where) const {
    std::vector<std::string> result;
    if (!object.contains(key) || object[key].is_null())
      return result;
    const ReadJson& list = object[key];
    if (!list.is_array())
      fail(where + "." + key, "expected a list of strings");
    for (const ReadJson& item : list) {
      if (!item.is_string())
        fail(where + "." + key, "expected a list of strings");
      result.push_back(item.get<std::string>());
    }
    return result;
  }

  ir::FailedOp failedOp(const ReadJson& json, const std::string& where) const {
    if (!json.is_object())
      fail(where, "expected an object with op_name and error_message");
    ir::FailedOp op;
    op.op_name = text(json, "op_name", where);
    // The reference writes whatever the test reported; a non-string message is kept as JSON.
    if (json.contains("error_message") && !json["error_message"].is_string() &&
        !json["error_message"].is_null())
      op.error_message = json["error_message"].dump();
    else
      op.error_message = text(json, "error_message", where);
    op.inputs = texts(json, "inputs", where);
    op.outputs = texts(json, "outputs", where);
    if (json.contains("op_params") && json["op_params"].is_object())
      op.op_params = Json(json["op_params"]);
    op.node = text(json, "node", where);
    return op;
  }

  AnalysedModule module(const ReadJson& json, const std::string& where) const {
    if (!json.is_object())
      fail(where, "expected a module object");
    AnalysedModule module;
    module.id = text(json, "id", where);
    module.class_name = text(json, "class_name", where);
    module.module_path = text(json, "module_path", where);
    if (module.module_path.empty())
      fail(where + ".module_path", "missing");
    module.parent = text(json, "parent", where);
    module.occurrences = texts(json, "occurrences", where);
    if (module.occurrences.empty())
      module.occurrences.push_back(module.module_path);
    module.input_shapes = texts(json, "input_shapes", where);
    module.output_shapes = texts(json, "output_shapes", where);
    const std::string status = text(json, "status", where);
    if (!status.empty()) {
      const auto known = ir::moduleStatusNamed(status);
      if (!known)
        fail(where + ".status", "unknown status \"" + status + "\"");
      module.status = *known;
    }
    if (json.contains("failed_ops") && !json["failed_ops"].is_null()) {
      const ReadJson& ops = json["failed_ops"];
      if (!ops.is_array())
        fail(where + ".failed_ops", "expected a list");
      for (size_t i = 0; i < ops.size(); ++i)
        module.failed_ops.push_back(
            failedOp(ops[i], where + ".failed_ops[" + std::to_string(i) + "]"));
    }
    return module;
  }

  ModuleAnalysisDocument document(std::string_view json_text) const {
    struct TooDeep {};
    ReadJson json;
    try {
      json = ReadJson::parse(json_text, [](int depth, ReadJson::parse_event_t, ReadJson&) {
        if (depth > static_cast<int>(kMaxJsonDepth))
          throw TooDeep{};
        return true;
      });
    } catch (const TooDeep&) {
      fail("JSON", "nests deeper than " + std::to_string(kMaxJsonDepth) + " levels");
    } catch (const nlohmann::json::parse_error& error) {
      fail("JSON", "not valid JSON at byte " + std::to_string(error.byte));
    } catch (const nlohmann::json::exception&) {
      fail("JSON", "not valid JSON: a number is out of range");
    }
    if (!json.is_object() || !json.contains("modules") || !json["modules"].is_array())
      fail("top level", "expected an object with \"metadata\" and a \"modules\" list "
                        "(unique_modules.json)");
    ModuleAnalysisDocument document;
    if (json.contains("metadata")) {
      const ReadJson& metadata = json["metadata"];
      if (!metadata.is_object())
        fail("metadata", "expected an object");
      document.model_class = text(metadata, "model_class", "metadata");
      document.backend = text(metadata, "backend", "metadata");
      document.timestamp = text(metadata, "timestamp", "metadata");
      document.device_arch = text(metadata, "device_arch", "metadata");
      document.device_mesh = text(metadata, "device_mesh", "metadata");
      if (metadata.contains("total_modules") && metadata["total_modules"].is_number_unsigned())
        document.total_modules = metadata["total_modules"].get<size_t>();
    }
    const ReadJson& modules = json["modules"];
    for (size_t i = 0; i < modules.size(); ++i)
      document.modules.push_back(module(modules[i], "modules[" + std::to_string(i) + "]"));
    return document;
  }

private:
  std::string source_;
};

} // namespace

void addModuleStatuses(Json& document, const std::vector<ir::ModuleVerdict>& verdicts,
                       std::string_view backend) {
  Json& modules = document.at("modules");
  if (modules.size() != verdicts.size())
    throw std::invalid_argument("one verdict per module expected");
  document["metadata"]["backend"] = std::string(backend);
  for (size_t i = 0; i < verdicts.size(); ++i) {
    const ir::ModuleVerdict& verdict = verdicts[i];
    Json& module = modules[i];
    module["status"] = std::string(ir::moduleStatusName(verdict.status));
    Json failed = Json::array();
    for (const ir::FailedOp& op : verdict.failed_ops) {
      Json entry = Json::object();
      entry["op_name"] = op.op_name;
      entry["error_message"] = op.error_message;
      entry["inputs"] = op.inputs;
      entry["outputs"] = op.outputs;
      entry["op_params"] = op.op_params;
      if (!op.node.empty())
        entry["node"] = op.node;
      failed.push_back(std::move(entry));
    }
    module["failed_ops"] = std::move(failed);
    module["op_by_op_report_path"] = nullptr;
  }
}

ModuleAnalysisDocument parseModuleAnalysis(std::string_view json, const std::string& source) {
  return Reader(source).document(json);
}

ModuleAnalysisDocument readModuleAnalysisFile(const std::filesystem::path& path) {
  InputFile file = openInputFile(path);
  if (file.size > kMaxAnalysisFileBytes)
    throw LoadError(path.string(), "is over 256 MiB, too large for unique_modules.json");
  std::ostringstream text;
  text << file.stream.rdbuf();
  return parseModuleAnalysis(text.str(), path.string());
}

} // namespace irscope::io
