"""Interchange: Convex import, legacy migration, bundles, PDF/OTIO/CSV export. No Qt."""
