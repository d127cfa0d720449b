"""coach: a calm terminal coach for hands-on lessons.

This module holds the version only. It must never import Textual: the CLI's
fast commands (validate, list, export) import the package and stay light.
"""

__version__ = "0.1.0"
