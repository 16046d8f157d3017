"""The build pipeline: the orchestrator (scan → load → extract → assemble → render → write → index → swap), the
cache, the inputs' manifest, the article workers and the writer that stages then swaps."""
