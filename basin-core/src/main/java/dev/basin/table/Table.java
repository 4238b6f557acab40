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

    private Table(String file, Class<R> type) {
        this.file = file;
        this.type = type;
        this.components = type.getRecordComponents();
        List<String> names = new ArrayList<>();
        Class<?>[] types = new Class<?>[components.length];
        this.decimals = new int[components.length];
        for (int i = 0; i < components.length; i++) {
            RecordComponent c = components[i];
            Column named = c.getAnnotation(Column.class);
            names.add(named != null ? named.value() : snake(c.getName()));
            decimals[i] = named != null ? named.decimals() : -1;
            types[i] = c.getType();
            c.getAccessor().setAccessible(true);
        }
        this.columns = List.copyOf(names);
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

    public List<String> columns() {
        return columns;
    }

    /** The header line, without a line break. */
    public String header() {
        return String.join(",", columns);
    }

    /** One row as a CSV line, without a line break. */
    public String line(R row) {
        String[] cells = new String[components.length];
        for (int i = 0; i < components.length; i++) {
            Object v = value(row, i);
            cells[i] = decimals[i] >= 0 && v instanceof Double d && !d.isNaN() ? String.format(Locale.ROOT, "%." + decimals[i] + "f", d) : format(v);
        }
        try {
            String s = CSV.writerFor(String[].class).with(CsvSchema.emptySchema().withLineSeparator("")).writeValueAsString(cells);
            return s;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The whole file's text: header and rows, each line ending in '\n'. */
    public String csv(List<R> rows) {
        StringBuilder sb = new StringBuilder(header()).append('\n');
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
            if (!Arrays.asList(head).equals(columns)) {
                throw new DataException(source + " is not a " + file + " written by this version of Basin: its header is '"
                        + String.join(",", head) + "', expected '" + header() + "'");
            }
            int line = 1;
            while (it.hasNextValue()) {
                line++;
                String[] cells = it.nextValue();
                if (cells.length == 1 && cells[0].isEmpty()) {
                    continue;
                }
                if (cells.length != components.length) {
                    throw new DataException(source + " line " + line + " has " + cells.length + " cells, expected " + components.length
                            + "; the file is damaged or was cut short");
                }
                Object[] args = new Object[components.length];
                for (int i = 0; i < components.length; i++) {
                    try {
                        args[i] = parse(cells[i], components[i].getType());
                    } catch (RuntimeException e) {
                        throw new DataException(source + " line " + line + ", column " + columns.get(i) + ": cannot read '" + cells[i] + "' as "
                                + components[i].getType().getSimpleName());
                    }
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
