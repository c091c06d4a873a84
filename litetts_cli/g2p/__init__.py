"""Text -> phonemes -> Kokoro token ids."""
