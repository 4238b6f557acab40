package dev.basin.experiment;

import dev.basin.noise.AlphaProbe;
import dev.basin.noise.AlphaTable;
import dev.basin.noise.NoiseSampler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The tail index a run measured along training, for quantities that need one (escaping sets, escape predictions). */
public final class RunAlpha {
    private RunAlpha() {
    }

    /**
     * The run's last raw train α from its alpha.csv, capped at 2 (the stable range); an error when the run
     * measured none.
     */
    public static double last(Path runDir) {
        Path f = runDir.resolve(AlphaProbe.FILE);
        if (!Files.isRegularFile(f)) {
            throw new IllegalArgumentException("no tail index: " + f + " does not exist; give --alpha, or use a run trained with --alpha-every");
        }
        List<AlphaTable.Row> rows = AlphaTable.select(AlphaTable.read(f), "train", NoiseSampler.RAW).stream()
                .filter(r -> !Double.isNaN(r.alpha())).toList();
        if (rows.isEmpty()) {
            throw new IllegalArgumentException(f + " has no raw train alpha; give --alpha");
        }
        return Math.min(rows.get(rows.size() - 1).alpha(), 2.0);
    }
}
