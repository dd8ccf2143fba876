#include "io/ops_master.h"

#include "core/op_category.h"
#include "core/op_configuration.h"
#include "core/python_json.h"
#include "io/input_file.h"
#include "io/json_syntax_error.h"
#include "io/load_error.h"
#include "io/sha256.h"
#include "io/torch_ir_reader.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <ctime>
#include <limits>
#include <map>
#include <set>
#include <stdexcept>
#include <unordered_map>

namespace irscope::io {

namespace {

// core's JSON keeps key order; the master's sorts keys.
OpsJson toOpsJson(const Json& value) {
  switch (value.type()) {
  case Json::value_t::object: {
    OpsJson object = OpsJson::object();
    for (const auto& item : value.items())
      object[item.key()] = toOpsJson(item.value());
    return object;
  }
  case Json::value_t::array: {
    OpsJson array = OpsJson::array();
    for (const Json& item : value)
      array.push_back(toOpsJson(item));
    return array;
  }
  case Json::value_t::string:
    return value.get<std::string>();
  case Json::value_t::boolean:
    return value.get<bool>();
  case Json::value_t::number_integer:
    return value.get<int64_t>();
  case Json::value_t::number_unsigned:
    return value.get<uint64_t>();
  case Json::value_t::number_float:
    return value.get<double>();
  default:
    return nullptr;
  }
}

const OpsJson& emptyObject() {
  static const OpsJson empty = OpsJson::object();
  return empty;
}

// The value at `key` of an object, or null.
const OpsJson& member(const OpsJson& object, const char* key) {
  static const OpsJson null;
  if (!object.is_object())
    return null;
  const auto found = object.find(key);
  return found == object.end() ? null : *found;
}

int64_t integerOf(const OpsJson& value) {
  if (value.is_number_unsigned())
    return static_cast<int64_t>(
        std::min<uint64_t>(value.get<uint64_t>(), std::numeric_limits<int64_t>::max()));
  return value.is_number_integer() ? value.get<int64_t>() : 0;
}

// ---------------------------------------------------------------------------------------------
// Checking a master read from disk.

const char* typeName(const OpsJson& value) {
  switch (value.type()) {
  case OpsJson::value_t::array:
    return "a list";
  case OpsJson::value_t::object:
    return "an object";
  case OpsJson::value_t::number_integer:
  case OpsJson::value_t::number_unsigned:
    return "an integer";
  case OpsJson::value_t::number_float:
    return "a non-integer number";
  case OpsJson::value_t::string:
    return "a string";
  case OpsJson::value_t::boolean:
    return "a boolean";
  case OpsJson::value_t::null:
    return "null";
  default:
    return "something else";
  }
}

std::string keyPath(const std::string& parent, const std::string& key) {
  return parent + "[" + OpsJson(key).dump() + "]";
}

std::string indexPath(const std::string& parent, size_t index) {
  return parent + "[" + std::to_string(index) + "]";
}

class MasterChecker {
public:
  explicit MasterChecker(const std::string& name) : name_(name) {}

  void check(const OpsJson& master) {
    if (!master.is_object())
      fail("", std::string("expected an object with \"operations\", got ") + typeName(master));
    const OpsJson& operations = required(master, "", "operations");
    expectObject(operations, "operations");
    for (const auto& [op, entry] : operations.items())
      checkOperation(entry, keyPath("operations", op));
    if (master.contains("metadata")) {
      const OpsJson& metadata = master["metadata"];
      expectObject(metadata, "metadata");
      if (metadata.contains("models")) {
        const OpsJson& models = metadata["models"];
        expectArray(models, "metadata.models");
        for (size_t i = 0; i < models.size(); ++i)
          expectString(models[i], indexPath("metadata.models", i));
      }
      if (metadata.contains("last_updated"))
        expectString(metadata["last_updated"], "metadata.last_updated");
    }
  }

private:
  [[noreturn]] void fail(const std::string& path, const std::string& problem) const {
    throw LoadError(name_, path.empty() ? problem : path + ": " + problem);
  }

  const OpsJson& required(const OpsJson& object, const std::string& path, const char* key) const {
    const auto found = object.find(key);
    if (found == object.end())
      fail(path, std::string("missing required key \"") + key + "\"");
    return *found;
  }

  static std::string field(const std::string& path, const char* key) {
    return path.empty() ? key : path + "." + key;
  }

