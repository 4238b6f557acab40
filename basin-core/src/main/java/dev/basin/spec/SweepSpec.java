package dev.basin.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A sweep file: a base spec and the values to vary in it, by key path. The cells are the product of the
 * {@code grid} axes (first axis slowest) times the {@code zip} axes (advanced together, so all of the same length),
 * within each {@code arm} (an arm's {@code set} values and its own grid and zip axes), plus the named {@code cells}
 * (each the base with its {@code set} values). Every value is applied as {@code --set key.path=value} is (so
 * unknown keys and wrong types are the spec's errors, naming the axis); "arms[0].lr" reaches into a list.
 *
 * <pre>
 * sweep_version: 1
 * base: zhou2020-quick.yaml    # a spec file (relative to the sweep file) or the spec inline
 * grid: {seed: [1, 2, 3]}
 * arms:
 *   - name: adam
 *     set: {arms: [{name: adam}]}
 *     grid: {"arms[0].lr": [1.0e-4, 3.0e-4]}
 * cells:
 *   - name: reference
 *     set: {arms: [{name: sgdm, lr: 0.05, momentum: 0.9}]}
 * </pre>
 *
 * @param source the file's name in messages
 * @param base   the base spec's tree (spec_version, protocol and its keys)
 * @param grid   the axes of the product, in order
 * @param zip    the axes advanced together
 * @param arms   the arms (empty: one implicit arm without a name)
 * @param cells  the named cells
 */
public record SweepSpec(String source, ObjectNode base, List<Axis> grid, List<Axis> zip, List<Arm> arms, List<NamedCell> cells) {
    public static final int SWEEP_VERSION = 1;
    static final Set<String> KEYS = Set.of("sweep_version", "base", "grid", "zip", "arms", "cells");

    /** One axis: a key path and its values, as written (YAML scalars, lists or objects). */
    public record Axis(String path, List<JsonNode> values) {
        public Axis {
            values = List.copyOf(values);
        }
    }

    /** One arm: its name (the first part of its cells' names), fixed values, and its own axes. */
    public record Arm(String name, Map<String, JsonNode> set, List<Axis> grid, List<Axis> zip) {
    }

    /** One named cell: the base with these values. */
    public record NamedCell(String name, Map<String, JsonNode> set) {
    }

    public SweepSpec {
        grid = List.copyOf(grid);
        zip = List.copyOf(zip);
        arms = List.copyOf(arms);
        cells = List.copyOf(cells);
    }

    /** Reads a sweep file (YAML or JSON); a problem is one {@link SpecException} line naming the file and key. */
    public static SweepSpec read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new SpecException(file + " not found; give a sweep file (.yaml or .json)");
        } catch (IOException e) {
            throw new SpecException("cannot read " + file + ": " + e.getMessage());
        } catch (RuntimeException e) {
            throw new SpecException(file + " is not UTF-8 text; give a sweep file (.yaml or .json)");
        }
        Path dir = file.toAbsolutePath().getParent();
        return parse(text, file.toString(), dir);
    }

    /** Parses a sweep file's text; a base given as a path is read relative to {@code dir}. */
    public static SweepSpec parse(String text, String source, Path dir) {
        JsonNode tree = Specs.readTree(text, source);
        if (tree == null || !tree.isObject()) {
            throw new SpecException(source + " holds no sweep: expected an object with 'base' and 'grid', 'zip', 'arms' or 'cells'");
        }
        for (Iterator<String> it = tree.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!KEYS.contains(k)) {
                throw new SpecException(source + ": " + k + ": unknown key; known keys here: " + String.join(", ", new java.util.TreeSet<>(KEYS)));
            }
        }
        JsonNode version = tree.get("sweep_version");
        if (version != null && (!version.isInt() || version.asInt() < 1)) {
            throw new SpecException(source + ": sweep_version must be a whole number >= 1, got " + version);
        }
        if (version != null && version.asInt() > SWEEP_VERSION) {
            throw new SpecException(source + ": sweep_version " + version.asInt() + " is newer than this Basin understands (" + SWEEP_VERSION
                    + "); upgrade Basin to run it");
        }
        JsonNode b = tree.get("base");
        ObjectNode base;
        if (b == null) {
            throw new SpecException(source + ": no 'base' key; give the base spec inline or as a spec file's path");
        } else if (b.isTextual()) {
            Path f = dir == null ? Path.of(b.asText()) : dir.resolve(b.asText());
            String baseText;
            try {
                baseText = Files.readString(f, StandardCharsets.UTF_8);
            } catch (IOException | RuntimeException e) {
                throw new SpecException(source + ": base: cannot read spec file " + b.asText() + " (" + f + ")");
            }
            JsonNode bt = Specs.readTree(baseText, f.toString());
            if (bt == null || !bt.isObject()) {
                throw new SpecException(source + ": base: " + b.asText() + " holds no spec");
            }
            base = (ObjectNode) bt;
        } else if (b.isObject()) {
            base = (ObjectNode) b;
        } else {
            throw new SpecException(source + ": base: expected a spec (an object) or a spec file's path, got " + b);
        }
        base.remove(Specs.PROVENANCE_KEY);
        List<Axis> grid = axes(tree.get("grid"), source + ": grid");
        List<Axis> zip = axes(tree.get("zip"), source + ": zip");
        List<Arm> arms = new ArrayList<>();
        JsonNode a = tree.get("arms");
        if (a != null) {
            if (!a.isArray() || a.isEmpty()) {
                throw new SpecException(source + ": arms: expected a list of arms ({name, set, grid, zip}), got " + a);
            }
            for (int i = 0; i < a.size(); i++) {
                JsonNode arm = a.get(i);
                String where = source + ": arms[" + i + "]";
                checkKeys(arm, where, Set.of("name", "set", "grid", "zip"));
                String name = name(arm.get("name"), where);
                arms.add(new Arm(name, sets(arm.get("set"), where + " (" + name + "): set"), axes(arm.get("grid"), where + " (" + name + "): grid"),
                        axes(arm.get("zip"), where + " (" + name + "): zip")));
            }
        }
        List<NamedCell> cells = new ArrayList<>();
        JsonNode c = tree.get("cells");
        if (c != null) {
            if (!c.isArray() || c.isEmpty()) {
                throw new SpecException(source + ": cells: expected a list of named cells ({name, set}), got " + c);
            }
            for (int i = 0; i < c.size(); i++) {
                String where = source + ": cells[" + i + "]";
                checkKeys(c.get(i), where, Set.of("name", "set"));
                String name = name(c.get(i).get("name"), where);
                cells.add(new NamedCell(name, sets(c.get(i).get("set"), where + " (" + name + "): set")));
            }
        }
        return new SweepSpec(source, base, grid, zip, arms, cells);
    }

    private static void checkKeys(JsonNode n, String where, Set<String> keys) {
        if (n == null || !n.isObject()) {
            throw new SpecException(where + ": expected an object with " + String.join(", ", new java.util.TreeSet<>(keys)) + ", got " + n);
        }
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!keys.contains(k)) {
                throw new SpecException(where + ": " + k + ": unknown key; known keys here: " + String.join(", ", new java.util.TreeSet<>(keys)));
            }
        }
    }

    private static String name(JsonNode n, String where) {
        if (n == null || !n.isTextual() || n.asText().isBlank()) {
            throw new SpecException(where + ": name: give a name (letters, digits, '.', '-', '_')");
        }
        String s = n.asText();
        if (!s.matches("[A-Za-z0-9._=-]+") || s.startsWith(".")) {
            throw new SpecException(where + ": name '" + s + "': use only letters, digits, '.', '-', '_' and '=' (it names a folder), not starting with '.'");
        }
        return s;
    }

    private static Map<String, JsonNode> sets(JsonNode n, String where) {
        Map<String, JsonNode> m = new LinkedHashMap<>();
        if (n == null) {
            return m;
        }
        if (!n.isObject()) {
            throw new SpecException(where + ": expected key.path: value pairs, got " + n);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            m.put(e.getKey(), e.getValue());
        }
        return m;
    }

    private static List<Axis> axes(JsonNode n, String where) {
        List<Axis> out = new ArrayList<>();
        if (n == null) {
            return out;
        }
        if (!n.isObject()) {
            throw new SpecException(where + ": expected key.path: [values] pairs, got " + n);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            if (!v.isArray()) {
                throw new SpecException(where + " axis " + e.getKey() + ": expected a list of values, got " + v);
            }
            if (v.isEmpty()) {
                throw new SpecException(where + " axis " + e.getKey() + ": no values; give at least one (an empty axis would make no cells)");
            }
            List<JsonNode> vs = new ArrayList<>();
            v.forEach(vs::add);
            out.add(new Axis(e.getKey(), vs));
        }
        if (where.endsWith("zip")) {
            for (Axis x : out) {
                if (x.values().size() != out.get(0).values().size()) {
                    throw new SpecException(where + " axis " + x.path() + ": " + x.values().size() + " values, but axis " + out.get(0).path() + " has "
                            + out.get(0).values().size() + "; zipped axes advance together, so give each the same number");
                }
            }
        }
        return out;
    }
}
