"""ONNX Runtime engine, voices and blends, chunking, worker pool."""
