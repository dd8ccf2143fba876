#pragma once
#include <cstddef>

namespace irscope::io {

// What the text diagram writers (DOT, Mermaid) draw.
struct DiagramOptions {
  size_t max_nodes = 0;     // draw the first N nodes only; 0 draws all
  bool show_weights = true; // weights and constants as side inputs
};

} // namespace irscope::io
