#pragma once
#include <exception>
#include <string>

namespace irscope::torchscript {

// libtorch's exception texts run to many lines (C++ backtraces, TorchScript source excerpts).
// Users get one line: the first meaningful line of the message, without the backtrace.
std::string oneLineMessage(const std::exception& error);

} // namespace irscope::torchscript
