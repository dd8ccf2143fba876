#!/usr/bin/env python3
"""Writes the PT2-archive-layout fixtures (PyTorch >= 2.7) by hand, without torch.

From DeepResNet.pt2 (PyTorch 2.6's layout) and tests/data/torch_ir/DeepResNet.safetensors:

  Pt2LayoutDeflated.pt2  the current form (torch/export/pt2_archive/_package.py):
                         every entry under a root folder named after the file, deflated and
                         with ZIP64 records; weights as raw storage files described by
                         data/weights/model_weights_config.json (schema.PayloadConfig). Two
                         weights share one file at different storage offsets, one is a
                         transposed (non-contiguous) view, and one constant is pickled
                         (use_pickle: the 2.6 fixture's torch.save of its example inputs, which
                         hold one tensor).
  Pt2LayoutLegacy.pt2    the older form, which _package.py still reads: stored entries, the
                         weights and constants as one torch.save each (data/weights/model.pt),
                         here the 2.6 fixture's own serialized_state_dict.pt and
                         serialized_constants.pt.

Both carry the 2.6 fixture's exported-program JSON as models/model.json and its example inputs
as data/sample_inputs/model.pt (torch.save((args, kwargs)) in both layouts).

The same two forms of the smaller RecurrentUnroll, without example inputs, are the pt2 fuzz
harness's seeds in fuzz/seeds/pt2/ (libFuzzer's corpus leaves out seeds over 100 kB).

usage: tests/data/pt2/make_pt2_archive.py     (writes the fixtures and the seeds; deterministic)
"""
import json
import os
import struct
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
TORCH_IR = os.path.join(HERE, "..", "torch_ir")
FUZZ_SEEDS = os.path.join(HERE, "..", "..", "..", "fuzz", "seeds", "pt2")

# torch/_export/serde/schema.py's ScalarType and Layout numbers.
SCALAR_TYPE = {"F32": 7, "I64": 5}
ELEMENT_SIZE = {"F32": 4, "I64": 8}
STRIDED = 7
# A fixed date, so that the archives are the same bytes on every run.
DATE = (2025, 1, 1, 0, 0, 0)


def read_safetensors(path):
    data = open(path, "rb").read()
    (header_size,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + header_size])
    header.pop("__metadata__", None)
    body = data[8 + header_size :]
    tensors = {}
    for name, info in header.items():
        begin, end = info["data_offsets"]
        tensors[name] = (info["dtype"], info["shape"], body[begin:end])
    return tensors


def sym_ints(values):
    return [{"as_int": v} for v in values]


def row_major_strides(shape):
    strides, step = [], 1
    for size in reversed(shape):
        strides.insert(0, step)
        step *= size
    return strides


def payload(path_name, dtype, shape, strides, offset, is_param, use_pickle=False):
    # schema.PayloadMeta as _dataclass_to_dict writes it (Device.index None is left out).
    return {
        "path_name": path_name,
        "is_param": is_param,
        "use_pickle": use_pickle,
        "tensor_meta": {
            "dtype": SCALAR_TYPE[dtype],
            "sizes": sym_ints(shape),
            "requires_grad": is_param,
            "device": {"type": "cpu"},
            "strides": sym_ints(strides),
            "storage_offset": {"as_int": offset},
            "layout": STRIDED,
        },
    }


def transpose_2d(raw, rows, cols, element):
    """The [rows, cols] row-major bytes laid out as their [cols, rows] transpose."""
    out = bytearray()
    for c in range(cols):
        for r in range(rows):
            at = (r * cols + c) * element
            out += raw[at : at + element]
    return bytes(out)


