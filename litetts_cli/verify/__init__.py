"""Proofreading synthesized speech with Whisper: what was heard against what was meant."""
