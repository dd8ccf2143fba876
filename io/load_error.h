#pragma once
#include "core/one_line.h"

#include <stdexcept>
#include <string>

namespace irscope::io {

// A file that cannot be read as what it claims to be. what() is one line that starts with the
// file's name: "model.json: nodes[3].inputs[0].shape: expected a list of integers, got a string".
class LoadError : public std::runtime_error {
public:
  LoadError(const std::string& file, const std::string& problem)
      : std::runtime_error(ir::oneLine(file) + ": " + ir::oneLine(problem)),
        problem_(ir::oneLine(problem)) {}
  const std::string& problem() const { return problem_; }

private:
  std::string problem_;
};

} // namespace irscope::io
