package dev.basin.data;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes files so that a reader never sees a half-written one, even after a crash or power loss:
 * content goes to a temporary file in the same directory, which is flushed and fsynced, then moved
 * over the destination in one atomic step, and the directory is fsynced where the platform allows.
 * On any failure (a full disk, a throwing writer) the temporary file is deleted and the destination
 * keeps its previous content (or stays absent); I/O failures arrive as a {@link WriteException}
 * naming the destination.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Produces a file's content on a stream. */
    @FunctionalInterface
    public interface Writer {
        void writeTo(OutputStream out) throws IOException;
    }

    /** A file could not be written; the message ("cannot write FILE: reason") is one line for the user. */
    public static final class WriteException extends IOException {
        private static final long serialVersionUID = 1L;
        private final transient Path file;

        public WriteException(Path file, IOException cause) {
            super("cannot write " + file + ": " + reason(cause), cause);
            this.file = file;
        }

        public Path file() {
            return file;
        }

        private static String reason(IOException e) {
            if (e instanceof FileSystemException f && f.getReason() != null) {
                return f.getReason();
            }
            return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
    }

    public static void write(Path dest, byte[] bytes) throws IOException {
        write(dest, out -> out.write(bytes));
    }

    public static void write(Path dest, Writer writer) throws IOException {
        Path dir = dest.toAbsolutePath().getParent();
        Path tmp = null;
        boolean moved = false;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, "." + dest.getFileName(), ".part");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 20);
                writer.writeTo(out);
                out.flush();
                if (dest.getFileName().toString().endsWith(".safetensors")) {
                    FaultInjection.at(FaultInjection.Point.CHECKPOINT_WRITE);
                }
                ch.force(true);
            }
            move(tmp, dest);
            moved = true;
        } catch (WriteException e) {
            throw e;
        } catch (IOException e) {
            throw new WriteException(dest, e);
        } finally {
            if (!moved && tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the original failure is the one to report
                }
            }
        }
        syncDirectory(dir);
    }

    private static void move(Path tmp, Path dest) throws IOException {
        try {
            Files.move(tmp, dest, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, dest, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Fsyncs a directory so a rename in it survives a crash; platforms that cannot open a directory are skipped. */
    public static void syncDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // Windows refuses to open a directory; the rename is still atomic there
        }
    }
}
