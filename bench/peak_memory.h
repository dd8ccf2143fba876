#pragma once
// Peak memory per benchmark case, in one process: Linux keeps the process's high-water mark
// (VmHWM) and resets it to the current RSS when "5" is written to /proc/self/clear_refs. A case
// that resets it first reports its own peak, not the largest of every case before it.
#include <fstream>
#include <string>

namespace irscope::bench {

// False where the kernel refuses (before Linux 4.0, or a locked-down /proc).
inline bool resetPeakMemory() {
  std::ofstream file("/proc/self/clear_refs");
  file << "5";
  file.flush();
  return static_cast<bool>(file);
}

// The high-water mark of resident memory since the last reset, in MB; -1 if unreadable.
inline double peakMemoryMegabytes() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line))
    if (line.rfind("VmHWM:", 0) == 0)
      return std::stod(line.substr(6)) / 1024.0; // "VmHWM:   320632 kB"
  return -1;
}

} // namespace irscope::bench
