package dev.basin.train;

import dev.basin.data.DataException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A run's metrics.csv, read back. */
public final class MetricsTable {
    private MetricsTable() {
    }

    public static List<MetricsRow> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (NoSuchFileException e) {
            throw new DataException(file + " not found: not a Basin run folder");
        } catch (IOException e) {
            throw new DataException("cannot read " + file + ": " + e.getMessage());
        }
        if (lines.isEmpty() || !lines.get(0).equals(MetricsRow.HEADER)) {
            throw new DataException(file + " is not a metrics.csv written by this version of Basin");
        }
        List<MetricsRow> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String[] c = lines.get(i).split(",", -1);
            try {
                rows.add(new MetricsRow(Long.parseLong(c[0]), Long.parseLong(c[1]), d(c[2]), d(c[3]), d(c[4]), d(c[5]), d(c[6]),
                        d(c[7]), d(c[8])));
            } catch (RuntimeException e) {
                throw new DataException(file + " line " + (i + 1) + " is malformed; the file is damaged");
            }
        }
        return rows;
    }

    private static double d(String s) {
        return s.isEmpty() ? Double.NaN : Double.parseDouble(s);
    }
}
