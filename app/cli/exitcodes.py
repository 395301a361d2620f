"""Exit codes of `credlabel`, stable so scripts and support staff can rely on them."""

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0  # success; for inspect: credentials present and valid (or trusted)
    ERROR = 1  # could not do it (unreadable file, failed export, bad identity)
    USAGE = 2  # wrong arguments (argparse uses 2 as well)
    NO_CREDENTIALS = 3  # inspect: the file carries no Content Credentials
    INVALID = 4  # inspect: credentials present but invalid / tampered
    COULD_NOT_READ = (
        5  # inspect: credentials could not be read (malformed, remote-only, unsupported)
    )
    CANCELLED = 130  # Ctrl-C
