#include "io/json_syntax_error.h"

#include <nlohmann/json.hpp>

namespace irscope::io {

namespace {

// Accepts everything and only counts nesting, so that a nesting bomb stops early.
class DepthLimitedSax : public nlohmann::json_sax<nlohmann::json> {
public:
  explicit DepthLimitedSax(size_t max_depth) : max_depth_(max_depth) {}

  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return enter(); }
  bool key(string_t&) override { return true; }
  bool end_object() override { return leave(); }
  bool start_array(std::size_t) override { return enter(); }
  bool end_array() override { return leave(); }
  bool parse_error(std::size_t, const std::string&,
                   const nlohmann::detail::exception& error) override {
    message_ = error.what();
    return false;
  }

  bool tooDeep() const { return too_deep_; }
  const std::string& message() const { return message_; }

private:
  bool enter() {
    if (++depth_ > max_depth_) {
      too_deep_ = true;
      return false;
    }
    return true;
  }
  bool leave() {
    --depth_;
    return true;
  }

  size_t max_depth_;
  size_t depth_ = 0;
  bool too_deep_ = false;
  std::string message_;
};

// "[json.exception.parse_error.101] parse error at line 1, column 2: syntax error while
// parsing value - invalid literal; last read: 'x'" -> "at line 1, column 2: invalid literal;
// last read: 'x'"
std::string tidy(std::string message) {
  if (auto bracket = message.find("] ");
      message.rfind("[json.exception", 0) == 0 && bracket != std::string::npos)
    message.erase(0, bracket + 2);
  if (message.rfind("parse error ", 0) == 0)
    message.erase(0, 12);
  if (auto syntax = message.find("syntax error while parsing "); syntax != std::string::npos) {
    if (auto dash = message.find(" - ", syntax); dash != std::string::npos)
      message.erase(syntax, dash + 3 - syntax);
  }
  return message;
}

} // namespace

std::string describeJsonSyntaxError(std::string_view json, size_t max_depth,
                                    const std::string& fallback) {
  DepthLimitedSax sax(max_depth);
  const bool accepted = nlohmann::json::sax_parse(json.begin(), json.end(), &sax);
  if (sax.tooDeep())
    return "JSON nests deeper than " + std::to_string(max_depth) + " levels";
  if (accepted || sax.message().empty())
    return "invalid JSON: " + fallback;
  std::string text = "invalid JSON " + tidy(sax.message());
  if (text.find("unexpected end of input") != std::string::npos)
    text += " (the file looks truncated)";
  return text;
}

} // namespace irscope::io
