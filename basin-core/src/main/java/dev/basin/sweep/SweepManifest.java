package dev.basin.sweep;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.basin.data.DataException;
import dev.basin.table.Column;
import dev.basin.table.Table;
import dev.basin.train.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A sweep folder's record of its cells: {@code manifest.json} (this record) and {@code manifest.csv} (one row per
 * cell), rebuilt from the per-cell state files {@code cells/<name>.state.json} that whoever runs a cell writes
 * (the local engine or a Spark task), so no two writers share a file.
 *
 * @param sweepVersion the sweep format
 * @param source       the sweep file as given
 * @param cells        every cell, in plan order
 */
public record SweepManifest(int sweepVersion, String source, List<Entry> cells) {
    public static final String FILE = "manifest.json";
    public static final String CSV = "manifest.csv";
    /** The folder of the cells' specs, states and logs. */
    public static final String SPECS = "cells";

    public enum Status {
        @com.fasterxml.jackson.annotation.JsonProperty("pending") PENDING,
        @com.fasterxml.jackson.annotation.JsonProperty("running") RUNNING,
        @com.fasterxml.jackson.annotation.JsonProperty("done") DONE,
        @com.fasterxml.jackson.annotation.JsonProperty("failed") FAILED;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One cell's state.
     *
     * @param name       its folder
     * @param arm        its arm
     * @param axes       key path → value
     * @param specSha256 SHA-256 of the cell's canonical spec JSON
     * @param status     pending, running, done or failed
     * @param attempts   times it was started
     * @param seconds    wall-clock seconds of its last attempt (null: none finished)
     * @param started    when its last attempt started (ISO-8601), or null
     * @param error      the error of a failed attempt (one line), or null
     */
    public record Entry(String name, String arm, Map<String, String> axes, String specSha256, Status status, int attempts, Double seconds,
                        String started, String error) {
        public Entry with(Status s, int attempts, Double seconds, String started, String error) {
            return new Entry(name, arm, axes, specSha256, s, attempts, seconds, started, error);
        }
    }

    /** manifest.csv's rows. */
    public record Row(String cell, String arm, String axes, String status, int attempts, @Column(decimals = 3) Double seconds,
                      @Column("spec_sha256") String specSha256, String error) {
        public static final Table<Row> TABLE = Table.of(CSV, Row.class);
    }

    static final ObjectMapper READER = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .configure(com.fasterxml.jackson.databind.MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS, true);

    /** Writes manifest.json and manifest.csv (each atomically). */
    public void write(Path dir) throws IOException {
        Json.write(dir.resolve(FILE), this);
        List<Row> rows = new ArrayList<>();
        for (Entry e : cells) {
            StringBuilder axes = new StringBuilder();
            e.axes().forEach((k, v) -> axes.append(axes.length() == 0 ? "" : "; ").append(k).append('=').append(v));
            rows.add(new Row(e.name(), e.arm(), axes.toString(), e.status().label(), e.attempts(), e.seconds(), e.specSha256(), e.error()));
        }
        Row.TABLE.write(dir.resolve(CSV), rows);
    }

    /** Reads manifest.json of a sweep folder; a damaged one is a {@link DataException}. */
    public static SweepManifest read(Path dir) {
        Path f = dir.resolve(FILE);
        try {
            return READER.readValue(f.toFile(), SweepManifest.class);
        } catch (IOException e) {
            throw new DataException(f + " is damaged or not a sweep manifest (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
    }

    /** Reads one cell's state file, or null when it is absent or unreadable (a write interrupted before its rename leaves none). */
    public static Entry readState(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return READER.readValue(file.toFile(), Entry.class);
        } catch (IOException e) {
            return null;
        }
    }

    public static Path specFile(Path dir, String cell) {
        return dir.resolve(SPECS).resolve(cell + ".spec.json");
    }

    public static Path stateFile(Path dir, String cell) {
        return dir.resolve(SPECS).resolve(cell + ".state.json");
    }

    public static Path logFile(Path dir, String cell) {
        return dir.resolve(SPECS).resolve(cell + ".log");
    }
}
