package dev.basin.table;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.basin.data.AtomicFiles;
import dev.basin.data.DataException;
import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * A CSV file of a run folder as a list of records: one column per record component, named in snake_case
 * (or by {@link Column}), in declaration order. The header is a constant of the row type; a reader checks it
 * and names the file, line and column of anything it cannot parse.
 *
 * <p>Cell formats, the same for every file: {@code double}/{@code float} as {@link Double#toString(double)}
 * with NaN as an empty cell (read back: empty, {@code NaN}, {@code Infinity}, {@code -Infinity}); integers in
 * decimal; boxed {@code Long}/{@code Integer}/{@code Double} null as an empty cell; booleans as
 * {@code true}/{@code false}; enums by their lower-case name; strings quoted by the CSV rules (RFC 4180,
 * Jackson's CSV module) when they hold a comma, quote or line break.
 *
 * <p>Columns whose number depends on the run ({@link Column#series()}: lambda_1..k; {@link Column#group()}: a
 * block present or not; {@link Column#perKey()}: one column per parameter tensor) are fixed per file by a
 * {@link Layout}, written in its header and read back from it.
 *
 * @param <R> the row record
 */
public final class Table<R extends Record> {
    private static final CsvMapper CSV = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY);
    /** One row of cells, no line break (ObjectWriter is immutable and thread-safe: built once). */
    private static final com.fasterxml.jackson.databind.ObjectWriter LINE = CSV.writerFor(String[].class)
            .with(CsvSchema.emptySchema().withLineSeparator(""));

    /**
     * What varies between files of one table: the length of the series, whether the group's columns are there,
     * and the keys of the per-key list.
     */
    public record Layout(int series, boolean group, List<String> keys) {
        public static final Layout FIXED = new Layout(0, false, List.of());

        public Layout {
            keys = List.copyOf(keys);
        }
    }

    /** One record component and the columns it occupies. */
    private record Field(RecordComponent component, String name, int decimals, Kind kind, Table<?> nested) {
        enum Kind { SIMPLE, SERIES, GROUP, PER_KEY }
    }

    private final String file;
    private final Class<R> type;
    private final Field[] fields;
    private final Constructor<R> constructor;
    /** No series, group or per-key list: one layout for every file. */
    private final boolean fixed;

    private Table(String file, Class<R> type) {
        this.file = file;
        this.type = type;
        RecordComponent[] components = type.getRecordComponents();
        this.fields = new Field[components.length];
        Class<?>[] types = new Class<?>[components.length];
        int varying = 0;
        for (int i = 0; i < components.length; i++) {
            RecordComponent c = components[i];
            Column col = c.getAnnotation(Column.class);
            String name = col != null && !col.value().isEmpty() ? col.value() : snake(c.getName());
            Field.Kind kind = Field.Kind.SIMPLE;
            Table<?> nested = null;
            if (col != null && col.series()) {
                check(c.getType() == double[].class, type + ": a series must be a double[]");
                kind = Field.Kind.SERIES;
            } else if (col != null && col.group()) {
                check(c.getType().isRecord(), type + ": a group must be a record");
                kind = Field.Kind.GROUP;
                nested = nested(c.getType());
            } else if (col != null && col.perKey()) {
                check(c.getType() == List.class, type + ": a per-key component must be a List");
                Class<?> elem = (Class<?>) ((java.lang.reflect.ParameterizedType) c.getGenericType()).getActualTypeArguments()[0];
                check(elem.isRecord() && elem.getRecordComponents()[0].getType() == String.class, type + ": per-key elements need a String key first");
                kind = Field.Kind.PER_KEY;
                nested = nested(elem);
            }
            if (kind == Field.Kind.SERIES || kind == Field.Kind.PER_KEY) {
                varying++;
            }
            fields[i] = new Field(c, name, col != null ? col.decimals() : -1, kind, nested);
            types[i] = c.getType();
            c.getAccessor().setAccessible(true);
        }
        check(varying <= 1, type + ": at most one series or per-key list");
        this.fixed = java.util.Arrays.stream(fields).allMatch(f -> f.kind() == Field.Kind.SIMPLE);
        try {
            this.constructor = type.getDeclaredConstructor(types);
            this.constructor.setAccessible(true);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(type + " has no canonical constructor", e);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Table<?> nested(Class<?> t) {
        Table<?> n = new Table("", (Class) t);
        for (Field f : n.fields) {
            check(f.kind() == Field.Kind.SIMPLE, t + ": a group or per-key element holds plain columns only");
        }
        return n;
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalStateException(message);
        }
    }

    /** The table of rows of {@code type}, for files called {@code file} (used in messages). */
    public static <R extends Record> Table<R> of(String file, Class<R> type) {
        return new Table<>(file, type);
    }

    /** The file name this table is written to, e.g. "metrics.csv". */
    public String file() {
        return file;
    }

    /** The column names of a fixed layout (a series, group or per-key list by its base name). */
    public List<String> columns() {
        List<String> out = new ArrayList<>();
        for (Field f : fields) {
            out.add(f.name());
        }
        return out;
    }

    /** The column names with a series of {@code k} columns. */
    public List<String> columns(int k) {
        return columns(new Layout(k, false, List.of()));
    }

    /** The column names of a file with {@code layout}. */
    public List<String> columns(Layout layout) {
        List<String> out = new ArrayList<>();
        for (Field f : fields) {
            switch (f.kind()) {
                case SIMPLE -> out.add(f.name());
                case SERIES -> {
                    for (int j = 1; j <= layout.series(); j++) {
                        out.add(f.name() + "_" + j);
                    }
                }
                case GROUP -> {
                    if (layout.group()) {
                        out.addAll(f.nested().columns());
                    }
                }
                case PER_KEY -> {
                    List<String> names = f.nested().columns();
                    for (String n : names.subList(1, names.size())) {
                        for (String k : layout.keys()) {
                            out.add(n + "_" + k);
                        }
                    }
                }
            }
        }
        return out;
    }


    /** The header line, without a line break (a table whose columns vary: {@link #header(Layout)}). */
    public String header() {
        check(fixed, file + " has columns that vary between files; give its layout");
        return String.join(",", columns());
    }

    /** The header line with a series of {@code k} columns. */
    public String header(int k) {
        return String.join(",", columns(k));
    }

    public String header(Layout layout) {
        return String.join(",", columns(layout));
    }

    /** The layout of a file holding {@code row}: its series length, whether its group is there, its keys. */
    public Layout layoutOf(R row) {
        int k = 0;
        boolean group = false;
        List<String> keys = List.of();
        for (int i = 0; i < fields.length; i++) {
            Object v = cell(row, i);
            switch (fields[i].kind()) {
                case SERIES -> k = ((double[]) v).length;
                case GROUP -> group = v != null;
                case PER_KEY -> {
                    Table<?> n = fields[i].nested();
                    keys = ((List<?>) v).stream().map(e -> (String) n.cell((Record) e, 0)).toList();
                }
                default -> { }
            }
        }
        return new Layout(k, group, keys);
    }

    /** The header of a file holding {@code row} (and rows like it). */
    public String headerFor(R row) {
        return header(layoutOf(row));
    }

    /** One row as a CSV line of its own layout, without a line break. */
    public String line(R row) {
        return line(row, fixed ? Layout.FIXED : layoutOf(row));
    }

    /** One row as a CSV line of a file with {@code layout}, without a line break. */
    public String line(R row, Layout layout) {
        List<String> cells = new ArrayList<>();
        for (int i = 0; i < fields.length; i++) {
            Field f = fields[i];
            Object v = cell(row, i);
            switch (f.kind()) {
                case SIMPLE -> cells.add(formatCell(v, f.decimals()));
                case SERIES -> {
                    double[] xs = (double[]) v;
                    check(xs.length == layout.series(), file + ": a row's series has " + xs.length + " values, the file " + layout.series());
                    for (double x : xs) {
                        cells.add(format(x));
                    }
                }
                case GROUP -> {
                    if (layout.group()) {
                        Table<?> n = f.nested();
                        for (int j = 0; j < n.fields.length; j++) {
                            cells.add(v == null ? "" : formatCell(n.cell((Record) v, j), n.fields[j].decimals()));
                        }
                    }
                }
                case PER_KEY -> {
                    Table<?> n = f.nested();
                    java.util.Map<String, Record> byKey = new java.util.HashMap<>();
                    for (Object e : (List<?>) v) {
                        byKey.put((String) n.cell((Record) e, 0), (Record) e);
                    }
                    for (int j = 1; j < n.fields.length; j++) {
                        for (String k : layout.keys()) {
                            Record e = byKey.get(k);
                            cells.add(e == null ? "" : formatCell(n.cell(e, j), n.fields[j].decimals()));
                        }
                    }
                }
            }
        }
        try {
            return LINE.writeValueAsString(cells.toArray(String[]::new));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String formatCell(Object v, int decimals) {
        return decimals >= 0 && v instanceof Double d && !d.isNaN() ? String.format(Locale.ROOT, "%." + decimals + "f", d) : format(v);
    }

    /** The whole file's text: header and rows, each line ending in '\n'; the layout is the first row's. */
    public String csv(List<R> rows) {
        return csv(rows, rows.isEmpty() ? Layout.FIXED : layoutOf(rows.get(0)));
    }

    public String csv(List<R> rows, Layout layout) {
        StringBuilder sb = new StringBuilder(header(layout)).append('\n');
        for (R r : rows) {
            sb.append(line(r, layout)).append('\n');
        }
        return sb.toString();
    }

    /**
     * Appends {@code rows} to a file of {@code layout}, writing the header first when the file is new: the tables
     * probes extend along training (alpha.csv, sharpness.csv).
     */
    public void append(Path path, List<R> rows, Layout layout) throws IOException {
        StringBuilder sb = new StringBuilder();
        if (!Files.exists(path)) {
            sb.append(header(layout)).append('\n');
        }
        for (R r : rows) {
            sb.append(line(r, layout)).append('\n');
        }
        try (java.io.Writer w = Files.newBufferedWriter(path, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND)) {
            w.write(sb.toString());
        }
    }

    /** Writes {@code rows} to {@code path} through a temporary file. */
    public void write(Path path, List<R> rows) throws IOException {
        AtomicFiles.write(path, csv(rows).getBytes(StandardCharsets.UTF_8));
    }

    /** Reads {@code path}, checking the header; every problem is a {@link DataException} naming the file and line. */
    public List<R> read(Path path) {
        try (Reader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            return parse(in, path.toString());
        } catch (NoSuchFileException e) {
            throw new DataException(path + " not found: no " + file + " in that folder");
        } catch (IOException e) {
            throw new DataException("cannot read " + path + ": " + e.getMessage());
        }
    }

    /**
     * Reads the complete lines of a file another process may be appending to: everything after the last newline (a row
     * being written) is left out, so a reader polling a live run never sees half a row. An empty or header-less file
     * gives no rows.
     */
    public List<R> readComplete(Path path) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new DataException(path + " not found: no " + file + " in that folder");
        } catch (IOException e) {
            throw new DataException("cannot read " + path + ": " + e.getMessage());
        }
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] != '\n') {
            end--;
        }
        String text = new String(bytes, 0, end, StandardCharsets.UTF_8);
        return text.isEmpty() ? List.of() : parse(text, path.toString());
    }

    /** Parses CSV text (header included); {@code source} names it in messages. */
    public List<R> parse(String text, String source) {
        try (Reader in = new java.io.StringReader(text)) {
            return parse(in, source);
        } catch (IOException e) {
            throw new DataException("cannot read " + source + ": " + DataException.excerpt(e.getMessage()));
        }
    }

    /** The layout a header describes (the expected columns are then checked against it). */
    private Layout layoutOf(String[] head) {
        int at = 0;
        int k = 0;
        boolean group = false;
        List<String> keys = List.of();
        for (Field f : fields) {
            switch (f.kind()) {
                case SIMPLE -> at++;
                case SERIES -> {
                    while (at + k < head.length && head[at + k].matches(java.util.regex.Pattern.quote(f.name()) + "_\\d+")) {
                        k++;
                    }
                    at += k;
                }
                case GROUP -> {
                    List<String> g = f.nested().columns();
                    group = at < head.length && head[at].equals(g.get(0));
                    at += group ? g.size() : 0;
                }
                case PER_KEY -> {
                    List<String> n = f.nested().columns();
                    int per = n.size() - 1;
                    int rest = head.length - at - trailing(f);
                    if (per > 0 && rest > 0 && rest % per == 0) {
                        List<String> ks = new ArrayList<>();
                        String prefix = n.get(1) + "_";
                        for (int j = 0; j < rest / per; j++) {
                            String h = head[at + j];
                            ks.add(h.startsWith(prefix) ? h.substring(prefix.length()) : h);
                        }
                        keys = ks;
                        at += rest;
                    }
                }
            }
        }
        return new Layout(k, group, keys);
    }

    /** Columns of the simple fields after {@code f} (a per-key list takes what is left between). */
    private int trailing(Field f) {
        int n = 0;
        boolean after = false;
        for (Field g : fields) {
            if (after) {
                n += g.kind() == Field.Kind.SIMPLE ? 1 : 0;
            }
            after |= g == f;
        }
        return n;
    }

    private List<R> parse(Reader in, String source) throws IOException {
        List<R> rows = new ArrayList<>();
        try (MappingIterator<String[]> it = CSV.readerFor(String[].class).readValues(in)) {
            if (!it.hasNextValue()) {
                throw new DataException(source + " is empty; expected a " + file + " with header " + String.join(",", columns()));
            }
            String[] head = it.nextValue();
            Layout layout = layoutOf(head);
            List<String> expected = columns(layout);
            if (!Arrays.asList(head).equals(expected)) {
                throw new DataException(source + " is not a " + file + " written by this version of Basin: its header is '"
                        + DataException.excerpt(String.join(",", head)) + "', expected '" + String.join(",", expected) + "'");
            }
            int line = 1;
            while (it.hasNextValue()) {
                line++;
                String[] cells = it.nextValue();
                if (cells.length == 1 && cells[0].isEmpty()) {
                    continue;
                }
                if (cells.length != expected.size()) {
                    throw new DataException(source + " line " + line + " has " + cells.length + " cells, expected " + expected.size()
                            + "; the file is damaged or was cut short");
                }
                rows.add(row(cells, layout, expected, source, line));
            }
        } catch (RuntimeException e) {
            if (e instanceof DataException d) {
                throw d;
            }
            throw new DataException(source + " is not valid CSV: " + DataException.excerpt(e.getMessage()));
        }
        return rows;
    }

    private R row(String[] cells, Layout layout, List<String> names, String source, int line) {
        Object[] args = new Object[fields.length];
        int[] at = {0};
        for (int i = 0; i < fields.length; i++) {
            Field f = fields[i];
            switch (f.kind()) {
                case SIMPLE -> args[i] = cell(cells, at[0]++, f.component().getType(), names, source, line);
                case SERIES -> {
                    double[] xs = new double[layout.series()];
                    for (int j = 0; j < xs.length; j++) {
                        xs[j] = (double) cell(cells, at[0]++, double.class, names, source, line);
                    }
                    args[i] = xs;
                }
                case GROUP -> {
                    if (layout.group()) {
                        Table<?> n = f.nested();
                        int from = at[0];
                        at[0] += n.fields.length;
                        boolean empty = Arrays.stream(cells, from, at[0]).allMatch(String::isEmpty);
                        args[i] = empty ? null : n.build(Arrays.copyOfRange(cells, from, at[0]), names.subList(from, at[0]), source, line);
                    }
                }
                case PER_KEY -> {
                    Table<?> n = f.nested();
                    int nk = layout.keys().size();
                    List<Record> list = new ArrayList<>();
                    for (int kk = 0; kk < nk; kk++) {
                        String[] sub = new String[n.fields.length];
                        List<String> subNames = new ArrayList<>();
                        sub[0] = layout.keys().get(kk);
                        subNames.add(n.fields[0].name());
                        for (int j = 1; j < n.fields.length; j++) {
                            int c = at[0] + (j - 1) * nk + kk;
                            sub[j] = cells[c];
                            subNames.add(names.get(c));
                        }
                        list.add(n.build(sub, subNames, source, line));
                    }
                    at[0] += nk * (n.fields.length - 1);
                    args[i] = List.copyOf(list);
                }
            }
        }
        return construct(args, source, line);
    }

    /** A record of this (plain) table from its cells. */
    private R build(String[] cells, List<String> names, String source, int line) {
        Object[] args = new Object[fields.length];
        for (int i = 0; i < fields.length; i++) {
            args[i] = cell(cells, i, fields[i].component().getType(), names, source, line);
        }
        return construct(args, source, line);
    }

    private static Object cell(String[] cells, int i, Class<?> t, List<String> names, String source, int line) {
        try {
            return parse(cells[i], t);
        } catch (RuntimeException e) {
            throw new DataException(source + " line " + line + ", column " + names.get(i) + ": cannot read '" + DataException.excerpt(cells[i]) + "' as " + t.getSimpleName());
        }
    }

    private R construct(Object[] args, String source, int line) {
        try {
            return constructor.newInstance(args);
        } catch (InvocationTargetException e) {
            throw new DataException(source + " line " + line + ": " + DataException.excerpt(e.getCause().getMessage()));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private Object cell(Record row, int i) {
        try {
            return fields[i].component().getAccessor().invoke(row);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The cell text of one value, by the rules in the class comment. */
    public static String format(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Double d) {
            return Double.isNaN(d) ? "" : Double.toString(d);
        }
        if (v instanceof Float f) {
            return Float.isNaN(f) ? "" : Float.toString(f);
        }
        if (v instanceof Enum<?> e) {
            return e.name().toLowerCase(Locale.ROOT);
        }
        return v.toString();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object parse(String s, Class<?> t) {
        if (t == String.class) {
            return s;
        }
        if (t == double.class || t == Double.class) {
            if (s.isEmpty()) {
                return t == double.class ? Double.NaN : null;
            }
            return Double.parseDouble(s);
        }
        if (t == float.class || t == Float.class) {
            return s.isEmpty() ? (t == float.class ? Float.NaN : null) : Float.parseFloat(s);
        }
        if (t == long.class || t == Long.class) {
            if (s.isEmpty() && t == Long.class) {
                return null;
            }
            return Long.parseLong(s);
        }
        if (t == int.class || t == Integer.class) {
            if (s.isEmpty() && t == Integer.class) {
                return null;
            }
            return Integer.parseInt(s);
        }
        if (t == boolean.class || t == Boolean.class) {
            if (s.equals("true")) {
                return true;
            }
            if (s.equals("false")) {
                return false;
            }
            if (s.isEmpty() && t == Boolean.class) {
                return null;
            }
            throw new IllegalArgumentException(s);
        }
        if (t.isEnum()) {
            return Enum.valueOf((Class) t, s.toUpperCase(Locale.ROOT));
        }
        throw new IllegalStateException("no CSV cell format for " + t);
    }

    /** camelCase to snake_case: minAlphaTrainAt → min_alpha_train_at. */
    static String snake(String camel) {
        StringBuilder sb = new StringBuilder();
        for (char ch : camel.toCharArray()) {
            if (Character.isUpperCase(ch)) {
                sb.append('_').append(Character.toLowerCase(ch));
            } else {
                sb.append(ch);
            }
        }
        return sb.toString();
    }

    /**
     * A Markdown table of {@code rows} for a human reader: one column per entry of {@code columns}, each a
     * heading and the cell text of a row.
     */
    public static <T> String markdown(List<T> rows, List<MarkdownColumn<T>> columns) {
        StringBuilder sb = new StringBuilder("|");
        for (MarkdownColumn<T> c : columns) {
            sb.append(' ').append(c.heading()).append(" |");
        }
        sb.append("\n|");
        for (int i = 0; i < columns.size(); i++) {
            sb.append(" --- |");
        }
        sb.append('\n');
        for (T r : rows) {
            sb.append('|');
            for (MarkdownColumn<T> c : columns) {
                sb.append(' ').append(c.cell().apply(r)).append(" |");
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** One column of a Markdown view: heading and cell text. */
    public record MarkdownColumn<T>(String heading, Function<T, String> cell) {
    }

    /** The row type. */
    public Class<R> type() {
        return type;
    }
}
