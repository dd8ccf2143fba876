#include "core/torch/graph_interpreter.h"

#include "core/torch/libtorch_message.h"

#include <torch/csrc/jit/ir/constants.h>
#include <torch/csrc/jit/runtime/operator.h>

namespace irscope::torchscript {

using torch::jit::Node;
using torch::jit::Value;

namespace {

std::vector<c10::IValue> popN(torch::jit::Stack& stack, size_t count) {
  std::vector<c10::IValue> values(std::make_move_iterator(stack.end() - count),
                                  std::make_move_iterator(stack.end()));
  stack.erase(stack.end() - count, stack.end());
  return values;
}

void pushAll(torch::jit::Stack& stack, at::ArrayRef<c10::IValue> values) {
  stack.insert(stack.end(), values.begin(), values.end());
}

// Container plumbing that has no registered operator: the TorchScript interpreter compiles these
// to instructions of its own, so they are done here. Returns false for any other node.
bool runContainerNode(const Node& node, torch::jit::Stack& stack) {
  const c10::Symbol kind = node.kind();
  const size_t inputs = node.inputs().size();
  if (kind == c10::prim::ListConstruct) {
    // The element type must be exact: ops check Tensor[] and int[] lists by it.
    c10::impl::GenericList list(node.output()->type()->expectRef<c10::ListType>().getElementType());
    for (c10::IValue& value : popN(stack, inputs))
      list.push_back(std::move(value));
    stack.emplace_back(std::move(list));
  } else if (kind == c10::prim::ListUnpack) {
    const c10::IValue list = popN(stack, 1)[0];
    const auto elements = list.toListRef();
    if (elements.size() != node.outputs().size())
      throw std::runtime_error("cannot unpack a list of " + std::to_string(elements.size()) +
                               " values into " + std::to_string(node.outputs().size()));
    pushAll(stack, elements);
  } else if (kind == c10::prim::TupleConstruct) {
    std::vector<c10::IValue> elements = popN(stack, inputs);
    const auto tuple_type = node.output()->type()->cast<c10::TupleType>();
    if (tuple_type && tuple_type->schema())
      stack.emplace_back(c10::ivalue::Tuple::createNamed(std::move(elements), tuple_type));
    else
      stack.emplace_back(c10::ivalue::Tuple::create(std::move(elements)));
  } else if (kind == c10::prim::TupleUnpack) {
    const c10::IValue tuple = popN(stack, 1)[0];
    pushAll(stack, tuple.toTupleRef().elements());
  } else if (kind == c10::prim::TupleSlice) {
    const c10::IValue tuple = popN(stack, 1)[0];
    const auto elements = tuple.toTupleRef().elements();
    const auto begin = static_cast<size_t>(node.i(c10::attr::beg));
    const auto end = std::min(static_cast<size_t>(node.i(c10::attr::end)), elements.size());
    std::vector<c10::IValue> slice(elements.begin() + std::min(begin, end), elements.begin() + end);
    stack.emplace_back(c10::ivalue::Tuple::create(std::move(slice)));
  } else if (kind == c10::prim::DictConstruct) {
    const auto& dict_type = node.output()->type()->expectRef<c10::DictType>();
    c10::impl::GenericDict dict(dict_type.getKeyType(), dict_type.getValueType());
    std::vector<c10::IValue> items = popN(stack, inputs);
    for (size_t i = 0; i + 1 < items.size(); i += 2)
      dict.insert_or_assign(std::move(items[i]), std::move(items[i + 1]));
    stack.emplace_back(std::move(dict));
  } else if (kind == c10::prim::isinstance) {
    const c10::IValue value = popN(stack, 1)[0];
    bool matches = false;
    for (const c10::TypePtr& type : node.tys(c10::attr::types))
      matches = matches || value.type()->isSubtypeOf(*type);
    stack.emplace_back(matches);
  } else if (kind == c10::prim::RaiseException) {
    // The model's own `raise` or `assert`: its message, with the exception class when known.
    std::vector<c10::IValue> args = popN(stack, inputs);
    std::string message = !args.empty() && args[0].isString() ? args[0].toStringRef() : "";
    if (args.size() > 1 && args[1].isString())
      message = args[1].toStringRef() + ": " + message;
    throw std::runtime_error(message.empty() ? "an exception without a message" : message);
  } else if (kind == c10::prim::unchecked_cast) {
    // A type refinement only; the value passes through.
  } else if (kind == c10::prim::CallMethod || kind == c10::prim::CallFunction) {
    throw std::runtime_error("a call that inlining could not resolve (" +
                             std::string(kind.toQualString()) + ")");
  } else {
    return false;
  }
  return true;
}

} // namespace

std::vector<c10::IValue> GraphInterpreter::run(const torch::jit::Graph& graph,
                                               std::vector<c10::IValue> inputs) {
  values_.clear();
  releases_.clear();
  planReleases(*graph.block());
  bind(graph.inputs(), std::move(inputs));
  runBlock(*graph.block());
  return valuesOf(graph.outputs());
}

void GraphInterpreter::runBlock(const torch::jit::Block& block) {
  for (const Node* node : block.nodes()) {
    runNode(*node);
    release(*node);
  }
}

namespace {

// The node of `block` that is, or holds in its blocks, `user`; null when `user` is not inside
// `block` (its return node included).
const Node* ancestorIn(const Node* user, const torch::jit::Block* block) {
  while (user && user->owningBlock() != block) {
    const torch::jit::Block* owner = user->owningBlock();
    user = owner ? owner->owningNode() : nullptr;
  }
  return user;
}

} // namespace

// A value dies after the last node of its own block that reads it, directly or from inside one
// of that node's blocks (a loop body reads what was defined before the loop on every trip). A
// block's outputs are read after the block, so they are never released inside it.
void GraphInterpreter::planReleases(const torch::jit::Block& block) {
  auto plan = [&](const Value* value, const Node* defined_by) {
    const Node* last = nullptr;
    for (const torch::jit::Use& use : value->uses()) {
      const Node* reader = ancestorIn(use.user, &block);
      if (!reader || reader == block.return_node())
        return; // read after the block, or from outside it: kept
      if (!last || last->isBefore(reader))
        last = reader;
    }
    if (!last)
      last = defined_by; // read by nothing: gone at once
    if (last)
      releases_[last].push_back(value);
  };
  for (const Node* node : block.nodes()) {
    for (const Value* output : node->outputs())
      plan(output, node);
    for (const torch::jit::Block* inner : node->blocks())
      planReleases(*inner);
  }
}

void GraphInterpreter::release(const Node& node) {
  const auto found = releases_.find(&node);
  if (found == releases_.end())
    return;
  for (const Value* value : found->second)
    values_.erase(value);
}

const c10::IValue& GraphInterpreter::valueOf(const Value* value) const {
  const auto found = values_.find(value);
  if (found == values_.end())
    throw std::logic_error("value %" + value->debugName() + " used before it is defined");
  return found->second;
}

std::vector<c10::IValue> GraphInterpreter::valuesOf(at::ArrayRef<const Value*> values) const {
  std::vector<c10::IValue> result;
  result.reserve(values.size());
  for (const Value* value : values)
    result.push_back(valueOf(value));
  return result;
}

void GraphInterpreter::bind(at::ArrayRef<const Value*> values, std::vector<c10::IValue> ivalues) {
  if (values.size() != ivalues.size())
    throw std::logic_error("expected " + std::to_string(values.size()) + " values, got " +
                           std::to_string(ivalues.size()));
  for (size_t i = 0; i < values.size(); ++i)
    values_[values[i]] = std::move(ivalues[i]);
}

void GraphInterpreter::runNode(const Node& node) {
  const c10::Symbol kind = node.kind();
  if (kind == c10::prim::Constant) {
    auto constant = torch::jit::toIValue(node.output());
    values_[node.output()] = constant ? std::move(*constant) : c10::IValue();
  } else if (kind == c10::prim::GetAttr) {
    const auto object = valueOf(node.input()).toObject();
    values_[node.output()] = object->getAttr(node.s(c10::attr::name));
  } else if (kind == c10::prim::If) {
    runIf(node);
  } else if (kind == c10::prim::Loop) {
    runLoop(node);
  } else if (kind == c10::prim::Uninitialized) {
    values_[node.output()] = c10::IValue();
  } else {
    runOperation(node);
  }
}

void GraphInterpreter::runIf(const Node& node) {
  const bool condition = valueOf(node.input()).toBool();
  const torch::jit::Block& branch = *node.blocks()[condition ? 0 : 1];
  runBlock(branch);
  bind(node.outputs(), valuesOf(branch.outputs()));
  // The branch's results now live on as the If's outputs.
  for (const Value* output : branch.outputs())
    if (output->node()->owningBlock() == &branch)
      values_.erase(output);
}

void GraphInterpreter::runLoop(const Node& node) {
  // prim::Loop(max_trip_count, initial_condition, carried...); its block takes
  // (iteration, carried...) and returns (continue_condition, carried...).
  const torch::jit::Block& body = *node.blocks()[0];
  const auto inputs = node.inputs();
  const int64_t max_trips = valueOf(inputs[0]).toInt();
  bool keep_going = valueOf(inputs[1]).toBool();
  std::vector<c10::IValue> carried = valuesOf(inputs.slice(2));
  for (int64_t trip = 0; trip < max_trips && keep_going; ++trip) {
    std::vector<c10::IValue> block_inputs{c10::IValue(trip)};
    block_inputs.insert(block_inputs.end(), carried.begin(), carried.end());
    bind(body.inputs(), std::move(block_inputs));
    runBlock(body);
    std::vector<c10::IValue> block_outputs = valuesOf(body.outputs());
    keep_going = block_outputs[0].toBool();
    carried.assign(block_outputs.begin() + 1, block_outputs.end());
  }
  bind(node.outputs(), std::move(carried));
}

void GraphInterpreter::runOperation(const Node& node) {
  std::vector<c10::IValue> inputs = valuesOf(node.inputs());
  torch::jit::Stack stack(inputs.begin(), inputs.end());
  try {
    if (!runContainerNode(node, stack)) {
      torch::jit::Operation operation = node.getOperation();
      // Vararg ops (aten::format) read their input count off the stack.
      if (const c10::FunctionSchema* schema = node.maybeSchema(); schema && schema->is_vararg())
        stack.emplace_back(static_cast<int64_t>(inputs.size()));
      operation(stack);
    }
  } catch (const std::exception& error) {
    throw NodeFailure(node, oneLineMessage(error));
  }
  if (stack.size() != node.outputs().size())
    throw NodeFailure(node, "returned " + std::to_string(stack.size()) + " values, expected " +
                                std::to_string(node.outputs().size()));
  std::vector<c10::IValue> outputs(std::make_move_iterator(stack.begin()),
                                   std::make_move_iterator(stack.end()));
  bind(node.outputs(), outputs);
  if (observer_)
    observer_(node, inputs, outputs);
}

} // namespace irscope::torchscript
