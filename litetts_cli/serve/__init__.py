"""`litetts serve`: an OpenAI-compatible speech server on the CLI's engine, voices and cache."""
