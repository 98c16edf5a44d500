"""The shot iterator: navigator, grid of six, rounds, refine, lineage, compare, details, jobs."""
