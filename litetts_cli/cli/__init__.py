"""The command line: the only layer that prints, reads argv, or picks exit codes."""
