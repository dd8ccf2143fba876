#include "io/unique_modules_file.h"

#include "io/system_info.h"

#include <chrono>
#include <ctime>

namespace irscope::io {

std::string isoTimestampNow() {
  const auto now = std::chrono::system_clock::now();
  const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  const auto micros =
      std::chrono::duration_cast<std::chrono::microseconds>(now.time_since_epoch()).count() %
      1000000;
  std::tm local{};
  localtime_r(&seconds, &local);
  char text[64];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &local);
  char fraction[16];
  std::snprintf(fraction, sizeof fraction, ".%06lld", static_cast<long long>(micros));
  return std::string(text) + fraction;
}

Json uniqueModulesJson(const ir::UniqueModules& modules, const std::string& source,
                       const std::string& timestamp) {
  Json metadata = Json::object();
  metadata["load_fn_name"] = source;
  metadata["model_class"] = modules.model_class;
  metadata["total_modules"] = modules.instances.size();
  metadata["unique_modules"] = modules.modules.size();
  metadata["timestamp"] = timestamp;
  metadata["hostname"] = hostName();
  metadata["device_arch"] = "cpu";
  metadata["device_mesh"] = "unknown";
  Json list = Json::array();
  for (const ir::UniqueModule& module : modules.modules) {
    const ir::ModuleInstance& instance = modules.instances[module.instance];
    Json entry = Json::object();
    entry["id"] = module.id;
    entry["class_name"] = instance.class_name;
    entry["module_path"] = instance.path;
    entry["parent"] = instance.parent.empty() ? Json(nullptr) : Json(instance.parent);
    entry["input_shapes"] = instance.input_shapes;
    entry["output_shapes"] = instance.output_shapes;
    entry["input_dtypes"] = instance.input_dtypes;
    entry["output_dtypes"] = instance.output_dtypes;
    entry["parameters"] = instance.parameters;
    entry["occurrences"] = module.occurrences;
    list.push_back(std::move(entry));
  }
  Json json = Json::object();
  json["metadata"] = std::move(metadata);
  json["modules"] = std::move(list);
  return json;
}

} // namespace irscope::io
