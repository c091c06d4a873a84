"""Read-along EPUBs: the book's own EPUB with its audio and EPUB 3 Media Overlays.

``marks`` gives each sentence of the book's pages an element with an id (wrapping
sentences of a paragraph in spans, the text itself untouched); ``align`` pairs those
sentences with the sentence cues the model's durations timed; ``smil`` writes the
overlays; ``package`` reads the EPUB's package and writes the new one.
"""
