#include "tests/mutation/mutator.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <iterator>

namespace irscope::testing {

uint64_t Mutator::next() {
  uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

size_t Mutator::below(size_t n) {
  return static_cast<size_t>(next() % n);
}

void Mutator::byteEdit(std::string& data) {
  auto note = [&](const char* what, size_t at) {
    description_ += std::string(description_.empty() ? "" : " ") + what + "@" + std::to_string(at);
  };
  if (data.empty()) {
    data.assign(1 + below(8), static_cast<char>(next()));
    note("fill", 0);
    return;
  }
  const size_t at = below(data.size());
  switch (below(9)) {
  case 0:
    data[at] = static_cast<char>(data[at] ^ (1 << below(8)));
    note("flip", at);
    break;
  case 1:
    data[at] = '\0';
    note("zero", at);
    break;
  case 2:
    data[at] = static_cast<char>(0xff);
    note("ff", at);
    break;
  case 3:
    data[at] = static_cast<char>(next());
    note("byte", at);
    break;
  case 4:
    data.resize(at);
    note("truncate", at);
    break;
  case 5: {
    std::string bytes(1 + below(16), '\0');
    for (char& c : bytes)
      c = static_cast<char>(next());
    data.insert(at, bytes);
    note("insert", at);
    break;
  }
  case 6: {
    const size_t length = 1 + below(std::min<size_t>(data.size() - at, 256));
    const std::string chunk = data.substr(at, length);
    data.insert(below(data.size() + 1), chunk);
    note("duplicate", at);
    break;
  }
  case 7:
    data.erase(at, 1 + below(std::min<size_t>(data.size() - at, 64)));
    note("delete", at);
    break;
  default: {
    static const uint64_t kExtremes[] = {0,
                                         1,
                                         0x7f,
                                         0x80,
                                         0xff,
                                         0x7fff,
                                         0xffff,
                                         0x7fffffff,
                                         0x80000000,
                                         0xffffffff,
                                         0x100000000ULL,
                                         0x7fffffffffffffffULL,
                                         0x8000000000000000ULL,
                                         0xffffffffffffffffULL};
    const uint64_t value = kExtremes[below(std::size(kExtremes))];
    const size_t width = size_t{1} << below(4); // 1, 2, 4 or 8 bytes, little-endian
    for (size_t i = 0; i < width && at + i < data.size(); ++i)
      data[at + i] = static_cast<char>(value >> (8 * i));
    note("extreme", at);
    break;
  }
  }
}

namespace {

struct Token {
  size_t begin;
  size_t end;
  char kind; // '"' string, '0' number, 'a' literal, or the bracket itself
};

std::vector<Token> jsonTokens(const std::string& text) {
  std::vector<Token> tokens;
  for (size_t i = 0; i < text.size();) {
    const char c = text[i];
    if (c == '"') {
      size_t j = i + 1;
      while (j < text.size() && text[j] != '"')
        j += text[j] == '\\' ? 2 : 1;
      j = std::min(j + 1, text.size());
      tokens.push_back({i, j, '"'});
      i = j;
    } else if (c == '-' || std::isdigit(static_cast<unsigned char>(c))) {
      size_t j = i + 1;
      while (j < text.size() &&
             (std::isdigit(static_cast<unsigned char>(text[j])) || std::strchr(".eE+-", text[j])))
        ++j;
      tokens.push_back({i, j, '0'});
      i = j;
    } else if (std::isalpha(static_cast<unsigned char>(c))) {
      size_t j = i + 1;
      while (j < text.size() && std::isalpha(static_cast<unsigned char>(text[j])))
        ++j;
      tokens.push_back({i, j, 'a'});
      i = j;
    } else {
      if (std::strchr("[]{}", c))
        tokens.push_back({i, i + 1, c});
      ++i;
    }
  }
  return tokens;
}

} // namespace

void Mutator::jsonEdit(std::string& data) {
  const std::vector<Token> tokens = jsonTokens(data);
  if (tokens.empty())
    return byteEdit(data);
  // Several tries at finding a token of the kind the chosen edit needs.
  const int edit = static_cast<int>(below(8));
  const char wanted = "00\"\"0[aj"[edit];
  for (int attempt = 0; attempt < 8; ++attempt) {
    const Token token = tokens[below(tokens.size())];
    const bool bracket = std::strchr("[]{}", token.kind) != nullptr;
    if (wanted == '[' ? !bracket : wanted != 'j' && token.kind != wanted)
      continue;
    std::string replacement;
    const char* what = "";
    switch (edit) {
    case 0: {
      static const char* kHuge[] = {"1e999",
                                    "-1e999",
                                    "1e-400",
                                    "99999999999999999999999999999",
                                    "18446744073709551616",
                                    "18446744073709551615",
                                    "9223372036854775807",
                                    "9223372036854775808",
                                    "-9223372036854775809",
                                    "4294967296",
                                    "2147483648"};
      replacement = kHuge[below(std::size(kHuge))];
      what = "huge";
      break;
    }
    case 1: {
      static const char* kOdd[] = {"-1", "0", "0.5", "-0", "1.0", "-2147483649", "1E2", "00"};
      replacement = kOdd[below(std::size(kOdd))];
      what = "number";
      break;
    }
    case 2:
      replacement = std::to_string(static_cast<int64_t>(next() % 2000) - 1000);
      what = "string->number";
      break;
    case 3: {
      static const char* kStrings[] = {
          "\"\"",           "\"line\\nbreak\"", "\"tab\\tand\\r\\u0000nul\"", "\"\\ud800\"",
          "\"caf\\u00e9\"", "\"a.b[0]\"",       "\"aten.relu.default\""};
      replacement = kStrings[below(std::size(kStrings))];
      if (below(4) == 0)
        replacement = "\"" + std::string(1000 + below(5000), 'x') + "\"";
      what = "string";
      break;
    }
    case 4:
      replacement = "\"" + data.substr(token.begin, token.end - token.begin) + "\"";
      what = "number->string";
      break;
    case 5: {
      static const char* kBrackets[] = {"", "[", "]", "{", "}", "[]", "{}"};
      replacement = kBrackets[below(std::size(kBrackets))];
      what = "bracket";
      break;
    }
    case 6: {
      static const char* kLiterals[] = {"null", "true", "false", "nul", "[]", "{}", "0"};
      replacement = kLiterals[below(std::size(kLiterals))];
      what = "literal";
      break;
    }
    default: {
      // Any token becomes a deeply nested list holding it.
      const size_t depth = 1 + below(400);
      replacement = std::string(depth, '[') + data.substr(token.begin, token.end - token.begin) +
                    std::string(depth, ']');
      what = "nest";
      break;
    }
    }
    data.replace(token.begin, token.end - token.begin, replacement);
    description_ +=
        std::string(description_.empty() ? "" : " ") + what + "@" + std::to_string(token.begin);
    return;
  }
  byteEdit(data);
}

std::string Mutator::mutateBytes(std::string input) {
  description_.clear();
  for (size_t n = 1 + below(3); n > 0; --n)
    byteEdit(input);
  return input;
}

std::string Mutator::mutateJson(std::string input) {
  description_.clear();
  for (size_t n = 1 + below(3); n > 0; --n) {
    if (below(4) == 0)
      byteEdit(input);
    else
      jsonEdit(input);
  }
  return input;
}

} // namespace irscope::testing
