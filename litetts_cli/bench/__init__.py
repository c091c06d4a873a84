"""Benchmarks: recipes, a runner over worker processes, reports, charts, regression gates."""
