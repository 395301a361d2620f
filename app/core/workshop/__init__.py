"""Workshop tools: comparing two files and making tampered copies that visibly fail."""
