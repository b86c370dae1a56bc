"""The web app (``tracker serve``)."""
