#include "io/pt2_archive_tensors.h"

#include "io/load_error.h"

namespace irscope::io {

// Placeholder: the PT2 layout's tensors land in a following commit.
std::vector<std::pair<std::string, ir::TensorData>>
readPt2ArchiveTensors(const ZipArchive& archive, const std::string& config_entry,
                      const std::string&) {
  throw LoadError(archive.sourceName(),
                  config_entry + ": the PT2 archive layout's weights are not readable yet");
}

} // namespace irscope::io
