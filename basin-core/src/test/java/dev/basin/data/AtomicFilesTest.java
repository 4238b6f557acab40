package dev.basin.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    private java.util.List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void writesAndReplaces() throws IOException {
        Path f = dir.resolve("a.txt");
        AtomicFiles.write(f, "one".getBytes(StandardCharsets.UTF_8));
        AtomicFiles.write(f, "two".getBytes(StandardCharsets.UTF_8));
        assertThat(f).hasContent("two");
        assertThat(names()).containsExactly("a.txt");
    }

    @Test
    void aWriterFailingMidwayLeavesTheDestinationUnchangedAndNoTemporaryFile() throws IOException {
        Path f = dir.resolve("a.txt");
        AtomicFiles.write(f, "previous".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> AtomicFiles.write(f, out -> {
            out.write(new byte[3 << 20]);
            throw new IOException("No space left on device");
        })).isInstanceOf(AtomicFiles.WriteException.class)
                .hasMessage("cannot write " + f + ": No space left on device")
                .satisfies(e -> assertThat(((AtomicFiles.WriteException) e).file()).isEqualTo(f));
        assertThat(f).hasContent("previous");
        assertThat(names()).containsExactly("a.txt");

        // A runtime failure in the writer passes through unchanged, also without leftovers; an absent file stays absent.
        Path g = dir.resolve("b.txt");
        assertThatThrownBy(() -> AtomicFiles.write(g, out -> {
            out.write(1);
            throw new IllegalStateException("bug");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(g).doesNotExist();
        assertThat(names()).containsExactly("a.txt");
    }

    @Test
    void aFailedMoveLeavesNoTemporaryFile() throws IOException {
        Path d = Files.createDirectories(dir.resolve("busy"));
        Files.writeString(d.resolve("x"), "x");
        assertThatThrownBy(() -> AtomicFiles.write(d, "y".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(AtomicFiles.WriteException.class).hasMessageStartingWith("cannot write " + d + ": ");
        assertThat(names()).containsExactly("busy");
    }
}