  void expectObject(const OpsJson& value, const std::string& path) const {
    if (!value.is_object())
      fail(path, std::string("expected an object, got ") + typeName(value));
  }
  void expectArray(const OpsJson& value, const std::string& path) const {
    if (!value.is_array())
      fail(path, std::string("expected a list, got ") + typeName(value));
  }
  void expectString(const OpsJson& value, const std::string& path) const {
    if (!value.is_string())
      fail(path, std::string("expected a string, got ") + typeName(value));
  }
  void expectInteger(const OpsJson& value, const std::string& path, int64_t minimum) const {
    const bool fits =
        value.is_number_unsigned()
            ? value.get<uint64_t>() <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max())
            : value.is_number_integer();
    if (!fits)
      fail(path, std::string("expected an integer, got ") +
                     (value.is_number_integer() ? "one too large" : typeName(value)));
    if (integerOf(value) < minimum)
      fail(path,
           "expected an integer of at least " + std::to_string(minimum) + ", got " + value.dump());
  }
  void expectStringOrNull(const OpsJson& value, const std::string& path) const {
    if (!value.is_string() && !value.is_null())
      fail(path, std::string("expected a string or null, got ") + typeName(value));
  }

  void checkOperation(const OpsJson& entry, const std::string& path) const {
    expectObject(entry, path);
    const std::string configurations_path = field(path, "configurations");
    const OpsJson& configurations = required(entry, path, "configurations");
    expectArray(configurations, configurations_path);
    for (size_t i = 0; i < configurations.size(); ++i)
      checkConfiguration(configurations[i], indexPath(configurations_path, i));
  }

  void checkConfiguration(const OpsJson& configuration, const std::string& path) const {
    expectObject(configuration, path);
    expectInteger(required(configuration, path, "config_id"), field(path, "config_id"), 1);
    expectString(required(configuration, path, "config_hash"), field(path, "config_hash"));
    expectObject(required(configuration, path, "arguments"), field(path, "arguments"));
    const std::string executions_path = field(path, "executions");
    const OpsJson& executions = required(configuration, path, "executions");
    expectArray(executions, executions_path);
    for (size_t i = 0; i < executions.size(); ++i) {
      const OpsJson& execution = executions[i];
      const std::string at = indexPath(executions_path, i);
      expectObject(execution, at);
      expectString(required(execution, at, "source"), field(at, "source"));
      expectInteger(required(execution, at, "count"), field(at, "count"), 0);
      if (execution.contains("machine_info") && !execution["machine_info"].is_null())
        expectObject(execution["machine_info"], field(at, "machine_info"));
      if (execution.contains("trace_uid"))
        expectStringOrNull(execution["trace_uid"], field(at, "trace_uid"));
    }
  }

