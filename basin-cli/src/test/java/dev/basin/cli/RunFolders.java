package dev.basin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Compares two output folders file by file: the same files; checkpoints, Markdown and text byte-identical; CSV
 * tables identical apart from their wall-clock columns; JSON identical apart from wall-clock and creation-time
 * keys. Images are compared by presence only.
 */
public final class RunFolders {
    /** Columns and JSON keys that hold elapsed wall-clock seconds or the time a run started. */
    public static final Set<String> TIME_KEYS = Set.of("wall_s", "gradient_pass_s", "evaluation_s", "seconds", "created", "train_seconds",
            "steps_per_second", "elapsed_s", "time_s", "wall_seconds", "samples_per_second");

    private RunFolders() {
    }

    public static void assertSame(Path a, Path b) throws IOException {
        List<Path> fa = files(a);
        List<Path> fb = files(b);
        assertThat(fb.stream().map(b::relativize).map(Path::toString).toList()).as("files of " + b)
                .isEqualTo(fa.stream().map(a::relativize).map(Path::toString).toList());
        for (Path f : fa) {
            Path g = b.resolve(a.relativize(f).toString());
            String name = f.getFileName().toString();
            if (name.endsWith(".png") || name.endsWith(".svg")) {
                continue;
            }
            if (name.endsWith(".csv")) {
                assertThat(withoutTimeColumns(g)).as(name).isEqualTo(withoutTimeColumns(f));
            } else if (name.endsWith(".json")) {
                assertThat(withoutTimeKeys(g)).as(name).isEqualTo(withoutTimeKeys(f));
            } else {
                assertThat(Files.readAllBytes(g)).as("%s is byte-identical", a.relativize(f)).isEqualTo(Files.readAllBytes(f));
            }
        }
    }

    public static List<Path> files(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    public static List<String> withoutTimeColumns(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        if (lines.isEmpty()) {
            return lines;
        }
        String[] head = lines.get(0).split(",", -1);
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            String[] c = line.split(",", -1);
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < c.length; i++) {
                if (i >= head.length || !TIME_KEYS.contains(head[i])) {
                    sb.append(c[i]).append(',');
                }
            }
            out.add(sb.toString());
        }
        return out;
    }

    public static JsonNode withoutTimeKeys(Path json) throws IOException {
        JsonNode n = new ObjectMapper().readTree(json.toFile());
        strip(n);
        return n;
    }

    private static void strip(JsonNode n) {
        if (n instanceof ObjectNode o) {
            for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
                if (TIME_KEYS.contains(it.next())) {
                    it.remove();
                }
            }
        }
        n.forEach(RunFolders::strip);
    }
}
