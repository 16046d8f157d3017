"""Search: the keys both sides fold words to, the search records, the index in bounded pieces
(Pagefind) and its word index re-cut into small chunks."""
