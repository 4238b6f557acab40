package dev.basin.noise;

import dev.basin.data.DataException;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.DoubleConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A user's sample of scalars, read in file order: a NumPy {@code .npy} array of float32 or float64 (any
 * shape, pooled in C order, as the reference pools its noise matrix), a CSV column (by header name or
 * 0-based index; a first row that is not numeric is a header), or plain text with one number per line.
 * Files are streamed twice (count, then values), so any size fits in memory.
 */
public final class SampleFile {
    private final Path path;
    private final String column;

    /** @param column the CSV column (name or 0-based index), or null for .npy and one-number-per-line text */
    public SampleFile(Path path, String column) {
        this.path = path;
        this.column = column;
    }

    /** Whether the file is a NumPy .npy array. */
    public boolean isNpy() {
        return path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npy");
    }

    /** The shape of a .npy array, from its header alone; {count} for text and CSV files. */
    public long[] shape() {
        if (!isNpy()) {
            return new long[] {count()};
        }
        if (!Files.isRegularFile(path)) {
            throw new DataException("file not found: " + path);
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(path), 1 << 16))) {
            return header(in).shape();
        } catch (EOFException e) {
            throw new DataException(path + " ends inside its header; the file is truncated");
        } catch (IOException e) {
            throw new DataException("cannot read " + path + ": " + e.getMessage());
        }
    }

    /** What a .npy header says. */
    private record NpyHeader(int size, ByteOrder order, long[] shape, boolean fortran) {
    }

    private NpyHeader header(DataInputStream in) throws IOException {
        byte[] magic = new byte[6];
        int got = in.readNBytes(magic, 0, 6);
        if (got < 6 || (magic[0] & 0xff) != 0x93 || !new String(magic, 1, 5, StandardCharsets.US_ASCII).equals("NUMPY")) {
            throw new DataException(path + " is not a .npy file (no \\x93NUMPY magic)");
        }
        int major = in.readUnsignedByte();
        in.readUnsignedByte();
        if (major < 1 || major > 3) {
            throw new DataException(path + ": .npy format version " + major + " is not one NumPy writes (1, 2 or 3); the file is damaged");
        }
        int headerLen;
        if (major == 1) {
            headerLen = Short.toUnsignedInt(Short.reverseBytes(in.readShort()));
        } else {
            headerLen = Integer.reverseBytes(in.readInt());
        }
        if (headerLen < 0 || headerLen > MAX_HEADER) {
            throw new DataException(path + ": .npy header length " + Integer.toUnsignedString(headerLen) + " is impossible; the file is damaged");
        }
        byte[] hb = new byte[headerLen];
        in.readFully(hb);
        String header = new String(hb, StandardCharsets.ISO_8859_1);
        Matcher d = DESCR.matcher(header);
        Matcher f = FORTRAN.matcher(header);
        Matcher s = SHAPE.matcher(header);
        if (!d.find() || !f.find() || !s.find()) {
            throw new DataException(path + ": unreadable .npy header " + DataException.excerpt(header.trim()));
        }
        String kind = d.group(2);
        int size = Integer.parseInt(d.group(3));
        if (!kind.equals("f") || (size != 4 && size != 8)) {
            throw new DataException(path + " holds dtype " + d.group(2) + d.group(3) + "; save it as float32 or float64");
        }
        ByteOrder order = d.group(1).equals(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        long[] shape;
        try {
            shape = parseShape(s.group(1));
        } catch (NumberFormatException e) {
            throw new DataException(path + ": unreadable .npy shape (" + DataException.excerpt(s.group(1)) + ")");
        }
        long n = 1;
        for (long x : shape) {
            if (x < 0) {
                throw new DataException(path + ": negative dimension in the .npy shape (" + s.group(1) + ")");
            }
            n = x == 0 ? 0 : n > Long.MAX_VALUE / x ? -1 : n * x;
            if (n < 0) {
                throw new DataException(path + ": the .npy shape (" + s.group(1) + ") overflows");
            }
        }
        return new NpyHeader(size, order, shape, f.group(1).equals("True") && shape.length > 1);
    }

    /** The longest .npy header read (NumPy writes a few hundred bytes). */
    private static final int MAX_HEADER = 1 << 20;

    /** How many values the file holds. */
    public long count() {
        long[] n = {0};
        forEach(x -> n[0]++);
        return n[0];
    }

    /** Calls {@code sink} with every value in order; non-finite values are an error. */
    public void forEach(DoubleConsumer sink) {
        if (!Files.isRegularFile(path)) {
            throw new DataException("file not found: " + path);
        }
        try {
            if (path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npy")) {
                if (column != null) {
                    throw new IllegalArgumentException("--column applies to CSV files, not to .npy arrays");
                }
                readNpy(sink);
            } else {
                readText(sink);
            }
        } catch (NoSuchFileException e) {
            throw new DataException("file not found: " + path);
        } catch (EOFException e) {
            throw new DataException(path + " ends inside its header; the file is truncated");
        } catch (IOException e) {
            throw new DataException("cannot read " + path + ": " + e.getMessage());
        }
    }

    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([<>|=]?)([fi])(\\d)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private void readNpy(DoubleConsumer sink) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(path), 1 << 16))) {
            NpyHeader h = header(in);
            int size = h.size();
            ByteOrder order = h.order();
            long[] shape = h.shape();
            long n = 1;
            for (long x : shape) {
                n *= x;
            }
            if (h.fortran()) {
                readFortran(in, shape, n, size, order, sink);
                return;
            }
            ByteBuffer buf = ByteBuffer.allocate(size).order(order);
            for (long i = 0; i < n; i++) {
                buf.clear();
                try {
                    in.readFully(buf.array());
                } catch (EOFException e) {
                    throw new DataException(path + " is truncated: the header announces " + n + " values, the file ends after " + i);
                }
                emit(sink, size == 4 ? buf.getFloat(0) : buf.getDouble(0), "element " + i);
            }
            requireEnd(in, n);
        }
    }

    private void requireEnd(InputStream in, long n) throws IOException {
        if (in.read() != -1) {
            throw new DataException(path + " has trailing bytes: the header announces " + n + " values, the file holds more; it is damaged");
        }
    }

    @Override
    public String toString() {
        return path.toString();
    }

    /** A Fortran-ordered array is read whole and emitted in C order. */
    private void readFortran(InputStream in, long[] shape, long n, int size, ByteOrder order, DoubleConsumer sink) throws IOException {
        if (n > Integer.MAX_VALUE / size) {
            throw new DataException(path + ": Fortran-ordered arrays above 2 GB are not supported; save it in C order");
        }
        byte[] all = in.readNBytes((int) (n * size));
        if (all.length != n * size) {
            throw new DataException(path + " is truncated: the header announces " + n + " values, the file holds " + all.length / size);
        }
        requireEnd(in, n);
        ByteBuffer b = ByteBuffer.wrap(all).order(order);
        int r = shape.length;
        long[] idx = new long[r];
        long[] fStride = new long[r];
        fStride[0] = 1;
        for (int k = 1; k < r; k++) {
            fStride[k] = fStride[k - 1] * shape[k - 1];
        }
        for (long c = 0; c < n; c++) {
            long off = 0;
            for (int k = 0; k < r; k++) {
                off += idx[k] * fStride[k];
            }
            emit(sink, size == 4 ? b.getFloat((int) (off * 4)) : b.getDouble((int) (off * 8)), "element " + c);
            for (int k = r - 1; k >= 0; k--) {
                if (++idx[k] < shape[k]) {
                    break;
                }
                idx[k] = 0;
            }
        }
    }

    private static long[] parseShape(String s) {
        String t = s.trim();
        if (t.isEmpty()) {
            return new long[0];
        }
        return java.util.Arrays.stream(t.split(",")).map(String::trim).filter(x -> !x.isEmpty()).mapToLong(Long::parseLong).toArray();
    }

    private void readText(DoubleConsumer sink) throws IOException {
        try (BufferedReader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            String line;
            long lineNo = 0;
            int col = column == null ? 0 : -1;
            boolean first = true;
            while ((line = r.readLine()) != null) {
                lineNo++;
                String t = line.trim();
                if (t.isEmpty() || t.startsWith("#")) {
                    continue;
                }
                String[] cells = t.split(",", -1);
                if (column == null && cells.length > 1) {
                    throw new DataException(path + " line " + lineNo + " has several columns; choose one with --column NAME or --column INDEX");
                }
                if (first) {
                    first = false;
                    if (col < 0) {
                        col = columnIndex(cells);
                    }
                    // A first row whose cell is not a number is a header (a named column's header always is).
                    if (col < cells.length && !isNumber(cells[col])) {
                        continue;
                    }
                }
                if (col >= cells.length) {
                    throw new DataException(path + " line " + lineNo + " has " + cells.length + " columns, column " + col + " is missing");
                }
                String cell = cells[col].trim();
                double v;
                try {
                    v = Double.parseDouble(cell);
                } catch (NumberFormatException e) {
                    throw new DataException(path + " line " + lineNo + ": '" + DataException.excerpt(cell) + "' is not a number");
                }
                emit(sink, v, "line " + lineNo);
            }
        }
    }

    private int columnIndex(String[] header) {
        if (isInteger(column)) {
            if (column.length() > 9) {
                throw new DataException(path + ": column index " + column + " is past any CSV line");
            }
            return Integer.parseInt(column);
        }
        for (int i = 0; i < header.length; i++) {
            if (header[i].trim().equals(column)) {
                return i;
            }
        }
        throw new DataException(path + " has no column '" + column + "'; its header is " + DataException.excerpt(String.join(",", header)));
    }

    private static boolean isInteger(String s) {
        return s.matches("\\d+");
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s.trim());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private void emit(DoubleConsumer sink, double v, String where) {
        if (!Double.isFinite(v)) {
            throw new DataException(path + " " + where + ": non-finite value " + v + "; remove NaN/Inf before estimating");
        }
        sink.accept(v);
    }
}
