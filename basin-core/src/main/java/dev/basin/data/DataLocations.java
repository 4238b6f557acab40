package dev.basin.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where data files are looked for, in order: the {@code --data-dir} option (alone, when given);
 * otherwise the directory in the {@link #ENV_VAR} environment variable, the per-user default
 * {@code ~/.basin/data}, and the folder Debian's dataset packages install into
 * ({@code /usr/share/datasets}, e.g. {@code dataset-fashion-mnist}). In each directory a data set's
 * files may sit in its own sub-folder ({@code fashion-mnist/}, {@code mnist/},
 * {@code cifar-10-batches-bin/}) or directly, raw or gzip-compressed.
 */
public record DataLocations(List<Path> dirs, boolean explicit) {
    public static final String ENV_VAR = "BASIN_DATA_DIR";
    public static final Path DEBIAN_DATASETS = Path.of("/usr/share/datasets");

    public DataLocations {
        dirs = List.copyOf(dirs);
    }

    /** The search order for the given option value and environment variable value (either may be null). */
    public static DataLocations resolve(Path dataDirOption, String envValue, Path userHome) {
        if (dataDirOption != null) {
            return new DataLocations(List.of(dataDirOption), true);
        }
        List<Path> dirs = new ArrayList<>();
        if (envValue != null && !envValue.isBlank()) {
            dirs.add(Path.of(envValue));
        }
        dirs.add(userDefault(userHome));
        dirs.add(DEBIAN_DATASETS);
        return new DataLocations(dirs, false);
    }

    /** Environment variable naming the folder of decoded-data caches (default ~/.basin/cache). */
    public static final String CACHE_ENV_VAR = "BASIN_CACHE_DIR";
    /** System property that overrides {@link #CACHE_ENV_VAR} (tests point it at a temporary folder). */
    public static final String CACHE_PROPERTY = "basin.cache.dir";

    /**
     * Where decoded data is cached (image archives): the {@link #CACHE_PROPERTY} system property, else the
     * {@link #CACHE_ENV_VAR} environment variable, else {@code ~/.basin/cache}.
     */
    public static Path cacheDir() {
        String p = System.getProperty(CACHE_PROPERTY);
        if (p == null || p.isBlank()) {
            p = System.getenv(CACHE_ENV_VAR);
        }
        if (p != null && !p.isBlank()) {
            return Path.of(p);
        }
        return Path.of(System.getProperty("user.home")).resolve(".basin").resolve("cache");
    }

    /** The per-user default data directory, where 'basin download' writes unless told otherwise. */
    public static Path userDefault(Path userHome) {
        return userHome.resolve(".basin").resolve("data");
    }

    /** The first existing file named {@code name} or {@code name.gz}, in sub-folder {@code folder} or directly. */
    public Path find(String folder, String name) {
        for (Path dir : dirs) {
            for (Path base : folder == null ? List.of(dir) : List.of(dir.resolve(folder), dir)) {
                for (String n : List.of(name, name + ".gz")) {
                    Path p = base.resolve(n);
                    if (Files.isRegularFile(p)) {
                        return p;
                    }
                }
            }
        }
        return null;
    }

    /**
     * Resolves a user-given file: absolute or relative to the working directory when it exists there,
     * otherwise looked up like an official file.
     */
    public Path findUserFile(String folder, String given) {
        Path p = Path.of(given);
        if (Files.isRegularFile(p)) {
            return p;
        }
        return p.isAbsolute() ? null : find(folder, given);
    }

    /** The searched places, for messages. */
    public String describe() {
        return dirs.stream().map(Path::toString).reduce((a, b) -> a + ", " + b).orElse("(nowhere)");
    }
}
