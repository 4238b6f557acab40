package dev.basin.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The downloader driven by an in-memory fetcher: mirrors in order, checksum gate, atomic writes. */
class DownloaderTest {
    @TempDir
    Path dir;

    @Test
    void triesMirrorsInOrderAndKeepsOnlyVerifiedBytes() throws IOException {
        byte[] good = "the real content".getBytes(StandardCharsets.US_ASCII);
        byte[] goodGz = IdxAndCifarTest.gzip(good);
        byte[] wrongGz = IdxAndCifarTest.gzip("tampered".getBytes(StandardCharsets.US_ASCII));
        DataSource.OfficialFile f = new DataSource.OfficialFile("file-a", Checksums.sha256(good));
        Map<String, byte[]> served = Map.of("http://m2/file-a.gz", wrongGz, "http://m3/file-a.gz", goodGz);
        List<String> log = new ArrayList<>();
        Downloader d = new Downloader(uri -> {
            byte[] b = served.get(uri.toString());
            if (b == null) {
                throw new IOException("HTTP 404");
            }
            return b;
        }, log::add);
        List<Path> out = d.downloadFiles(List.of("http://m1/", "http://m2/", "http://m3/"), List.of(f), dir);
        assertThat(out).containsExactly(dir.resolve("file-a.gz"));
        assertThat(Files.readAllBytes(out.get(0))).isEqualTo(goodGz);
        assertThat(log).contains("fetching http://m1/file-a.gz", "fetching http://m2/file-a.gz", "fetching http://m3/file-a.gz");
        try (var s = Files.list(dir)) {
            assertThat(s.toList()).containsExactly(dir.resolve("file-a.gz"));
        }
        // Present and valid: not fetched again.
        log.clear();
        d.downloadFiles(List.of("http://m1/"), List.of(f), dir);
        assertThat(log).containsExactly("ok (already present): " + dir.resolve("file-a.gz"));
    }

    @Test
    void failsWithOneLineWhenNoMirrorServesTheRightBytes() {
        DataSource.OfficialFile f = new DataSource.OfficialFile("file-b", "00");
        Downloader d = new Downloader(uri -> IdxAndCifarTest.gzip(new byte[] {1, 2}), s -> { });
        assertThatThrownBy(() -> d.downloadFiles(List.of("http://m1/"), List.of(f), dir))
                .isInstanceOf(DataException.class)
                .hasMessageStartingWith("could not download file-b.gz from any mirror")
                .hasMessageContaining("checksum mismatch");
        assertThat(dir.resolve("file-b.gz")).doesNotExist();
    }

    @Test
    void tarReaderExtractsRegularFiles() throws IOException {
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        writeTarEntry(tar, "cifar-10-batches-bin/test_batch.bin", new byte[] {9, 8, 7});
        writeTarEntry(tar, "cifar-10-batches-bin/readme.html", new byte[600]);
        tar.write(new byte[1024]);
        List<Downloader.Tar.Entry> entries = Downloader.Tar.entries(tar.toByteArray());
        assertThat(entries).extracting(Downloader.Tar.Entry::name)
                .containsExactly("cifar-10-batches-bin/test_batch.bin", "cifar-10-batches-bin/readme.html");
        assertThat(entries.get(0).content()).containsExactly(9, 8, 7);
        assertThat(entries.get(1).content()).hasSize(600);
    }

    private static void writeTarEntry(ByteArrayOutputStream out, String name, byte[] content) throws IOException {
        byte[] h = new byte[512];
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(n, 0, h, 0, n.length);
        byte[] size = String.format("%011o", content.length).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(size, 0, h, 124, size.length);
        h[156] = '0';
        out.write(h);
        out.write(content);
        out.write(new byte[(512 - content.length % 512) % 512]);
    }
}
