#pragma once
// What machine made a golden folder: system_info.json, so that differences between machines can
// be traced to a libtorch version, a CPU or a thread count.
#include "core/json.h"

namespace irscope::io {

// irscope_version, torch_version, os, architecture, cpu, device ("cpu"), threads.
Json systemInfoJson(int threads);

} // namespace irscope::io
