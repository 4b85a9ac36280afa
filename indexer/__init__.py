"""wenyuan's index: analyze → index → search. Derived from the archive; rebuildable."""
