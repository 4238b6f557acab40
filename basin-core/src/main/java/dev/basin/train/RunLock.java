package dev.basin.train;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;

/**
 * An exclusive lock on a run folder: the file {@code .lock} in it, locked with {@link FileChannel#tryLock()} and holding
 * the owner's PID and start time ("PID START\n"). A second process, or a second attempt in the same JVM, is refused
 * with {@link InUseException}. A stale lock (the file locked by nobody, or its PID no longer alive) is taken over and
 * {@link #note()} says so. {@link #close()} deletes the file and releases the lock, so a finished run folder holds no
 * {@code .lock}.
 */
public final class RunLock implements AutoCloseable {
    public static final String FILE = ".lock";

    /**
     * Folders locked by this JVM, with their lock text. A second attempt here is refused from this map, never by opening
     * the file again: on POSIX systems closing any descriptor of a file drops the process's locks on it.
     */
    private static final java.util.Map<Path, String> HELD = new java.util.concurrent.ConcurrentHashMap<>();

    /** The folder is locked by a live process; the message is the one line the user sees. */
    public static final class InUseException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        InUseException(Path dir, String holder) {
            super("run folder " + dir + " is in use by " + holder + "; wait for it or choose another --out");
        }
    }

    private final Path key;
    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private final String note;
    private boolean closed;

    private RunLock(Path key, Path file, FileChannel channel, FileLock lock, String note) {
        this.key = key;
        this.file = file;
        this.channel = channel;
        this.lock = lock;
        this.note = note;
    }

    /** Takes the lock on {@code dir} (created if absent); throws {@link InUseException} when a live process holds it. */
    public static RunLock acquire(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path key = dir.toRealPath();
        String mine = content();
        String held = HELD.putIfAbsent(key, mine);
        if (held != null) {
            throw new InUseException(dir, describe(held));
        }
        try {
            return acquire(dir, key, mine);
        } catch (IOException | RuntimeException e) {
            HELD.remove(key, mine);
            throw e;
        }
    }

    private static RunLock acquire(Path dir, Path key, String mine) throws IOException {
        Path file = dir.resolve(FILE);
        String staleHolder = null;
        for (int attempt = 0; ; attempt++) {
            if (attempt > 10) {
                throw new IOException("cannot lock " + file + ": it keeps being deleted by another process");
            }
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                ch.close();
                throw new InUseException(dir, "this process");
            } catch (IOException e) {
                ch.close();
                throw e;
            }
            String previous = read(ch);
            if (lock == null) {
                // Locked by another process: in use unless the PID it names is dead (a lock left on a network file system).
                long pid = pid(previous);
                if (pid < 0 || ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) || attempt > 0) {
                    ch.close();
                    throw new InUseException(dir, describe(previous));
                }
                ch.close();
                staleHolder = describe(previous);
                Files.deleteIfExists(file);
                continue;
            }
            if (!Files.exists(file)) {
                // The holder deleted the file as we locked it: lock the new one instead.
                lock.release();
                ch.close();
                continue;
            }
            String note = null;
            if (!previous.isBlank()) {
                staleHolder = describe(previous);
            }
            if (staleHolder != null) {
                note = "note: took over the stale lock of " + staleHolder + " on run folder " + dir;
            }
            ch.truncate(0);
            ch.write(ByteBuffer.wrap(mine.getBytes(StandardCharsets.UTF_8)), 0);
            ch.force(true);
            return new RunLock(key, file, ch, lock, note);
        }
    }

    /**
     * {@link #acquire} for a measurement that writes its files into {@code dir} (often a run folder): a stale lock's note
     * goes to stderr.
     */
    public static RunLock forWriting(Path dir) throws IOException {
        RunLock lock = acquire(dir);
        lock.note().ifPresent(System.err::println);
        return lock;
    }

    /** Throws {@link InUseException} when a live process (this one included) holds the lock on {@code dir}. Changes nothing. */
    public static void checkFree(Path dir) {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return;
        }
        try {
            String held = HELD.get(dir.toRealPath());
            if (held != null) {
                throw new InUseException(dir, describe(held));
            }
        } catch (IOException e) {
            return;
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                throw new InUseException(dir, "this process");
            }
            String text = read(ch);
            if (lock != null) {
                lock.release();
                return;
            }
            long pid = pid(text);
            if (pid >= 0 && !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                return;
            }
            throw new InUseException(dir, describe(text));
        } catch (IOException e) {
            // unreadable or vanished: acquire() decides
        }
    }

    /** A line for the user when a stale lock was taken over, else empty. */
    public Optional<String> note() {
        return Optional.ofNullable(note);
    }

    /** Deletes {@code .lock} and releases the lock; idempotent. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Files.deleteIfExists(file);
                    } finally {
            try {
                if (lock.isValid()) {
                    lock.release();
                }
            } finally {
                try {
                    channel.close();
                } finally {
                    HELD.remove(key);
                }
            }
        }
    }

    private static String content() {
        ProcessHandle self = ProcessHandle.current();
        Instant start = self.info().startInstant().orElseGet(Instant::now);
        return self.pid() + " " + start + "\n";
    }

    private static String read(FileChannel ch) throws IOException {
        long size = Math.min(ch.size(), 4096);
        ByteBuffer buf = ByteBuffer.allocate((int) size);
        while (buf.hasRemaining() && ch.read(buf, buf.position()) > 0) {
            // fill
        }
        return new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
    }

    private static long pid(String text) {
        String[] w = text.strip().split("\\s+");
        try {
            return w.length == 0 || w[0].isEmpty() ? -1 : Long.parseLong(w[0]);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String describe(String text) {
        String[] w = text.strip().split("\\s+");
        long pid = pid(text);
        if (pid < 0) {
            return "another process";
        }
        return "process " + pid + (w.length > 1 ? " since " + w[1] : "");
    }
}
