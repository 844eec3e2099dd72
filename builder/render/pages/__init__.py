"""Portal pages as Markdown (+ inline HTML/SVG), independent of MkDocs."""
