package dev.basin.data;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Deterministic process death for the crash tests: with the system property {@code basin.fault=POINT:N}, the
 * N-th time the process reaches {@code POINT} it halts at once ({@link Runtime#halt}, exit 137: no shutdown hooks,
 * no finally blocks, no buffers flushed — what SIGKILL does), so a test can kill a real run in the middle of a
 * checkpoint write or an α evaluation, places a randomly timed SIGKILL rarely hits. Without the property every
 * call is one read of a constant.
 */
public final class FaultInjection {
    /** Where a process can be made to die. */
    public enum Point {
        /** After an optimizer step. */
        STEP,
        /** Inside an atomic write of a checkpoint: its temporary file written, not yet synced or renamed. */
        CHECKPOINT_WRITE,
        /** Inside an α evaluation: the train set's noise measured, the test set's not yet. */
        ALPHA,
        /** In a reproduction, after an arm's training and before its analysis. */
        ARM;

        String key() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public static final String PROPERTY = "basin.fault";
    private static final Point TARGET;
    private static final long COUNT;
    private static final AtomicLong SEEN = new AtomicLong();

    static {
        String v = System.getProperty(PROPERTY);
        Point target = null;
        long count = 0;
        if (v != null) {
            int colon = v.lastIndexOf(':');
            String name = colon < 0 ? v : v.substring(0, colon);
            for (Point p : Point.values()) {
                if (p.key().equals(name)) {
                    target = p;
                }
            }
            try {
                count = colon < 0 ? 1 : Long.parseLong(v.substring(colon + 1));
            } catch (NumberFormatException e) {
                target = null;
            }
            if (target == null || count < 1) {
                throw new IllegalArgumentException("-D" + PROPERTY + "=" + v + ": expected POINT:N with POINT one of step, checkpoint-write, alpha, arm and N >= 1");
            }
        }
        TARGET = target;
        COUNT = count;
    }

    private FaultInjection() {
    }

    /** Halts the process if this is the configured occurrence of {@code point}. */
    public static void at(Point point) {
        if (TARGET == point && SEEN.incrementAndGet() == COUNT) {
            System.err.println("fault injection: halting at " + point.key() + " #" + COUNT);
            System.err.flush();
            Runtime.getRuntime().halt(137);
        }
    }
}
