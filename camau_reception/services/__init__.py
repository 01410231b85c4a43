"""Use cases. Each takes a Session (inside the caller's transaction) and the acting user."""
