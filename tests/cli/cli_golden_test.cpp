// irscope-cli golden sweep | verify | model, end to end: the files, their hashes, NumPy reading
// them, a flipped byte caught, a model's golden folder, and one-line errors.
#include "core/json.h"
#include "io/npy.h"
#include "io/sha256.h"
#include "tests/support/cli_run.h"
#include "tests/support/test_files.h"

#include <cstdlib>
#include <fstream>
#include <gtest/gtest.h>

namespace irscope::cli {
namespace {

using testing::CliRun;
using testing::dataDir;
using testing::readText;
using testing::TempDir;
using testing::writeText;

CliRun runCli(const std::vector<std::string>& args) {
  return testing::runCli(IRSCOPE_CLI, args);
}

std::string fixture(const std::string& file) {
  return (dataDir() / "torch_ir" / file).string();
}

bool oneLine(const std::string& text) {
  return !text.empty() && text.find('\n') == text.size() - 1;
}

Json readJson(const std::filesystem::path& path) {
  return Json::parse(readText(path));
}

// A small sweep, written once for the tests of this file.
const std::filesystem::path& smallSweep() {
  static TempDir dir;
  static const bool written = [] {
    const CliRun run = runCli({"golden", "sweep", "-o", (dir / "sweep").string(), "--channels",
                               "8,16", "--dtypes", "bfloat16,float32"});
    EXPECT_EQ(run.exit_code, 0) << run.err;
    EXPECT_NE(run.err.find("[4/4]"), std::string::npos) << run.err; // progress per case
    return true;
  }();
  (void)written;
  static const std::filesystem::path path = dir / "sweep";
  return path;
}

const char* const kRoles[] = {"conv2d_input", "conv2d_weight", "conv2d_bias",  "conv2d_output",
                              "matmul_A",     "matmul_B",      "matmul_output"};

TEST(CliGoldenSweep, WritesSeed002sLayoutWithHashesOfTheStoredFloat32Bytes) {
  const auto& dir = smallSweep();
  for (const char* top : {"system_info.json", "config.json", "README.md"})
    EXPECT_TRUE(std::filesystem::exists(dir / top)) << top;
  const Json config = readJson(dir / "config.json");
  EXPECT_EQ(config["seed"], 42);
  EXPECT_EQ(config["input_channels"], Json::array({8, 16}));
  EXPECT_EQ(config["kernel_size"], Json::array({3, 3}));
  const Json system = readJson(dir / "system_info.json");
  for (const char* key :
       {"irscope_version", "torch_version", "os", "architecture", "cpu", "device", "threads"})
    EXPECT_TRUE(system.contains(key)) << key;
  EXPECT_NE(readText(dir / "README.md").find("torch.manual_seed(42)"), std::string::npos);

  for (const std::string dtype : {"bfloat16", "float32"}) {
    for (const auto& [ic, name] : {std::pair{8, "k0072_ic008"}, std::pair{16, "k0144_ic016"}}) {
      const Json metadata = readJson(dir / dtype / (std::string(name) + "_metadata.json"));
      EXPECT_EQ(metadata["case"], name);
      EXPECT_EQ(metadata["dtype"], dtype);
      EXPECT_EQ(metadata["input_channels"], ic);
      EXPECT_EQ(metadata["K"], ic * 9);
      EXPECT_EQ(metadata["shapes"]["matmul"]["A"], Json::array({1024, ic * 9}));
      EXPECT_EQ(metadata["shapes"]["matmul"]["B"], Json::array({ic * 9, 32}));
      EXPECT_EQ(metadata["shapes"]["conv2d"]["output"], Json::array({1, 32, 32, 32}));
      // Inputs only in input_hashes, outputs only in output_hashes.
      EXPECT_EQ(metadata["input_hashes"]["conv2d"].size(), 3u);
      EXPECT_EQ(metadata["input_hashes"]["matmul"].size(), 2u);
      EXPECT_FALSE(metadata["input_hashes"]["conv2d"].contains("output"));
      EXPECT_EQ(metadata["output_hashes"]["conv2d"].size(), 1u);
      EXPECT_EQ(metadata["output_hashes"]["matmul"].size(), 1u);
      for (const char* role : kRoles) {
        const std::string file = std::string(name) + "_" + role + ".npy";
        const ir::TensorData data = io::readNpy(dir / dtype / file);
        EXPECT_EQ(data.dtype, "float32") << file; // bfloat16 too: NumPy has no bfloat16
        const std::string tensor(role);
        const std::string op = tensor.substr(0, tensor.find('_'));
        const std::string part = tensor.substr(tensor.find('_') + 1);
        const bool input = part != "output";
        const Json& hash = metadata[input ? "input_hashes" : "output_hashes"][op][part];
        EXPECT_EQ(hash, io::sha256Hex(data.bytes.data(), data.bytes.size())) << file;
      }
    }
  }
  // bfloat16 values survive the float32 storage exactly: the low 16 bits are zero.
  const ir::TensorData input = io::readNpy(dir / "bfloat16" / "k0072_ic008_conv2d_input.npy");
  for (size_t i = 0; i < input.bytes.size(); i += 4)
    ASSERT_TRUE(input.bytes[i] == std::byte{0} && input.bytes[i + 1] == std::byte{0}) << i;
}

// NumPy itself, where it is installed (bootstrap.sh installs python3-numpy): every file loads,
// and hashlib over the array's bytes gives the metadata's hash.
TEST(CliGoldenSweep, NumPyReadsEveryFileAndAgreesWithTheHashes) {
  if (std::system("/usr/bin/python3 -c 'import numpy' 2>/dev/null") != 0)
    GTEST_SKIP() << "python3-numpy is not installed";
  const auto& dir = smallSweep();
  const std::string script = (dir.parent_path() / "check.py").string();
  std::ofstream(script)
      << "import glob, hashlib, json, os, sys\nimport numpy as np\n"
         "root = sys.argv[1]\nn = 0\n"
         "for meta_file in glob.glob(os.path.join(root, '*', '*_metadata.json')):\n"
         "    meta = json.load(open(meta_file))\n"
         "    folder = os.path.dirname(meta_file)\n"
         "    for kind in ('input_hashes', 'output_hashes'):\n"
         "        for op, roles in meta[kind].items():\n"
         "            for role, h in roles.items():\n"
         "                a = np.load(os.path.join(folder, meta['case'] + '_' + op + '_' + role + "
         "'.npy'))\n"
         "                assert a.dtype == np.float32, a.dtype\n"
         "                assert list(a.shape) == meta['shapes'][op][role]\n"
         "                assert hashlib.sha256(np.ascontiguousarray(a).tobytes()).hexdigest() == "
         "h\n"
         "                n += 1\n"
         "print(n)\n";
  const std::string output = (dir.parent_path() / "check.out").string();
  ASSERT_EQ(
      std::system(
          ("/usr/bin/python3 " + script + " " + dir.string() + " > " + output + " 2>&1").c_str()),
      0)
      << readText(output);
  EXPECT_EQ(readText(output), "28\n"); // 2 dtypes x 2 cases x 7 tensors
}

TEST(CliGoldenVerify, PassesOnAFreshFolderAndRegeneratesTheSameInputs) {
  const CliRun run = runCli({"golden", "verify", smallSweep().string(), "--regenerate"});
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_NE(run.out.find("✓ bfloat16 ic=8 (k0072_ic008)\n"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("✓ float32 ic=16 (k0144_ic016)\n"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("All 4 cases verified, inputs regenerated on this machine"),
            std::string::npos)
      << run.out;
}

TEST(CliGoldenVerify, AFlippedByteFailsNamingTheFile) {
  TempDir dir;
  std::filesystem::copy(smallSweep(), dir / "copy", std::filesystem::copy_options::recursive);
  const auto victim = dir / "copy" / "float32" / "k0144_ic016_matmul_B.npy";
  {
    std::fstream file(victim, std::ios::in | std::ios::out | std::ios::binary);
    file.seekg(-5, std::ios::end); // inside the data, not the header
    char byte = 0;
    file.read(&byte, 1);
    byte = static_cast<char>(byte ^ 0x01);
    file.seekp(-5, std::ios::end);
    file.write(&byte, 1);
  }
  const CliRun run = runCli({"golden", "verify", (dir / "copy").string()});
  EXPECT_EQ(run.exit_code, 1) << run.out;
  EXPECT_NE(run.out.find("✗ float32 ic=16 (k0144_ic016)\n    k0144_ic016_matmul_B.npy: SHA-256 "
                         "differs from the metadata\n"),
            std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("✓ float32 ic=8"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("1 of 4 cases failed"), std::string::npos) << run.out;

  // A missing file is a failed case too, not a crash.
  std::filesystem::remove(dir / "copy" / "bfloat16" / "k0072_ic008_conv2d_bias.npy");
  const CliRun missing = runCli({"golden", "verify", (dir / "copy").string()});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.out.find("k0072_ic008_conv2d_bias.npy: missing"), std::string::npos)
      << missing.out;
}

TEST(CliGoldenModel, WritesInputsOutputsAndMetadataThatVerify) {
  TempDir dir;
  // From the IR JSON, run by the executor, with every intermediate.
  const CliRun run =
      runCli({"golden", "model", fixture("DeepResNet.json"), "--inputs",
              fixture("DeepResNet.in0.npy"), "-o", (dir / "ir").string(), "--nodes"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const Json metadata = readJson(dir / "ir" / "metadata.json");
  EXPECT_EQ(metadata["model"], "DeepResNet");
  EXPECT_EQ(metadata["node_hashes"].size(), 27u);
  EXPECT_EQ(metadata["shapes"]["output0"], Json::array({1, 10}));
  EXPECT_TRUE(std::filesystem::exists(dir / "ir" / "golden_data.pt"));
  // The input is the one given, byte for byte; the output is torch_ir's own execution's.
  EXPECT_EQ(io::readNpy(dir / "ir" / "input0.npy"), io::readNpy(fixture("DeepResNet.in0.npy")));
  const ir::TensorData output = io::readNpy(dir / "ir" / "output0.npy");
  const ir::TensorData expected = io::readNpy(fixture("DeepResNet.irout0.npy"));
  ASSERT_EQ(output.shape, expected.shape);
  const CliRun compared =
      runCli({"verify", fixture("DeepResNet.json"), "--inputs", fixture("DeepResNet.in0.npy"),
              "--expected", (dir / "ir" / "output0.npy").string()});
  EXPECT_EQ(compared.exit_code, 0) << compared.out;

  const CliRun verified = runCli({"golden", "verify", (dir / "ir").string()});
  EXPECT_EQ(verified.exit_code, 0) << verified.out << verified.err;
  EXPECT_NE(verified.out.find("✓ output0\n"), std::string::npos) << verified.out;
  EXPECT_NE(verified.out.find("All 29 files verified"), std::string::npos) << verified.out;

  // From the TorchScript file, on the same input: the same output.
  const CliRun traced = runCli({"golden", "model", fixture("DeepResNet.ts.pt"), "--inputs",
                                fixture("DeepResNet.in0.npy"), "-o", (dir / "ts").string()});
  ASSERT_EQ(traced.exit_code, 0) << traced.err;
  const Json traced_metadata = readJson(dir / "ts" / "metadata.json");
  EXPECT_FALSE(traced_metadata.contains("node_hashes"));
  EXPECT_EQ(traced_metadata["input_hashes"], metadata["input_hashes"]);
}

TEST(CliGoldenErrors, OneLineAndExitTwo) {
  TempDir dir;
  std::filesystem::create_directories(dir / "empty");
  writeText(dir / "not.npy", "hello");
  std::filesystem::create_directories(dir / "badconfig");
  writeText(dir / "badconfig" / "config.json", R"({"seed": 42, "batch_size": 1,
    "input_size": [32, 32], "output_channels": 32, "kernel_size": [3, 3], "padding": [1, 1],
    "stride": [1, 1], "bias": true, "dtypes": ["int8"], "input_channels": [8]})");
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"golden", "verify", (dir / "missing").string()}, "no such folder"},
      {{"golden", "verify", (dir / "empty").string()}, "is no golden folder"},
      {{"golden", "verify", (dir / "badconfig").string()}, "dtypes: \"int8\""},
      {{"golden", "model", fixture("DeepResNet.json"), "--inputs", (dir / "not.npy").string(), "-o",
        (dir / "out").string()},
       "not.npy"},
      {{"golden", "model", fixture("DeepResNet.json"), "--input-shape", "1x3x8x8", "-o",
        (dir / "out2").string()},
       "shape"},
      {{"golden", "sweep", "-o", (dir / "s").string(), "--dtypes", "int8"}, "int8"},
  };
  for (const auto& [args, needle] : cases) {
    const CliRun run = runCli(args);
    EXPECT_EQ(run.exit_code, 2) << args[1] << " " << args[2] << "\n" << run.err;
    EXPECT_TRUE(oneLine(run.err)) << run.err;
    EXPECT_NE(run.err.find(needle), std::string::npos) << run.err;
  }
  EXPECT_FALSE(std::filesystem::exists(dir / "out" / "metadata.json"));
}

} // namespace
} // namespace irscope::cli
