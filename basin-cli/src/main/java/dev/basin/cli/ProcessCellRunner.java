package dev.basin.cli;

import dev.basin.sweep.Sweep;
import dev.basin.sweep.SweepManifest;
import dev.basin.sweep.SweepPlan;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs each cell as {@code basin run CELL.spec.json --out DIR --threads T --quiet} in a child JVM of its own
 * ({@link SweepCell}), with OPENBLAS_NUM_THREADS=1 (Basin splits its GEMMs over its own T threads and runs OpenBLAS
 * single-threaded, so OpenBLAS need not start a pool of its own). A child per cell because the GEMM's thread count
 * is process-wide (two cells in one JVM could not have their own), because a cell that runs out of memory or
 * crashes the JVM then fails alone, and because each cell's output is then exactly what {@code basin run} of
 * its spec gives. The child's error output goes to {@code cells/<name>.log}; its last line is the cell's error.
 */
public final class ProcessCellRunner implements Sweep.CellRunner {
    private final Path sweepDir;
    private final String classPath;

    /** Cells of the sweep in {@code sweepDir}, each in a JVM with this JVM's class path. */
    public ProcessCellRunner(Path sweepDir) {
        this(sweepDir, classPath());
    }

    /** Cells of the sweep in {@code sweepDir}, each in a JVM with the given class path (the Spark engine's: its own jar). */
    public ProcessCellRunner(Path sweepDir, String classPath) {
        this.sweepDir = sweepDir;
        this.classPath = classPath;
    }

    /** The command line of a cell's JVM. */
    static List<String> command(Path spec, Path dir, int threads) {
        return command(spec, dir, threads, classPath());
    }

    static List<String> command(Path spec, Path dir, int threads, String classPath) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String a : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("-Xmx") || a.startsWith("-Xss")) {
                cmd.add(a);
            }
        }
        cmd.add("--add-modules");
        cmd.add("jdk.incubator.vector");
        cmd.add("-cp");
        cmd.add(classPath);
        cmd.add(SweepCell.class.getName());
        cmd.addAll(List.of("run", spec.toString(), "--out", dir.toString(), "--threads", Integer.toString(threads), "--quiet"));
        return cmd;
    }

    /** This JVM's class path, led by the jar or folder Basin's command line was loaded from. */
    public static String classPath() {
        String cp = System.getProperty("java.class.path");
        try {
            java.security.CodeSource src = SweepCell.class.getProtectionDomain().getCodeSource();
            if (src != null) {
                String own = Path.of(src.getLocation().toURI()).toString();
                return cp == null || cp.isEmpty() ? own : own + java.io.File.pathSeparator + cp;
            }
        } catch (java.net.URISyntaxException | RuntimeException e) {
            // fall back to the class path alone
        }
        return cp;
    }

    @Override
    public void run(SweepPlan.Cell cell, Path specFile, Path dir, int threads) throws Exception {
        Path log = SweepManifest.logFile(sweepDir, cell.name());
        ProcessBuilder pb = new ProcessBuilder(command(specFile, dir, threads, classPath));
        pb.environment().put("OPENBLAS_NUM_THREADS", "1");
        pb.redirectErrorStream(true);
        pb.redirectOutput(log.toFile());
        Process p = pb.start();
        // Standard input stays open and unwritten: its end tells the cell this sweep is gone.
        int rc;
        try {
            rc = p.waitFor();
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
        if (rc != 0) {
            throw new IOException("exit " + rc + ": " + lastLine(log));
        }
    }

    /**
     * An interrupted cell: {@code basin run} of its spec into its folder, which continues an unfinished train or zhou2020
     * run from its last complete checkpoint (bit-identically); where that is refused (exit 2: a protocol that does not
     * resume, or a folder it cannot continue), the folder is cleared and the cell runs from the start.
     */
    @Override
    public void resume(SweepPlan.Cell cell, Path specFile, Path dir, int threads) throws Exception {
        try {
            run(cell, specFile, dir, threads);
        } catch (IOException e) {
            if (e.getMessage() == null || !e.getMessage().startsWith("exit " + ExitCodes.USAGE + ":")) {
                throw e;
            }
            Sweep.deleteTree(dir);
            run(cell, specFile, dir, threads);
        }
    }

    private static String lastLine(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            for (int i = lines.size() - 1; i >= 0; i--) {
                String l = lines.get(i).strip();
                if (!l.isEmpty() && !l.startsWith("WARNING: Using incubator modules")) {
                    return l;
                }
            }
        } catch (IOException | RuntimeException e) {
            return "(no log)";
        }
        return "(no output)";
    }
}
