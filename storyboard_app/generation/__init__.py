"""Generation: providers (Replicate, offline drafts), rounds of six, recovery. No Qt."""
