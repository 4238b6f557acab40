package dev.basin.train;

import dev.basin.data.DataException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A run's metrics.csv, read back ({@link MetricsRow#TABLE}). */
public final class MetricsTable {
    private MetricsTable() {
    }

    public static List<MetricsRow> read(Path file) {
        if (!Files.exists(file)) {
            throw new DataException(file + " not found: not a Basin run folder");
        }
        return MetricsRow.TABLE.read(file);
    }
}
