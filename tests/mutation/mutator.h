#pragma once
// Deterministic mutations of a reader's input, for the mutation tests: the same seed gives the
// same bytes on every machine (splitmix64, no std:: distributions, whose results the standard
// leaves to the library).
#include <cstdint>
#include <string>
#include <vector>

namespace irscope::testing {

class Mutator {
public:
  explicit Mutator(uint64_t seed) : state_(seed) {}

  uint64_t next();
  size_t below(size_t n); // in [0, n); n > 0

  // One to three byte-level edits: a bit flipped; a byte set to 0, 0xff or a random value; a
  // truncation; random bytes inserted; a chunk duplicated or deleted; an extreme integer written
  // over (the size fields of binary headers).
  std::string mutateBytes(std::string input);
  // One to three edits, each either byte-level or on JSON tokens: a number made huge, negative
  // or fractional; a string made a number, empty, long or holding control characters; a number
  // made a string; a bracket deleted or swapped; a literal changed; a value nested deeply.
  std::string mutateJson(std::string input);

  // What the last mutate* did, for failure messages: "flip@12 truncate@300".
  const std::string& description() const { return description_; }

private:
  void byteEdit(std::string& data);
  void jsonEdit(std::string& data);

  uint64_t state_;
  std::string description_;
};

} // namespace irscope::testing
