#include "core/python_json.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <vector>

namespace irscope {

namespace {

void appendString(const std::string& text, std::string& out) {
  out += '"';
  // Decode UTF-8 so that non-ASCII characters become \uXXXX (surrogate pairs above U+FFFF), as
  // ensure_ascii does. nlohmann has already rejected invalid UTF-8 on parsing.
  for (size_t i = 0; i < text.size();) {
    const auto byte = static_cast<unsigned char>(text[i]);
    uint32_t code = byte;
    size_t length = 1;
    if (byte >= 0xf0 && i + 3 < text.size()) {
      code = (byte & 0x07u) << 18 | (text[i + 1] & 0x3fu) << 12 | (text[i + 2] & 0x3fu) << 6 |
             (text[i + 3] & 0x3fu);
      length = 4;
    } else if (byte >= 0xe0 && i + 2 < text.size()) {
      code = (byte & 0x0fu) << 12 | (text[i + 1] & 0x3fu) << 6 | (text[i + 2] & 0x3fu);
      length = 3;
    } else if (byte >= 0xc0 && i + 1 < text.size()) {
      code = (byte & 0x1fu) << 6 | (text[i + 1] & 0x3fu);
      length = 2;
    }
    i += length;
    char escape[16];
    switch (code) {
    case '"':
      out += "\\\"";
      continue;
    case '\\':
      out += "\\\\";
      continue;
    case '\n':
      out += "\\n";
      continue;
    case '\r':
      out += "\\r";
      continue;
    case '\t':
      out += "\\t";
      continue;
    case '\b':
      out += "\\b";
      continue;
    case '\f':
      out += "\\f";
      continue;
    default:
      break;
    }
    if (code >= 0x20 && code < 0x7f) {
      out += static_cast<char>(code);
    } else if (code < 0x10000) {
      std::snprintf(escape, sizeof escape, "\\u%04x", code);
      out += escape;
    } else {
      code -= 0x10000;
      std::snprintf(escape, sizeof escape, "\\u%04x\\u%04x", 0xd800 + (code >> 10),
                    0xdc00 + (code & 0x3ff));
      out += escape;
    }
  }
  out += '"';
}

// Python's float repr: the shortest text that reads back the same, "1.0" for whole numbers,
// exponent form below 1e-4 and from 1e16.
void appendFloat(double value, std::string& out) {
  if (std::isnan(value)) {
    out += "NaN";
    return;
  }
  if (std::isinf(value)) {
    out += value > 0 ? "Infinity" : "-Infinity";
    return;
  }
  char text[40];
  for (int precision = 1; precision <= 17; ++precision) {
    std::snprintf(text, sizeof text, "%.*e", precision - 1, value);
    if (std::strtod(text, nullptr) == value)
      break;
  }
  // text is d.ddde±XX; rebuild it the way repr lays it out.
  std::string scientific(text);
  const size_t e = scientific.find('e');
  const int exponent = std::atoi(scientific.c_str() + e + 1);
  std::string digits;
  const bool negative = scientific[0] == '-';
  for (size_t i = negative ? 1 : 0; i < e; ++i)
    if (scientific[i] != '.')
      digits += scientific[i];
  while (digits.size() > 1 && digits.back() == '0')
    digits.pop_back();
  std::string result = negative ? "-" : "";
  if (exponent < -4 || exponent >= 16) {
    result += digits.substr(0, 1);
    if (digits.size() > 1)
      result += "." + digits.substr(1);
    char tail[16];
    std::snprintf(tail, sizeof tail, "e%c%02d", exponent < 0 ? '-' : '+', std::abs(exponent));
    result += tail;
  } else if (exponent < 0) {
    result += "0." + std::string(static_cast<size_t>(-exponent - 1), '0') + digits;
  } else {
    const size_t whole = static_cast<size_t>(exponent) + 1;
    if (digits.size() <= whole)
      result += digits + std::string(whole - digits.size(), '0') + ".0";
    else
      result += digits.substr(0, whole) + "." + digits.substr(whole);
  }
  out += result;
}

void append(const Json& value, std::string& out) {
  switch (value.type()) {
  case Json::value_t::object: {
    std::vector<const std::string*> keys;
    for (const auto& item : value.items())
      keys.push_back(&item.key());
    std::sort(keys.begin(), keys.end(), [](const auto* a, const auto* b) { return *a < *b; });
    out += '{';
    for (size_t i = 0; i < keys.size(); ++i) {
      if (i > 0)
        out += ", ";
      appendString(*keys[i], out);
      out += ": ";
      append(value.at(*keys[i]), out);
    }
    out += '}';
    return;
  }
  case Json::value_t::array:
    out += '[';
    for (size_t i = 0; i < value.size(); ++i) {
      if (i > 0)
        out += ", ";
      append(value[i], out);
    }
    out += ']';
    return;
  case Json::value_t::string:
    appendString(value.get_ref<const std::string&>(), out);
    return;
  case Json::value_t::boolean:
    out += value.get<bool>() ? "true" : "false";
    return;
  case Json::value_t::number_float:
    appendFloat(value.get<double>(), out);
    return;
  case Json::value_t::number_integer:
  case Json::value_t::number_unsigned:
    out += value.dump();
    return;
  default:
    out += "null";
    return;
  }
}

} // namespace

std::string pythonJsonDumps(const Json& value) {
  std::string out;
  append(value, out);
  return out;
}

} // namespace irscope
