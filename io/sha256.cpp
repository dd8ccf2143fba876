#include "io/sha256.h"

#include <openssl/evp.h>
#include <stdexcept>

namespace irscope::io {

namespace {

EVP_MD_CTX* context(void* opaque) {
  return static_cast<EVP_MD_CTX*>(opaque);
}

void check(int ok) {
  if (ok != 1)
    throw std::runtime_error("SHA-256: OpenSSL could not compute the digest");
}

} // namespace

Sha256::Sha256() : context_(EVP_MD_CTX_new()) {
  if (!context_)
    throw std::runtime_error("SHA-256: OpenSSL is out of memory");
  check(EVP_DigestInit_ex(context(context_), EVP_sha256(), nullptr));
}

Sha256::~Sha256() {
  EVP_MD_CTX_free(context(context_));
}

void Sha256::update(const void* data, size_t size) {
  check(EVP_DigestUpdate(context(context_), data, size));
}

std::string Sha256::hex() {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  check(EVP_DigestFinal_ex(context(context_), digest, &length));
  static constexpr char kHex[] = "0123456789abcdef";
  std::string text(2 * length, '0');
  for (unsigned int i = 0; i < length; ++i) {
    text[2 * i] = kHex[digest[i] >> 4];
    text[2 * i + 1] = kHex[digest[i] & 0xf];
  }
  return text;
}

std::string sha256Hex(const std::byte* data, size_t size) {
  Sha256 hash;
  hash.update(data, size);
  return hash.hex();
}

std::string sha256Hex(std::string_view bytes) {
  return sha256Hex(reinterpret_cast<const std::byte*>(bytes.data()), bytes.size());
}

} // namespace irscope::io
