"""The site model: content/ read into records (articles, entries), assembled into one cross-linked
Site (indexes, co-mentions, related and same-event articles), and routes, the one map from the
model to URLs and pages."""
