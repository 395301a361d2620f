"""The `credlabel` command line: subcommands on the core, no widgets."""
