"""The Convex import: a snapshot export of the original web app → rows here, in one transaction.

`import_convex_export` (in `importer`) is the one entry; the other modules are its steps.
"""

from storyboard_app.interchange.convex.importer import import_convex_export
from storyboard_app.interchange.convex.state import ImportCancelled
from storyboard_app.interchange.reports import ImportReport
from storyboard_app.interchange.safe_zip import ArchiveError, ZipLimits

__all__ = ["ArchiveError", "ImportCancelled", "ImportReport", "ZipLimits", "import_convex_export"]
