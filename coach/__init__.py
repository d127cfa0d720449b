"""coach: a calm terminal coach for hands-on lessons.

This module holds the version and the name coach is installed by, only. It must
never import Textual: the CLI's short commands (validate, list, export) import
the package and stay light.
"""

__version__ = "0.1.0"

DISTRIBUTION = "coach-tui"
"""The name on the package index (`coach` there is an unrelated project); the command is `coach`."""
