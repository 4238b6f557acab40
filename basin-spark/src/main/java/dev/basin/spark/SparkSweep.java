package dev.basin.spark;

import dev.basin.cli.ExitCodes;
import dev.basin.cli.ProcessCellRunner;
import dev.basin.cli.SweepCell;
import dev.basin.spec.SpecException;
import dev.basin.spec.SweepSpec;
import dev.basin.sweep.Sweep;
import dev.basin.sweep.SweepManifest;
import dev.basin.sweep.SweepPlan;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Serializable;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.SparkConf;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;

/**
 * The Spark engine of {@code basin sweep}: {@code spark-submit --class dev.basin.spark.SparkSweep basin-spark.jar sweep
 * SWEEP.yaml --out URI [--extend]}. The driver plans the sweep as the local engine does ({@link SweepPlan}: the same cell
 * names, spec hashes and manifest) and prepares the sweep folder with {@link Sweep#prepare} (so the same cells are
 * skipped as done, and a changed file is refused alike); then each cell still to run is one task, which runs the cell
 * with {@link Sweep#runCell} and {@link ProcessCellRunner} (a JVM of its own, {@code basin run} of its spec) into a local
 * temporary folder, with as many BLAS threads as the task has cores ({@code spark.task.cpus}), and copies the finished run
 * folder, its state and its log to the sweep folder on any Hadoop file system ({@code file:}, {@code hdfs://},
 * {@code s3a://}, …). The master is the one spark-submit gives, {@code local[*]} when none is set.
 */
public final class SparkSweep {
    private SparkSweep() {
    }

