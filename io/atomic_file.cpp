#include "io/atomic_file.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

namespace irscope::io {

namespace {
std::runtime_error ioError(const std::filesystem::path& path, const std::string& what) {
  return std::runtime_error(path.string() + ": " + what + ": " + std::strerror(errno));
}

// The process umask, read without changing it: umask(0) and back would, for that moment, let
// files that other threads create get world-writable permissions.
mode_t processUmask() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line))
    if (line.rfind("Umask:", 0) == 0)
      return static_cast<mode_t>(std::strtoul(line.c_str() + 6, nullptr, 8));
  return 022; // no procfs: the usual default
}

// After a rename, the new name is durable only once its folder is flushed too.
void syncDirectoryOf(const std::filesystem::path& path) {
  const std::filesystem::path folder =
      path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
  const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0)
    throw ioError(path, "cannot open its folder to flush it");
  const int synced = ::fsync(fd);
  const int saved = errno;
  ::close(fd);
  errno = saved;
  if (synced != 0 && errno != EINVAL) // some filesystems cannot sync a folder: nothing to do
    throw ioError(path, "cannot flush its folder to disk");
}

// Owns the temporary file until it has been renamed into place.
class TemporaryFile {
public:
  explicit TemporaryFile(const std::filesystem::path& target) {
    std::string pattern = target.string() + ".tmp-XXXXXX";
    fd_ = ::mkstemp(pattern.data());
    if (fd_ < 0)
      throw ioError(target, "cannot create a temporary file beside it");
    path_ = pattern;
  }
  TemporaryFile(const TemporaryFile&) = delete;
  TemporaryFile& operator=(const TemporaryFile&) = delete;
  ~TemporaryFile() {
    if (fd_ >= 0)
      ::close(fd_);
    if (!committed_)
      ::unlink(path_.c_str());
  }

  void write(std::string_view content, const std::filesystem::path& target) {
    while (!content.empty()) {
      const ssize_t written = ::write(fd_, content.data(), content.size());
      if (written < 0) {
        if (errno == EINTR)
          continue;
        throw ioError(target, "cannot write");
      }
      content.remove_prefix(static_cast<size_t>(written));
    }
    // mkstemp creates 0600; give the file the permissions a plain create would.
    if (::fchmod(fd_, 0666 & ~processUmask()) != 0)
      throw ioError(target, "cannot set the file's permissions");
    if (::fsync(fd_) != 0)
      throw ioError(target, "cannot flush to disk");
    if (::close(fd_) != 0) {
      fd_ = -1;
      throw ioError(target, "cannot close");
    }
    fd_ = -1;
  }

  void renameTo(const std::filesystem::path& target) {
    if (::rename(path_.c_str(), target.c_str()) != 0)
      throw ioError(target, "cannot replace");
    committed_ = true;
  }

private:
  int fd_ = -1;
  std::string path_;
  bool committed_ = false;
};
} // namespace

void writeFilesAtomically(
    const std::vector<std::pair<std::filesystem::path, std::string_view>>& files) {
  std::vector<std::unique_ptr<TemporaryFile>> temporaries;
  for (const auto& [path, content] : files) {
    temporaries.push_back(std::make_unique<TemporaryFile>(path));
    temporaries.back()->write(content, path);
  }
  for (size_t i = 0; i < files.size(); ++i) {
    temporaries[i]->renameTo(files[i].first);
    syncDirectoryOf(files[i].first);
  }
}

void writeFileAtomically(const std::filesystem::path& path, std::string_view content) {
  TemporaryFile temporary(path);
  temporary.write(content, path);
  temporary.renameTo(path);
  syncDirectoryOf(path);
}

} // namespace irscope::io
