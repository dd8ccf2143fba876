#include "core/stack_trace.h"

#include <cstdlib>

namespace irscope::ir {
namespace {

std::string trimmed(const std::string& text) {
  const size_t first = text.find_first_not_of(" \t\r");
  if (first == std::string::npos)
    return "";
  const size_t last = text.find_last_not_of(" \t\r");
  return text.substr(first, last - first + 1);
}

// `  File "F", line N, in FN` -> the frame, or false when the line is not one.
bool parseFrameLine(const std::string& line, SourceFrame& frame) {
  const std::string text = trimmed(line);
  static const std::string file_prefix = "File \"";
  if (text.compare(0, file_prefix.size(), file_prefix) != 0)
    return false;
  const size_t file_end = text.find("\", line ", file_prefix.size());
  if (file_end == std::string::npos)
    return false;
  frame.file = text.substr(file_prefix.size(), file_end - file_prefix.size());
  const size_t number_start = file_end + 8;
  size_t number_end = number_start;
  while (number_end < text.size() && std::isdigit(static_cast<unsigned char>(text[number_end])))
    ++number_end;
  if (number_end == number_start || number_end - number_start > 9)
    return false;
  frame.line = std::atoi(text.substr(number_start, number_end - number_start).c_str());
  static const std::string in = ", in ";
  if (text.compare(number_end, in.size(), in) == 0)
    frame.function = text.substr(number_end + in.size());
  return true;
}

} // namespace

std::vector<SourceFrame> parseStackTrace(const std::string& stack_trace) {
  std::vector<SourceFrame> frames;
  size_t start = 0;
  while (start < stack_trace.size()) {
    size_t end = stack_trace.find('\n', start);
    if (end == std::string::npos)
      end = stack_trace.size();
    const std::string line = stack_trace.substr(start, end - start);
    start = end + 1;
    SourceFrame frame;
    if (parseFrameLine(line, frame)) {
      frames.push_back(std::move(frame));
    } else if (!frames.empty() && frames.back().code.empty()) {
      frames.back().code = trimmed(line);
    }
  }
  return frames;
}

std::string shortSourcePath(const std::string& file) {
  for (const char* marker : {"site-packages/", "dist-packages/"}) {
    const size_t at = file.rfind(marker);
    if (at != std::string::npos)
      return file.substr(at + std::string(marker).size());
  }
  size_t cut = file.size();
  for (int segments = 0; segments < 3; ++segments) {
    const size_t slash = cut == 0 ? std::string::npos : file.rfind('/', cut - 1);
    if (slash == std::string::npos)
      return file.front() == '/' ? file.substr(1) : file;
    cut = slash;
  }
  return file.substr(cut + 1);
}

std::string describeFrame(const SourceFrame& frame) {
  std::string text = shortSourcePath(frame.file) + ":" + std::to_string(frame.line);
  if (!frame.function.empty())
    text += " in " + frame.function;
  return text;
}

} // namespace irscope::ir
