"""Benchmarks: each module measures one area beside the simplest way of doing the same work."""
