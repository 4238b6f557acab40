package dev.basin.noise;

import dev.basin.data.DataException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The rows of an alpha.csv, read back for reports and comparisons. */
public final class AlphaTable {
    /** One row: the Mohammadi estimate of one quantity on one set at one iteration. */
    public record Row(long iteration, String set, String quantity, double alpha, double stderr) {
    }

    private AlphaTable() {
    }

    public static List<Row> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (NoSuchFileException e) {
            throw new DataException(file + " not found: the run was made without --alpha-every");
        } catch (IOException e) {
            throw new DataException("cannot read " + file + ": " + e.getMessage());
        }
        if (lines.isEmpty()) {
            throw new DataException(file + " is empty");
        }
        List<String> header = Arrays.asList(lines.get(0).split(","));
        int it = col(header, "iteration", file);
        int set = col(header, "set", file);
        int q = col(header, "quantity", file);
        int a = col(header, "alpha", file);
        int se = col(header, "stderr", file);
        List<Row> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String[] c = lines.get(i).split(",", -1);
            try {
                rows.add(new Row(Long.parseLong(c[it]), c[set], c[q], parse(c[a]), parse(c[se])));
            } catch (RuntimeException e) {
                throw new DataException(file + " line " + (i + 1) + " is malformed; the file is damaged");
            }
        }
        return rows;
    }

    /** The rows of one set and quantity, in iteration order. */
    public static List<Row> select(List<Row> rows, String set, String quantity) {
        return rows.stream().filter(r -> r.set().equals(set) && r.quantity().equals(quantity)).toList();
    }

    private static double parse(String s) {
        return s.isEmpty() ? Double.NaN : Double.parseDouble(s);
    }

    private static int col(List<String> header, String name, Path file) {
        int i = header.indexOf(name);
        if (i < 0) {
            throw new DataException(file + " has no column '" + name + "'; it is not an alpha.csv written by Basin");
        }
        return i;
    }
}
