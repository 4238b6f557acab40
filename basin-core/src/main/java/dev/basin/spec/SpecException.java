package dev.basin.spec;

/**
 * A spec that cannot be run: an unknown key, a wrong type, an impossible value, a missing file or a newer
 * {@code spec_version}. The message is one line that names the key path and the problem; the CLI exits 2.
 */
public final class SpecException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public SpecException(String message) {
        super(message);
    }

    /** "PATH: PROBLEM", or the problem alone for the top level. */
    public static SpecException at(String path, String problem) {
        return new SpecException(path == null || path.isEmpty() ? problem : path + ": " + problem);
    }
}
