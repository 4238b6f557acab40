package dev.basin.spark;

import dev.basin.cli.ExitCodes;
import dev.basin.cli.SdeCommand;
import dev.basin.experiment.SdeEscapeProtocol;
import dev.basin.sde.ExitTimes;
import dev.basin.spec.ExperimentSpec;
import dev.basin.spec.SdeEscapeSpec;
import dev.basin.spec.SpecException;
import dev.basin.spec.Specs;
import dev.basin.sweep.Sweep;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Serializable;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.spark.SparkConf;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;

/**
 * {@code basin sde escape}'s Monte Carlo on Spark: {@code spark-submit --class dev.basin.spark.SparkSdeEscape basin-spark.jar
 * sde-escape SPEC.yaml --out URI [--partitions N] [--set key=value]... [--quiet]}. For each step h the trajectories of every α
 * are cut into N consecutive index ranges (N from {@code --partitions}, else the context's default parallelism,
 * {@code spark.default.parallelism}), one task per (α, range); a task runs trajectories i of its range on stream i of the
 * spec's seed ({@link SdeEscapeProtocol#trajectories}), exactly as the local command does, and returns their exit times and
 * censoring; the driver joins the ranges in index order and writes, through {@link SdeCommand#escape}, the files and report of
 * {@code basin sde escape} (config.json, escape.csv, the panels) to {@code --out} on any Hadoop file system. The result does
 * not depend on N or on where the tasks run. The master is the one spark-submit gives, {@code local[*]} when none is set.
 */
public final class SparkSdeEscape {
    /** The first argument that selects this entry (also through {@link SparkSweep}'s main). */
    public static final String COMMAND = "sde-escape";
    static final String USAGE = "usage: spark-submit --class " + SparkSdeEscape.class.getName() + " basin-spark.jar " + COMMAND
            + " SPEC.yaml --out URI [--partitions N] [--set key=value]... [--quiet]";

    private SparkSdeEscape() {
    }

    public static void main(String[] args) {
        System.exit(run(SparkSweep.defaults(new SparkConf(), "basin sde escape"), System.out, System.err, args));
    }

    /** Runs a spec on a new Spark context from {@code conf} (stopped at the end); returns the exit code of {@code basin sde escape}. */
    public static int run(SparkConf conf, PrintStream out, PrintStream err, String... args) {
        try {
            if (args.length < 2 || !args[0].equals(COMMAND)) {
                throw new IllegalArgumentException(USAGE);
            }
            Path file = Path.of(args[1]);
            String outArg = null;
            Integer partitions = null;
            boolean quiet = false;
            List<String> sets = new ArrayList<>();
            for (int i = 2; i < args.length; i++) {
                switch (args[i]) {
                    case "--out" -> outArg = value(args, ++i, "--out needs a folder or URI");
                    case "--partitions" -> {
                        String v = value(args, ++i, "--partitions needs a whole number >= 1");
                        try {
                            partitions = Integer.parseInt(v);
                        } catch (NumberFormatException e) {
                            partitions = 0;
                        }
                        if (partitions < 1) {
                            throw new IllegalArgumentException("--partitions must be a whole number >= 1, got '" + v + "'");
                        }
                    }
                    case "--set" -> sets.add(value(args, ++i, "--set needs key.path=value"));
                    case "--quiet" -> quiet = true;
                    default -> throw new IllegalArgumentException("unknown option '" + args[i] + "'; known: --out URI, --partitions N, --set key=value, --quiet");
                }
            }
            if (outArg == null) {
                throw new IllegalArgumentException("give --out URI: the output folder, on any Hadoop file system (file:, hdfs://, s3a://)");
            }
            if (!Files.isRegularFile(file)) {
                throw new SpecException(file + ": no such spec file; give a YAML or JSON spec of protocol " + COMMAND);
            }
            ExperimentSpec parsed = Specs.read(file, sets).spec();
            if (!(parsed instanceof SdeEscapeSpec spec)) {
                throw new SpecException(file + ": protocol is not " + COMMAND + "; this entry runs sde-escape specs (a sweep of any protocol: sweep SWEEP.yaml)");
            }
            URI uri = SparkSweep.toUri(outArg);
            JavaSparkContext sc = new JavaSparkContext(conf);
            try {
                if (quiet) {
                    sc.setLogLevel("WARN");
                }
                return escape(sc, spec, uri, partitions != null ? partitions : sc.defaultParallelism(), quiet, out, err);
            } finally {
                sc.stop();
            }
        } catch (IllegalArgumentException e) {
            // SpecException is one: a bad spec, key or option, exit 2
            err.println("sde escape: " + e.getMessage());
            return ExitCodes.USAGE;
        } catch (IOException | RuntimeException e) {
            String m = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
            err.println("sde escape: " + (e instanceof IOException ? "file error: " : "spark: ") + m);
            return ExitCodes.INTERNAL;
        }
    }