def raw_weights(tensors, params):
    """(files, config): weight_N files and the PayloadConfig that describes them."""
    files, config = {}, {}
    # Storage sharing: bn1's running mean and variance in one file, the variance 32 elements in.
    shared = ("bn1.running_mean", "bn1.running_var")
    # A non-contiguous view: fc.weight [10, 32] read from its transpose's storage, strides [1, 10].
    transposed = "fc.weight"
    for name in sorted(tensors):
        dtype, shape, raw = tensors[name]
        if name == shared[1]:
            continue
        path = "weight_%d" % len(files)
        if name == shared[0]:
            other = tensors[shared[1]]
            files[path] = raw + other[2]
            config[name] = payload(path, dtype, shape, [1], 0, False)
            config[shared[1]] = payload(path, other[0], other[1], [1], shape[0], False)
        elif name == transposed:
            rows, cols = shape
            files[path] = transpose_2d(raw, rows, cols, ELEMENT_SIZE[dtype])
            config[name] = payload(path, dtype, shape, [1, rows], 0, name in params)
        else:
            files[path] = raw
            config[name] = payload(path, dtype, shape, row_major_strides(shape), 0, name in params)
    return files, config


def write(path, root, entries, compression, zip64):
    # force_zip64 gives each local header its ZIP64 extra field; a limit of 0 makes zipfile
    # write the central directory's ZIP64 fields and the ZIP64 end records too, as for an
    # archive over 4 GiB.
    saved_limit = zipfile.ZIP64_LIMIT
    if zip64:
        zipfile.ZIP64_LIMIT = 0
    try:
        with zipfile.ZipFile(path, "w", compression=compression) as archive:
            for name, data in entries:
                info = zipfile.ZipInfo(root + name, date_time=DATE)
                info.compress_type = compression
                with archive.open(info, "w", force_zip64=zip64) as out:
                    out.write(data)
    finally:
        zipfile.ZIP64_LIMIT = saved_limit


def make(model, out_folder, prefix, with_inputs):
    source = zipfile.ZipFile(os.path.join(HERE, model + ".pt2"))
    program = source.read("serialized_exported_program.json")
    inputs = source.read("serialized_example_inputs.pt")
    spec = json.loads(program)["graph_module"]["signature"]["input_specs"]
    params = {s["parameter"]["parameter_name"] for s in spec if "parameter" in s}

    headers = [
        ("archive_format", b"pt2"),
        ("archive_version", b"0"),
        ("byteorder", b"little"),
        (".data/version", b"6\n"),
        (".data/serialization_id", b"0123456789012345678901234567890123456789"),
        ("models/model.json", program),
    ]
    if with_inputs:
        headers.append(("data/sample_inputs/model.pt", inputs))

    safetensors = os.path.join(TORCH_IR, model + ".safetensors")
    files, weights_config = raw_weights(read_safetensors(safetensors), params)
    constants_config = {}
    if with_inputs:
        constants_config["example_input"] = {
            "path_name": "tensor_0",
            "is_param": False,
            "use_pickle": True,
            "tensor_meta": payload("tensor_0", "F32", [1, 3, 32, 32], [3072, 1024, 32, 1], 0,
                                   False)["tensor_meta"],
        }
    deflated = headers + [
        ("data/weights/model_weights_config.json",
         json.dumps({"config": weights_config}).encode()),
        ("data/constants/model_constants_config.json",
         json.dumps({"config": constants_config}).encode()),
    ] + ([("data/constants/tensor_0", inputs)] if with_inputs else []) + [
        ("data/weights/" + name, data) for name, data in files.items()
    ]
    name = prefix + "Deflated"
    write(os.path.join(out_folder, name + ".pt2"), name + "/", deflated, zipfile.ZIP_DEFLATED,
          True)

    legacy = headers + [
        ("data/weights/model.pt", source.read("serialized_state_dict.pt")),
        ("data/constants/model.pt", source.read("serialized_constants.pt")),
    ]
    name = prefix + "Legacy"
    write(os.path.join(out_folder, name + ".pt2"), name + "/", legacy, zipfile.ZIP_STORED, False)


def main():
    make("DeepResNet", HERE, "Pt2Layout", True)
    os.makedirs(FUZZ_SEEDS, exist_ok=True)
    make("RecurrentUnroll", FUZZ_SEEDS, "RecurrentUnroll", False)


if __name__ == "__main__":
    main()
