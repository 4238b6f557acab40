package dev.basin.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.cfg.EnumFeature;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.basin.data.AtomicFiles;
import dev.basin.data.DataException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The one mapping of specs to and from JSON and YAML. Keys are snake_case record components; unknown keys,
 * wrong types (a string where a number belongs, 1.5 where an integer belongs) and impossible values are
 * errors naming the key path. A spec file is an object with {@code spec_version}, {@code protocol} and the
 * protocol's fields; a run's config.json is the same object with a {@code provenance} key added, so
 * {@code basin run RUN/config.json} re-executes the run.
 */
public final class Specs {
    /** The version of the spec format this Basin writes and reads; a file with a larger one is refused. */
    public static final int SPEC_VERSION = 1;
    public static final String VERSION_KEY = "spec_version";
    public static final String PROTOCOL_KEY = "protocol";
    public static final String PROVENANCE_KEY = "provenance";

    static final ObjectMapper JSON = configure(JsonMapper.builder().build());
    static final ObjectMapper YAML = configure(YAMLMapper.builder(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS).build()).build());

    private Specs() {
    }

    private static ObjectMapper configure(ObjectMapper m) {
        m.setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
        m.setSerializationInclusion(JsonInclude.Include.NON_NULL);
        m.enable(SerializationFeature.INDENT_OUTPUT);
        m.enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
        m.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        m.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        m.enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS);
        m.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        // A key given twice is an error, not silently its last value.
        m.getFactory().enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        m.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        m.configure(EnumFeature.WRITE_ENUMS_TO_LOWERCASE, true);
        m.configure(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS, true);
        for (LogicalType t : List.of(LogicalType.Integer, LogicalType.Float, LogicalType.Boolean)) {
            m.coercionConfigFor(t).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        }
        // A whole number where a string belongs is read as its digits (an iteration schedule "100"); nothing else is coerced.
        m.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        m.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        return m;
    }

    /** Reads a spec file (.yaml, .yml or .json; a config.json of a run too) with {@code sets} ("key.path=value") applied. */
    public static RunRecord read(Path file, List<String> sets) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new SpecException(file + " not found; give a spec file (.yaml or .json) or a run's config.json");
        } catch (IOException e) {
            throw new SpecException("cannot read " + file + ": " + e.getMessage());
        } catch (RuntimeException e) {
            throw new SpecException(file + " is not UTF-8 text; give a spec file (.yaml or .json)");
        }
        return parse(text, file.toString(), sets);
    }

    /** Parses spec text; {@code source} names it in messages and decides the syntax (.json: JSON, otherwise YAML). */
    public static RunRecord parse(String text, String source, List<String> sets) {
        JsonNode tree;
        try {
            tree = (source.endsWith(".json") ? JSON : YAML).readTree(text);
        } catch (JsonProcessingException e) {
            throw new SpecException(source + " is not valid " + (source.endsWith(".json") ? "JSON" : "YAML") + ": "
                    + e.getOriginalMessage().lines().findFirst().orElse("") + (e.getLocation() != null ? " (line " + e.getLocation().getLineNr() + ")" : ""));
        }
        if (tree == null || !tree.isObject()) {
            throw new SpecException(source + " holds no spec: expected an object with '" + PROTOCOL_KEY + "' and the protocol's keys");
        }
        return fromTree((ObjectNode) tree, source, sets);
    }

    /** A spec file's tree (read as JSON or YAML) as a run record, {@code sets} applied; the tree is changed. */
    public static RunRecord fromTree(ObjectNode obj, String source, List<String> sets) {
        JsonNode version = obj.remove(VERSION_KEY);
        if (version != null) {
            if (!version.isInt() || version.asInt() < 1) {
                throw new SpecException(source + ": " + VERSION_KEY + " must be a whole number >= 1, got " + version);
            }
            if (version.asInt() > SPEC_VERSION) {
                throw new SpecException(source + ": " + VERSION_KEY + " " + version.asInt() + " is newer than this Basin understands ("
                        + SPEC_VERSION + "); upgrade Basin to run it");
            }
        }
        JsonNode prov = obj.remove(PROVENANCE_KEY);
        for (String s : sets) {
            apply(obj, s);
        }
        if (!obj.has(PROTOCOL_KEY) && version == null && obj.has("basin_version")) {
            throw new SpecException(source + " was written by a version of Basin from before specs (no " + VERSION_KEY
                    + "); train that run again to reopen it");
        }
        if (!obj.has(PROTOCOL_KEY)) {
            throw new SpecException(source + ": no '" + PROTOCOL_KEY + "' key; choose one of " + String.join(", ", ExperimentSpec.NAMES));
        }
        ExperimentSpec spec = convert(obj, ExperimentSpec.class, source);
        Provenance p = prov == null ? null : convert(prov, Provenance.class, source + " (" + PROVENANCE_KEY + ")");
        return new RunRecord(spec, p);
    }

    /** Reads a value of {@code type} from a tree, with the error translation of {@link #parse}. */
    public static <T> T convert(JsonNode tree, Class<T> type, String source) {
        try {
            return JSON.treeToValue(tree, type);
        } catch (JsonProcessingException e) {
            throw translate(e, source);
        } catch (IllegalArgumentException e) {
            throw e instanceof SpecException s ? s : new SpecException(oneLine(source + ": " + e.getMessage()));
        }
    }

    /** Sets one "key.path=value"; the value is read as a YAML scalar or flow collection (so 0.01 is a number, [1, 2] a list). */
    static void apply(ObjectNode root, String assignment) {
        int eq = assignment.indexOf('=');
        if (eq <= 0) {
            throw new SpecException("--set takes KEY.PATH=VALUE, got '" + assignment + "'");
        }
        String raw = assignment.substring(eq + 1);
        JsonNode value;
        try {
            value = raw.isEmpty() ? JSON.getNodeFactory().textNode("") : YAML.readTree(raw);
        } catch (JsonProcessingException e) {
            throw new SpecException("--set " + assignment + ": the value is not a YAML scalar or list");
        }
        set(root, assignment.substring(0, eq).trim(), value, "--set " + assignment);
    }

    private static final java.util.regex.Pattern INDEXED = java.util.regex.Pattern.compile("(.+)\\[(\\d+)]");

    /**
     * Sets the value at a key path ("optimizer.lr"; "arms[0].lr" for the first element of a list, which must exist);
     * missing objects on the way are created. {@code where} starts the message of a path that cannot be set.
     */
    public static void set(ObjectNode root, String path, JsonNode value, String where) {
        String[] keys = path.split("\\.", -1);
        JsonNode at = root;
        for (int i = 0; i < keys.length; i++) {
            String key = keys[i];
            boolean last = i == keys.length - 1;
            String sofar = String.join(".", java.util.Arrays.copyOf(keys, i + 1));
            java.util.regex.Matcher m = INDEXED.matcher(key);
            if (key.isEmpty() || (m.matches() ? m.group(1) : key).isEmpty()) {
                throw new SpecException(where + ": empty key in '" + path + "'");
            }
            if (!(at instanceof ObjectNode obj)) {
                throw new SpecException(where + ": " + sofar + " is not inside an object");
            }
            if (m.matches()) {
                JsonNode list = obj.get(m.group(1));
                int index = Integer.parseInt(m.group(2));
                if (list == null || !list.isArray() || index >= list.size()) {
                    throw new SpecException(where + ": " + sofar + ": no such element (" + m.group(1) + " has "
                            + (list == null || !list.isArray() ? "no list" : list.size() + " elements") + ")");
                }
                if (last) {
                    ((com.fasterxml.jackson.databind.node.ArrayNode) list).set(index, value);
                    return;
                }
                at = list.get(index);
                continue;
            }
            if (last) {
                obj.set(key, value);
                return;
            }
            JsonNode next = obj.get(key);
            if (next == null || next.isNull()) {
                next = obj.putObject(key);
            } else if (!next.isObject()) {
                throw new SpecException(where + ": " + sofar + " is not an object");
            }
            at = next;
        }
    }

    /** A deep copy of a spec tree read from YAML or JSON text ({@code source} names it; .json: JSON, else YAML). */
    public static JsonNode readTree(String text, String source) {
        try {
            return (source.endsWith(".json") ? JSON : YAML).readTree(text);
        } catch (JsonProcessingException e) {
            throw new SpecException(source + " is not valid " + (source.endsWith(".json") ? "JSON" : "YAML") + ": "
                    + e.getOriginalMessage().lines().findFirst().orElse("") + (e.getLocation() != null ? " (line " + e.getLocation().getLineNr() + ")" : ""));
        }
    }

    /** {@link #translate0}, on one line: a value read from the file may hold line breaks ("protocol: |"). */
    private static SpecException translate(JsonProcessingException e, String source) {
        return new SpecException(oneLine(translate0(e, source).getMessage()));
    }

    private static String oneLine(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            sb.append(c == '\n' ? "\\n" : c == '\r' ? "\\r" : Character.isISOControl(c) ? "?" : String.valueOf(c));
        }
        return sb.toString();
    }

    private static SpecException translate0(JsonProcessingException e, String source) {
        String path = e instanceof JsonMappingException m ? path(m.getPath()) : "";
        String where = source + ": " + (path.isEmpty() ? "" : path + ": ");
        if (e instanceof UnrecognizedPropertyException u) {
            List<String> known = new ArrayList<>();
            if (u.getKnownPropertyIds() != null) {
                for (Object o : u.getKnownPropertyIds()) {
                    known.add(o.toString());
                }
            }
            known.sort(null);
            return new SpecException(source + ": " + path + ": unknown key" + (known.isEmpty() ? "" : "; known keys here: " + String.join(", ", known)));
        }
        if (e instanceof InvalidTypeIdException t) {
            return new SpecException(where + "unknown " + PROTOCOL_KEY + " '" + t.getTypeId() + "'; choose one of " + String.join(", ", ExperimentSpec.NAMES));
        }
        if (e instanceof ValueInstantiationException v) {
            Throwable c = v.getCause();
            while (c != null && !(c instanceof IllegalArgumentException) && c.getCause() != null && c.getCause() != c) {
                c = c.getCause();
            }
            String msg = c instanceof IllegalArgumentException ? c.getMessage() : String.valueOf(v.getOriginalMessage());
            return new SpecException(where + msg);
        }
        if (e instanceof InvalidFormatException f) {
            return new SpecException(where + "expected " + describe(f.getTargetType()) + ", got " + quoted(f.getValue()));
        }
        if (e instanceof MismatchedInputException m) {
            String msg = m.getOriginalMessage();
            if (msg != null && msg.contains("Missing type id")) {
                return new SpecException(where + "no '" + PROTOCOL_KEY + "' key; choose one of " + String.join(", ", ExperimentSpec.NAMES));
            }
            if (msg != null && msg.contains("Null value for creator property")) {
                return new SpecException(where + "must not be null");
            }
            java.util.regex.Matcher got = msg == null ? null : COERCE.matcher(msg);
            String value = got != null && got.find() ? got.group(2).replaceAll("^\"(.*)\"$", "'$1'") : null;
            return new SpecException(where + "expected " + describe(m.getTargetType()) + (value != null ? ", got " + value : ""));
        }
        return new SpecException(where + e.getOriginalMessage());
    }

    /** Jackson's "Cannot coerce String value ("100") to ..." */
    private static final java.util.regex.Pattern COERCE = java.util.regex.Pattern.compile("Cannot coerce ([\\w-]+) value \\((.*?)\\) to");

    private static String quoted(Object v) {
        return v instanceof String s ? "'" + s + "'" : String.valueOf(v);
    }

    private static String describe(Class<?> t) {
        if (t == null) {
            return "another type";
        }
        if (t == int.class || t == Integer.class || t == long.class || t == Long.class) {
            return "a whole number";
        }
        if (t == double.class || t == Double.class || t == float.class || t == Float.class) {
            return "a number";
        }
        if (t == boolean.class || t == Boolean.class) {
            return "true or false";
        }
        if (t == String.class) {
            return "a string";
        }
        if (t.isEnum()) {
            return "one of " + java.util.Arrays.stream(t.getEnumConstants()).map(c -> ((Enum<?>) c).name().toLowerCase(Locale.ROOT))
                    .collect(Collectors.joining(", "));
        }
        if (List.class.isAssignableFrom(t) || t.isArray()) {
            return "a list";
        }
        if (Map.class.isAssignableFrom(t) || t.isRecord()) {
            return "an object";
        }
        return "a " + t.getSimpleName();
    }

    private static String path(List<JsonMappingException.Reference> refs) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : refs) {
            if (r.getFieldName() != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    /** The spec as an object: spec_version, protocol, then its keys in declaration order. */
    public static ObjectNode tree(ExperimentSpec spec) {
        ObjectNode body = JSON.valueToTree(spec);
        ObjectNode o = JSON.createObjectNode();
        o.put(VERSION_KEY, SPEC_VERSION);
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            o.set(e.getKey(), e.getValue());
        }
        return o;
    }

    public static String toJson(ExperimentSpec spec) {
        return write(JSON, tree(spec));
    }

    public static String toYaml(ExperimentSpec spec) {
        return write(YAML, tree(spec));
    }

    /**
     * The first key path at which two specs differ, with both values ({@code "optimizer.lr: 0.1 here, 0.05 there"}),
     * or null when they are the same spec. Arrays compare element by element ({@code arms[1].lr}).
     */
    public static String difference(ExperimentSpec here, ExperimentSpec there) {
        return difference("", tree(here), tree(there));
    }

    /** {@link #difference(ExperimentSpec, ExperimentSpec)} of the values at one key path ({@code training.batch}). */
    public static String difference(ExperimentSpec here, ExperimentSpec there, String keyPath) {
        JsonNode a = tree(here);
        JsonNode b = tree(there);
        for (String k : keyPath.split("\\.")) {
            a = a.path(k);
            b = b.path(k);
        }
        return difference(keyPath, a, b);
    }

    private static String difference(String path, JsonNode a, JsonNode b) {
        if (a.equals(b)) {
            return null;
        }
        if (a.isObject() && b.isObject()) {
            java.util.Set<String> keys = new java.util.LinkedHashSet<>();
            a.fieldNames().forEachRemaining(keys::add);
            b.fieldNames().forEachRemaining(keys::add);
            for (String k : keys) {
                JsonNode x = a.get(k);
                JsonNode y = b.get(k);
                String d = difference(path.isEmpty() ? k : path + "." + k, x == null ? JSON.nullNode() : x, y == null ? JSON.nullNode() : y);
                if (d != null) {
                    return d;
                }
            }
        }
        if (a.isArray() && b.isArray() && a.size() == b.size()) {
            for (int i = 0; i < a.size(); i++) {
                String d = difference(path + "[" + i + "]", a.get(i), b.get(i));
                if (d != null) {
                    return d;
                }
            }
        }
        return (path.isEmpty() ? "the spec" : path) + ": " + brief(a) + " here, " + brief(b) + " there";
    }

    private static String brief(JsonNode n) {
        String t = n.isMissingNode() || n.isNull() ? "absent" : n.toString();
        return t.length() > 60 ? t.substring(0, 60) + "…" : t;
    }

    /** config.json's text: the resolved spec and, under "provenance", how and where it ran. */
    public static String toJson(RunRecord r) {
        ObjectNode o = tree(r.spec());
        if (r.provenance() != null) {
            o.set(PROVENANCE_KEY, JSON.valueToTree(r.provenance()));
        }
        return write(JSON, o);
    }

    /** Writes config.json through a temporary file. */
    public static void write(Path file, RunRecord r) throws IOException {
        AtomicFiles.write(file, toJson(r).getBytes(StandardCharsets.UTF_8));
    }

    /** Reads a run's config.json; a missing or damaged file is a {@link DataException}. */
    public static RunRecord readRun(Path configJson) {
        if (!Files.isRegularFile(configJson)) {
            throw new DataException(configJson + " not found: not a Basin run folder");
        }
        try {
            return read(configJson, List.of());
        } catch (SpecException e) {
            throw new DataException(e.getMessage() + " (the run's config.json is damaged or was not written by this version of Basin)");
        }
    }

    private static String write(ObjectMapper m, JsonNode n) {
        try {
            String s = m.writeValueAsString(n);
            return s.endsWith("\n") ? s : s + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
