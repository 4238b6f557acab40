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
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new DataException(path + " not found: no " + file + " in that folder");
        } catch (IOException e) {
            throw new DataException("cannot read " + path + ": " + e.getMessage());
        }
        return parse(text, path.toString());
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

    /**
     * Parses CSV text (header included); {@code source} names it in messages. Text without quotes or carriage returns (what
     * Basin writes for numeric tables) is split on commas directly; anything else goes through Jackson's CSV parser. Both
     * give the same rows and the same messages.
     */
    public List<R> parse(String text, String source) {
        if (text.indexOf('"') < 0 && text.indexOf('\r') < 0) {
            return parsePlain(text, source);
        }
        try (Reader in = new java.io.StringReader(text)) {
            return parse(in, source);
        } catch (IOException e) {
            throw new DataException("cannot read " + source + ": " + DataException.excerpt(e.getMessage()));
        }
    }

    /** The header's layout and columns, checked against the row type. */
    private record Head(Layout layout, List<String> expected) {
    }

    private Head head(String[] head, String source) {
        Layout layout = layoutOf(head);
        List<String> expected = columns(layout);
        if (!Arrays.asList(head).equals(expected)) {
            throw new DataException(source + " is not a " + file + " written by this version of Basin: its header is '"
                    + DataException.excerpt(String.join(",", head)) + "', expected '" + String.join(",", expected) + "'");
        }
        return new Head(layout, expected);
    }

    private DataException cellCount(String source, int line, int cells, int expected) {
        return new DataException(source + " line " + line + " has " + cells + " cells, expected " + expected
                + "; the file is damaged or was cut short");
    }

    /**
     * Text with no quote and no carriage return: each line is its cells separated by commas, scanned over the text's chars;
     * numbers are parsed in place, only text cells become strings.
     */
    private List<R> parsePlain(String text, String source) {
        if (text.isEmpty()) {
            throw new DataException(source + " is empty; expected a " + file + " with header " + String.join(",", columns()));
        }
        char[] chars = text.toCharArray();
        int n = chars.length;
        Line cells = new Line(chars);
        List<R> rows = new ArrayList<>();
        Head h = null;
        int line = 0;
        int pos = 0;
        while (pos < n) {
            line++;
            int nl = cells.scan(pos);
            if (nl > pos || h == null) {
                if (h == null) {
                    String[] head = new String[cells.count];
                    for (int k = 0; k < head.length; k++) {
                        head[k] = cells.text(k);
                    }
                    h = head(head, source);
                } else {
                    if (cells.count != h.expected().size()) {
                        throw cellCount(source, line, cells.count, h.expected().size());
                    }
                    rows.add(row(cells, h.layout(), h.expected(), source, line));
                }
            }
            pos = nl + 1;
        }
        return rows;
    }

    /** The cells of one line: strings (from Jackson's parser) or ranges of a char array (the plain path). */
    private static final class Line {
        private final char[] chars;
        private String[] cells;
        private int[] from = new int[16];
        private int[] to = new int[16];
        int count;

        Line(char[] chars) {
            this.chars = chars;
        }

        Line(String[] cells) {
            this.chars = null;
            this.cells = cells;
            this.count = cells.length;
        }

        /** Finds the cells of the line starting at {@code pos}; returns the index of its line break (or the end). */
        int scan(int pos) {
            char[] c = chars;
            int n = c.length;
            int k = 0;
            int start = pos;
            int i = pos;
            for (; i < n; i++) {
                char ch = c[i];
                if (ch == ',' || ch == '\n') {
                    if (k == from.length) {
                        from = Arrays.copyOf(from, 2 * k);
                        to = Arrays.copyOf(to, 2 * k);
                    }
                    from[k] = start;
                    to[k++] = i;
                    start = i + 1;
                    if (ch == '\n') {
                        break;
                    }
                }
            }
            if (i == n) {
                if (k == from.length) {
                    from = Arrays.copyOf(from, 2 * k);
                    to = Arrays.copyOf(to, 2 * k);
                }
                from[k] = start;
                to[k++] = n;
            }
            count = k;
            return i;
        }

        boolean empty(int i) {
            return cells != null ? cells[i].isEmpty() : from[i] == to[i];
        }

        String text(int i) {
            return cells != null ? cells[i] : new String(chars, from[i], to[i] - from[i]);
        }

        double dbl(int i) {
            // Jackson's copy of FastDoubleParser: the syntax and the correctly rounded result of Double.parseDouble
            return cells != null ? com.fasterxml.jackson.core.io.NumberInput.parseDouble(cells[i], true)
                    : com.fasterxml.jackson.core.io.NumberInput.parseDouble(chars, from[i], to[i] - from[i], true);
        }

        /** A decimal integer of up to 18 digits parsed in place; anything else by Long.parseLong (and its exception). */
        long lng(int i) {
            if (cells == null) {
                int a = from[i];
                int b = to[i];
                boolean neg = a < b && chars[a] == '-';
                int d = neg ? a + 1 : a;
                if (d < b && b - d <= 18) {
                    long v = 0;
                    for (; d < b; d++) {
                        int x = chars[d] - '0';
                        if (x < 0 || x > 9) {
                            break;
                        }
                        v = 10 * v + x;
                    }
                    if (d == b) {
                        return neg ? -v : v;
                    }
                }
            }
            return Long.parseLong(text(i));
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
            Head h = head(it.nextValue(), source);
            Layout layout = h.layout();
            List<String> expected = h.expected();
            int line = 1;
            while (it.hasNextValue()) {
                line++;
                String[] cells = it.nextValue();
                if (cells.length == 1 && cells[0].isEmpty()) {
                    continue;
                }
                if (cells.length != expected.size()) {
                    throw cellCount(source, line, cells.length, expected.size());
                }
                rows.add(row(new Line(cells), layout, expected, source, line));
            }
        } catch (RuntimeException e) {
            if (e instanceof DataException d) {
                throw d;
            }
            throw new DataException(source + " is not valid CSV: " + DataException.excerpt(e.getMessage()));
        }
        return rows;
    }

    private R row(Line cells, Layout layout, List<String> names, String source, int line) {
        Object[] args = new Object[fields.length];
        int at = 0;
        for (int i = 0; i < fields.length; i++) {
            Field f = fields[i];
            switch (f.kind()) {
                case SIMPLE -> {
                    args[i] = cell(cells, at, f.component().getType(), names, source, line);
                    at++;
                }
                case SERIES -> {
                    double[] xs = new double[layout.series()];
                    for (int j = 0; j < xs.length; j++) {
                        xs[j] = (double) cell(cells, at++, double.class, names, source, line);
                    }
                    args[i] = xs;
                }
                case GROUP -> {
                    if (layout.group()) {
                        Table<?> n = f.nested();
                        int from = at;
                        at += n.fields.length;
                        boolean empty = true;
                        for (int j = from; j < at && empty; j++) {
                            empty = cells.empty(j);
                        }
                        if (!empty) {
                            Object[] sub = new Object[n.fields.length];
                            for (int j = 0; j < sub.length; j++) {
                                sub[j] = cell(cells, from + j, n.fields[j].component().getType(), names, source, line);
                            }
                            args[i] = n.construct(sub, source, line);
                        }
                    }
                }
                case PER_KEY -> {
                    Table<?> n = f.nested();
                    int nk = layout.keys().size();
                    Record[] list = new Record[nk];
                    for (int kk = 0; kk < nk; kk++) {
                        Object[] sub = new Object[n.fields.length];
                        sub[0] = layout.keys().get(kk);
                        for (int j = 1; j < n.fields.length; j++) {
                            sub[j] = cell(cells, at + (j - 1) * nk + kk, n.fields[j].component().getType(), names, source, line);
                        }
                        list[kk] = n.construct(sub, source, line);
                    }
                    at += nk * (n.fields.length - 1);
                    args[i] = List.of(list);
                }
            }
        }
        return construct(args, source, line);
    }

    /** Cell {@code i} of a row as a {@code t}; the column is named (from {@code names}) only when it cannot be read. */
    private static Object cell(Line cells, int i, Class<?> t, List<String> names, String source, int line) {
        try {
            if (t == double.class) {
                return cells.empty(i) ? Double.NaN : cells.dbl(i);
            }
            if (t == long.class) {
                return cells.lng(i);
            }
            if (t == int.class) {
                long v = cells.lng(i);
                if (v != (int) v) {
                    return Integer.parseInt(cells.text(i));
                }
                return (int) v;
            }
            return parse(cells.text(i), t);
        } catch (RuntimeException e) {
            throw new DataException(source + " line " + line + ", column " + names.get(i) + ": cannot read '" + DataException.excerpt(cells.text(i))
                    + "' as " + t.getSimpleName());
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
            // Jackson's copy of FastDoubleParser: the same syntax and correctly rounded result as Double.parseDouble, faster
            return com.fasterxml.jackson.core.io.NumberInput.parseDouble(s, true);
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
