#include "io/atomic_file.h"
#include "tests/support/test_files.h"

#include <atomic>
#include <gtest/gtest.h>
#include <sys/stat.h>

// Counts the process's umask calls (tests/CMakeLists.txt links this suite with --wrap=umask).
static std::atomic<int> umask_calls{0};
extern "C" mode_t __real_umask(mode_t mask);
extern "C" mode_t __wrap_umask(mode_t mask) {
  ++umask_calls;
  return __real_umask(mask);
}

namespace irscope::io {
namespace {

using testing::TempDir;

size_t entriesIn(const std::filesystem::path& dir) {
  size_t count = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir))
    ++count;
  return count;
}

TEST(AtomicFile, WritesAndReplaces) {
  TempDir dir;
  const auto path = dir / "out.txt";
  writeFileAtomically(path, "first");
  writeFileAtomically(path, "second version");
  EXPECT_EQ(testing::readText(path), "second version");
  EXPECT_EQ(entriesIn(dir.path()), 1u); // no temporary file left behind
}

TEST(AtomicFile, GivesTheFileOrdinaryPermissions) {
  TempDir dir;
  const auto path = dir / "out.txt";
  writeFileAtomically(path, "x");
  struct stat info {};
  ASSERT_EQ(::stat(path.c_str(), &info), 0);
  EXPECT_NE(info.st_mode & S_IRGRP, 0u) << "mkstemp's 0600 leaked through";
}

TEST(AtomicFile, FollowsTheUmaskWithoutEverChangingIt) {
  TempDir dir;
  const mode_t previous = ::umask(027);
  // umask(0)-and-back would, for a moment, make files that other threads create world-writable.
  // The suite is linked with --wrap=umask, so every call is counted.
  umask_calls = 0;
  writeFileAtomically(dir / "out.txt", "x");
  EXPECT_EQ(umask_calls.load(), 0);
  struct stat info {};
  ASSERT_EQ(::stat((dir / "out.txt").c_str(), &info), 0);
  ::umask(previous);
  EXPECT_EQ(info.st_mode & 0777, 0640u);
}

TEST(AtomicFile, APairIsWrittenWholeOrNotAtAll) {
  TempDir dir;
  writeFileAtomically(dir / "model.json", "old model");
  // The second file cannot be written: the first must not be replaced either.
  EXPECT_THROW(writeFilesAtomically({{dir / "model.json", "new model"},
                                     {dir / "missing" / "model.safetensors", "weights"}}),
               std::runtime_error);
  EXPECT_EQ(testing::readText(dir / "model.json"), "old model");
  EXPECT_EQ(entriesIn(dir.path()), 1u);
  writeFilesAtomically({{dir / "model.json", "new model"}, {dir / "w.safetensors", "weights"}});
  EXPECT_EQ(testing::readText(dir / "model.json"), "new model");
  EXPECT_EQ(testing::readText(dir / "w.safetensors"), "weights");
}

TEST(AtomicFile, FailsCleanlyInAMissingDirectory) {
  TempDir dir;
  const auto path = dir / "no" / "such" / "out.txt";
  try {
    writeFileAtomically(path, "x");
    FAIL() << "expected an error";
  } catch (const std::runtime_error& error) {
    EXPECT_NE(std::string(error.what()).find(path.string()), std::string::npos) << error.what();
  }
  EXPECT_EQ(entriesIn(dir.path()), 0u);
}

TEST(AtomicFile, LeavesTheOldFileWhenTheRenameFails) {
  TempDir dir;
  const auto target = dir / "occupied";
  std::filesystem::create_directory(target); // rename() of a file over a directory fails
  std::filesystem::create_directory(target / "keep");
  EXPECT_THROW(writeFileAtomically(target, "x"), std::runtime_error);
  EXPECT_TRUE(std::filesystem::is_directory(target / "keep"));
  EXPECT_EQ(entriesIn(dir.path()), 1u);
}

} // namespace
} // namespace irscope::io
