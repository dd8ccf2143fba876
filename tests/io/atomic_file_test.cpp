#include "io/atomic_file.h"
#include "tests/support/test_files.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

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
