"""The store: models, voices, custom voices, and the audio cache."""
