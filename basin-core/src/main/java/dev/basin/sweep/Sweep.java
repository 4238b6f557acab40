package dev.basin.sweep;

import dev.basin.data.AtomicFiles;
import dev.basin.spec.SpecException;
import dev.basin.train.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Runs a sweep's cells into a sweep folder, skipping those already done (same name, same spec hash, state
 * "done"), continuing interrupted ones and recording each cell's state, timing and error. The folder:
 * {@code manifest.json} and {@code manifest.csv} (all cells), {@code cells/<name>.spec.json} (what each cell
 * runs), {@code cells/<name>.state.json} (its state, written by whoever runs it), {@code cells/<name>.log}
 * (its error output), and {@code <name>/}, the cell's run folder. The local engine ({@link #run}) and the
 * Spark engine share {@link #prepare} and {@link #runCell}, so they skip, resume and record alike.
 */
public final class Sweep {
    /** How a cell is executed: its spec file run into its run folder with {@code threads} BLAS threads. */
    public interface CellRunner {
        /** Runs a cell into {@code dir} (absent); a failure is an exception whose message is one line. */
        void run(SweepPlan.Cell cell, Path specFile, Path dir, int threads) throws Exception;

        /**
         * Continues a cell whose run was interrupted ({@code dir} exists, the cell is not done). The default starts it
         * again from nothing: every protocol is deterministic at a fixed thread count, so the folder it ends with is
         * the same as an uninterrupted run's.
         */
        default void resume(SweepPlan.Cell cell, Path specFile, Path dir, int threads) throws Exception {
            deleteTree(dir);
            run(cell, specFile, dir, threads);
        }
    }

    /** What the command line chose; none of it is part of a cell's spec. */
    public record Options(int parallel, int threadsPerCell, boolean extend, boolean failFast) {
        public Options {
            if (parallel < 1 || threadsPerCell < 1) {
                throw new IllegalArgumentException("--parallel and --threads must be >= 1");
            }
        }
    }

    /** Progress of a sweep. */
    public interface Listener {
        default void started(SweepPlan.Cell cell, int running) {
        }

        /** A cell ended; {@code finished} of {@code todo} cells of this invocation are over, {@code etaSeconds} NaN until one is. */
        default void finished(SweepManifest.Entry entry, int finished, int todo, double etaSeconds) {
        }
    }

    /** A prepared sweep folder: every cell's entry as it stands, and the cells still to run. */
    public record Prepared(SweepManifest manifest, List<SweepPlan.Cell> todo, int done) {
    }

    /** The result of a sweep invocation. */
    public record Outcome(SweepManifest manifest, int ran, int skipped, int failed, boolean stopped) {
    }

    private Sweep() {
    }

    /**
     * Checks the folder against the plan and writes the cells' specs and the manifest. A folder holding another
     * sweep's cells (a cell whose spec changed, or a cell no longer in the file), or new cells without
     * {@code extend}, is refused with a {@link SpecException} naming the cell, before anything is written.
     */
    public static Prepared prepare(String source, List<SweepPlan.Cell> cells, Path out, boolean extend) throws IOException {
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new SpecException("--out " + out + " is a file; give a folder for the sweep");
        }
        Map<String, SweepManifest.Entry> previous = new HashMap<>();
        if (Files.isRegularFile(out.resolve(SweepManifest.FILE))) {
            SweepManifest old = SweepManifest.read(out);
            Map<String, SweepPlan.Cell> now = new HashMap<>();
            cells.forEach(c -> now.put(c.name(), c));
            for (SweepManifest.Entry e : old.cells()) {
                SweepPlan.Cell c = now.get(e.name());
                if (c == null) {
                    throw new SpecException(source + ": the sweep in " + out + " has cell " + e.name() + ", which this file no longer makes;"
                            + " run this file into a new --out (a sweep folder keeps every cell it ran)");
                }
                if (!c.hash().equals(e.specSha256())) {
                    throw new SpecException(source + ": cell " + e.name() + "'s spec differs from the one run in " + out + " (spec SHA-256 "
                            + e.specSha256().substring(0, 12) + "…, now " + c.hash().substring(0, 12) + "…); run the changed file into a new --out");
                }
                previous.put(e.name(), e);
            }
            List<String> added = cells.stream().map(SweepPlan.Cell::name).filter(n -> !previous.containsKey(n)).toList();
            if (!added.isEmpty() && !extend) {
                throw new SpecException(source + ": the file adds " + added.size() + " cell(s) (" + String.join(", ", added.subList(0, Math.min(3, added.size())))
                        + (added.size() > 3 ? ", …" : "") + ") to the sweep in " + out + "; give --extend to run the new cells");
            }
        } else if (Files.isDirectory(out)) {
            try (Stream<Path> s = Files.list(out)) {
                if (s.findAny().isPresent()) {
                    throw new SpecException("--out " + out + " holds files but no " + SweepManifest.FILE + "; give an empty or new folder for the sweep");
                }
            }
        }
        Files.createDirectories(out.resolve(SweepManifest.SPECS));
        List<SweepManifest.Entry> entries = new ArrayList<>();
        List<SweepPlan.Cell> todo = new ArrayList<>();
        int done = 0;
        for (SweepPlan.Cell c : cells) {
            Path spec = SweepManifest.specFile(out, c.name());
            byte[] json = c.json().getBytes(StandardCharsets.UTF_8);
            if (!Files.isRegularFile(spec) || !java.util.Arrays.equals(Files.readAllBytes(spec), json)) {
                AtomicFiles.write(spec, json);
            }
            SweepManifest.Entry e = state(out, c);
            entries.add(e);
            if (e.status() == SweepManifest.Status.DONE) {
                done++;
            } else {
                todo.add(c);
            }
        }
        SweepManifest m = new SweepManifest(dev.basin.spec.SweepSpec.SWEEP_VERSION, source, entries);
        m.write(out);
        return new Prepared(m, todo, done);
    }

    /** A cell's entry from its state file: done only with the same spec hash and its run folder present. */
    static SweepManifest.Entry state(Path out, SweepPlan.Cell c) {
        SweepManifest.Entry s = SweepManifest.readState(SweepManifest.stateFile(out, c.name()));
        SweepManifest.Entry fresh = new SweepManifest.Entry(c.name(), c.arm(), c.axes(), c.hash(), SweepManifest.Status.PENDING, 0, null, null, null);
        if (s == null || !c.hash().equals(s.specSha256())) {
            return fresh;
        }
        if (s.status() == SweepManifest.Status.DONE && !Files.isDirectory(out.resolve(c.name()))) {
            return fresh.with(SweepManifest.Status.PENDING, s.attempts(), null, null, null);
        }
        return new SweepManifest.Entry(c.name(), c.arm(), c.axes(), c.hash(), s.status(), s.attempts(), s.seconds(), s.started(), s.error());
    }

    /**
     * Runs one cell and records it: state "running" (attempts + 1), then the runner (its resume when the run folder
     * is there already), then "done" with its wall time or "failed" with its error. Never throws for the cell's
     * own failure.
     */
    public static SweepManifest.Entry runCell(Path out, SweepPlan.Cell c, int threads, CellRunner runner) throws IOException {
        SweepManifest.Entry before = state(out, c);
        String started = Instant.now().toString();
        SweepManifest.Entry running = before.with(SweepManifest.Status.RUNNING, before.attempts() + 1, null, started, null);
        Json.write(SweepManifest.stateFile(out, c.name()), running);
        Path dir = out.resolve(c.name());
        Path spec = SweepManifest.specFile(out, c.name());
        long t0 = System.nanoTime();
        SweepManifest.Entry end;
        try {
            if (Files.exists(dir)) {
                runner.resume(c, spec, dir, threads);
            } else {
                runner.run(c, spec, dir, threads);
            }
            end = running.with(SweepManifest.Status.DONE, running.attempts(), (System.nanoTime() - t0) / 1e9, started, null);
        } catch (Exception e) {
            String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
            end = running.with(SweepManifest.Status.FAILED, running.attempts(), (System.nanoTime() - t0) / 1e9, started, msg);
        }
        Json.write(SweepManifest.stateFile(out, c.name()), end);
        return end;
    }

    /** The manifest rebuilt from the cells' state files, written to the folder. */
    public static SweepManifest collect(String source, List<SweepPlan.Cell> cells, Path out) throws IOException {
        List<SweepManifest.Entry> entries = new ArrayList<>();
        for (SweepPlan.Cell c : cells) {
            entries.add(state(out, c));
        }
        SweepManifest m = new SweepManifest(dev.basin.spec.SweepSpec.SWEEP_VERSION, source, entries);
        m.write(out);
        return m;
    }

    /** The local engine: {@code parallel} cells at once, each with {@code threadsPerCell} BLAS threads. */
    public static Outcome run(String source, List<SweepPlan.Cell> cells, Path out, Options o, CellRunner runner, Listener listener) throws IOException {
        Prepared p = prepare(source, cells, out, o.extend());
        List<SweepPlan.Cell> todo = p.todo();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger finished = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger running = new AtomicInteger();
        long t0 = System.nanoTime();
        Object lock = new Object();
        ExecutorService pool = Executors.newFixedThreadPool(o.parallel(), r -> {
            Thread t = new Thread(r, "sweep-cell");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (SweepPlan.Cell c : todo) {
                fs.add(pool.submit(() -> {
                    if (stop.get()) {
                        return null;
                    }
                    synchronized (lock) {
                        listener.started(c, running.incrementAndGet());
                    }
                    SweepManifest.Entry e = runCell(out, c, o.threadsPerCell(), runner);
                    running.decrementAndGet();
                    if (e.status() == SweepManifest.Status.FAILED) {
                        failed.incrementAndGet();
                        if (o.failFast()) {
                            stop.set(true);
                        }
                    }
                    int n = finished.incrementAndGet();
                    double elapsed = (System.nanoTime() - t0) / 1e9;
                    double eta = elapsed / n * (todo.size() - n);
                    synchronized (lock) {
                        collect(source, cells, out);
                        listener.finished(e, n, todo.size(), eta);
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    Throwable c = e.getCause();
                    if (c instanceof IOException io) {
                        throw io;
                    }
                    throw c instanceof RuntimeException r ? r : new IllegalStateException(c);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted");
                }
            }
        } finally {
            pool.shutdownNow();
        }
        SweepManifest m = collect(source, cells, out);
        return new Outcome(m, finished.get(), p.done(), failed.get(), stop.get());
    }

    /** Deletes a folder and everything in it (a cell's partial run folder). */
    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** Cells by name (a report's lookup). */
    public static Map<String, SweepPlan.Cell> byName(List<SweepPlan.Cell> cells) {
        Map<String, SweepPlan.Cell> m = new LinkedHashMap<>();
        cells.forEach(c -> m.put(c.name(), c));
        return m;
    }
}
