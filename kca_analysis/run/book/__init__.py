"""The book: ``outputs/site/``, built by ``kca run`` from the executed notebooks with Sphinx,
MyST-NB and sphinx-book-theme (the stack Jupyter Book 1 wraps), offline and deterministically.

- :mod:`.entries`: the notebook pages in reading order (the notebooks, then the country
  profiles);
- :mod:`.exhibits`: every figure and table of the manifest and the cell that shows it;
- :mod:`.notebook`: an executed notebook made into a page (set-up code folded, downloads beside
  every exhibit), never executed again;
- :mod:`.sources` and :mod:`.pages`: the Exhibits, Data, References and Reproduce pages;
- :mod:`.build`: the sources, Sphinx (configured by ``conf.py``), the files to download, the
  cache key; :func:`publish` is what ``kca run`` calls;
- :mod:`.readme`: the README's generated sections (data availability, requirements, exhibits).
"""

from .build import BookError, book_key, build_book, is_stale, publish

__all__ = ["BookError", "book_key", "build_book", "is_stale", "publish"]
