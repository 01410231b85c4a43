"""Navigation pages; each module defines ``PAGE = PageSpec(...)`` and is discovered."""
