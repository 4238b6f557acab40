package dev.basin.cli;

import java.io.IOException;
import java.io.InputStream;

/**
 * The process a sweep cell runs in: {@code basin} with the given arguments (the engine gives {@code run SPEC --out
 * DIR --threads T --quiet}), ended at once when its standard input closes, which happens when the sweep that
 * started it ends for any reason (a SIGKILL included), so no cell outlives its sweep and holds its folder.
 */
public final class SweepCell {
    private SweepCell() {
    }

    public static void main(String[] args) {
        Thread watch = new Thread(() -> {
            try {
                InputStream in = System.in;
                while (in.read() >= 0) {
                    // the sweep writes nothing; only the end of the stream matters
                }
            } catch (IOException e) {
                // a broken pipe is the sweep's end too
            }
            Runtime.getRuntime().halt(ExitCodes.INTERNAL);
        }, "sweep-parent-watch");
        watch.setDaemon(true);
        watch.start();
        System.exit(Main.run(args));
    }
}
