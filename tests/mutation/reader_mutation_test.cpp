// Every reader of untrusted input, fed 1,000 deterministic mutations of its fixtures: each must
// be read, or refused with the documented exception and a one-line message (naming the file for
// the readers that take a path); nothing else may escape, and memory must stay in proportion.
// A failing input is saved to the temporary folder and named in the failure, to replay with the
// fuzz harness of the same name (fuzz/) or to add to tests/data/fuzz_regressions/.
#include "core/input_spec.h"
#include "core/module_tree.h"
#include "core/topology.h"
#include "core/torch/extraction_error.h"
#include "core/torch/state_dict.h"
#include "fuzz/layout_cache_peek.h"
#include "io/exported_program.h"
#include "io/load_error.h"
#include "io/model_file.h"
#include "io/npy.h"
#include "io/op_mapping_file.h"
#include "io/safetensors.h"
#include "io/torch_ir_reader.h"
#include "io/zip_archive.h"
#include "layout/diagram.h"
#include "layout/layout_cache.h"
#include "tests/mutation/mutator.h"
#include "tests/support/handmade_zip.h"
#include "tests/support/test_files.h"

#include <algorithm>
#include <fstream>
#include <functional>
#include <gtest/gtest.h>
#include <optional>
#include <sys/resource.h>
#include <typeinfo>

