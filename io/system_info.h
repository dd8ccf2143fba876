#pragma once
// What machine made a golden folder: system_info.json, so that differences between machines can
// be traced to a libtorch version, a CPU or a thread count.
#include "core/json.h"

#include <string>

namespace irscope::io {

// irscope_version, torch_version, os, architecture, cpu, device ("cpu"), threads.
Json systemInfoJson(int threads);

// This machine's name (gethostname), "unknown" only when the system will not say.
std::string hostName();

} // namespace irscope::io
