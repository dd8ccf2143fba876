#pragma once
#include "core/one_line.h"

#include <stdexcept>
#include <string>

namespace irscope::torchscript {

// A model file that cannot be read, run or recorded. what() is one line that starts with the
// file's name: "model.pt: the model's forward raised: expected 3 channels".
// Default visibility: the plugin throws it and the programs that load the plugin catch it.
class __attribute__((visibility("default"))) ExtractionError : public std::runtime_error {
public:
  ExtractionError(const std::string& file, const std::string& problem)
      : std::runtime_error(ir::oneLine(file) + ": " + ir::oneLine(problem)),
        problem_(ir::oneLine(problem)) {}
  const std::string& problem() const { return problem_; }

private:
  std::string problem_;
};

} // namespace irscope::torchscript
