#include "io/exported_program.h"

#include "core/file_signature.h"
#include "core/torch/state_dict.h"
#include "core/torch/torch_plugin.h"
#include "io/exported_program_graph.h"
#include "io/load_error.h"
#include "io/pt2_archive_tensors.h"
#include "io/torch_ir_reader.h"
#include "io/zip_archive.h"

#include <algorithm>
#include <optional>

namespace irscope::io {
namespace {

// PyTorch 2.6's torch.export.save: fixed names at the archive's root.
constexpr char kProgramEntry[] = "serialized_exported_program.json";
constexpr char kStateDictEntry[] = "serialized_state_dict.pt";
constexpr char kConstantsEntry[] = "serialized_constants.pt";
constexpr char kExampleInputsEntry[] = "serialized_example_inputs.pt";

// The newer PT2 archive (torch/export/pt2_archive/constants.py): every entry under one root
// folder, which names the archive_format file and the models.
constexpr char kArchiveFormatFile[] = "archive_format";
constexpr char kArchiveFormatValue[] = "pt2";
// The layout's version (PyTorch reads "0" only; absent in archives older than the spec) and
// the byte order of the raw weight files (PyTorch writes "little"; older archives have none).
constexpr char kArchiveVersionFile[] = "archive_version";
constexpr char kArchiveVersionValue[] = "0";
constexpr char kByteOrderFile[] = "byteorder";

// Weights may be large; the program JSON has its own limit (kMaxTorchIrFileBytes).
constexpr uint64_t kMaxWeightsEntryBytes = uint64_t{64} << 30;

enum class Layout { PyTorch26, Pt2Archive };

struct OpenedArchive {
  ZipArchive zip;
  Layout layout = Layout::PyTorch26;
  std::string root;  // PT2: the folder every entry sits in ("model/"), possibly ""
  std::string model; // PT2: which models/<model>.json
};

std::optional<Layout> layoutOf(const ZipArchive& zip, std::string& root) {
  if (zip.find(kProgramEntry))
    return Layout::PyTorch26;
  for (const ZipEntry& entry : zip.entries()) {
    const std::string& name = entry.name;
    const size_t length = sizeof kArchiveFormatFile - 1;
    if (name.size() < length || name.compare(name.size() - length, length, kArchiveFormatFile))
      continue;
    const std::string prefix = name.substr(0, name.size() - length);
    // At the root, or in one folder below it.
    if (prefix.empty() || (prefix.back() == '/' && prefix.find('/') == prefix.size() - 1)) {
      root = prefix;
      return Layout::Pt2Archive;
    }
  }
  return std::nullopt;
}

std::string trimmedEntry(const ZipArchive& zip, const std::string& name) {
  std::string text = zip.read(name, 64);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
    text.pop_back();
  return text.substr(0, 32);
}

// Finds the layout, and for the PT2 layout checks its headers and picks the model.
OpenedArchive openedArchive(ZipArchive zip) {
  const std::string file = zip.sourceName();
  OpenedArchive opened{std::move(zip), Layout::PyTorch26, "", ""};
  std::string root;
  const auto layout = layoutOf(opened.zip, root);
  if (!layout)
    throw LoadError(file, "is a zip archive but not a torch.export archive (it has neither "
                          "serialized_exported_program.json nor archive_format)");
  opened.layout = *layout;
  opened.root = root;
  if (opened.layout == Layout::PyTorch26)
    return opened;

  const std::string format = trimmedEntry(opened.zip, root + kArchiveFormatFile);
  if (format != kArchiveFormatValue)
    throw LoadError(file, "its archive_format says '" + format +
                              "', not 'pt2'; irscope reads PT2 archives");
  if (opened.zip.find(root + kArchiveVersionFile)) {
    const std::string version = trimmedEntry(opened.zip, root + kArchiveVersionFile);
    if (version != kArchiveVersionValue)
      throw LoadError(file,
                      "is a PT2 archive of version '" + version + "'; irscope reads version 0");
  }
  // The model JSON: models/model.json when there is one, else the first by name.
  const std::string models = root + "models/";
  std::vector<std::string> names;
  for (const ZipEntry& entry : opened.zip.entries()) {
    const std::string& name = entry.name;
    if (name.compare(0, models.size(), models) == 0 && name.size() > models.size() + 5 &&
        name.compare(name.size() - 5, 5, ".json") == 0 &&
        name.find('/', models.size()) == std::string::npos)
      names.push_back(name.substr(models.size(), name.size() - models.size() - 5));
  }
  if (names.empty())
    throw LoadError(file, "is a PT2 archive without a model (nothing in " + models + ")");
  std::sort(names.begin(), names.end());
  opened.model = std::count(names.begin(), names.end(), "model") ? "model" : names.front();
  return opened;
}

OpenedArchive openArchive(const std::filesystem::path& path) {
  const std::string file = path.string();
  const FileSignature signature = fileSignature(path);
  if (signature == FileSignature::Missing)
    throw LoadError(file, "no such file, or it cannot be read");
  if (signature != FileSignature::Zip)
    throw LoadError(file, "is not a torch.export archive (not a zip file)");
  return openedArchive(ZipArchive::openFile(path));
}

OpenedArchive openArchiveBytes(std::string bytes, const std::string& source_name) {
  if (signatureOfBytes(std::string_view(bytes).substr(0, 16)) != FileSignature::Zip)
    throw LoadError(source_name, "is not a torch.export archive (not a zip file)");
  return openedArchive(ZipArchive::openBytes(std::move(bytes), source_name));
}

// The entry that holds the exported program's JSON.
std::string programEntry(const OpenedArchive& archive) {
  return archive.layout == Layout::PyTorch26 ? std::string(kProgramEntry)
                                             : archive.root + "models/" + archive.model + ".json";
}

// Runs a torch plugin reader, turning its ExtractionError into this file's LoadError.
template <typename Read> auto throughPlugin(const std::string& file, Read read) {
  try {
    return read();
  } catch (const LoadError&) {
    throw;
  } catch (const std::exception& error) {
    // The plugin's line already starts with "FILE: ENTRY: "; keep it once.
    std::string message = error.what();
    const std::string prefix = file + ": ";
    if (message.compare(0, prefix.size(), prefix) == 0)
      message = message.substr(prefix.size());
    throw LoadError(file, message);
  }
}

ir::Graph graphOf(const OpenedArchive& archive, const std::string& file) {
  const std::string entry = programEntry(archive);
  return graphFromExportedProgram(archive.zip.read(entry, kMaxTorchIrFileBytes),
                                  file + ": " + entry, std::filesystem::path(file).stem().string());
}

std::vector<std::pair<std::string, ir::TensorData>> stateDictEntry(const OpenedArchive& archive,
                                                                   const std::string& entry) {
  const std::string& file = archive.zip.sourceName();
  return throughPlugin(file, [&] {
    return torchscript::readStateDictBytes(archive.zip.read(entry, kMaxWeightsEntryBytes),
                                           file + ": " + entry);
  });
}

std::vector<std::pair<std::string, ir::TensorData>> weightsOf(const OpenedArchive& archive) {
  const std::string& file = archive.zip.sourceName();
  std::vector<std::pair<std::string, ir::TensorData>> tensors;
  if (archive.layout == Layout::PyTorch26) {
    tensors = stateDictEntry(archive, kStateDictEntry);
    if (archive.zip.find(kConstantsEntry))
      for (auto& constant : stateDictEntry(archive, kConstantsEntry))
        tensors.push_back(std::move(constant));
    return tensors;
  }
  // Each of data/weights/ and data/constants/ holds either a config beside one file per tensor
  // (torch/export/pt2_archive/_package.py today) or, in the older form, one torch.save of the
  // model's whole dict (data/weights/<model>.pt, which _package.py still reads as "legacy").
  struct PayloadFolder {
    const char* folder;
    const char* config_suffix;
    bool required;
  };
  for (const PayloadFolder& payload :
       {PayloadFolder{"data/weights/", "_weights_config.json", true},
        PayloadFolder{"data/constants/", "_constants_config.json", false}}) {
    const std::string base = archive.root + payload.folder;
    const std::string legacy = base + archive.model + ".pt";
    const std::string config = base + archive.model + payload.config_suffix;
    std::vector<std::pair<std::string, ir::TensorData>> read;
    if (archive.zip.find(legacy)) {
      read = stateDictEntry(archive, legacy);
    } else if (archive.zip.find(config)) {
      if (archive.zip.find(archive.root + kByteOrderFile)) {
        const std::string order = trimmedEntry(archive.zip, archive.root + kByteOrderFile);
        if (order != "little")
          throw LoadError(file, "its byteorder says '" + order +
                                    "'; irscope reads little-endian weights");
      }
      read = readPt2ArchiveTensors(archive.zip, config, base);
    } else if (payload.required) {
      throw LoadError(file, "has no weights for model '" + archive.model + "' (neither " + config +
                                " nor " + legacy + ")");
    }
    for (auto& tensor : read)
      tensors.push_back(std::move(tensor));
  }
  return tensors;
}

} // namespace

bool isExportedProgramArchive(const std::filesystem::path& path) {
  if (fileSignature(path) != FileSignature::Zip)
    return false;
  try {
    const ZipArchive zip = ZipArchive::openFile(path);
    std::string root;
    return layoutOf(zip, root).has_value();
  } catch (const std::exception&) {
    return false;
  }
}

ir::Graph readExportedProgram(const std::filesystem::path& path) {
  return graphOf(openArchive(path), path.string());
}

ir::Graph readExportedProgramBytes(std::string bytes, const std::string& source_name) {
  return graphOf(openArchiveBytes(std::move(bytes), source_name), source_name);
}

std::vector<std::pair<std::string, ir::TensorData>>
readExportedProgramWeights(const std::filesystem::path& path) {
  return weightsOf(openArchive(path));
}

std::vector<std::pair<std::string, ir::TensorData>>
readExportedProgramWeightsBytes(std::string bytes, const std::string& source_name) {
  return weightsOf(openArchiveBytes(std::move(bytes), source_name));
}

std::vector<ir::TensorData> readExportedProgramExampleInputs(const std::filesystem::path& path) {
  const OpenedArchive archive = openArchive(path);
  const std::string file = path.string();
  const std::string entry = archive.layout == Layout::PyTorch26
                                ? std::string(kExampleInputsEntry)
                                : archive.root + "data/sample_inputs/" + archive.model + ".pt";
  if (!archive.zip.find(entry))
    throw LoadError(file, "has no example inputs (" + entry + "); give --inputs");
  return throughPlugin(file, [&] {
    return torchscript::readSavedTensorsBytes(archive.zip.read(entry, kMaxWeightsEntryBytes),
                                              file + ": " + entry);
  });
}

} // namespace irscope::io