  std::string name_;
};

// ---------------------------------------------------------------------------------------------
// Formatting like analyze_operations.py.

const std::string kRule80(80, '=');
const std::string kRule40(40, '-');

// "DataType.BFLOAT16", "DataType::BFLOAT16", "torch.float32" -> "BFLOAT16", "FLOAT32".
std::string enumTail(const std::string& text, bool upper) {
  size_t start = 0;
  if (const size_t colons = text.rfind("::"); colons != std::string::npos)
    start = colons + 2;
  else if (const size_t dot = text.rfind('.'); dot != std::string::npos)
    start = dot + 1;
  std::string tail = text.substr(start);
  if (upper)
    for (char& c : tail)
      c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return tail;
}

std::string scalarText(const OpsJson& value) {
  switch (value.type()) {
  case OpsJson::value_t::string:
    return "\"" + value.get<std::string>() + "\"";
  case OpsJson::value_t::boolean:
    return value.get<bool>() ? "True" : "False";
  case OpsJson::value_t::null:
    return "None";
  case OpsJson::value_t::number_float: // as Python's str() writes it
    return pythonJsonDumps(Json(value.get<double>()));
  default:
    return value.dump();
  }
}

// A string as itself, anything else as JSON (for fields a checked master holds as strings).
std::string textOf(const OpsJson& value) {
  return value.is_string() ? value.get<std::string>() : value.dump();
}

bool isScalar(const OpsJson& value) {
  return !value.is_object() && !value.is_array();
}

std::string formatValue(const OpsJson& value, int depth);

std::string formatPoint(const OpsJson& point) {
  return "(" + scalarText(member(point, "x")) + "," + scalarText(member(point, "y")) + ")";
}

// tt-metal's grids: [{"start": {x, y}, "end": {x, y}}, ...] (v2) or [{x, y}, {x, y}] (older).
std::string formatGrid(const OpsJson& grid) {
  if (!grid.is_array())
    return formatValue(grid, 1);
  std::vector<std::string> ranges;
  if (grid.size() == 2 && grid[0].is_object() && grid[0].contains("x")) {
    ranges.push_back(formatPoint(grid[0]) + "→" + formatPoint(grid[1]));
  } else {
    for (const OpsJson& range : grid) {
      if (range.is_object() && range.contains("start"))
        ranges.push_back(formatPoint(range["start"]) + "→" + formatPoint(range["end"]));
      else if (range.is_array() && range.size() == 2)
        ranges.push_back(formatPoint(range[0]) + "→" + formatPoint(range[1]));
      else
        return formatValue(grid, 1);
    }
  }
  std::string text = "[";
  for (size_t i = 0; i < ranges.size(); ++i)
    text += (i > 0 ? ", " : "") + ranges[i];
  return text + "]";
}

// "L1_HEIGHT_SHARDED" and "shard(shard_shape=[224, 32], grid=[(0,0)→(7,6)], orientation=...)".
std::string formatMemory(const OpsJson& memory_config) {
  const OpsJson& layout = member(memory_config, "memory_layout");
  const OpsJson& buffer = member(memory_config, "buffer_type");
  std::string text = ", memory=";
  if (layout.is_string() && buffer.is_string())
    text += enumTail(buffer.get<std::string>(), false) + "_" +
            enumTail(layout.get<std::string>(), false);
  else
    text += "Unknown memory";
  const OpsJson* shard = &member(memory_config, "nd_shard_spec");
  if (!shard->is_object())
    shard = &member(memory_config, "shard_spec");
  if (!shard->is_object())
    return text;
  std::vector<std::string> parts;
  const OpsJson& shape =
      member(*shard, "shard_shape").is_null() ? member(*shard, "shape") : (*shard)["shard_shape"];
  if (shape.is_array())
    parts.push_back("shard_shape=" + formatValue(shape, 0));
  if (const OpsJson& grid = member(*shard, "grid"); !grid.is_null())
    parts.push_back("grid=" + formatGrid(grid));
  if (const OpsJson& orientation = member(*shard, "orientation"); orientation.is_string())
    parts.push_back("orientation=" + enumTail(orientation.get<std::string>(), false));
  if (parts.empty())
    return text;
  text += ", shard(";
  for (size_t i = 0; i < parts.size(); ++i)
    text += (i > 0 ? ", " : "") + parts[i];
  return text + ")";
}

// A tensor in any of the forms a master holds, or "" when `value` is not one.
std::string formatTensor(const OpsJson& value) {
  const OpsJson& type = member(value, "type");
  const OpsJson* shape = nullptr;
  const OpsJson* dtype = nullptr;
  const OpsJson* memory_config = nullptr;
  if (type == "torch.Tensor") {
    shape = &member(value, "shape");
    dtype = &member(value, "dtype");
  } else if (type == "ttnn.Tensor") {
    // "shape"/"dtype" are dropped when equal to original_*.
    shape = member(value, "shape").is_null() ? &member(value, "original_shape") : &value["shape"];
    dtype = member(value, "dtype").is_null() ? &member(value, "original_dtype") : &value["dtype"];
    memory_config = &member(value, "memory_config");
  } else if (const OpsJson& legacy = member(value, "Tensor"); legacy.is_object()) {
    const OpsJson& spec = member(legacy, "tensor_spec");
    if (!spec.is_object())
      return "Tensor(...)";
    shape = &member(spec, "logical_shape");
    dtype = &member(member(spec, "tensor_layout"), "dtype");
    memory_config = &member(member(spec, "tensor_layout"), "memory_config");
  } else {
    return "";
  }
  std::string text =
      "Tensor(shape=" + formatValue(*shape, 0) + ", dtype=" +
      (dtype->is_string() ? enumTail(dtype->get<std::string>(), true) : formatValue(*dtype, 1));
  if (memory_config && memory_config->is_object())
    text += formatMemory(*memory_config);
  return text + ")";
}

// format_argument: objects of up to 3 keys and lists of up to 3 items inline, larger ones
// counted, nothing below depth 2. One change: a list of scalars (a shape, a stride, a view's
// size) is always written out, since its numbers are the configuration.
std::string formatValue(const OpsJson& value, int depth) {
  if (depth > 2)
    return "...";
  if (value.is_object()) {
    if (std::string tensor = formatTensor(value); !tensor.empty())
      return tensor;
    if (value.size() > 3)
      return "Dict(" + std::to_string(value.size()) + " keys)";
    std::string text = "{";
    bool first = true;
    for (const auto& [key, item] : value.items()) {
      text += (first ? "" : ", ") + key + ": " + formatValue(item, depth + 1);
      first = false;
    }
    return text + "}";
  }
  if (value.is_array()) {
    const bool scalars = std::all_of(value.begin(), value.end(), isScalar);
    if (value.size() > 3 && !scalars)
      return "List(" + std::to_string(value.size()) + " items)";
    std::string text = "[";
    for (size_t i = 0; i < value.size(); ++i)
      text += (i > 0 ? ", " : "") + formatValue(value[i], depth + 1);
    return text + "]";
  }
  return scalarText(value);
}

// analyze_operations.py leaves out arguments that say "nothing here" unless --debug.
bool isNothing(const OpsJson& value) {
  if (value.is_null())
    return true;
  if (!value.is_string())
    return false;
  const std::string& text = value.get_ref<const std::string&>();
  return text == "nullopt" || text.find("unsupported type") != std::string::npos ||
         text.find("std::reference_wrapper") != std::string::npos;
}

// arg0, arg1, ..., arg10 in number order, then keyword arguments by name.
std::vector<std::string> argumentOrder(const OpsJson& arguments) {
  std::vector<std::pair<int64_t, std::string>> positional;
  std::vector<std::string> named;
  for (const auto& item : arguments.items()) {
    const std::string& key = item.key();
    const bool is_positional =
        key.size() > 3 && key.size() < 12 && key.rfind("arg", 0) == 0 &&
        std::all_of(key.begin() + 3, key.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (is_positional)
      positional.emplace_back(std::stoll(key.substr(3)), key);
    else
      named.push_back(key);
  }
  std::sort(positional.begin(), positional.end());
  std::vector<std::string> order;
  for (auto& [index, key] : positional)
    order.push_back(key);
  order.insert(order.end(), named.begin(), named.end());
  return order;
}

std::string machineLine(const OpsJson& machine) {
  const OpsJson& board = member(machine, "board_type");
  const OpsJson& series = member(machine, "device_series");
  std::string text =
      "🖥️  Machine: " + (board.is_string() ? board.get<std::string>() : "unknown") + " " +
      (series.is_string() ? series.get<std::string>() : "unknown");
  if (const OpsJson& cards = member(machine, "card_count"); cards.is_number_integer())
    text += " (" + cards.dump() + (integerOf(cards) == 1 ? " card)" : " cards)");
  return text + "\n";
}

size_t configurationCount(const OpsJson& entry) {
  const OpsJson& configurations = member(entry, "configurations");
  return configurations.is_array() ? configurations.size() : 0;
}

std::string toLower(std::string text) {
  for (char& c : text)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// The op's own name: "aten.relu_.default" -> "relu_", "ttnn::add_" -> "add_".
std::string baseName(const std::string& op) {
  if (op.rfind("aten.", 0) == 0) {
    const size_t end = op.find('.', 5);
    return op.substr(5, end == std::string::npos ? std::string::npos : end - 5);
  }
  return enumTail(op, false);
}

} // namespace

std::string opsTimestamp() {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S", &local);
  return text;
}

OpsJson buildOpsMaster(const std::vector<OpsModel>& models, const OpsJson* existing,
                       const std::string& now, OpsMasterChanges* changes) {
  OpsMasterChanges counted;
  OpsJson master = existing ? *existing : OpsJson::object();
  if (!master.contains("operations"))
    master["operations"] = OpsJson::object();
  OpsJson& operations = master["operations"];

  // Existing configurations by op and config_hash (the first, should one repeat), and the
  // largest config_id, which new configurations count on from.
  std::map<std::string, std::unordered_map<std::string, size_t>> by_hash;
  int64_t largest_id = 0;
  for (const auto& [op, entry] : operations.items()) {
    const OpsJson& configurations = member(entry, "configurations");
    for (size_t i = 0; i < configurations.size(); ++i) {
      const OpsJson& configuration = configurations[i];
      largest_id = std::max(largest_id, integerOf(member(configuration, "config_id")));
      if (const OpsJson& hash = member(configuration, "config_hash"); hash.is_string())
        by_hash[op].emplace(hash.get<std::string>(), i);
    }
  }

  std::vector<std::string> sources;
  if (const OpsJson& listed = member(member(master, "metadata"), "models"); listed.is_array())
    for (const OpsJson& source : listed)
      if (source.is_string())
        sources.push_back(source.get<std::string>());

  for (const auto& [source, graph] : models) {
    if (std::find(sources.begin(), sources.end(), source) == sources.end())
      sources.push_back(source);
    for (const ir::OpConfigurations& op : ir::collectConfigurations(graph)) {
      OpsJson& entry = operations[op.op];
      if (!entry.contains("configurations"))
        entry["configurations"] = OpsJson::array();
      OpsJson& configurations = entry["configurations"];
      auto& hashes = by_hash[op.op];
      for (const ir::OpConfiguration& configuration : op.configurations) {
        const std::string hash = sha256Hex(configuration.text);
        auto found = hashes.find(hash);
        if (found == hashes.end()) {
          OpsJson added = OpsJson::object();
          added["config_id"] = ++largest_id;
          added["config_hash"] = hash;
          added["arguments"] = toOpsJson(configuration.arguments);
          added["executions"] = OpsJson::array();
          configurations.push_back(std::move(added));
          found = hashes.emplace(hash, configurations.size() - 1).first;
          ++counted.new_configurations;
        }
        OpsJson& executions = configurations[found->second]["executions"];
        const auto count = static_cast<int64_t>(configuration.nodes.size());
        bool seen = false;
        for (OpsJson& execution : executions) {
          if (member(execution, "source") != source || !member(execution, "machine_info").is_null())
            continue;
          if (integerOf(execution["count"]) < count) {
            execution["count"] = count;
            ++counted.raised_counts;
          }
          seen = true;
          break;
        }
        if (!seen) {
          OpsJson execution = OpsJson::object();
          execution["source"] = source;
          execution["count"] = count;
          execution["machine_info"] = nullptr;
          execution["trace_uid"] = nullptr;
          executions.push_back(std::move(execution));
          ++counted.new_executions;
        }
      }
    }
  }

  OpsJson metadata = member(master, "metadata").is_object() ? master["metadata"] : emptyObject();
  metadata["models"] = sources;
  metadata["unique_operations"] = operations.size();
  size_t total = 0;
  OpsJson summary = OpsJson::object();
  for (const auto& [op, entry] : operations.items()) {
    summary[op] = configurationCount(entry);
    total += configurationCount(entry);
  }
  metadata["total_configurations"] = total;
  metadata["operations_summary"] = std::move(summary);
  master["metadata"] = std::move(metadata);
  // Merging what is already there changes nothing, last_updated included.
  counted.changed = existing == nullptr || master != *existing ||
                    !member(member(master, "metadata"), "last_updated").is_string();
  if (counted.changed)
    master["metadata"]["last_updated"] = now.empty() ? opsTimestamp() : now;
  if (changes)
    *changes = counted;
  return master;
}

void checkOpsMaster(const OpsJson& master, const std::string& name) {
  MasterChecker(name).check(master);
}

OpsJson parseOpsMaster(const std::string& text, const std::string& name) {
  if (text.empty())
    throw LoadError(name, "file is empty");
  struct TooDeep {};
  OpsJson master;
  try {
    master = OpsJson::parse(text, [](int depth, OpsJson::parse_event_t, OpsJson&) {
      if (depth > static_cast<int>(kMaxJsonDepth))
        throw TooDeep{};
      return true;
    });
  } catch (const TooDeep&) {
    throw LoadError(name, "JSON nests deeper than " + std::to_string(kMaxJsonDepth) + " levels");
  } catch (const OpsJson::exception& error) {
    throw LoadError(name, describeJsonSyntaxError(text, kMaxJsonDepth, error.what()));
  }
  checkOpsMaster(master, name);
  return master;
}

OpsJson readOpsMaster(const std::filesystem::path& path) {
  const std::string name = path.string();
  InputFile file = openInputFile(path);
  if (file.size > kMaxTorchIrFileBytes)
    throw LoadError(name, "file is " + std::to_string(file.size) +
                              " bytes; irscope reads master files of up to 1 GiB");
  std::string text(static_cast<size_t>(file.size), '\0');
  if (!file.stream.read(text.data(), static_cast<std::streamsize>(text.size())))
    throw LoadError(name, "cannot read the whole file");
  return parseOpsMaster(text, name);
}

std::string opsMasterText(const OpsJson& master) {
  return master.dump(2) + "\n";
}

std::vector<std::string> findOperations(const OpsJson& master, const std::string& query) {
  const OpsJson& operations = member(master, "operations");
  if (!operations.is_object() || query.empty())
    return {};
  for (const std::string& name : {query, "aten." + query + ".default"})
    if (operations.contains(name))
      return {name};
  const std::string wanted = toLower(query);
  const bool in_place_wanted = query.find('_') != std::string::npos;
  std::vector<std::string> matches;
  for (const auto& item : operations.items()) {
    const std::string& op = item.key();
    if (toLower(op).find(wanted) == std::string::npos)
      continue;
    const std::string base = baseName(op);
    if (!in_place_wanted && !base.empty() && base.back() == '_')
      continue;
    matches.push_back(op);
  }
  return matches; // the map's order: sorted
}

std::string renderOperation(const OpsJson& master, const std::string& op) {
  const OpsJson& entry = member(member(master, "operations"), op.c_str());
  const OpsJson& configurations = member(entry, "configurations");
  std::string text = "\n🔧 Operation: " + op +
                     "\n📊 Configurations: " + std::to_string(configurationCount(entry)) + "\n" +
                     kRule80 + "\n";
  for (size_t i = 0; i < configurationCount(entry); ++i) {
    const OpsJson& configuration = configurations[i];
    text += "\n📋 Configuration " + std::to_string(i + 1) + ":\n" + kRule40 + "\n";
    text += "🔑 config_id: " + member(configuration, "config_id").dump() +
            ", config_hash: " + textOf(member(configuration, "config_hash")) + "\n";
    const OpsJson& executions = member(configuration, "executions");
    if (executions.empty())
      text += "📝 Source: unknown\n";
    for (const OpsJson& execution : executions) {
      text += "📝 Source: " + textOf(member(execution, "source")) + " (count " +
              member(execution, "count").dump() + ")\n";
      if (const OpsJson& machine = member(execution, "machine_info"); machine.is_object())
        text += machineLine(machine);
    }
    const OpsJson& arguments = member(configuration, "arguments");
    bool any = false;
    for (const std::string& key : argumentOrder(arguments)) {
      if (isNothing(arguments[key]))
        continue;
      text += "  " + key + ": " + formatOpsArgument(arguments[key]) + "\n";
      any = true;
    }
    if (!any)
      text += "  (All arguments are default/internal)\n";
  }
  return text;
}

std::string renderNoMatch(const OpsJson& master, const std::string& query) {
  std::string text = "❌ No operations found matching '" + query + "'\n\n💡 Available operations:\n";
  const OpsJson& operations = member(master, "operations");
  size_t shown = 0;
  for (const auto& item : operations.items()) {
    if (shown++ == 10)
      break;
    text += "   • " + item.key() + "\n";
  }
  if (operations.size() > 10)
    text +=
        "   ... and " + std::to_string(operations.size() - 10) + " more (use --list to see all)\n";
  return text;
}

// Our ops are "aten.<op>.<overload>", which analyze_operations.py's categories (by "ttnn::"
// namespace: core, experimental, transformer, moreh, kv_cache, prim, other) would all call
// "other". They go by family instead, the families diagrams colour them by (op_category.h:
// convolution, matmul / linear, normalization, ...). Names from tt-metal's own files ("ttnn.add",
// "ttnn::experimental::x") keep the script's namespace categories; anything else is "other".
std::string opsCategory(const std::string& op) {
  if (op.rfind("aten.", 0) == 0)
    return std::string(ir::categoryName(ir::opCategory(op)));
  std::string name = op;
  for (size_t at = name.find("::"); at != std::string::npos; at = name.find("::", at))
    name.replace(at, 2, ".");
  if (name.rfind("ttnn.", 0) != 0)
    return "other";
  for (const char* space : {"experimental", "transformer", "moreh", "kv_cache", "prim"})
    if (name.find(std::string(".") + space + ".") != std::string::npos)
      return space;
  return "core";
}

std::string renderOperationList(const OpsJson& master) {
  std::vector<std::string> order;
  for (ir::OpCategory category : ir::kAllOpCategories)
    if (category != ir::OpCategory::Other)
      order.emplace_back(ir::categoryName(category));
  for (const char* space : {"core", "experimental", "transformer", "moreh", "kv_cache", "prim"})
    order.emplace_back(space);
  order.emplace_back("other");
  std::map<std::string, std::vector<std::string>> members;
  for (const auto& [op, entry] : member(master, "operations").items())
    members[opsCategory(op)].push_back(op + " (" + std::to_string(configurationCount(entry)) +
                                       " configs)");
  std::string text = "\n📋 ALL AVAILABLE OPERATIONS\n" + kRule80 + "\n";
  for (const std::string& category : order) {
    const auto found = members.find(category);
    if (found == members.end())
      continue;
    std::string heading = category;
    for (char& c : heading)
      c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    text += "\n🔧 " + heading + " OPERATIONS (" + std::to_string(found->second.size()) + "):\n";
    for (const std::string& line : found->second)
      text += "   • " + line + "\n";
  }
  return text;
}

std::string renderStatistics(const OpsJson& master) {
  const OpsJson& operations = member(master, "operations");
  const OpsJson& metadata = member(master, "metadata");
  const OpsJson& models = member(metadata, "models");
  size_t configurations = 0;
  int64_t executions = 0;
  std::vector<std::pair<std::string, size_t>> by_count;
  std::map<std::string, size_t> categories;
  for (const auto& [op, entry] : operations.items()) {
    configurations += configurationCount(entry);
    by_count.emplace_back(op, configurationCount(entry));
    ++categories[opsCategory(op)];
    for (const OpsJson& configuration : member(entry, "configurations"))
      for (const OpsJson& execution : member(configuration, "executions"))
        executions += integerOf(member(execution, "count"));
  }
  // Most configurations first; names in order among equals, as Python's stable sort leaves them.
  std::stable_sort(by_count.begin(), by_count.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  const OpsJson& updated = member(metadata, "last_updated");
  std::string text = "\n📊 MASTER FILE STATISTICS\n" + kRule80 + "\n📁 File Metadata:\n";
  text += "   🔧 Total Operations: " + std::to_string(operations.size()) + "\n";
  text += "   ⚙️ Total Configurations: " + std::to_string(configurations) + "\n";
  // The script prints metadata.total_operations here, which v2 files do not have; the nodes
  // counted in executions are what it would mean for IR models.
  text += "   📊 Executions Recorded: " + std::to_string(executions) + "\n";
  text += "   🎯 Models Processed: " + std::to_string(models.is_array() ? models.size() : 0) + "\n";
  text +=
      "   🕐 Last Updated: " + (updated.is_string() ? updated.get<std::string>() : "Unknown") + "\n";
  if (models.is_array() && !models.empty()) {
    text += "\n📋 Processed Models:\n";
    for (const OpsJson& model : models)
      text += "   • " + textOf(model) + "\n";
  }
  text += "\n🔧 Top Operations by Configuration Count:\n";
  for (size_t i = 0; i < by_count.size() && i < 15; ++i)
    text += "   " + by_count[i].first + ": " + std::to_string(by_count[i].second) + " configs\n";
  text += "\n📂 Operation Categories:\n";
  for (const auto& [category, count] : categories)
    text += "   " + category + ": " + std::to_string(count) + " operations\n";
  return text;
}

std::string formatOpsArgument(const OpsJson& value) {
  return formatValue(value, 0);
}

OpsJson sweepVectors(const OpsJson& master, const std::string& op) {
  const OpsJson& operations = member(master, "operations");
  if (!operations.is_object() || !operations.contains(op))
    throw std::invalid_argument("no operation " + op + " in the master");
  OpsJson vectors = OpsJson::object();
  for (const OpsJson& configuration : member(operations[op], "configurations")) {
    OpsJson vector = OpsJson::object();
    vector["config_id"] = configuration["config_id"];
    vector["arguments"] = configuration["arguments"];
    vectors[textOf(configuration["config_hash"])] = std::move(vector);
  }
  OpsJson result = OpsJson::object();
  result["operation"] = op;
  result["vectors"] = std::move(vectors);
  return result;
}

} // namespace irscope::io
