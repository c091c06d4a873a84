"""`litetts book`: plan a document, synthesize it in a worker pool, assemble, encode."""
