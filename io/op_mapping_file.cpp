#include "io/op_mapping_file.h"

#include "io/input_file.h"
#include "io/load_error.h"

#include <map>
#include <sstream>

namespace irscope::io {

// Generated from resources/mappings/ttnn.json at build time (io/CMakeLists.txt).
extern const char kDefaultOpMappingJson[];

namespace {

using ir::MappingRule;
using ir::OpMapping;
using ir::OpMappingEntry;
using ir::Predicate;

constexpr int kMaxPredicateDepth = 8;

class Parser {
public:
  explicit Parser(std::string source) : source_(std::move(source)) {}

  [[noreturn]] void fail(const std::string& where, const std::string& what) const {
    throw LoadError(source_, where + ": " + what);
  }

  ir::RuleValue ruleValue(const Json& json, const std::string& where) const {
    if (!json.is_string())
      fail(where, "expected a value such as \"input0.shape[1]\" or \"attr.dim\"");
    std::string error;
    const auto ref = ir::parseRuleValue(json.get<std::string>(), &error);
    if (!ref)
      fail(where, error);
    return *ref;
  }

  // The predicate keys of `object` (others are the caller's), as one predicate: several keys
  // become an all_of.
  Predicate predicate(const Json& object, const std::string& where, int depth) const {
    if (depth > kMaxPredicateDepth)
      fail(where, "predicates nest deeper than " + std::to_string(kMaxPredicateDepth));
    std::vector<Predicate> parts;
    for (const auto& [key, operand] : object.items()) {
      const std::string at = where + "." + key;
      Predicate part;
      if (key == "eq" || key == "ne" || key == "lt" || key == "le" || key == "gt" || key == "ge") {
        static const std::map<std::string, Predicate::Kind> kinds = {
            {"eq", Predicate::Kind::Eq}, {"ne", Predicate::Kind::Ne}, {"lt", Predicate::Kind::Lt},
            {"le", Predicate::Kind::Le}, {"gt", Predicate::Kind::Gt}, {"ge", Predicate::Kind::Ge}};
        part.kind = kinds.at(key);
        if (key != "eq" && key != "ne" && !operand.is_number())
          fail(at, "expected a number");
        if (operand.is_object())
          fail(at, "expected a number, string, bool, list or null");
        part.operand = operand;
      } else if (key == "in" || key == "not_in") {
        part.kind = key == "in" ? Predicate::Kind::In : Predicate::Kind::NotIn;
        if (!operand.is_array())
          fail(at, "expected a list of values");
        part.operand = operand;
      } else if (key == "multiple_of") {
        part.kind = Predicate::Kind::MultipleOf;
        if (!operand.is_number() || operand.get<double>() == 0)
          fail(at, "expected a non-zero number");
        part.operand = operand;
      } else if (key == "same_as") {
        part.kind = Predicate::Kind::SameAs;
        part.other = ruleValue(operand, at);
      } else if (key == "any_of" || key == "all_of") {
        part.kind = key == "any_of" ? Predicate::Kind::AnyOf : Predicate::Kind::AllOf;
        if (!operand.is_array() || operand.empty())
          fail(at, "expected a non-empty list of predicates");
        for (size_t i = 0; i < operand.size(); ++i) {
          const std::string item = at + "[" + std::to_string(i) + "]";
          if (!operand[i].is_object())
            fail(item, "expected an object of predicate keys");
          part.children.push_back(predicate(operand[i], item, depth + 1));
        }
      } else if (key == "value" && depth > 0) {
        continue; // this predicate's own value, read below
      } else if (depth > 0 || (key != "value" && key != "label" && key != "because")) {
        fail(at, "unknown key; predicates are eq, ne, lt, le, gt, ge, in, not_in, "
                 "multiple_of, same_as, any_of, all_of");
      } else {
        continue;
      }
      parts.push_back(std::move(part));
    }
    if (parts.empty())
      fail(where, "has no predicate (eq, ne, lt, le, gt, ge, in, not_in, multiple_of, same_as, "
                  "any_of, all_of)");
    Predicate result;
    if (parts.size() == 1) {
      result = std::move(parts.front());
    } else {
      result.kind = Predicate::Kind::AllOf;
      result.children = std::move(parts);
    }
    if (depth > 0 && object.contains("value"))
      result.value = ruleValue(object["value"], where + ".value");
    return result;
  }

  std::string optionalString(const Json& object, const char* key, const std::string& where) const {
    if (!object.contains(key))
      return {};
    if (!object[key].is_string())
      fail(where + "." + key, "expected a string");
    return object[key].get<std::string>();
  }

