#pragma once
// SHA-256 through OpenSSL's EVP interface (libssl-dev): it uses the CPU's SHA extensions where
// there are any, which golden-data checks of gigabytes of .npy files need.
#include <cstddef>
#include <string>
#include <string_view>

namespace irscope::io {

// Incremental, for data read in pieces.
class Sha256 {
public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  void update(const void* data, size_t size);
  std::string hex(); // ends the digest

private:
  void* context_; // EVP_MD_CTX, kept out of this header
};

// Lower-case hex, as Python's hashlib.sha256(...).hexdigest() writes it.
std::string sha256Hex(std::string_view bytes);
std::string sha256Hex(const std::byte* data, size_t size);

} // namespace irscope::io
