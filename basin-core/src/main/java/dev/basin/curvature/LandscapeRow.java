package dev.basin.curvature;

import dev.basin.data.DataException;
import dev.basin.table.Table;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * One point of landscape.csv: the train loss and accuracy at θ + α d₁ + β d₂, α outer and β inner. A 2-D slice
 * has the columns alpha,beta,loss,accuracy ({@link #TABLE}); a 1-D slice has no beta column
 * ({@link #TABLE_1D}, β is NaN in memory).
 */
public record LandscapeRow(double alpha, double beta, double loss, double accuracy) {
    public static final String FILE = "landscape.csv";
    public static final Table<LandscapeRow> TABLE = Table.of(FILE, LandscapeRow.class);
    public static final Table<Line> TABLE_1D = Table.of(FILE, Line.class);

    /** A row of a 1-D slice. */
    public record Line(double alpha, double loss, double accuracy) {
    }

    public static LandscapeRow of(Geometry.Point p) {
        return new LandscapeRow(p.x(), p.y(), p.loss(), p.accuracy());
    }

    /** Writes a slice: 1-D (no beta column) when {@code dims} is 1. */
    public static void write(Path path, List<LandscapeRow> rows, int dims) throws IOException {
        if (dims == 1) {
            TABLE_1D.write(path, rows.stream().map(r -> new Line(r.alpha(), r.loss(), r.accuracy())).toList());
        } else {
            TABLE.write(path, rows);
        }
    }

    /** Reads a 1-D or a 2-D slice, by its header. */
    public static List<LandscapeRow> read(Path path) {
        String head;
        try (BufferedReader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            head = in.readLine();
        } catch (NoSuchFileException e) {
            throw new DataException(path + " not found: no " + FILE + " in that folder");
        } catch (IOException e) {
            throw new DataException("cannot read " + path + ": " + e.getMessage());
        }
        if (head != null && head.strip().equals(TABLE_1D.header())) {
            return TABLE_1D.read(path).stream().map(l -> new LandscapeRow(l.alpha(), Double.NaN, l.loss(), l.accuracy())).toList();
        }
        return TABLE.read(path);
    }
}
