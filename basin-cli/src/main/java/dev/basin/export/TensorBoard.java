package dev.basin.export;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * TensorBoard's event-file format, written and read here: a file of TFRecords (little-endian length, masked CRC-32C of the
 * length, the bytes, masked CRC-32C of the bytes), each holding a {@code tensorflow.Event} protocol buffer. Only the fields
 * scalars need are written: Event {wall_time = 1 (double), step = 2 (int64), file_version = 3 (string), summary = 5},
 * Summary {value = 1 (repeated)}, Summary.Value {tag = 1 (string), simple_value = 2 (float)}. The first event carries
 * {@code file_version = "brain.Event:2"}, as TensorFlow's writer does.
 */
public final class TensorBoard {
    public static final String FILE_VERSION = "brain.Event:2";

    /**
     * One scalar: a tag, a step, its value (as the table holds it; the event file stores it as a float, MLflow as a double)
     * and the wall time in seconds since the epoch.
     */
    public record Scalar(String tag, long step, double value, double wallTime) {
    }

    /** One decoded event (a file_version event has a null tag). */
    public record Event(double wallTime, long step, String fileVersion, String tag, Float value) {
    }

    private TensorBoard() {
    }

    static int masked(byte[] b, int off, int len) {
        CRC32C c = new CRC32C();
        c.update(b, off, len);
        int crc = (int) c.getValue();
        return ((crc >>> 15) | (crc << 17)) + 0xa282ead8;
    }

    /** The whole event file for {@code scalars}, after the file-version event at {@code startWall}. */
    public static byte[] file(double startWall, List<Scalar> scalars) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream ev = new ByteArrayOutputStream();
        fixed64(ev, 0x09, Double.doubleToLongBits(startWall));
        bytes(ev, 0x1a, FILE_VERSION.getBytes(StandardCharsets.UTF_8));
        record(out, ev.toByteArray());
        for (Scalar s : scalars) {
            ByteArrayOutputStream value = new ByteArrayOutputStream();
            bytes(value, 0x0a, s.tag().getBytes(StandardCharsets.UTF_8));
            value.write(0x15);
            int f = Float.floatToIntBits((float) s.value());
            for (int i = 0; i < 4; i++) {
                value.write(f >>> (8 * i));
            }
            ByteArrayOutputStream summary = new ByteArrayOutputStream();
            bytes(summary, 0x0a, value.toByteArray());
            ev.reset();
            fixed64(ev, 0x09, Double.doubleToLongBits(s.wallTime()));
            ev.write(0x10);
            varint(ev, s.step());
            bytes(ev, 0x2a, summary.toByteArray());
            record(out, ev.toByteArray());
        }
        return out.toByteArray();
    }

    private static void record(ByteArrayOutputStream out, byte[] data) {
        ByteBuffer head = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        head.putLong(data.length);
        head.putInt(masked(head.array(), 0, 8));
        out.writeBytes(head.array());
        out.writeBytes(data);
        ByteBuffer tail = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
        tail.putInt(masked(data, 0, data.length));
        out.writeBytes(tail.array());
    }

    private static void fixed64(ByteArrayOutputStream o, int tag, long v) {
        o.write(tag);
        for (int i = 0; i < 8; i++) {
            o.write((int) (v >>> (8 * i)));
        }
    }

    private static void bytes(ByteArrayOutputStream o, int tag, byte[] b) {
        o.write(tag);
        varint(o, b.length);
        o.writeBytes(b);
    }

    private static void varint(ByteArrayOutputStream o, long v) {
        while ((v & ~0x7FL) != 0) {
            o.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        o.write((int) v);
    }

    /** Reads an event file back, checking both CRCs of every record; a damaged file is an IllegalArgumentException. */
    public static List<Event> read(byte[] file) {
        List<Event> out = new ArrayList<>();
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        while (b.remaining() > 0) {
            if (b.remaining() < 12) {
                throw new IllegalArgumentException("event file cut short at byte " + b.position());
            }
            int at = b.position();
            long len = b.getLong();
            if (b.getInt() != masked(file, at, 8)) {
                throw new IllegalArgumentException("bad length CRC at byte " + at);
            }
            int start = b.position();
            if (len > b.remaining() - 4) {
                throw new IllegalArgumentException("record at byte " + at + " runs past the end");
            }
            b.position(start + (int) len);
            if (b.getInt() != masked(file, start, (int) len)) {
                throw new IllegalArgumentException("bad data CRC at byte " + at);
            }
            out.add(event(ByteBuffer.wrap(file, start, (int) len).slice().order(ByteOrder.LITTLE_ENDIAN)));
        }
        return out;
    }

    private static Event event(ByteBuffer b) {
        double wall = 0;
        long step = 0;
        String version = null;
        String tag = null;
        Float value = null;
        while (b.hasRemaining()) {
            int key = (int) varint(b);
            switch (key) {
                case 0x09 -> wall = b.getDouble();
                case 0x10 -> step = varint(b);
                case 0x1a -> version = string(b);
                case 0x2a -> {
                    ByteBuffer summary = sub(b);
                    while (summary.hasRemaining()) {
                        int k = (int) varint(summary);
                        if (k != 0x0a) {
                            throw new IllegalArgumentException("unexpected Summary field key " + k);
                        }
                        ByteBuffer v = sub(summary);
                        while (v.hasRemaining()) {
                            int kv = (int) varint(v);
                            if (kv == 0x0a) {
                                tag = string(v);
                            } else if (kv == 0x15) {
                                value = v.getFloat();
                            } else {
                                throw new IllegalArgumentException("unexpected Summary.Value field key " + kv);
                            }
                        }
                    }
                }
                default -> throw new IllegalArgumentException("unexpected Event field key " + key);
            }
        }
        return new Event(wall, step, version, tag, value);
    }

    private static ByteBuffer sub(ByteBuffer b) {
        int n = (int) varint(b);
        ByteBuffer s = b.slice(b.position(), n).order(ByteOrder.LITTLE_ENDIAN);
        b.position(b.position() + n);
        return s;
    }

    private static String string(ByteBuffer b) {
        ByteBuffer s = sub(b);
        byte[] a = new byte[s.remaining()];
        s.get(a);
        return new String(a, StandardCharsets.UTF_8);
    }

    private static long varint(ByteBuffer b) {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte x = b.get();
            v |= (long) (x & 0x7F) << shift;
            if ((x & 0x80) == 0) {
                return v;
            }
        }
        throw new IllegalArgumentException("varint too long");
    }
}
