package dev.basin.data;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Fetches a data set's official files from its mirrors, in order, and keeps a file only when its
 * SHA-256 matches the published value (of the decompressed bytes for MNIST and Fashion-MNIST, of
 * the archive for CIFAR-10). Files are written to a temporary name and moved into place, so an
 * interrupted download never leaves a half-written file under the real name. Never used in tests:
 * they drive it through a {@link Fetcher} that reads from memory.
 */
public final class Downloader {
    /** Fetches the bytes at a URI. */
    @FunctionalInterface
    public interface Fetcher {
        byte[] fetch(URI uri) throws IOException, InterruptedException;
    }

    private final Fetcher fetcher;
    private final Consumer<String> log;

    public Downloader(Fetcher fetcher, Consumer<String> log) {
        this.fetcher = fetcher;
        this.log = log;
    }

    /** A downloader over HTTP(S), following redirects. */
    public static Downloader http(Consumer<String> log) {
        HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(20)).build();
        return new Downloader(uri -> {
            HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) {
                throw new IOException("HTTP " + r.statusCode());
            }
            return r.body();
        }, log);
    }

    /** Downloads every file of {@code src} into {@code dir/<folder>}; returns the files written or already present. */
    public List<Path> download(DataSource src, Path dir) {
        if (src == DataSource.EMBEDDED) {
            throw new IllegalArgumentException("the embedded data set is inside the jar; nothing to download");
        }
        Path target = dir.resolve(src.folder());
        try {
            Files.createDirectories(target);
        } catch (IOException e) {
            throw new DataException("cannot create " + target + ": " + e.getMessage());
        }
        if (src == DataSource.CIFAR10) {
            return downloadCifar(target);
        }
        return downloadFiles(src.mirrors(), src.idxFiles(), target);
    }

    /**
     * Fetches each of {@code files} as NAME.gz from the first mirror that serves bytes whose decompressed
     * SHA-256 matches, into {@code target}; a file already there with the right checksum is kept.
     */
    public List<Path> downloadFiles(List<String> mirrors, List<DataSource.OfficialFile> files, Path target) {
        try {
            Files.createDirectories(target);
        } catch (IOException e) {
            throw new DataException("cannot create " + target + ": " + e.getMessage());
        }
        List<Path> out = new ArrayList<>();
        for (DataSource.OfficialFile f : files) {
            Path dest = target.resolve(f.name() + ".gz");
            if (Files.isRegularFile(dest) && Checksums.sha256(Idx.readDecompressed(dest)).equals(f.sha256())) {
                log.accept("ok (already present): " + dest);
                out.add(dest);
                continue;
            }
            byte[] gz = fetchVerified(mirrors, f.name() + ".gz", bytes -> Checksums.verify(
                    Idx.decompressIfGzip(bytes, f.name() + ".gz"), f.sha256(), f.name() + ".gz"));
            writeAtomically(dest, gz);
            log.accept("saved " + dest);
            out.add(dest);
        }
        return out;
    }

    private List<Path> downloadCifar(Path target) {
        DataSource.OfficialFile archive = DataSource.CIFAR10_ARCHIVE;
        byte[] tgz = fetchVerified(DataSource.CIFAR10.mirrors(), archive.name(),
                bytes -> Checksums.verify(bytes, archive.sha256(), archive.name()));
        byte[] tar = Idx.decompressIfGzip(tgz, archive.name());
        List<Path> out = new ArrayList<>();
        for (Tar.Entry e : Tar.entries(tar)) {
            String name = Path.of(e.name()).getFileName().toString();
            if (name.endsWith(".bin") || name.endsWith(".txt")) {
                Path dest = target.resolve(name);
                writeAtomically(dest, e.content());
                out.add(dest);
            }
        }
        log.accept("saved " + out.size() + " files in " + target);
        return out;
    }

    private interface Verifier {
        void check(byte[] bytes);
    }

    private byte[] fetchVerified(List<String> mirrors, String file, Verifier verifier) {
        List<String> failures = new ArrayList<>();
        for (String mirror : mirrors) {
            URI uri = URI.create(mirror + file);
            log.accept("fetching " + uri);
            try {
                byte[] bytes = fetcher.fetch(uri);
                verifier.check(bytes);
                return bytes;
            } catch (DataException e) {
                failures.add(uri + ": " + e.getMessage());
            } catch (IOException e) {
                failures.add(uri + ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DataException("download of " + file + " interrupted");
            }
        }
        throw new DataException("could not download " + file + " from any mirror (" + String.join("; ", failures)
                + "); check the network, or copy the file into the data directory by hand");
    }

    private static void writeAtomically(Path dest, byte[] bytes) {
        try {
            AtomicFiles.write(dest, bytes);
        } catch (IOException e) {
            throw new DataException(e instanceof AtomicFiles.WriteException ? e.getMessage() : "cannot write " + dest + ": " + e.getMessage());
        }
    }

    /** A minimal reader of ustar/GNU tar archives: regular files only. */
    static final class Tar {
        record Entry(String name, byte[] content) {
        }

        static List<Entry> entries(byte[] tar) {
            List<Entry> out = new ArrayList<>();
            int off = 0;
            while (off + 512 <= tar.length) {
                if (isZeroBlock(tar, off)) {
                    break;
                }
                String name = cString(tar, off, 100);
                String prefix = cString(tar, off + 345, 155);
                if (!prefix.isEmpty()) {
                    name = prefix + "/" + name;
                }
                long size = Long.parseLong(cString(tar, off + 124, 12).trim().isEmpty() ? "0" : cString(tar, off + 124, 12).trim(), 8);
                char type = (char) tar[off + 156];
                int dataStart = off + 512;
                if (dataStart + size > tar.length) {
                    throw new DataException("archive is truncated at entry " + name);
                }
                if (type == '0' || type == 0) {
                    out.add(new Entry(name, java.util.Arrays.copyOfRange(tar, dataStart, (int) (dataStart + size))));
                }
                off = dataStart + (int) ((size + 511) / 512 * 512);
            }
            return out;
        }

        private static boolean isZeroBlock(byte[] b, int off) {
            for (int i = 0; i < 512; i++) {
                if (b[off + i] != 0) {
                    return false;
                }
            }
            return true;
        }

        private static String cString(byte[] b, int off, int len) {
            int end = off;
            while (end < off + len && b[end] != 0) {
                end++;
            }
            return new String(b, off, end - off, StandardCharsets.US_ASCII);
        }
    }
}
