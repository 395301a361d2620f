"""What the file is: its type and size (probe), container walks, completeness, pictures, XMP, JUMBF
and embedded metadata."""
