"""Reading Content Credentials: the c2pa reader, manifest parsing, explanations of validation
codes, the AI verdict and trust profiles."""
