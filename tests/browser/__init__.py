"""Browser tests: JupyterLab and the static site, seen in headless Chromium (marker ``browser``)."""
