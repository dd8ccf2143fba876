#!/usr/bin/env python3
"""Writes the small hand-made fuzz seeds in this folder (the fixtures in tests/data are the rest).

Each covers a corner the fixtures do not: other .npy versions and dtypes, safetensors metadata
and odd dtypes, a torch_ir file with constants and extra keys, a mapping with every predicate.
Run it from anywhere; it needs only the standard library."""
import json
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))


def write(harness, name, data):
    os.makedirs(os.path.join(HERE, harness), exist_ok=True)
    with open(os.path.join(HERE, harness, name), "wb") as f:
        f.write(data.encode() if isinstance(data, str) else data)


def npy(descr, shape, data, version=1, fortran=False):
    dims = ", ".join(str(d) for d in shape) + ("," if len(shape) == 1 else "")
    header = "{'descr': '%s', 'fortran_order': %s, 'shape': (%s), }" % (
        descr, "True" if fortran else "False", dims)
    size_width = 2 if version == 1 else 4
    unpadded = 6 + 2 + size_width + len(header) + 1
    header += " " * ((64 - unpadded % 64) % 64) + "\n"
    size = struct.pack("<H" if version == 1 else "<I", len(header))
    return b"\x93NUMPY" + bytes([version, 0]) + size + header.encode("latin-1") + data


write("npy", "v1_f4_2x2.npy", npy("<f4", (2, 2), struct.pack("<4f", 1, -2, 3.5, 0)))
write("npy", "v2_i8_3.npy", npy("<i8", (3,), struct.pack("<3q", 1, -1, 2**62), version=2))
write("npy", "v3_u1_scalar.npy", npy("|u1", (), b"\x07", version=3))
write("npy", "bool_empty.npy", npy("|b1", (0, 4), b""))
write("npy", "f2_1x1x1.npy", npy("<f2", (1, 1, 1), b"\x00\x3c"))
write("npy", "fortran.npy", npy("<f8", (2,), struct.pack("<2d", 1, 2), fortran=True))
write("npy", "big_endian.npy", npy(">f4", (1,), struct.pack(">f", 1)))


def safetensors(tensors, metadata=None):
    header = {}
    if metadata is not None:
        header["__metadata__"] = metadata
    data = b""
    for name, dtype, shape, raw in tensors:
        header[name] = {"dtype": dtype, "shape": shape,
                        "data_offsets": [len(data), len(data) + len(raw)]}
        data += raw
    text = json.dumps(header, separators=(",", ":"))
    text += " " * ((8 - (8 + len(text)) % 8) % 8)
    return struct.pack("<Q", len(text)) + text.encode() + data


write("safetensors", "mixed.safetensors", safetensors([
    ("a.weight", "F32", [2], struct.pack("<2f", 1, 2)),
    ("b", "BF16", [1, 1], b"\x80\x3f"),
    ("mask", "BOOL", [3], b"\x01\x00\x01"),
    ("f8", "F8_E4M3", [2], b"\x38\x40"),
    ("scalar", "I64", [], struct.pack("<q", -5)),
    ("empty", "U16", [0, 3], b""),
], metadata={"format": "pt", "note": "hand-made fuzz seed"}))
write("safetensors", "empty.safetensors", safetensors([]))

write("torch_ir_json", "constants_and_extras.json", json.dumps({
    "model_name": "Tiny", "pytorch_version": "2.6.0", "future_key": {"kept": [1, 2.5, None]},
    "graph_inputs": [{"name": "x", "shape": [1, 4], "dtype": "float32"}],
    "graph_outputs": [{"name": "add", "shape": [1, 4], "dtype": "float32",
                       "producer_node": "add", "producer_output_idx": 0}],
    "weights": [{"name": "fc.weight", "shape": [4, 4], "dtype": "float32"}],
    "weight_name_mapping": {"p_fc_weight": "fc.weight"},
    "constants": {"c0": {"data": [1.0, 2.0, 3.0, 4.0], "dtype": "float32", "shape": [4]}},
    "nodes": [
        {"name": "linear", "op_type": "aten.linear.default",
         "inputs": [{"name": "x", "shape": [1, 4], "dtype": "float32",
                     "producer_node": "x", "producer_output_idx": 0},
                    {"name": "p_fc_weight", "shape": [4, 4], "dtype": "float32"}],
         "outputs": [{"name": "linear", "shape": [1, 4], "dtype": "float32"}],
         "attrs": {"nested": {"list": [1, -2, 3e10], "flag": True}},
         "module_path": "fc", "module_type": "Linear"},
        {"name": "add", "op_type": "aten.add.Tensor",
         "inputs": [{"name": "linear", "shape": [1, 4], "dtype": "float32",
                     "producer_node": "linear", "producer_output_idx": 0},
                    {"name": "c0", "shape": [4], "dtype": "float32"}],
         "outputs": [{"name": "add", "shape": [1, 4], "dtype": "float32"}],
         "attrs": {"alpha": 1}, "extra_node_key": "kept"}],
}, indent=1))

write("op_mapping", "every_predicate.json", json.dumps({
    "format": "irscope-op-mapping", "version": 1, "target": "TTNN", "source": "fuzz seed",
    "ops": {
        "aten.conv2d.default": {
            "targets": ["ttnn.conv2d"], "status": "converted", "note": "n",
            "defaults": {"groups": 1},
            "requires": [
                {"value": "input0.rank", "eq": 4, "label": "rank", "because": "4-D only"},
                {"value": "input0.shape[1]", "multiple_of": 16},
                {"value": "input0.shape[1:3]", "ne": [1, 1]},
                {"value": "input0.dtype", "in": ["float32", "bfloat16"]},
                {"value": "attr.groups", "not_in": [0]},
                {"value": "output0.numel", "lt": 1e9, "ge": 1},
                {"value": "inputs", "le": 3, "gt": 0},
                {"value": "input0.shape", "same_as": "output0.shape"},
                {"value": "input1.shape[-1]",
                 "any_of": [{"eq": 3}, {"all_of": [{"value": "attr.stride", "eq": [1, 1]},
                                                     {"gt": 0}]}]}]},
        "aten.relu.default": {"targets": ["ttnn.relu"], "status": "converted"},
        "aten.view.default": {"status": "removed", "note": "a view"},
        "aten.lstm.input": {"status": "fallback"},
        "aten.gelu.default": {"targets": ["ttnn.mul", "ttnn.tanh"], "status": "decomposed"}},
}, indent=1))
