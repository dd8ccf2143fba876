#include "io/atomic_file.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <stdexcept>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

namespace irscope::io {

namespace {
std::runtime_error ioError(const std::filesystem::path& path, const std::string& what) {
  return std::runtime_error(path.string() + ": " + what + ": " + std::strerror(errno));
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
    const mode_t mask = ::umask(0);
    ::umask(mask);
    ::fchmod(fd_, 0666 & ~mask);
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

void writeFileAtomically(const std::filesystem::path& path, std::string_view content) {
  TemporaryFile temporary(path);
  temporary.write(content, path);
  temporary.renameTo(path);
}

} // namespace irscope::io
