package dev.basin.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.basin.spec.ExperimentSpec;
import dev.basin.spec.SpecException;
import dev.basin.spec.Specs;
import dev.basin.spec.SweepSpec;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The cells of a sweep: each a resolved spec (validated as {@code basin run} would), its folder name from its
 * axis values, and the SHA-256 of its canonical JSON ({@link Specs#toJson(ExperimentSpec)}), which decides
 * whether a cell already ran.
 */
public final class SweepPlan {
    /** Folder and file names in a sweep folder that cells cannot take. */
    public static final Set<String> RESERVED = Set.of(SweepManifest.FILE, SweepManifest.CSV, SweepManifest.SPECS, "report");

    /**
     * One cell.
     *
     * @param name  its folder name: the arm, then label=value for each axis, joined by '_' (or the named cell's name)
     * @param arm   its arm ("" without arms; the name of a named cell)
     * @param axes  key path → value as written, in axis order (arm's set values first)
     * @param spec  the resolved spec
     * @param json  the spec's canonical JSON
     * @param hash  SHA-256 of {@code json}, hex
     */
    public record Cell(String name, String arm, Map<String, String> axes, ExperimentSpec spec, String json, String hash) {
    }

    private SweepPlan() {
    }

    /** The cells, in order: arms in order, each over its grid × zip then the sweep's; then the named cells. */
    public static List<Cell> cells(SweepSpec s) {
        String src = s.source();
        // Each axis value alone on the base first, so an unknown key or a wrong type names its axis.
        for (SweepSpec.Axis a : concat(s.grid(), s.zip())) {
            checkAxis(s, a, Map.of(), src + ": axis " + a.path());
        }
        List<SweepSpec.Arm> arms = s.arms().isEmpty() ? List.of(new SweepSpec.Arm("", Map.of(), List.of(), List.of())) : s.arms();
        for (SweepSpec.Arm arm : arms) {
            for (Map.Entry<String, JsonNode> e : arm.set().entrySet()) {
                resolve(s, List.of(Map.entry(e.getKey(), e.getValue())), src + ": arm " + arm.name() + ": set " + e.getKey());
            }
            for (SweepSpec.Axis a : concat(arm.grid(), arm.zip())) {
                checkAxis(s, a, arm.set(), src + ": arm " + arm.name() + ": axis " + a.path());
            }
        }
        List<Cell> cells = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (SweepSpec.Arm arm : arms) {
            List<SweepSpec.Axis> grid = concat(arm.grid(), s.grid());
            List<SweepSpec.Axis> zip = concat(arm.zip(), s.zip());
            if (!arm.zip().isEmpty() && !s.zip().isEmpty() && arm.zip().get(0).values().size() != s.zip().get(0).values().size()) {
                throw new SpecException(src + ": arm " + arm.name() + ": zip axis " + arm.zip().get(0).path() + " has " + arm.zip().get(0).values().size()
                        + " values but the sweep's zip axis " + s.zip().get(0).path() + " has " + s.zip().get(0).values().size());
            }
            List<SweepSpec.Axis> all = concat(grid, zip);
            Map<String, String> labels = labels(all);
            for (List<Integer> idx : product(grid, zip)) {
                List<Map.Entry<String, JsonNode>> sets = new ArrayList<>(arm.set().entrySet());
                Map<String, String> axes = new LinkedHashMap<>();
                StringBuilder name = new StringBuilder(arm.name());
                for (int i = 0; i < all.size(); i++) {
                    SweepSpec.Axis a = all.get(i);
                    JsonNode v = a.values().get(idx.get(i));
                    sets.add(Map.entry(a.path(), v));
                    axes.put(a.path(), text(v));
                    if (name.length() > 0) {
                        name.append('_');
                    }
                    name.append(labels.get(a.path())).append('=').append(folderText(v, idx.get(i)));
                }
                String n = name.length() == 0 ? "base" : name.toString();
                cells.add(cell(s, n, arm.name(), axes, sets, seen, src + ": cell " + n));
            }
        }
        for (SweepSpec.NamedCell c : s.cells()) {
            Map<String, String> axes = new LinkedHashMap<>();
            c.set().forEach((k, v) -> axes.put(k, text(v)));
            cells.add(cell(s, c.name(), c.name(), axes, new ArrayList<>(c.set().entrySet()), seen, src + ": cell " + c.name()));
        }
        return cells;
    }

    private static Cell cell(SweepSpec s, String name, String arm, Map<String, String> axes, List<Map.Entry<String, JsonNode>> sets,
                             Map<String, String> seen, String where) {
        if (RESERVED.contains(name)) {
            throw new SpecException(where + ": the name '" + name + "' is taken by the sweep's own files; rename the cell");
        }
        ExperimentSpec spec = resolve(s, sets, where);
        String json = Specs.toJson(spec);
        String prev = seen.putIfAbsent(name, json);
        if (prev != null) {
            throw new SpecException(where + ": two cells are named '" + name + "'; give every named cell and arm its own name");
        }
        return new Cell(name, arm, axes, spec, json, sha256(json));
    }

    private static void checkAxis(SweepSpec s, SweepSpec.Axis a, Map<String, JsonNode> armSet, String where) {
        for (JsonNode v : a.values()) {
            List<Map.Entry<String, JsonNode>> sets = new ArrayList<>(armSet.entrySet());
            sets.add(Map.entry(a.path(), v));
            resolve(s, sets, where + " = " + text(v));
        }
    }

    private static ExperimentSpec resolve(SweepSpec s, List<Map.Entry<String, JsonNode>> sets, String where) {
        ObjectNode tree = s.base().deepCopy();
        for (Map.Entry<String, JsonNode> e : sets) {
            Specs.set(tree, e.getKey(), e.getValue().deepCopy(), where);
        }
        return Specs.fromTree(tree, where, List.of()).spec();
    }

    /** Each axis's label in folder names: its last key (without an index), or its whole path where two axes share one. */
    private static Map<String, String> labels(List<SweepSpec.Axis> axes) {
        Map<String, Integer> count = new HashMap<>();
        for (SweepSpec.Axis a : axes) {
            count.merge(last(a.path()), 1, Integer::sum);
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (SweepSpec.Axis a : axes) {
            String l = last(a.path());
            out.put(a.path(), count.get(l) > 1 ? a.path().replaceAll("[^A-Za-z0-9._-]", "") : l);
        }
        return out;
    }

    private static String last(String path) {
        String l = path.substring(path.lastIndexOf('.') + 1);
        return l.replaceAll("\\[\\d+]$", "").replaceAll("[^A-Za-z0-9._-]", "");
    }

    /** A value as written: numbers as plain decimals (1e-4 → 0.0001), strings bare, others as JSON. */
    static String text(JsonNode v) {
        if (v.isNumber()) {
            BigDecimal d = v.decimalValue().stripTrailingZeros();
            return d.scale() <= 0 ? d.toBigInteger().toString() : d.toPlainString();
        }
        return v.isTextual() ? v.asText() : v.toString();
    }

    private static String folderText(JsonNode v, int index) {
        String t = text(v);
        return v.isValueNode() && t.matches("[A-Za-z0-9.+-]+") ? t : "v" + (index + 1);
    }

    private static List<List<Integer>> product(List<SweepSpec.Axis> grid, List<SweepSpec.Axis> zip) {
        List<List<Integer>> out = new ArrayList<>();
        out.add(new ArrayList<>());
        for (SweepSpec.Axis a : grid) {
            List<List<Integer>> next = new ArrayList<>();
            for (List<Integer> p : out) {
                for (int i = 0; i < a.values().size(); i++) {
                    List<Integer> q = new ArrayList<>(p);
                    q.add(i);
                    next.add(q);
                }
            }
            out = next;
        }
        if (zip.isEmpty()) {
            return out;
        }
        List<List<Integer>> next = new ArrayList<>();
        for (List<Integer> p : out) {
            for (int i = 0; i < zip.get(0).values().size(); i++) {
                List<Integer> q = new ArrayList<>(p);
                for (int k = 0; k < zip.size(); k++) {
                    q.add(i);
                }
                next.add(q);
            }
        }
        return next;
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    /** SHA-256 of a string's UTF-8 bytes, lower-case hex. */
    public static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
