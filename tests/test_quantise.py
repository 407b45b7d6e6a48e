"""The int8 rewrite of the encoder's graph (learn/quantise.py) on a small graph of the same
shape as an attention block: three products of one input, each with its bias (Q, K, V),
and a product without one. What the coders rely on: each token is quantised on its own
scale (so a text's embedding does not depend on the texts beside it), the integer result
is the per-token / per-column arithmetic the docstring states, and it stays close to the
float graph."""

from __future__ import annotations

import numpy as np
import pytest

onnx = pytest.importorskip("onnx")
ort = pytest.importorskip("onnxruntime")

from onnx import TensorProto, helper, numpy_helper

from tacitus.learn.quantise import quantise

DIM, OUT = 16, 12


def _graph(path, rng):
    weights = {f"w{i}": rng.normal(size=(DIM, OUT)).astype(np.float32) for i in range(3)}
    weights["w3"] = rng.normal(size=(OUT, DIM)).astype(np.float32)
    biases = {f"b{i}": rng.normal(size=OUT).astype(np.float32) for i in range(3)}
    nodes = []
    for i in range(3):        # Q, K, V: one input, each product followed by its bias
        nodes += [helper.make_node("MatMul", ["x", f"w{i}"], [f"m{i}"], name=f"/mm{i}"),
                  helper.make_node("Add", [f"m{i}", f"b{i}"], [f"y{i}"], name=f"/add{i}")]
    nodes.append(helper.make_node("MatMul", ["y2", "w3"], ["z"], name="/mm3"))
    graph = helper.make_graph(
        nodes, "block", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [None, None, DIM])],
        [helper.make_tensor_value_info(n, TensorProto.FLOAT, [None, None, width])
         for n, width in (("y0", OUT), ("y1", OUT), ("z", DIM))],
        [numpy_helper.from_array(v, k) for k, v in {**weights, **biases}.items()])
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)]), str(path))
    return weights, biases


def _run(path, x):
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    return session.run(None, {"x": x})


def _int8(x, w):
    """The arithmetic the docstring states: uint8 per token (scale max|row| / 127, zero
    point 128), int8 per output column, integer product, both scales back."""
    xs = np.maximum(np.abs(x).max(axis=-1, keepdims=True), 1e-8) / 127
    xq = np.clip(np.round(x / xs), -128, 127)
    ws = np.maximum(np.abs(w).max(axis=0), 1e-8) / 127
    wq = np.clip(np.round(w / ws), -127, 127)
    return (xq @ wq) * ws * xs


@pytest.fixture(scope="module")
def graphs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("quantise")
    weights, biases = _graph(folder / "float.onnx", np.random.default_rng(5))
    quantise(folder / "float.onnx", folder / "int8.onnx")
    return folder, weights, biases


def test_the_int8_graph_computes_per_token_integer_products(graphs):
    folder, weights, biases = graphs
    x = np.random.default_rng(6).normal(size=(2, 5, DIM)).astype(np.float32)
    x[1, 2] *= 40                     # an outlying token must not coarsen the others
    q, k, z = _run(folder / "int8.onnx", x)
    assert np.allclose(q, _int8(x, weights["w0"]) + biases["b0"], rtol=1e-4, atol=1e-4)
    assert np.allclose(k, _int8(x, weights["w1"]) + biases["b1"], rtol=1e-4, atol=1e-4)
    v = _int8(x, weights["w2"]) + biases["b2"]
    assert np.allclose(z, _int8(v.astype(np.float32), weights["w3"]), rtol=1e-3, atol=1e-3)
    quantised = onnx.load(str(folder / "int8.onnx"))
    assert not [n for n in quantised.graph.node if n.op_type == "MatMul"]   # all int8


def test_a_token_quantises_the_same_whatever_its_batch(graphs):
    folder, _, _ = graphs
    x = np.random.default_rng(7).normal(size=(3, 4, DIM)).astype(np.float32)
    x[2] *= 100
    together = _run(folder / "int8.onnx", x)
    for row in range(3):
        alone = _run(folder / "int8.onnx", x[row:row + 1])
        for a, b in zip(alone, together, strict=True):
            assert np.array_equal(a[0], b[row])


def test_the_int8_graph_stays_close_to_the_float_one(graphs):
    folder, _, _ = graphs
    x = np.random.default_rng(8).normal(size=(1, 6, DIM)).astype(np.float32)
    for exact, approx in zip(_run(folder / "float.onnx", x), _run(folder / "int8.onnx", x),
                             strict=True):
        cosine = (exact * approx).sum(-1) / np.linalg.norm(exact, axis=-1) \
            / np.linalg.norm(approx, axis=-1)
        assert cosine.min() > 0.999