namespace irscope::testing {
namespace {

constexpr int kMutations = 1000;
// No input of these fixtures' sizes should take more memory than this to read or refuse.
#if defined(__SANITIZE_ADDRESS__)
// ASan keeps freed memory in quarantine (256 MB by default), so the peak RSS measures that too;
// there the asan preset's max_allocation_size_mb catches a reader that allocates a claim.
constexpr long kMaxGrowthMb = 1024;
#else
constexpr long kMaxGrowthMb = 256;
#endif

std::filesystem::path sourceDir() {
  return IRSCOPE_SOURCE_DIR;
}

std::string readBytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void writeBytes(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

long peakRssKb() {
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

// The files in `folder` whose names end with `suffix` and that are at most `max_bytes` long.
std::vector<std::filesystem::path> filesIn(const std::filesystem::path& folder,
                                           const std::string& suffix,
                                           uintmax_t max_bytes = UINTMAX_MAX) {
  std::vector<std::filesystem::path> files;
  if (!std::filesystem::is_directory(folder))
    return files;
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    const std::string name = entry.path().filename().string();
    if (entry.is_regular_file() && name.size() >= suffix.size() &&
        name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0 &&
        entry.file_size() <= max_bytes)
      files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::vector<std::filesystem::path> operator+(std::vector<std::filesystem::path> a,
                                             const std::vector<std::filesystem::path>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

std::filesystem::path fixtures() {
  return dataDir() / "torch_ir";
}
std::filesystem::path seeds(const std::string& harness) {
  return sourceDir() / "fuzz" / "seeds" / harness;
}

enum class Mutation { Bytes, Json };

// Reads one input: nullopt when it was read, else the what() of the documented exception (which
// the reader catches). Anything else it lets escape.
using Reader = std::function<std::optional<std::string>(const std::string& input)>;

// Runs kMutations mutations of `originals` (cycled through) through `read`, and checks every
// refusal's message: one line, non-empty, starting with `prefix` and saying something after it.
void runMutations(const std::string& reader_name, const std::vector<std::string>& originals,
                  Mutation mutation, const std::string& prefix, const Reader& read) {
  ASSERT_FALSE(originals.empty()) << "no fixtures for " << reader_name;
  uint64_t name_hash = 0xcbf29ce484222325ULL;
  for (unsigned char c : reader_name)
    name_hash = (name_hash ^ c) * 0x100000001b3ULL;
  const long rss_before = peakRssKb();
  int accepted = 0, refused = 0;
  std::vector<std::string> failures;
  for (int i = 0; i < kMutations; ++i) {
    Mutator mutator(name_hash ^ (static_cast<uint64_t>(i) * 0x9e3779b97f4a7c15ULL));
    const size_t which = static_cast<size_t>(i) % originals.size();
    const std::string input = mutation == Mutation::Json ? mutator.mutateJson(originals[which])
                                                         : mutator.mutateBytes(originals[which]);
    std::string problem;
    const long rss_at_start = peakRssKb();
    try {
      const std::optional<std::string> message = read(input);
      if (!message) {
        ++accepted;
      } else {
        ++refused;
        if (message->empty())
          problem = "empty message";
        else if (message->find_first_of("\r\n") != std::string::npos)
          problem = "message is not one line: " + *message;
        else if (message->rfind(prefix, 0) != 0 || message->size() == prefix.size())
          problem = "message does not start with '" + prefix + "' and say why: " + *message;
      }
    } catch (const std::exception& error) {
      problem = std::string("undocumented exception ") + typeid(error).name() + ": " + error.what();
    } catch (...) {
      problem = "undocumented exception (not a std::exception)";
    }
    // The peak only grows, so this names the first input that took far more than it holds.
    if (const long grown_mb = (peakRssKb() - rss_at_start) / 1024;
        problem.empty() && grown_mb > kMaxGrowthMb)
      problem = "reading it grew the peak RSS by " + std::to_string(grown_mb) + " MB";
    if (!problem.empty()) {
      const std::filesystem::path saved =
          std::filesystem::temp_directory_path() /
          ("irscope-mutation-" + reader_name + "-" + std::to_string(i) + ".bin");
      writeBytes(saved, input);
      failures.push_back("mutation " + std::to_string(i) + " of original " + std::to_string(which) +
                         " (" + mutator.description() + ", saved as " + saved.string() +
                         "): " + problem);
    }
  }
  std::string listed;
  for (size_t i = 0; i < failures.size() && i < 10; ++i)
    listed += "\n  " + failures[i];
  EXPECT_TRUE(failures.empty()) << failures.size() << " of " << kMutations << " mutations broke "
                                << reader_name << "'s promise:" << listed;
  const long grown_mb = (peakRssKb() - rss_before) / 1024;
  EXPECT_LE(grown_mb, kMaxGrowthMb) << reader_name << " grew the peak RSS by " << grown_mb << " MB";
  std::printf("%s: %d read, %d refused, %zu broke the promise, peak RSS +%ld MB\n",
              reader_name.c_str(), accepted, refused, failures.size(), grown_mb);
}

std::vector<std::string> contentsOf(const std::vector<std::filesystem::path>& paths) {
  std::vector<std::string> contents;
  for (const auto& path : paths)
    contents.push_back(readBytes(path));
  return contents;
}

// A reader that takes a path: the input is written to `file` first.
template <typename Exception, typename Read>
Reader throughFile(const std::filesystem::path& file, Read read) {
  return [file, read](const std::string& input) -> std::optional<std::string> {
    writeBytes(file, input);
    try {
      read(file);
    } catch (const Exception& error) {
      return std::string(error.what());
    }
    return std::nullopt;
  };
}

TEST(ReaderMutation, TorchIrJson) {
  TempDir dir;
  const auto file = dir / "model.json";
  runMutations(
      "torch_ir_json",
      contentsOf(filesIn(fixtures(), ".json", 100'000) + filesIn(seeds("torch_ir_json"), ".json")),
      Mutation::Json, file.string() + ": ",
      throughFile<io::LoadError>(file, [](const auto& path) { io::openModel(path); }));
}

TEST(ReaderMutation, Npy) {
  TempDir dir;
  const auto file = dir / "array.npy";
  runMutations("npy", contentsOf(filesIn(fixtures(), ".npy") + filesIn(seeds("npy"), ".npy")),
               Mutation::Bytes, file.string() + ": ",
               throughFile<io::LoadError>(file, [](const auto& path) {
                 io::readNpy(path);
                 io::npyDataSha256(path);
               }));
}

TEST(ReaderMutation, Safetensors) {
  TempDir dir;
  const auto file = dir / "weights.safetensors";
  runMutations(
      "safetensors",
      contentsOf(filesIn(fixtures(), ".safetensors", 256'000) +
                 filesIn(seeds("safetensors"), ".safetensors")),
      Mutation::Bytes, file.string() + ": ",
      throughFile<io::LoadError>(file, [](const auto& path) { io::readSafetensors(path); }));
}

// Through the plugin loader and libtorch, as irscope-cli and the app read state_dicts; the
// small fixtures only, since libtorch is slower, but as many mutations.
TEST(ReaderMutation, StateDict) {
  TempDir dir;
  const auto file = dir / "weights.state_dict.pt";
  runMutations("state_dict", contentsOf(filesIn(fixtures(), ".state_dict.pt", 80'000)),
               Mutation::Bytes, file.string() + ": ",
               throughFile<torchscript::ExtractionError>(
                   file, [](const auto& path) { torchscript::readStateDict(path); }));
}

// torch.export archives: the zip, both layouts' headers, the program JSON and the weights (raw
// storages through their config, torch.save entries through the plugin).
TEST(ReaderMutation, Pt2) {
  TempDir dir;
  const auto file = dir / "model.pt2";
  runMutations(
      "pt2",
      contentsOf(filesIn(dataDir() / "pt2", ".pt2", 100'000) + filesIn(seeds("pt2"), ".pt2")),
      Mutation::Bytes, file.string() + ": ", throughFile<io::LoadError>(file, [](const auto& path) {
        io::readExportedProgram(path);
        io::readExportedProgramWeights(path);
      }));
}

// Inside an archive, CRCs refuse nearly every mutation above before a reader sees it; so the
// JSON entries are mutated alone and packed again with the rest of a PT2-layout archive.
void runPt2EntryMutations(const std::string& reader_name, const std::string& entry_suffix) {
  const io::ZipArchive seed =
      io::ZipArchive::openFile(seeds("pt2") / "RecurrentUnrollDeflated.pt2");
  std::vector<std::pair<std::string, std::string>> entries;
  std::string mutated_entry, original;
  for (size_t i = 0; i < seed.entries().size(); ++i) {
    const std::string& name = seed.entries()[i].name;
    entries.emplace_back(name, seed.read(i, 1 << 20));
    if (name.size() >= entry_suffix.size() &&
        name.compare(name.size() - entry_suffix.size(), entry_suffix.size(), entry_suffix) == 0) {
      mutated_entry = name;
      original = entries.back().second;
    }
  }
  ASSERT_FALSE(original.empty()) << "no " << entry_suffix << " in the seed";
  const std::string source = "mutated.pt2";
  runMutations(reader_name, {original}, Mutation::Json, source + ": ",
               [&](const std::string& input) -> std::optional<std::string> {
                 auto packed = entries;
                 for (auto& [name, data] : packed)
                   if (name == mutated_entry)
                     data = input;
                 const std::string archive = testing::storedZip(packed);
                 try {
                   io::readExportedProgramBytes(archive, source);
                   io::readExportedProgramWeightsBytes(archive, source);
                 } catch (const io::LoadError& error) {
                   return std::string(error.what());
                 }
                 return std::nullopt;
               });
}

TEST(ReaderMutation, Pt2WeightsConfig) {
  runPt2EntryMutations("pt2_weights_config", "data/weights/model_weights_config.json");
}

TEST(ReaderMutation, Pt2ModelJson) {
  runPt2EntryMutations("pt2_model_json", "models/model.json");
}

TEST(ReaderMutation, LayoutCache) {
  // Real cache files: a few fixtures laid out once with the disk cache in a folder of ours.
  TempDir made;
  for (const char* model : {"RecurrentUnroll", "SelfAttention"}) {
    const ir::Graph graph = io::readTorchIrFile(fixtures() / (std::string(model) + ".json"));
    const ir::Topology topology = ir::buildTopology(graph);
    const ir::ModuleTree modules = ir::buildModuleTree(graph, topology);
    layout::LayoutCache cache(made.path());
    layout::buildDiagram(graph, topology, modules, layout::DiagramOptions{}, {}, {}, &cache);
  }
  const auto written = filesIn(made.path(), ".layout");
  ASSERT_EQ(written.size(), 2u) << "laying out two models wrote other than two cache files";
  const std::vector<std::string> originals = contentsOf(written);

  // The cache reads a file under its own name for the key; a mutated one must read as a miss.
  TempDir dir;
  const std::filesystem::path file = dir / written[0].filename();
  const uint64_t key = std::stoull(written[0].stem().string(), nullptr, 16);
  const Reader read = [&](const std::string& input) -> std::optional<std::string> {
    writeBytes(file, input);
    layout::LayoutCache cache(dir.path());
    const auto* bytes = reinterpret_cast<const uint8_t*>(input.data());
    if (cache.find(key, fuzz::graphClaimedBy(bytes, input.size()), true))
      return std::nullopt;
    return std::string("not cached");
  };
  for (const std::string& original : originals)
    ASSERT_EQ(read(original), std::nullopt) << "an intact cache file does not read back";
  runMutations("layout_cache", originals, Mutation::Bytes, "", read);
}

TEST(ReaderMutation, InputSpec) {
  std::vector<std::string> shapes;
  std::ifstream list(sourceDir() / "fuzz" / "seeds" / "input_shapes.txt");
  for (std::string line; std::getline(list, line);)
    shapes.push_back(line);
  runMutations("input_spec", shapes, Mutation::Bytes, "input shape '",
               [](const std::string& input) -> std::optional<std::string> {
                 try {
                   const ir::InputSpec spec = ir::parseInputSpec(input);
                   const ir::InputSpec again = ir::parseInputSpec(ir::formatInputSpec(spec));
                   if (again.shape != spec.shape || again.dtype != spec.dtype)
                     throw std::runtime_error("round trip: '" + ir::formatInputSpec(spec) +
                                              "' does not parse back to the same spec");
                 } catch (const std::invalid_argument& error) {
                   return std::string(error.what());
                 }
                 return std::nullopt;
               });
}

TEST(ReaderMutation, OpMapping) {
  TempDir dir;
  const auto file = dir / "mapping.json";
  runMutations(
      "op_mapping",
      contentsOf(
          std::vector<std::filesystem::path>{sourceDir() / "resources" / "mappings" / "ttnn.json"} +
          filesIn(seeds("op_mapping"), ".json")),
      Mutation::Json, file.string() + ": ",
      throughFile<io::LoadError>(file, [](const auto& path) { io::readOpMappingFile(path); }));
}

} // namespace
} // namespace irscope::testing
