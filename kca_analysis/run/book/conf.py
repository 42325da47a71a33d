"""Sphinx configuration of the book (``outputs/site/``); :mod:`.build` runs Sphinx with it.

The pages are MyST Markdown and the notebooks ``kca run`` executed: MyST-NB renders their stored
outputs and never executes them. Nothing on a page depends on the clock (no "last updated", no
year) or loads anything from the network (no MathJax: the notebooks' math is shown as text).
"""

project = "South Korean Foreign Policy in Central Asia: the notebooks"
author = "kca-notebooks developers"
copyright = ""  # no year: the same inputs build the same pages in any year
language = "en"

extensions = ["myst_nb"]
root_doc = "index"
exclude_patterns = ["_build", "jupyter_execute"]

# MyST-NB: render the outputs stored in the executed notebooks; run nothing.
nb_execution_mode = "off"
nb_merge_streams = True
# No dollar math, so no page asks for MathJax (which would be fetched from a CDN).
myst_enable_extensions = []

html_theme = "sphinx_book_theme"
html_title = project
html_static_path = ["static"]
html_css_files = ["kca.css"]
html_copy_source = False
html_show_sourcelink = False
html_last_updated_fmt = None
html_show_sphinx = False
html_theme_options = {
    "home_page_in_toc": True,
    "show_toc_level": 2,
    "use_download_button": False,
    "use_fullscreen_button": False,
    "use_repository_button": False,
    "navigation_with_keys": False,
}
# pydata-sphinx-theme: light, dark or the reader's system setting, switched in the header.
html_context = {"default_mode": "auto"}
# Sphinx's search shows a summary of each hit by fetching its page, which browsers refuse for
# pages opened from disk (file://); the hits are listed without it.
html_show_search_summary = False
