#include "io/system_info.h"

#include "core/torch/torchscript_extraction.h"

#include <fstream>
#include <string>
#include <sys/utsname.h>
#include <unistd.h>

namespace irscope::io {

namespace {

std::string cpuModel() {
  std::ifstream cpuinfo("/proc/cpuinfo");
  std::string line;
  while (std::getline(cpuinfo, line)) {
    if (line.rfind("model name", 0) != 0)
      continue;
    const size_t colon = line.find(':');
    if (colon != std::string::npos)
      return line.substr(line.find_first_not_of(' ', colon + 1));
  }
  return "unknown";
}

} // namespace

std::string hostName() {
  char name[256] = {};
  if (::gethostname(name, sizeof name - 1) != 0 || name[0] == '\0')
    return "unknown";
  return name;
}

Json systemInfoJson(int threads) {
  Json info = Json::object();
  info["irscope_version"] = IRSCOPE_VERSION;
  info["torch_version"] = torchscript::torchVersion();
  utsname names{};
  if (::uname(&names) == 0) {
    info["os"] = std::string(names.sysname) + " " + names.release;
    info["architecture"] = names.machine;
  }
  info["cpu"] = cpuModel();
  info["device"] = "cpu";
  info["threads"] = threads;
  return info;
}

} // namespace irscope::io
