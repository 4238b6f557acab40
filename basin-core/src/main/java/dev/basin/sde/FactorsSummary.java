package dev.basin.sde;

import dev.basin.data.DataException;
import dev.basin.train.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * factors.json: the basin and sampling of {@code basin sde factors} and the three escape-time ratios with
 * their 95% intervals ({@link Factors.Ratio}).
 */
public record FactorsSummary(List<Double> curvatures, double height, double noiseScale, double eta, int substeps, int trajectories, long seed,
                             List<Factors.Ratio> ratios) {
    public static final String FILE = "factors.json";

    public FactorsSummary {
        curvatures = List.copyOf(curvatures);
        ratios = List.copyOf(ratios);
    }

    public void write(Path file) throws IOException {
        Json.write(file, this);
    }

    /** Reads factors.json; a missing or damaged file is a {@link DataException}. */
    public static FactorsSummary read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new DataException(file + " not found: no " + FILE + " in that folder");
        }
        try {
            return Json.MAPPER.readValue(file.toFile(), FactorsSummary.class);
        } catch (IOException | RuntimeException e) {
            String m = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
            throw new DataException(file + " is not a " + FILE + " written by this version of Basin: " + m);
        }
    }
}
