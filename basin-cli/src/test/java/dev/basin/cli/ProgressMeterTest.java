package dev.basin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The log lines of a long command: done/total, rate, elapsed, ETA, the α share; at most one line per interval. */
class ProgressMeterTest {
    @Test
    void linesTellTheTimeAndTheAlphaShare() throws Exception {
        StringWriter s = new StringWriter();
        ProgressMeter m = ProgressMeter.lines("sweep", "runs", 4, new PrintWriter(s), 3600).alphaSeconds(() -> 1e9);
        m.step(1, "run a");
        m.step(2, "run b");
        Thread.sleep(20);
        m.step(4, "run d");
        m.close();
        String[] lines = s.toString().strip().split("\n");
        assertThat(lines).as("the first, then none before the interval, then the last").hasSize(2);
        assertThat(lines[0]).startsWith("sweep 1/4 runs (25%)").contains("runs/s").contains("ETA ").contains("alpha 100% of the time")
                .endsWith("run a");
        assertThat(lines[1]).startsWith("sweep 4/4 runs (100%)").contains("ETA 0 s");
    }

    @Test
    void durationsReadAsMinutesAndHours() {
        assertThat(ProgressMeter.format(42)).isEqualTo("42 s");
        assertThat(ProgressMeter.format(754)).isEqualTo("12 min 34 s");
        assertThat(ProgressMeter.format(3 * 3600 + 5 * 60 + 7)).isEqualTo("3 h 05 min");
    }
}
