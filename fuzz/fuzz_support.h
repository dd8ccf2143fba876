#pragma once
// What every fuzz harness shares: a scratch file per process for the readers that take a path,
// and the checks that turn a broken promise (an exception of the wrong type, a message that is
// not one line) into a crash that libFuzzer records and the replay driver reports.
#include <cstddef>
#include <cstdint>
#include <exception>
#include <filesystem>
#include <string>

namespace irscope::fuzz {

// A folder of this process's own (under /dev/shm when it exists, so that the file written per
// input stays in memory), removed at exit.
const std::filesystem::path& scratchDir();

// Replaces `path` with exactly these bytes.
void writeFile(const std::filesystem::path& path, const uint8_t* data, size_t size);

// Aborts, naming the harness and the problem.
[[noreturn]] void bug(const char* harness, const std::string& problem);

// Aborts unless `message` is one non-empty line that starts with `prefix`.
void requireOneLine(const char* harness, const std::string& message,
                    const std::string& prefix = {});

// For a catch (...) after the documented exception types: aborts, saying what escaped.
[[noreturn]] void unexpectedException(const char* harness, std::exception_ptr error);

} // namespace irscope::fuzz

// libFuzzer's entry point; replay_main.cpp calls it too.
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);
