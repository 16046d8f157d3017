"""Ingest: raw files and record exports → clean Markdown articles in content/articles/, the
original kept beside each (decoding, page extraction, junk rules, cleaning, the ingest command)."""
