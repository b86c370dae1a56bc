"""tracker: Vietnamese government directives → tracked tasks.

Holds only the version: importing the package must stay cheap (``tracker --help``).
"""

__version__ = "0.1.0"
