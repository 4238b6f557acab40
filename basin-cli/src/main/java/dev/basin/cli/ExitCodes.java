package dev.basin.cli;

/** Process exit codes of the basin command. */
public final class ExitCodes {
    public static final int OK = 0;
    /** An unexpected internal error (a bug: rerun with --debug and report the stack trace). */
    public static final int INTERNAL = 1;
    /** A file could not be written or read (disk full, no permission); the message names the file. */
    public static final int WRITE = 1;
    /** Bad command line: unknown option or name, impossible number; also a run folder in use by another run. */
    public static final int USAGE = 2;
    /** The training loss became NaN or infinite. */
    public static final int DIVERGED = 3;
    /** Input data missing, truncated, corrupt, or failing its checksum. */
    public static final int DATA = 4;
    /** A sweep ended with failed cells (each one's error is in the sweep's manifest). */
    public static final int CELLS_FAILED = 5;

    private ExitCodes() {
    }
}
