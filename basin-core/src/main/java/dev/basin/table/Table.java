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
 * @param <R> the row record
 */
public final class Table<R extends Record> {
    private static final CsvMapper CSV = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY);

    private final String file;
    private final Class<R> type;
    private final RecordComponent[] components;
    private final List<String> columns;
    private final Constructor<R> constructor;
    private final int[] decimals;
    /** Index of the series component, or −1. */
    private final int series;

    private Table(String file, Class<R> type) {
        this.file = file;
        this.type = type;
        this.components = type.getRecordComponents();
        List<String> names = new ArrayList<>();
        Class<?>[] types = new Class<?>[components.length];
        this.decimals = new int[components.length];
        int seriesAt = -1;
        for (int i = 0; i < components.length; i++) {
            RecordComponent c = components[i];
            Column named = c.getAnnotation(Column.class);
            names.add(named != null ? named.value() : snake(c.getName()));
            decimals[i] = named != null ? named.decimals() : -1;
            if (named != null && named.series()) {
                if (c.getType() != double[].class || seriesAt >= 0) {
                    throw new IllegalStateException(type + ": only one double[] component can be a series");
                }
                seriesAt = i;
            }
            types[i] = c.getType();
            c.getAccessor().setAccessible(true);
        }
        this.columns = List.copyOf(names);
        this.series = seriesAt;
        try {
            this.constructor = type.getDeclaredConstructor(types);
            this.constructor.setAccessible(true);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(type + " has no canonical constructor", e);
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

    /** The column names (a series as its base name). */
    public List<String> columns() {
        return columns;
    }

    /** The column names with the series (if any) expanded to {@code k} numbered columns. */
    public List<String> columns(int k) {
        if (series < 0) {
            return columns;
        }
        List<String> out = new ArrayList<>(columns.subList(0, series));
        for (int j = 1; j <= k; j++) {
            out.add(columns.get(series) + "_" + j);
        }
        out.addAll(columns.subList(series + 1, columns.size()));
        return out;
    }

    /** The header line, without a line break (a table with a series: {@link #header(int)}). */
    public String header() {
        if (series >= 0) {
            throw new IllegalStateException(file + " has a series of columns; give its length");
        }
        return String.join(",", columns);
    }

    /** The header line with a series of {@code k} columns. */
    public String header(int k) {
        return String.join(",", columns(k));
    }

    /** The header of a file holding {@code row} (and rows like it). */
    public String headerFor(R row) {
        return series < 0 ? header() : header(((double[]) value(row, series)).length);
    }

    /** One row as a CSV line, without a line break. */
    public String line(R row) {
        List<String> list = new ArrayList<>();
        for (int i = 0; i < components.length; i++) {
            Object v = value(row, i);
            if (i == series) {
                for (double x : (double[]) v) {
                    list.add(format(x));
                }
            } else {
                list.add(decimals[i] >= 0 && v instanceof Double d && !d.isNaN() ? String.format(Locale.ROOT, "%." + decimals[i] + "f", d) : format(v));
            }
        }
        String[] cells = list.toArray(String[]::new);
        try {
            String s = CSV.writerFor(String[].class).with(CsvSchema.emptySchema().withLineSeparator("")).writeValueAsString(cells);
            return s;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The whole file's text: header and rows, each line ending in '\n'. */
    public String csv(List<R> rows) {
        StringBuilder sb = new StringBuilder(rows.isEmpty() ? columns(0).stream().reduce((a, b) -> a + "," + b).orElse("") : headerFor(rows.get(0)))
                .append('\n');
        for (R r : rows) {
            sb.append(line(r)).append('\n');
        }
        return sb.toString();
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

    /** Parses CSV text (header included); {@code source} names it in messages. */
    public List<R> parse(String text, String source) {
        try (Reader in = new java.io.StringReader(text)) {
            return parse(in, source);
        } catch (IOException e) {
            throw new DataException("cannot read " + source + ": " + e.getMessage());
        }
    }

    private List<R> parse(Reader in, String source) throws IOException {
        List<R> rows = new ArrayList<>();
        try (MappingIterator<String[]> it = CSV.readerFor(String[].class).readValues(in)) {
            if (!it.hasNextValue()) {
                throw new DataException(source + " is empty; expected a " + file + " with header " + header());
            }
            String[] head = it.nextValue();
            int k = 0;
            if (series >= 0) {
                while (series + k < head.length && head[series + k].matches(java.util.regex.Pattern.quote(columns.get(series)) + "_\\d+")) {
                    k++;
                }
            }
            List<String> expected = columns(k);
            if (!Arrays.asList(head).equals(expected)) {
                throw new DataException(source + " is not a " + file + " written by this version of Basin: its header is '"
                        + String.join(",", head) + "', expected '" + String.join(",", expected) + "'");
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
                Object[] args = new Object[components.length];
                int cell = 0;
                for (int i = 0; i < components.length; i++) {
                    int n = i == series ? k : 1;
                    try {
                        if (i == series) {
                            double[] xs = new double[k];
                            for (int j = 0; j < k; j++) {
                                xs[j] = (double) parse(cells[cell + j], double.class);
                            }
                            args[i] = xs;
                        } else {
                            args[i] = parse(cells[cell], components[i].getType());
                        }
                    } catch (RuntimeException e) {
                        throw new DataException(source + " line " + line + ", column " + expected.get(cell) + ": cannot read '"
                                + String.join(",", Arrays.copyOfRange(cells, cell, cell + Math.max(n, 1))) + "' as "
                                + (i == series ? "double" : components[i].getType().getSimpleName()));
                    }
                    cell += n;
                }
                rows.add(construct(args, source, line));
            }
        } catch (RuntimeException e) {
            if (e instanceof DataException d) {
                throw d;
            }
            throw new DataException(source + " is not valid CSV: " + e.getMessage());
        }
        return rows;
    }

    private R construct(Object[] args, String source, int line) {
        try {
            return constructor.newInstance(args);
        } catch (InvocationTargetException e) {
            throw new DataException(source + " line " + line + ": " + e.getCause().getMessage());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private Object value(R row, int i) {
        try {
            return components[i].getAccessor().invoke(row);
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
