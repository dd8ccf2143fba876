#include "io/model_file.h"

#include "core/file_signature.h"
#include "io/exported_program.h"
#include "io/load_error.h"
#include "io/torch_ir_reader.h"

#include <fstream>

namespace irscope::io {

ir::Graph loadModelFile(const std::filesystem::path& path) {
  {
    const FileSignature signature = fileSignature(path);
    // A damaged or hostile .pt2 is not recognised as an archive, but its reader says what is
    // wrong with it better than "a zip, not JSON" does.
    if (signature == FileSignature::Zip &&
        (path.extension() == ".pt2" || isExportedProgramArchive(path)))
      return readExportedProgram(path);
    if (signature == FileSignature::Zip)
      throw LoadError(path.string(),
                      "is a zip archive (a PyTorch .pt file?); irscope reads torch_ir JSON here");
    if (signature == FileSignature::Pickle)
      throw LoadError(path.string(),
                      "is a Python pickle (a legacy torch.save file?); irscope reads torch_ir "
                      "JSON here");
  }
  return readTorchIrFile(path);
}

} // namespace irscope::io

namespace irscope::io {

OpenedModel openModel(const std::filesystem::path& path) {
  return checkModel(loadModelFile(path), path.string());
}

OpenedModel validatedModel(ir::Graph graph) {
  OpenedModel model;
  model.graph = std::move(graph);
  model.topology = ir::buildTopology(model.graph);
  model.problems = ir::validate(model.graph, model.topology);
  return model;
}

OpenedModel checkModel(ir::Graph graph, const std::string& file) {
  OpenedModel model = validatedModel(std::move(graph));
  size_t broken = 0;
  const ir::Problem* first = nullptr;
  for (const ir::Problem& problem : model.problems) {
    if (ir::breaksStructure(problem) && broken++ == 0)
      first = &problem;
  }
  if (first) {
    std::string message = ir::describe(*first);
    if (broken > 1)
      message +=
          " (and " + std::to_string(broken - 1) + " more; `irscope-cli validate` lists them)";
    throw LoadError(file, message);
  }
  model.module_paths = ir::applyInferredModulePaths(model.graph, model.topology);
  return model;
}

} // namespace irscope::io
