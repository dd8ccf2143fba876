#include "core/torch/extraction_error.h"
#include "core/torch/libtorch_message.h"
#include "core/torch/pytorch_file_kind.h"
#include "core/torch/tensor_conversion.h"
#include "core/torch/torch_plugin.h"

#include <algorithm>
#include <caffe2/serialize/inline_container.h>
#include <cstdio>
#include <cstring>
#include <map>
#include <sstream>
#include <torch/csrc/jit/serialization/unpickler.h>

namespace irscope::torchscript {
namespace {

// libtorch 1.13's unpickler turns every collections.OrderedDict into None (it expects only the
// empty ones that tensors carry as backward hooks), and a state_dict is one. Pickle protocol 2
// refers to nothing by byte offset, so three edits make the state_dict a plain dict it can read:
// - the top-level "GLOBAL OrderedDict, BINPUT 0, EMPTY_TUPLE, REDUCE" becomes EMPTY_DICT;
// - each tensor's hooks, "BINGET 0, EMPTY_TUPLE, REDUCE" (OrderedDict()), become NONE;
// - the trailing BUILD that sets `_metadata` (module versions) is cut off: "...u}...sb." ->
// "...u.".
std::string asPlainDict(std::string pickle) {
  const std::string header =
      std::string("\x80\x02", 2) + "ccollections\nOrderedDict\n" + std::string("q\x00)R", 4);
  if (pickle.compare(0, header.size(), header) != 0)
    return pickle;
  const std::string key = std::string("X\x09\x00\x00\x00_metadata", 14);
  const size_t at = pickle.find(key);
  if (at != std::string::npos && pickle.compare(pickle.size() - 3, 3, "sb.") == 0) {
    for (size_t brace = at; brace > 1 && brace + 6 >= at; --brace) {
      if (pickle[brace - 1] == '}' && pickle[brace - 2] == 'u') {
        pickle.resize(brace - 1);
        pickle += '.';
        break;
      }
    }
  }
  std::string result = std::string("\x80\x02}", 3);
  const std::string hooks = std::string("h\x00)R", 4);
  for (size_t i = header.size(); i < pickle.size();) {
    if (pickle.compare(i, hooks.size(), hooks) == 0) {
      result += 'N';
      i += hooks.size();
    } else {
      result += pickle[i++];
    }
  }
  return result;
}

// libtorch 1.13's unpickler has no SETITEM ('s'), which Python's pickler writes for a dict of one
// item, as PyTorch 2.x does for a parameter's attribute dict (_rebuild_parameter_with_state) or
// a one-weight state_dict. "KEY VALUE s" means "MARK KEY VALUE SETITEMS": a MARK goes in where
// KEY starts. The walk records where each stack value starts; a pickle it cannot follow is
// returned unchanged, for pickleProblem to refuse.
std::string withSetItemsBatched(const std::string& pickle) {
  if (pickle.find('s') == std::string::npos)
    return pickle;
  std::vector<size_t> starts;                   // where each stack value starts
  std::vector<std::pair<size_t, size_t>> marks; // stack size and offset at each MARK
  std::vector<size_t> marks_at, setitems_at;    // the edits
  size_t at = 0;
  auto has = [&](uint64_t n) { return n <= pickle.size() - at; };
  auto number = [&](size_t width) {
    uint64_t value = 0;
    for (size_t i = width; i-- > 0;)
      value = value << 8 | static_cast<unsigned char>(pickle[at + i]);
    return value;
  };
  auto pop = [&](size_t n, size_t& first) {
    const size_t floor = marks.empty() ? 0 : marks.back().first;
    if (starts.size() < floor + n || n == 0)
      return false;
    first = starts[starts.size() - n];
    starts.resize(starts.size() - n);
    return true;
  };
  auto popToMark = [&](size_t& mark_offset) {
    if (marks.empty() || starts.size() < marks.back().first)
      return false;
    starts.resize(marks.back().first);
    mark_offset = marks.back().second;
    marks.pop_back();
    return true;
  };
  bool stopped = false;
  while (at < pickle.size() && !stopped) {
    const size_t here = at;
    const auto opcode = static_cast<unsigned char>(pickle[at++]);
    size_t first = 0;
    bool ok = true;
    switch (opcode) {
    case 0x80:
      ok = has(1);
      at += 1;
      break;
    case '.':
      stopped = true;
      break;
    case '(':
      marks.emplace_back(starts.size(), here);
      break;
    case ')':
    case ']':
    case '}':
    case 'N':
    case 0x88:
    case 0x89:
      starts.push_back(here);
      break;
    case 'K':
    case 'M':
    case 'J':
    case 'G': {
      const size_t width = opcode == 'K' ? 1 : opcode == 'M' ? 2 : opcode == 'J' ? 4 : 8;
      ok = has(width);
      at += width;
      starts.push_back(here);
      break;
    }
    case 0x8a:
    case 0x8c:
    case 'C':
    case 'U':
    case 'X':
    case 'B':
    case 'T':
    case 0x8d:
    case 0x8e: {
      const bool short_form = opcode == 0x8a || opcode == 0x8c || opcode == 'C' || opcode == 'U';
      const size_t width = short_form ? 1 : opcode == 0x8d || opcode == 0x8e ? 8 : 4;
      ok = has(width);
      const uint64_t length = ok ? number(width) : 0;
      at += width;
      ok = ok && has(length);
      at += ok ? static_cast<size_t>(length) : 0;
      starts.push_back(here);
      break;
    }
    case 'q':
    case 'r':
      ok = has(opcode == 'q' ? 1 : 4);
      at += opcode == 'q' ? 1 : 4;
      break;
    case 'h':
    case 'j':
      ok = has(opcode == 'h' ? 1 : 4);
      at += opcode == 'h' ? 1 : 4;
      starts.push_back(here);
      break;
    case 'c': {
      const size_t module_end = pickle.find('\n', at);
      const size_t name_end =
          module_end == std::string::npos ? module_end : pickle.find('\n', module_end + 1);
      ok = name_end != std::string::npos;
      at = ok ? name_end + 1 : at;
      starts.push_back(here);
      break;
    }
    case 't':
    case 'l':
    case 'd': {
      size_t mark_offset = 0;
      ok = popToMark(mark_offset);
      starts.push_back(mark_offset);
      break;
    }
    case 0x85:
    case 0x86:
    case 0x87:
      ok = pop(opcode - 0x84u, first);
      starts.push_back(first);
      break;
    case 'a':
      ok = pop(1, first);
      break;
    case 's':
      ok = pop(2, first);
      marks_at.push_back(first);
      setitems_at.push_back(here);
      break;
    case 'e':
    case 'u': {
      size_t mark_offset = 0;
      ok = popToMark(mark_offset);
      break;
    }
    case 'R':
    case 'b':
    case 0x81:
      ok = pop(2, first);
      starts.push_back(first);
      break;
    case 'Q':
      ok = pop(1, first);
      starts.push_back(first);
      break;
    case '0':
      ok = pop(1, first);
      break;
    case '1': {
      size_t mark_offset = 0;
      ok = popToMark(mark_offset);
      break;
    }
    case '2':
      ok = !starts.empty();
      starts.push_back(here);
      break;
    default:
      ok = false;
    }
    if (!ok)
      return pickle;
  }
  std::sort(marks_at.begin(), marks_at.end());
  std::string result;
  result.reserve(pickle.size() + marks_at.size());
  size_t next_mark = 0, next_setitem = 0;
  for (size_t i = 0; i < pickle.size(); ++i) {
    while (next_mark < marks_at.size() && marks_at[next_mark] == i) {
      result += '(';
      ++next_mark;
    }
    if (next_setitem < setitems_at.size() && setitems_at[next_setitem] == i) {
      result += 'u';
      ++next_setitem;
    } else {
      result += pickle[i];
    }
  }
  return result;
}

// libtorch 1.13's unpickler trusts the pickle: it allocates a string's length before reading it
// (4 GiB for a 6 KB file), pops and indexes its stack unchecked, grows its memo to any id it is
// given, and nests without limit. So the pickle is walked once first, tracking what the
// unpickler would (the stack with each value's nesting, the marks, the memo), and anything it
// would mishandle is refused. Returns the problem, or "" when the unpickler may read it.
std::string pickleProblem(const std::string& pickle) {
  // A state_dict nests 5 deep. Shared values make a DAG whose type names grow as 2^nesting.
  constexpr int kMaxNesting = 12;
  size_t at = 0;
  std::vector<int> stack;    // each value's nesting: 0 for a scalar
  std::vector<size_t> marks; // the stack's size at each MARK
  std::vector<int> memo;     // each memo entry's nesting, -1 where nothing was put
  auto has = [&](uint64_t n) { return n <= pickle.size() - at; };
  auto number = [&](size_t width) { // little-endian; the caller has checked has(width)
    uint64_t value = 0;
    for (size_t i = width; i-- > 0;)
      value = value << 8 | static_cast<unsigned char>(pickle[at + i]);
    at += width;
    return value;
  };
  auto floor = [&] { return marks.empty() ? size_t{0} : marks.back(); };
  // Pops n values above the innermost mark: the deepest nesting among them, or -1.
  auto pop = [&](size_t n) {
    if (stack.size() - floor() < n)
      return -1;
    int deepest = 0;
    for (; n > 0; --n) {
      deepest = std::max(deepest, stack.back());
      stack.pop_back();
    }
    return deepest;
  };
  auto popToMark = [&](bool pairs) {
    if (marks.empty() || (pairs && (stack.size() - marks.back()) % 2 != 0))
      return -1;
    const int deepest = pop(stack.size() - marks.back());
    marks.pop_back();
    return deepest;
  };
  auto push = [&](int nesting) {
    stack.push_back(nesting);
    return nesting <= kMaxNesting;
  };
  while (at < pickle.size()) {
    const auto opcode = static_cast<unsigned char>(pickle[at++]);
    bool ok = true;
    switch (opcode) {
    case 0x80: // PROTO
      ok = has(1);
      at += ok ? 1 : 0;
      break;
    case '.': // STOP
      return {};
    case '(': // MARK
      marks.push_back(stack.size());
      break;
    case ')': // EMPTY_TUPLE
    case ']': // EMPTY_LIST
    case '}': // EMPTY_DICT
      ok = push(1);
      break;
    case 'N':  // NONE
    case 0x88: // NEWTRUE
    case 0x89: // NEWFALSE
      ok = push(0);
      break;
    case 'K': // BININT1
    case 'M': // BININT2
    case 'J': // BININT
    case 'G': // BINFLOAT
    {
      const size_t width = opcode == 'K' ? 1 : opcode == 'M' ? 2 : opcode == 'J' ? 4 : 8;
      ok = has(width) && push(0);
      at += ok ? width : 0;
      break;
    }
    case 0x8a: // LONG1
    case 0x8c: // SHORT_BINUNICODE
    case 'C':  // SHORT_BINBYTES
    case 'U':  // SHORT_BINSTRING
    case 'X':  // BINUNICODE
    case 'B':  // BINBYTES
    case 'T':  // BINSTRING
    case 0x8d: // BINUNICODE8
    case 0x8e: // BINBYTES8
    {
      const bool short_form = opcode == 0x8a || opcode == 0x8c || opcode == 'C' || opcode == 'U';
      const size_t width = short_form ? 1 : opcode == 0x8d || opcode == 0x8e ? 8 : 4;
      const uint64_t length = has(width) ? number(width) : UINT64_MAX;
      ok = has(length) && push(0);
      at += ok ? static_cast<size_t>(length) : 0;
      break;
    }
    case 'q': // BINPUT
    case 'r': // LONG_BINPUT
    {
      const size_t width = opcode == 'q' ? 1 : 4;
      // Ids count the puts, each 2 bytes or more: none can exceed the pickle's size.
      const uint64_t id = has(width) ? number(width) : UINT64_MAX;
      ok = id <= pickle.size() && stack.size() > floor();
      if (ok) {
        memo.resize(std::max(memo.size(), static_cast<size_t>(id) + 1), -1);
        memo[static_cast<size_t>(id)] = stack.back();
      }
      break;
    }
    case 'h': // BINGET
    case 'j': // LONG_BINGET
    {
      const size_t width = opcode == 'h' ? 1 : 4;
      const uint64_t id = has(width) ? number(width) : UINT64_MAX;
      ok = id < memo.size() && memo[static_cast<size_t>(id)] >= 0 &&
           push(memo[static_cast<size_t>(id)]);
      break;
    }
    case 'c': // GLOBAL: module and name, each ending in a newline
    {
      const size_t module_end = pickle.find('\n', at);
      const size_t name_end =
          module_end == std::string::npos ? module_end : pickle.find('\n', module_end + 1);
      ok = name_end != std::string::npos && push(0);
      at = ok ? name_end + 1 : at;
      break;
    }
    case 't': // TUPLE
    case 'l': // LIST
    case 'd': // DICT
    {
      const int deepest = popToMark(opcode == 'd');
      ok = deepest >= 0 && push(deepest + 1);
      break;
    }
    case 0x85: // TUPLE1
    case 0x86: // TUPLE2
    case 0x87: // TUPLE3
    {
      const int deepest = pop(opcode - 0x84u);
      ok = deepest >= 0 && push(deepest + 1);
      break;
    }
    case 'a': // APPEND: list, item
    case 's': // SETITEM: dict, key, value
    {
      const int deepest = pop(opcode == 'a' ? 1 : 2);
      const int container = deepest >= 0 ? pop(1) : -1;
      ok = container >= 0 && push(std::max(container, deepest + 1));
      break;
    }
    case 'e': // APPENDS: list, MARK, items
    case 'u': // SETITEMS: dict, MARK, keys and values
    {
      // The container sits just below the mark, and above the mark before it.
      const size_t below = marks.size() > 1 ? marks[marks.size() - 2] : 0;
      const int deepest = !marks.empty() && marks.back() > below ? popToMark(opcode == 'u') : -1;
      const int container = deepest >= 0 ? pop(1) : -1;
      ok = container >= 0 && push(std::max(container, deepest + 1));
      break;
    }
    case 'R':  // REDUCE: callable, arguments
    case 'b':  // BUILD: object, state
    case 0x81: // NEWOBJ: class, arguments
    {
      const int deepest = pop(2);
      ok = deepest >= 0 && push(deepest + 1);
      break;
    }
    case 'Q': // BINPERSID: a storage's description becomes a tensor
      ok = pop(1) >= 0 && push(1);
      break;
    case '0': // POP
      ok = pop(1) >= 0;
      break;
    case '1': // POP_MARK
      ok = popToMark(false) >= 0;
      break;
    case '2': // DUP
      ok = stack.size() > floor() && push(stack.back());
      break;
    default: {
      char hex[8];
      std::snprintf(hex, sizeof hex, "0x%02x", opcode);
      return std::string("the pickle has an opcode a state_dict does not use (") + hex +
             " at byte " + std::to_string(at - 1) + ")";
    }
    }
    if (!ok)
      return "the pickle is malformed at byte " + std::to_string(at - 1) +
             (!stack.empty() && stack.back() > kMaxNesting ? " (it nests too deeply)" : "");
  }
  return "the pickle ends without its STOP";
}

// Whether a tensor that the unpickler built lies inside its storage, and the storage inside the
// record it was read from: the unpickler sizes a storage by the element count the pickle claims,
// not by the bytes the record holds, and takes sizes and strides as they come.
std::string tensorProblem(const at::Tensor& tensor, const std::map<const void*, size_t>& records) {
  const c10::Storage& storage = tensor.storage();
  const uint64_t storage_bytes = storage.nbytes();
  if (storage_bytes > 0) {
    const auto record = records.find(storage.data());
    if (record == records.end() || record->second < storage_bytes)
      return "its storage claims more bytes than the file holds for it";
  }
  if (tensor.storage_offset() < 0)
    return "it has a negative storage offset";
  for (int64_t dim = 0; dim < tensor.dim(); ++dim) {
    if (tensor.size(dim) < 0 || tensor.stride(dim) < 0)
      return "it has a negative size or stride";
    if (tensor.size(dim) == 0)
      return {}; // no elements, nothing read
  }
  // The element count, and the last element's index in the storage: offset + sum((size - 1) *
  // stride), all without overflow.
  constexpr uint64_t kMax = uint64_t{1} << 62;
  uint64_t count = 1;
  uint64_t last = static_cast<uint64_t>(tensor.storage_offset());
  for (int64_t dim = 0; dim < tensor.dim(); ++dim) {
    const auto size = static_cast<uint64_t>(tensor.size(dim));
    const auto stride = static_cast<uint64_t>(tensor.stride(dim));
    if (count > kMax / size || (stride > 0 && size - 1 > (kMax - last) / stride))
      return "its sizes and strides are implausibly large";
    count *= size;
    last += (size - 1) * stride;
  }
  const auto element = static_cast<uint64_t>(tensor.element_size());
  if (last >= storage_bytes / element)
    return "its sizes and strides reach past its storage";
  // Zero strides can make a small storage a vast tensor; irscope holds weights densely.
  if (count > kMax / element || (count * element > storage_bytes && count * element > (1u << 30)))
    return "it would take " + std::to_string(count) + " elements from a storage of " +
           std::to_string(storage_bytes) + " bytes";
  return {};
}

constexpr char kParameterClass[] = "irscope.SavedParameter";

// A saved nn.Parameter's tensor (see unpickleSaved); any other value as it is.
c10::IValue parameterData(const c10::IValue& value) {
  if (value.isObject() && value.toObjectRef().type()->name() &&
      value.toObjectRef().type()->name()->qualifiedName() == kParameterClass)
    return value.toObjectRef().getSlot(0);
  return value;
}

// Unpickles a torch.save zip whose records `reader` serves. Checks the pickle before libtorch's
// unpickler sees it, and each tensor against the record it was built from.
struct Unpickled {
  c10::IValue value;
  std::map<const void*, size_t> records; // each storage's data, and how many bytes it truly has
};

Unpickled unpickleSaved(caffe2::serialize::PyTorchStreamReader& reader) {
  Unpickled result;
  auto [data, size] = reader.getRecord("data.pkl");
  const std::string pickle =
      withSetItemsBatched(asPlainDict(std::string(static_cast<const char*>(data.get()), size)));
  if (const std::string problem = pickleProblem(pickle); !problem.empty())
    throw std::runtime_error(problem);
  size_t offset = 0;
  auto read = [&](char* buffer, size_t wanted) {
    const size_t n = std::min(wanted, pickle.size() - offset);
    std::memcpy(buffer, pickle.data() + offset, n);
    offset += n;
    return n;
  };
  // PyTorch 2.x saves an nn.Parameter as torch._utils._rebuild_parameter(tensor, requires_grad,
  // hooks) or, with attributes set on it, _rebuild_parameter_with_state(tensor, requires_grad,
  // hooks, state); libtorch 1.13's unpickler knows neither. It is resolved to a one-slot class
  // whose object keeps the tensor; parameterData() unwraps it. Every other class is refused.
  auto units = std::make_shared<torch::jit::CompilationUnit>();
  auto parameter = c10::ClassType::create(c10::QualifiedName(kParameterClass), units);
  parameter->addAttribute("data", c10::TensorType::get());
  auto resolve_classes = [&](const c10::QualifiedName& name) -> c10::StrongTypePtr {
    if (name.qualifiedName() == "torch._utils._rebuild_parameter" ||
        name.qualifiedName() == "torch._utils._rebuild_parameter_with_state")
      return c10::StrongTypePtr(units, parameter);
    throw std::runtime_error("holds a " + name.qualifiedName() + ", which is not a tensor");
  };
  auto load_parameter = [](const c10::StrongTypePtr& type, const c10::IValue& arguments) {
    if (!arguments.isTuple() || arguments.toTupleRef().elements().empty() ||
        !arguments.toTupleRef().elements()[0].isTensor())
      throw std::runtime_error("an nn.Parameter's arguments hold no tensor");
    auto object = c10::ivalue::Object::create(type, 1);
    object->setSlot(0, arguments.toTupleRef().elements()[0]);
    return object;
  };
  auto read_record = [&reader, &result](const std::string& key) {
    auto [record, bytes] = reader.getRecord("data/" + key);
    result.records[record.get()] = bytes;
    return std::move(record);
  };
  torch::jit::Unpickler unpickler(read, resolve_classes, load_parameter, read_record,
                                  at::Device(at::kCPU));
  result.value = unpickler.parse_ivalue();
  return result;
}

ir::TensorData checkedTensorData(const at::Tensor& tensor, const Unpickled& unpickled,
                                 const std::string& file, const std::string& name) {
  if (const std::string problem = tensorProblem(tensor, unpickled.records); !problem.empty())
    throw ExtractionError(file, "'" + name + "': " + problem);
  try {
    return toTensorData(tensor);
  } catch (const std::exception& error) {
    throw ExtractionError(file, "'" + name + "': " + oneLineMessage(error));
  }
}

std::vector<std::pair<std::string, ir::TensorData>> stateDictOf(const Unpickled& unpickled,
                                                                const std::string& file) {
  const c10::IValue& loaded = unpickled.value;
  if (!loaded.isGenericDict())
    throw ExtractionError(file, "holds a " + loaded.type()->str() + ", not a state_dict");
  std::vector<std::pair<std::string, ir::TensorData>> tensors;
  for (const auto& entry : loaded.toGenericDict()) {
    if (!entry.key().isString())
      throw ExtractionError(file, "a state_dict key is a " + entry.key().type()->str() +
                                      ", not a string");
    const std::string& name = entry.key().toStringRef();
    const c10::IValue value = parameterData(entry.value());
    if (!value.isTensor())
      throw ExtractionError(file,
                            "'" + name + "' holds a " + value.type()->str() + ", not a tensor");
    tensors.emplace_back(name, checkedTensorData(value.toTensor(), unpickled, file, name));
  }
  return tensors;
}

// Tensors nested in tuples, lists and dicts, depth first in order; other leaves are refused.
void flattenTensors(const c10::IValue& saved, const Unpickled& unpickled, const std::string& file,
                    const std::string& where, int depth, std::vector<ir::TensorData>& out) {
  const c10::IValue value = parameterData(saved);
  if (depth > 32)
    throw ExtractionError(file, where + " nests more than 32 levels deep");
  if (value.isTensor()) {
    out.push_back(checkedTensorData(value.toTensor(), unpickled, file, where));
  } else if (value.isTuple()) {
    const auto& elements = value.toTupleRef().elements();
    for (size_t i = 0; i < elements.size(); ++i)
      flattenTensors(elements[i], unpickled, file, where + "[" + std::to_string(i) + "]", depth + 1,
                     out);
  } else if (value.isList()) {
    const auto list = value.toListRef();
    for (size_t i = 0; i < list.size(); ++i)
      flattenTensors(list[i], unpickled, file, where + "[" + std::to_string(i) + "]", depth + 1,
                     out);
  } else if (value.isGenericDict()) {
    for (const auto& entry : value.toGenericDict())
      flattenTensors(entry.value(), unpickled, file,
                     where + "[" + (entry.key().isString() ? entry.key().toStringRef() : "?") + "]",
                     depth + 1, out);
  } else if (!value.isNone()) {
    throw ExtractionError(file,
                          where + " is a " + value.type()->str() + "; irscope reads tensor inputs");
  }
}

// torch.save's bytes held in memory, unpickled; a failure is one line naming `source_name`.
Unpickled unpickleSavedBytes(const std::string& bytes, const std::string& source_name) {
  try {
    std::istringstream stream(bytes);
    caffe2::serialize::PyTorchStreamReader reader(&stream);
    return unpickleSaved(reader);
  } catch (const std::exception& error) {
    throw ExtractionError(source_name, "cannot read the saved tensors: " + oneLineMessage(error));
  }
}

} // namespace

namespace impl {

std::vector<std::pair<std::string, ir::TensorData>>
readStateDict(const std::filesystem::path& path) {
  const std::string file = path.string();
  const PyTorchFile kind = inspectPyTorchFile(path);
  if (kind.kind == PyTorchFileKind::TorchScript)
    throw ExtractionError(file, "is a TorchScript model, not a state_dict; its weights come "
                                "with it when you open or extract it");
  if (kind.kind != PyTorchFileKind::StateDict)
    throw ExtractionError(file, notTorchScriptProblem(kind));

  // torch.save's zip: the pickle in data.pkl, each tensor's storage in data/<key>.
  Unpickled unpickled;
  try {
    caffe2::serialize::PyTorchStreamReader reader(file);
    unpickled = unpickleSaved(reader);
  } catch (const std::exception& error) {
    throw ExtractionError(file, "cannot read the state_dict: " + oneLineMessage(error));
  }
  return stateDictOf(unpickled, file);
}

std::vector<std::pair<std::string, ir::TensorData>>
readStateDictBytes(const std::string& bytes, const std::string& source_name) {
  const Unpickled unpickled = unpickleSavedBytes(bytes, source_name);
  return stateDictOf(unpickled, source_name);
}

std::vector<ir::TensorData> readSavedTensorsBytes(const std::string& bytes,
                                                  const std::string& source_name) {
  const Unpickled unpickled = unpickleSavedBytes(bytes, source_name);
  std::vector<ir::TensorData> tensors;
  flattenTensors(unpickled.value, unpickled, source_name, "value", 0, tensors);
  return tensors;
}

} // namespace impl
} // namespace irscope::torchscript