  OpMappingEntry entry(const std::string& op, const Json& json, const std::string& where) const {
    if (!json.is_object())
      fail(where, "expected an object with targets, status, note and requires");
    for (const auto& [key, value] : json.items())
      if (key != "targets" && key != "status" && key != "note" && key != "defaults" &&
          key != "requires")
        fail(where + "." + key, "unknown key; expected targets, status, note, defaults, requires");
    OpMappingEntry entry;
    entry.op = op;
    if (!json.contains("status") || !json["status"].is_string())
      fail(where + ".status", "expected converted, decomposed, removed or fallback");
    const auto status = ir::statusNamed(json["status"].get<std::string>());
    if (!status)
      fail(where + ".status", "\"" + json["status"].get<std::string>() +
                                  "\" is not converted, decomposed, removed or fallback");
    entry.status = *status;
    if (json.contains("targets")) {
      const Json& targets = json["targets"];
      if (!targets.is_array())
        fail(where + ".targets", "expected a list of target op names");
      for (const Json& target : targets) {
        if (!target.is_string())
          fail(where + ".targets", "expected a list of target op names");
        entry.targets.push_back(target.get<std::string>());
      }
    }
    if ((entry.status == ir::MappingStatus::Converted ||
         entry.status == ir::MappingStatus::Decomposed) &&
        entry.targets.empty())
      fail(where + ".targets", "a converted or decomposed op needs its target ops");
    entry.note = optionalString(json, "note", where);
    if (json.contains("defaults")) {
      if (!json["defaults"].is_object())
        fail(where + ".defaults", "expected an object of attr values");
      entry.defaults = json["defaults"];
    }
    if (json.contains("requires")) {
      const Json& rules = json["requires"];
      if (!rules.is_array())
        fail(where + ".requires", "expected a list of rules");
      for (size_t i = 0; i < rules.size(); ++i) {
        const std::string at = where + ".requires[" + std::to_string(i) + "]";
        if (!rules[i].is_object())
          fail(at, "expected a rule object with value and a predicate");
        if (!rules[i].contains("value"))
          fail(at, "has no \"value\" to test");
        MappingRule rule;
        rule.value = ruleValue(rules[i]["value"], at + ".value");
        rule.predicate = predicate(rules[i], at, 0);
        rule.label = optionalString(rules[i], "label", at);
        rule.because = optionalString(rules[i], "because", at);
        entry.requires_all.push_back(std::move(rule));
      }
    }
    return entry;
  }

  OpMapping mapping(std::string_view text) const {
    Json json;
    try {
      json = Json::parse(text);
    } catch (const nlohmann::json::parse_error& error) {
      fail("JSON", std::string("not valid JSON at byte ") + std::to_string(error.byte));
    } catch (const nlohmann::json::exception&) {
      // out_of_range.406: a number no double holds, such as 1e999.
      fail("JSON", "not valid JSON: a number is out of range");
    }
    if (!json.is_object())
      fail("top level", "expected an object with format, version, target and ops");
    if (!json.contains("format") || json["format"] != "irscope-op-mapping")
      fail("format", "expected \"irscope-op-mapping\"");
    if (!json.contains("version") || json["version"] != 1)
      fail("version", "expected 1");
    OpMapping mapping;
    mapping.target = optionalString(json, "target", "top level");
    if (mapping.target.empty())
      fail("target", "expected the target's name, e.g. \"TTNN\"");
    if (!json.contains("ops") || !json["ops"].is_object())
      fail("ops", "expected an object of op types");
    for (const auto& [op, value] : json["ops"].items())
      mapping.entries[op] = entry(op, value, "ops[\"" + op + "\"]");
    return mapping;
  }

private:
  std::string source_;
};

} // namespace

ir::OpMapping parseOpMapping(std::string_view json, const std::string& source_name) {
  return Parser(source_name).mapping(json);
}

ir::OpMapping readOpMappingFile(const std::filesystem::path& path) {
  InputFile file = openInputFile(path);
  if (file.size > (uint64_t{64} << 20))
    throw LoadError(path.string(), "is over 64 MiB, too large for an operator mapping");
  std::ostringstream text;
  text << file.stream.rdbuf();
  return parseOpMapping(text.str(), path.string());
}

std::string_view defaultOpMappingJson() {
  return kDefaultOpMappingJson;
}

const ir::OpMapping& defaultOpMapping() {
  static const ir::OpMapping mapping =
      parseOpMapping(defaultOpMappingJson(), "built-in resources/mappings/ttnn.json");
  return mapping;
}

} // namespace irscope::io
