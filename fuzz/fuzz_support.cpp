#include "fuzz/fuzz_support.h"

#include <cstdio>
#include <cstdlib>
#include <system_error>
#include <typeinfo>
#include <unistd.h>

namespace irscope::fuzz {
namespace {

std::filesystem::path makeScratchDir() {
  std::error_code error;
  std::filesystem::path base = "/dev/shm";
  if (!std::filesystem::is_directory(base, error) || ::access(base.c_str(), W_OK) != 0)
    base = std::filesystem::temp_directory_path();
  const std::filesystem::path dir =
      base / ("irscope-fuzz-" + std::to_string(static_cast<long>(::getpid())));
  std::filesystem::create_directories(dir);
  return dir;
}

} // namespace

const std::filesystem::path& scratchDir() {
  // Never destroyed, so that the exit handler (which runs after static destructors of objects
  // made before it was registered) still has the path.
  static const std::filesystem::path* const dir = [] {
    const auto* made = new std::filesystem::path(makeScratchDir());
    std::atexit([] {
      std::error_code error;
      std::filesystem::remove_all(scratchDir(), error);
    });
    return made;
  }();
  return *dir;
}

void writeFile(const std::filesystem::path& path, const uint8_t* data, size_t size) {
  std::FILE* file = std::fopen(path.c_str(), "wb");
  if (!file)
    bug("fuzz", "cannot write the scratch file " + path.string());
  const bool written = size == 0 || std::fwrite(data, 1, size, file) == size;
  if (std::fclose(file) != 0 || !written)
    bug("fuzz", "cannot write the scratch file " + path.string());
}

void bug(const char* harness, const std::string& problem) {
  std::fprintf(stderr, "\n==irscope-fuzz== %s: %s\n", harness, problem.c_str());
  std::fflush(stderr);
  std::abort();
}

void requireOneLine(const char* harness, const std::string& message, const std::string& prefix) {
  if (message.empty())
    bug(harness, "the exception's message is empty");
  if (message.find('\n') != std::string::npos || message.find('\r') != std::string::npos)
    bug(harness, "the exception's message is not one line: " + message);
  if (message.rfind(prefix, 0) != 0)
    bug(harness, "the exception's message does not start with '" + prefix + "': " + message);
  if (message.size() == prefix.size())
    bug(harness, "the exception's message says nothing after '" + prefix + "'");
}

void unexpectedException(const char* harness, std::exception_ptr error) {
  try {
    std::rethrow_exception(error);
  } catch (const std::exception& escaped) {
    bug(harness, std::string("an undocumented exception escaped: ") + typeid(escaped).name() +
                     ": " + escaped.what());
  } catch (...) {
    bug(harness, "an undocumented exception escaped (not a std::exception)");
  }
}

} // namespace irscope::fuzz
