"""Pure Python rules of the product: enums, numbering, workflow stage. No Qt, no SQL."""