    /** {@code sweep SWEEP.yaml …}, or {@code sde-escape SPEC.yaml …} ({@link SparkSdeEscape}). */
    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals(SparkSdeEscape.COMMAND)) {
            SparkSdeEscape.main(args);
            return;
        }
        System.exit(run(defaults(new SparkConf(), "basin sweep"), System.out, System.err, args));
    }

    /** {@code conf} with the master {@code local[*]} and the application name {@code app} where spark-submit set none. */
    static SparkConf defaults(SparkConf conf, String app) {
        if (!conf.contains("spark.master")) {
            conf.setMaster("local[*]");
        }
        if (!conf.contains("spark.app.name")) {
            conf.setAppName(app);
        }
        return conf;
    }

    /** Runs a sweep on a new Spark context from {@code conf} (stopped at the end); returns the exit code of {@code basin sweep}. */
    public static int run(SparkConf conf, PrintStream out, PrintStream err, String... args) {
        Path file = null;
        String outArg = null;
        boolean extend = false;
        boolean quiet = false;
        try {
            if (args.length < 2 || !args[0].equals("sweep")) {
                throw new IllegalArgumentException("usage: spark-submit --class " + SparkSweep.class.getName() + " basin-spark.jar sweep SWEEP.yaml --out URI [--extend] [--quiet]"
                        + " (or " + SparkSdeEscape.COMMAND + " SPEC.yaml --out URI [--partitions N])");
            }
            file = Path.of(args[1]);
            for (int i = 2; i < args.length; i++) {
                switch (args[i]) {
                    case "--out" -> {
                        if (++i >= args.length) {
                            throw new IllegalArgumentException("--out needs a folder or URI");
                        }
                        outArg = args[i];
                    }
                    case "--extend" -> extend = true;
                    case "--quiet" -> quiet = true;
                    default -> throw new IllegalArgumentException("unknown option '" + args[i] + "'; known: --out URI, --extend, --quiet");
                }
            }
            if (outArg == null) {
                throw new IllegalArgumentException("give --out URI: the sweep folder, on a file system every executor reaches (hdfs://, s3a://, a shared path)");
            }
            List<SweepPlan.Cell> cells = SweepPlan.cells(SweepSpec.read(file));
            URI uri = toUri(outArg);
            long t0 = System.nanoTime();
            JavaSparkContext sc = new JavaSparkContext(conf);
            try {
                if (quiet) {
                    sc.setLogLevel("WARN");
                }
                return sweep(sc, file.toString(), cells, uri, extend, quiet, t0, out, err);
            } finally {
                sc.stop();
            }
        } catch (IllegalArgumentException e) {
            err.println("sweep: " + e.getMessage());
            return ExitCodes.USAGE;
        } catch (IOException | RuntimeException e) {
            String m = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
            err.println("sweep: " + (e instanceof IOException ? "file error: " : "spark: ") + m);
            return ExitCodes.INTERNAL;
        }
    }

    /** A URI as given (with a scheme), or a local path made absolute. */
    static URI toUri(String s) {
        if (s.matches("^[A-Za-z][A-Za-z0-9+.-]+:.*")) {
            return URI.create(s);
        }
        return Path.of(s).toAbsolutePath().normalize().toUri();
    }

    private static int sweep(JavaSparkContext sc, String source, List<SweepPlan.Cell> cells, URI uri, boolean extend, boolean quiet, long t0,
                             PrintStream out, PrintStream err) throws IOException {
        Map<String, String> hconf = new LinkedHashMap<>();
        sc.hadoopConfiguration().forEach(e -> hconf.put(e.getKey(), e.getValue()));
        Store store = new Store(uri.toString(), hconf);
        Path stage = Files.createTempDirectory("basin-sweep-");
        try {
            if (store.isFile("")) {
                throw new SpecException("--out " + uri + " is a file; give a folder for the sweep");
            }
            if (!store.exists(SweepManifest.FILE) && store.exists("") && store.list("").length > 0) {
                throw new SpecException("--out " + uri + " holds files but no " + SweepManifest.FILE + "; give an empty or new folder for the sweep");
            }
            mirror(store, cells, stage, true);
            Sweep.Prepared p;
            try {
                p = Sweep.prepare(source, cells, stage, extend);
            } catch (SpecException e) {
                // the local copy's path is nobody's business: name the sweep folder
                throw new SpecException(e.getMessage().replace(stage.toString(), uri.toString().replaceAll("/$", "")));
            }
            for (SweepPlan.Cell c : cells) {
                store.put(SweepManifest.specFile(stage, c.name()), SweepManifest.SPECS + "/" + c.name() + ".spec.json");
            }
            store.put(stage.resolve(SweepManifest.FILE), SweepManifest.FILE);
            store.put(stage.resolve(SweepManifest.CSV), SweepManifest.CSV);
            List<Task> todo = new ArrayList<>();
            for (SweepPlan.Cell c : p.todo()) {
                todo.add(new Task(c.name(), c.arm(), new LinkedHashMap<>(c.axes()), c.json(), c.hash()));
            }
            List<String> ended = todo.isEmpty() ? List.of()
                    : sc.parallelize(todo, todo.size()).map(new RunCell(store)).collect();
            int failed = 0;
            for (String e : ended) {
                if (!e.startsWith("done")) {
                    failed++;
                }
                if (!quiet) {
                    err.println(e);
                }
            }
            mirror(store, cells, stage, false);
            SweepManifest m = Sweep.collect(source, cells, stage);
            store.put(stage.resolve(SweepManifest.FILE), SweepManifest.FILE);
            store.put(stage.resolve(SweepManifest.CSV), SweepManifest.CSV);
            long done = m.cells().stream().filter(e -> e.status() == SweepManifest.Status.DONE).count();
            out.printf(Locale.ROOT, "sweep %s: %d cells, %d done (%d run now, %d skipped as done), %d failed; %.1f s on %s; manifest %s/%s%n", source, cells.size(), done,
                    todo.size() - failed, p.done(), failed, (System.nanoTime() - t0) / 1e9, sc.master(), uri.toString().replaceAll("/$", ""), SweepManifest.CSV);
            out.flush();
            return failed > 0 ? ExitCodes.CELLS_FAILED : ExitCodes.OK;
        } finally {
            Sweep.deleteTree(stage);
        }
    }

    /**
     * The sweep folder's state in a local folder, as {@link Sweep} reads it: the manifest (first time), every cell's state
     * file, and an empty folder for each cell whose run folder is there.
     */
    private static void mirror(Store store, List<SweepPlan.Cell> cells, Path stage, boolean manifest) throws IOException {
        if (manifest && store.exists(SweepManifest.FILE)) {
            store.get(SweepManifest.FILE, stage.resolve(SweepManifest.FILE));
        }
        for (SweepPlan.Cell c : cells) {
            String state = SweepManifest.SPECS + "/" + c.name() + ".state.json";
            Files.deleteIfExists(SweepManifest.stateFile(stage, c.name()));
            if (store.exists(state)) {
                Files.createDirectories(stage.resolve(SweepManifest.SPECS));
                store.get(state, SweepManifest.stateFile(stage, c.name()));
            }
            if (store.isDir(c.name())) {
                Files.createDirectories(stage.resolve(c.name()));
            }
        }
    }

    /** A cell as a task carries it. */
    record Task(String name, String arm, LinkedHashMap<String, String> axes, String json, String hash) implements Serializable {
        SweepPlan.Cell cell() {
            return new SweepPlan.Cell(name, arm, axes, null, json, hash);
        }
    }

    /** One task: the cell run into a local folder, then its run folder, state and log copied to the sweep folder. */
    static final class RunCell implements Function<Task, String> {
        private static final long serialVersionUID = 1L;
        private final Store store;

        RunCell(Store store) {
            this.store = store;
        }

        @Override
        public String call(Task t) throws Exception {
            TaskContext tc = TaskContext.get();
            int threads = Math.max(1, tc == null ? 1 : tc.cpus());
            Path local = Files.createTempDirectory("basin-cell-");
            try {
                Files.createDirectories(local.resolve(SweepManifest.SPECS));
                Files.writeString(SweepManifest.specFile(local, t.name()), t.json(), StandardCharsets.UTF_8);
                String state = SweepManifest.SPECS + "/" + t.name() + ".state.json";
                if (store.exists(state)) {
                    store.get(state, SweepManifest.stateFile(local, t.name()));
                }
                if (store.isDir(t.name())) {
                    // an interrupted cell: continued from its last checkpoint, as the local engine does
                    store.get(t.name(), local.resolve(t.name()));
                }
                SweepManifest.Entry e = Sweep.runCell(local, t.cell(), threads, new ProcessCellRunner(local, childClassPath()));
                Path log = SweepManifest.logFile(local, t.name());
                if (Files.isRegularFile(log)) {
                    store.put(log, SweepManifest.SPECS + "/" + t.name() + ".log");
                }
                if (e.status() == SweepManifest.Status.DONE) {
                    store.putDir(local.resolve(t.name()), t.name());
                }
                // the state last: "done" is only ever there beside its run folder
                store.put(SweepManifest.stateFile(local, t.name()), state);
                return String.format(Locale.ROOT, "%s %s in %.1f s with %d thread(s)%s", e.status().label(), t.name(), e.seconds() == null ? Double.NaN : e.seconds(),
                        threads, e.error() != null ? ": " + e.error() : "");
            } finally {
                Sweep.deleteTree(local);
            }
        }
    }

    /** The class path of a cell's JVM: Basin's jar alone when it runs from one (Spark's jars left out), else this JVM's. */
    static String childClassPath() {
        try {
            java.security.CodeSource src = SweepCell.class.getProtectionDomain().getCodeSource();
            if (src != null) {
                Path own = Path.of(src.getLocation().toURI());
                if (Files.isRegularFile(own)) {
                    return own.toString();
                }
            }
        } catch (java.net.URISyntaxException | RuntimeException e) {
            // fall back to the class path
        }
        return ProcessCellRunner.classPath();
    }

    /** The sweep folder on a Hadoop file system; serializable, so each task opens its own. */
    static final class Store implements Serializable {
        private static final long serialVersionUID = 1L;
        private final String root;
        private final LinkedHashMap<String, String> conf;
        private transient FileSystem fs;

        Store(String root, Map<String, String> conf) {
            this.root = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
            this.conf = new LinkedHashMap<>(conf);
        }

        private FileSystem fs() throws IOException {
            if (fs == null) {
                Configuration c = new Configuration(false);
                conf.forEach(c::set);
                FileSystem f = FileSystem.get(URI.create(root), c);
                // a local folder gets no .crc files beside the run's own
                fs = f instanceof ChecksumFileSystem cf ? cf.getRawFileSystem() : f;
            }
            return fs;
        }

        private org.apache.hadoop.fs.Path path(String rel) {
            return new org.apache.hadoop.fs.Path(rel.isEmpty() ? root : root + "/" + rel);
        }

        boolean exists(String rel) throws IOException {
            return fs().exists(path(rel));
        }

        boolean isDir(String rel) throws IOException {
            return fs().exists(path(rel)) && fs().getFileStatus(path(rel)).isDirectory();
        }

        boolean isFile(String rel) throws IOException {
            return fs().exists(path(rel)) && fs().getFileStatus(path(rel)).isFile();
        }

        org.apache.hadoop.fs.FileStatus[] list(String rel) throws IOException {
            return fs().listStatus(path(rel));
        }

        void get(String rel, Path local) throws IOException {
            fs().copyToLocalFile(false, path(rel), new org.apache.hadoop.fs.Path(local.toUri()), true);
        }

        /** A file copied under a temporary name, then renamed over the old one. */
        void put(Path local, String rel) throws IOException {
            org.apache.hadoop.fs.Path dst = path(rel);
            org.apache.hadoop.fs.Path tmp = new org.apache.hadoop.fs.Path(dst.getParent(), "." + dst.getName() + "." + UUID.randomUUID() + ".tmp");
            fs().mkdirs(dst.getParent());
            fs().copyFromLocalFile(false, true, new org.apache.hadoop.fs.Path(local.toUri()), tmp);
            if (fs().exists(dst)) {
                fs().delete(dst, false);
            }
            if (!fs().rename(tmp, dst)) {
                throw new IOException("could not rename " + tmp + " to " + dst);
            }
        }

        /** A folder copied under a temporary name, then put in place of the old one. */
        void putDir(Path local, String rel) throws IOException {
            org.apache.hadoop.fs.Path dst = path(rel);
            org.apache.hadoop.fs.Path tmp = new org.apache.hadoop.fs.Path(dst.getParent(), "." + dst.getName() + "." + UUID.randomUUID() + ".tmp");
            fs().copyFromLocalFile(false, true, new org.apache.hadoop.fs.Path(local.toUri()), tmp);
            if (fs().exists(dst)) {
                fs().delete(dst, true);
            }
            if (!fs().rename(tmp, dst)) {
                throw new IOException("could not rename " + tmp + " to " + dst);
            }
        }
    }
}
