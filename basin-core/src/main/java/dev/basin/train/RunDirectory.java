package dev.basin.train;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A run's folder: config.json (fully resolved), metrics.csv, checkpoints/iter-NNNNNNN.safetensors and
 * summary.json. A run never writes into a folder that already holds files, so nothing from an
 * earlier run is overwritten. A folder made by {@link #create} is locked ({@link RunLock}, the file {@code .lock})
 * until {@link #close()}, so two processes never write into the same run folder.
 */
public final class RunDirectory implements AutoCloseable {
    public static final String CONFIG = "config.json";
    public static final String METRICS = "metrics.csv";
    public static final String SUMMARY = "summary.json";
    public static final String CHECKPOINTS = "checkpoints";

    private final Path root;
    private final RunLock lock;

    private RunDirectory(Path root, RunLock lock) {
        this.root = root;
        this.lock = lock;
    }

    /**
     * Fails (IllegalArgumentException) when {@code dir} exists and is not an empty folder, or (a {@link RunLock.InUseException}
     * message) when a live process holds its lock. A stale {@code .lock} alone does not count. Creates nothing.
     */
    public static void checkUsable(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--out " + dir + " is a file; choose a folder name");
        }
        RunLock.checkFree(dir);
        checkEmpty(dir);
    }

    private static void checkEmpty(Path dir) {
        // A lock and an empty checkpoints/ are what a run killed before it wrote anything leaves: the folder is still empty.
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, p -> !p.getFileName().toString().equals(RunLock.FILE)
                && !(p.getFileName().toString().equals(CHECKPOINTS) && isEmptyFolder(p)))) {
            if (s.iterator().hasNext()) {
                throw new IllegalArgumentException("run folder " + dir + " already holds files; choose another --out so nothing is overwritten");
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read --out folder " + dir + ": " + e.getMessage());
        }
    }

    private static boolean isEmptyFolder(Path p) {
        if (!Files.isDirectory(p)) {
            return false;
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(p)) {
            return !s.iterator().hasNext();
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Creates the folder (which must be absent or empty) and locks it until {@link #close()}; a folder another run holds
     * gives a {@link RunLock.InUseException}.
     */
    public static RunDirectory create(Path dir) throws IOException {
        checkUsable(dir);
        RunLock lock = RunLock.acquire(dir);
        try {
            checkEmpty(dir);
            Files.createDirectories(dir.resolve(CHECKPOINTS));
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
        return new RunDirectory(dir, lock);
    }

    /**
     * Locks an existing run folder to continue its run ({@link Resume}); a folder another live process holds gives a
     * {@link RunLock.InUseException}, a stale lock is taken over with a note ({@link #lockNote()}).
     */
    public static RunDirectory reopen(Path dir) throws IOException {
        if (!Files.isRegularFile(dir.resolve(CONFIG))) {
            throw new IllegalArgumentException(dir + " is not a Basin run folder (no " + CONFIG + "); there is nothing to resume");
        }
        RunLock lock = RunLock.acquire(dir);
        try {
            Files.createDirectories(dir.resolve(CHECKPOINTS));
            deleteLeftovers(dir);
            deleteLeftovers(dir.resolve(CHECKPOINTS));
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
        return new RunDirectory(dir, lock);
    }

    /** Temporary files of atomic writes a killed process left behind (".NAME…part"); never a finished file. */
    private static void deleteLeftovers(Path dir) throws IOException {
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, p -> {
            String n = p.getFileName().toString();
            return n.startsWith(".") && n.endsWith(".part");
        })) {
            for (Path p : s) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Opens an existing run folder for reading. */
    public static RunDirectory open(Path dir) {
        if (!Files.isRegularFile(dir.resolve(CONFIG))) {
            throw new IllegalArgumentException(dir + " is not a Basin run folder (no " + CONFIG + ")");
        }
        return new RunDirectory(dir, null);
    }

    /** The line to show when a stale lock was taken over ({@link RunLock#note()}), else empty. */
    public java.util.Optional<String> lockNote() {
        return lock == null ? java.util.Optional.empty() : lock.note();
    }

    /** Releases the lock (deleting {@code .lock}); a folder from {@link #open} holds none. Idempotent. */
    @Override
    public void close() throws IOException {
        if (lock != null) {
            lock.close();
        }
    }

    public Path root() {
        return root;
    }

    public Path config() {
        return root.resolve(CONFIG);
    }

    public Path metrics() {
        return root.resolve(METRICS);
    }

    public Path summary() {
        return root.resolve(SUMMARY);
    }

    public Path checkpoint(long iteration) {
        return root.resolve(CHECKPOINTS).resolve(String.format(java.util.Locale.ROOT, "iter-%07d.safetensors", iteration));
    }
}