    private static String value(String[] args, int i, String missing) {
        if (i >= args.length) {
            throw new IllegalArgumentException(missing);
        }
        return args[i];
    }

    private static int escape(JavaSparkContext sc, SdeEscapeSpec spec, URI uri, int partitions, boolean quiet, PrintStream out, PrintStream err)
            throws IOException {
        java.util.LinkedHashMap<String, String> hconf = new java.util.LinkedHashMap<>();
        sc.hadoopConfiguration().forEach(e -> hconf.put(e.getKey(), e.getValue()));
        SparkSweep.Store store = new SparkSweep.Store(uri.toString(), hconf);
        if (store.isFile("")) {
            throw new SpecException("--out " + uri + " is a file; give a folder");
        }
        int cpus = sc.getConf().getInt("spark.task.cpus", 1);
        String json = Specs.toJson(spec);
        long t0 = System.nanoTime();
        SdeEscapeProtocol.Simulator onSpark = (s, h, threads) -> {
            List<Range> ranges = new ArrayList<>();
            for (int a = 0; a < s.alphas().length; a++) {
                for (int[] r : ranges(s.trajectories(), partitions)) {
                    ranges.add(new Range(json, a, h, r[0], r[1]));
                }
            }
            List<Piece> pieces = new ArrayList<>(sc.parallelize(ranges, ranges.size()).map(new RunRange()).collect());
            pieces.sort(Comparator.comparingInt(Piece::alpha).thenComparingInt(Piece::from));
            List<ExitTimes.Result> joined = new ArrayList<>();
            for (int a = 0; a < s.alphas().length; a++) {
                int alpha = a;
                joined.add(ExitTimes.Result.concat(pieces.stream().filter(p -> p.alpha() == alpha)
                        .map(p -> new ExitTimes.Result(p.times(), p.censored(), h, s.capSteps())).toList()));
            }
            return joined;
        };
        Path stage = Files.createTempDirectory("basin-sde-escape-");
        try {
            StringWriter report = new StringWriter();
            PrintWriter pe = new PrintWriter(err, true, java.nio.charset.StandardCharsets.UTF_8);
            int code;
            try (PrintWriter w = new PrintWriter(report)) {
                code = SdeCommand.escape(spec, stage, cpus, quiet, w, pe, onSpark);
            }
            pe.flush();
            List<Path> files;
            try (Stream<Path> f = Files.walk(stage)) {
                files = f.filter(Files::isRegularFile).sorted().toList();
            }
            for (Path f : files) {
                store.put(f, stage.relativize(f).toString().replace('\\', '/'));
            }
            String where = uri.toString().replaceAll("/$", "");
            out.print(report.toString().replace(stage.toString(), where));
            out.printf(Locale.ROOT, "sde escape on %s: %d trajectories per (alpha, h) in %d range(s) each; %.1f s; %s%n", sc.master(), spec.trajectories(),
                    Math.min(partitions, spec.trajectories()), (System.nanoTime() - t0) / 1e9, where);
            out.flush();
            return code;
        } finally {
            Sweep.deleteTree(stage);
        }
    }

    /** {@code n} trajectories cut into at most {@code parts} consecutive non-empty ranges [from, to), as even as can be. */
    static List<int[]> ranges(int n, int parts) {
        int k = Math.min(parts, n);
        List<int[]> out = new ArrayList<>();
        for (int p = 0; p < k; p++) {
            out.add(new int[] {(int) ((long) n * p / k), (int) ((long) n * (p + 1) / k)});
        }
        return out;
    }

    /** One task: trajectories from … to − 1 at the spec's α number {@code alpha} and step h. */
    record Range(String spec, int alpha, double h, int from, int to) implements Serializable {
    }

    /** A task's exit times (units of h) and censoring, slot j being trajectory from + j. */
    record Piece(int alpha, int from, double[] times, boolean[] censored) implements Serializable {
    }

    static final class RunRange implements Function<Range, Piece> {
        private static final long serialVersionUID = 1L;

        @Override
        public Piece call(Range r) {
            SdeEscapeSpec spec = (SdeEscapeSpec) Specs.parse(r.spec(), "sde-escape task", List.of()).spec();
            TaskContext tc = TaskContext.get();
            int threads = Math.max(1, tc == null ? 1 : tc.cpus());
            ExitTimes.Result t = SdeEscapeProtocol.trajectories(spec, spec.alphas()[r.alpha()], r.h(), r.from(), r.to(), threads);
            return new Piece(r.alpha(), r.from(), t.times(), t.censored());
        }
    }
}
