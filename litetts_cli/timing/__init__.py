"""Word timing: which samples of the audio each word was spoken in."""
