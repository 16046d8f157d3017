"""Extract: Arabic normalisation, dates in the text, the knowledge base compiled into a matcher,
mentions with their evidence, discovery of names the knowledge base lacks, and its evaluation."""
