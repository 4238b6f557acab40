package dev.basin.sweep;

import dev.basin.experiment.Claims;
import dev.basin.experiment.Zhou2020;
import dev.basin.noise.AlphaProbe;
import dev.basin.noise.AlphaTable;
import dev.basin.optim.OptimizerKind;
import dev.basin.spec.ExperimentSpec;
import dev.basin.spec.Specs;
import dev.basin.spec.Zhou2020Spec;
import dev.basin.table.Column;
import dev.basin.table.Table;
import dev.basin.train.RunDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a sweep of Zhou2020 cells says, over all of them: one row per cell and arm with its summary quantities
 * (cells.csv), the claims table for every (SGD arm, its rate) × (ADAM rate) pair over the seeds the two share
 * ({@link Claims}, the same rule as one reproduction: supported when the 95% interval over seeds lies on the claimed
 * side of 0), with every per-seed number behind a row (claims-per-seed.csv), the verdict of each claim over ADAM's
 * rates (verdicts.md), and the escape times from each arm's own final minimum compared by Kaplan–Meier medians and
 * restricted means with one common cap (escape-survival.csv). Cells of other protocols are listed in cells.csv's
 * manifest only.
 */
public final class SweepReport {
    /** One cell's arm. */
    public record CellRow(String cell, String optimizer, double lr, int batch, long seed, String status, double finalTestAcc, double minAlphaNzTrain,
                          double earlyAlphaNzTrain, double minAlphaTrain, double earlyAlphaTrain, double finalLambdaMax,
                          @Column("two_over_lr") double twoOverLr, double escapeSetRate, int escapeRuns, int escapeExits, double escapeCap) {
        public static final String FILE = "cells.csv";
        public static final Table<CellRow> TABLE = Table.of(FILE, CellRow.class);
    }

    /** A row of the claims table over the sweep: the pair of rates and the row of {@link Claims}. */
    public record ClaimRow(@Column("claim") String id, String statement, String sgdArm, double sgdLr, double adamLr, String quantity, double estimate,
                           @Column("ci_lo") double lo, @Column("ci_hi") double hi, int seeds, Claims.Verdict verdict) {
        public static final String FILE = "claims.csv";
        public static final Table<ClaimRow> TABLE = Table.of(FILE, ClaimRow.class);
    }

    /** A per-seed number behind a claims row. */
    public record SeedRow(@Column("claim") String id, String sgdArm, double sgdLr, double adamLr, long seed, double value) {
        public static final String FILE = "claims-per-seed.csv";
        public static final Table<SeedRow> TABLE = Table.of(FILE, SeedRow.class);
    }

    /** Escape from each arm's own final minimum, over seeds: Kaplan–Meier median and restricted mean to the common cap. */
    public record SurvivalRow(String optimizer, double lr, int batch, int runs, int exits, double cap, double kmMedian, double restrictedMean) {
        public static final String FILE = "escape-survival.csv";
        public static final Table<SurvivalRow> TABLE = Table.of(FILE, SurvivalRow.class);
    }

    /** Everything the report computes. */
    public record Result(List<CellRow> cells, List<ClaimRow> claims, List<SeedRow> perSeed, List<SurvivalRow> survival, List<String> verdicts,
                         Map<String, List<AlphaTable.Row>> alpha, List<EscapeLaw.Run> escapeRuns, EscapeLaw.Comparison escapeLaw,
                         String escapeLawNote) {
    }

    /** A fitted escape law, a row of escape-law.csv. */
    public record LawRow(String law, double a, double aStderr, double b, @Column("b_ci_lo") double bLo, @Column("b_ci_hi") double bHi,
                         double logLikelihood, double aic, int runs, int exits) {
        public static final String FILE = "escape-law.csv";
        public static final Table<LawRow> TABLE = Table.of(FILE, LawRow.class);

        static LawRow of(EscapeLaw.Fit f) {
            return new LawRow(f.law(), f.a(), f.aStderr(), f.b(), f.bLo(), f.bHi(), f.logLikelihood(), f.aic(), f.runs(), f.exits());
        }
    }

    private SweepReport() {
    }

    /** One arm of a done cell, with what the claims need. */
    private record Arm(String cell, Zhou2020.SummaryRow summary, int batch, long seed, double escapeRate, List<AlphaTable.Row> alpha,
                       List<Zhou2020.SharpestEscapeRow> escape, Path folder) {
    }

    /** Reads a sweep folder's done Zhou2020 cells and computes the report. */
    public static Result compute(Path dir) throws IOException {
        SweepManifest m = SweepManifest.read(dir);
        List<Arm> arms = new ArrayList<>();
        List<CellRow> rows = new ArrayList<>();
        Map<String, List<AlphaTable.Row>> alpha = new LinkedHashMap<>();
        double cap = Zhou2020.ESCAPE_CRITERIA.cap();
        List<EscapeLaw.Run> escapeRuns = new ArrayList<>();
        Map<Double, List<EscapeLaw.Run>> sdeRuns = new TreeMap<>();
        for (SweepManifest.Entry e : m.cells()) {
            if (e.status() != SweepManifest.Status.DONE) {
                continue;
            }
            Path cell = dir.resolve(e.name());
            ExperimentSpec spec = Specs.readRun(cell.resolve(RunDirectory.CONFIG)).spec();
            if (spec instanceof dev.basin.spec.EscapeSpec es && Files.isRegularFile(cell.resolve(dev.basin.experiment.EscapeRow.FILE))) {
                escapeRuns.addAll(escapeRuns(es, cell));
                continue;
            }
            if (spec instanceof dev.basin.spec.SdeEscapeSpec se && !se.dynamicsKind().continuousTime()
                    && Files.isRegularFile(cell.resolve(dev.basin.sde.EscapeRow.FILE))) {
                for (dev.basin.sde.EscapeRow r : dev.basin.sde.EscapeRow.TABLE.read(cell.resolve(dev.basin.sde.EscapeRow.FILE))) {
                    sdeRuns.computeIfAbsent(r.alpha(), k -> new ArrayList<>()).addAll(sdeEscapeRuns(se, r));
                }
                continue;
            }
            if (!(spec instanceof Zhou2020Spec z) || z.seeds() != 1) {
                continue;
            }
            Map<String, Double> rates = new TreeMap<>();
            if (Files.isRegularFile(cell.resolve(Zhou2020.EscapeSetRow.FILE))) {
                for (Zhou2020.EscapeSetRow r : Zhou2020.EscapeSetRow.TABLE.read(cell.resolve(Zhou2020.EscapeSetRow.FILE))) {
                    rates.put(r.optimizer(), r.escapeRate());
                }
            }
            List<Zhou2020.SharpestEscapeRow> esc = Files.isRegularFile(cell.resolve(Zhou2020.SharpestEscapeRow.FILE))
                    ? Zhou2020.SharpestEscapeRow.TABLE.read(cell.resolve(Zhou2020.SharpestEscapeRow.FILE)) : List.of();
            for (Zhou2020.SummaryRow s : Zhou2020.SummaryRow.TABLE.read(cell.resolve(Zhou2020.SummaryRow.FILE))) {
                List<AlphaTable.Row> a = AlphaTable.read(cell.resolve(s.optimizer()).resolve(AlphaProbe.FILE));
                // escape from the cell's sharpest minimum is the arm's own only when the cell has one arm
                List<Zhou2020.SharpestEscapeRow> own = z.arms().size() == 1 ? esc.stream().filter(r -> r.optimizer().equals(s.optimizer())).toList() : List.of();
                Arm arm = new Arm(e.name(), s, z.batch(), z.seed(), rates.getOrDefault(s.optimizer(), Double.NaN), a, own, cell);
                arms.add(arm);
                alpha.put(e.name() + "/" + s.optimizer(), a);
                int exits = (int) own.stream().filter(r -> r.exitBarrier() != null).count();
                rows.add(new CellRow(e.name(), s.optimizer(), s.lr(), z.batch(), z.seed(), s.status(), s.finalTestAcc(), s.minAlphaNzTrain(),
                        s.earlyAlphaNzTrain(), s.minAlphaTrain(), s.earlyAlphaTrain(), s.finalLambdaMax(), 2 / s.lr(), arm.escapeRate(), own.size(), exits, cap));
            }
        }
        // claims: every SGD-kind (arm, rate) against every ADAM rate, over the seeds both have, at equal batch
        List<ClaimRow> claims = new ArrayList<>();
        List<SeedRow> perSeed = new ArrayList<>();
        Map<String, Map<Double, Map<Long, Arm>>> byArm = new TreeMap<>();
        for (Arm a : arms) {
            byArm.computeIfAbsent(a.summary().optimizer() + "@" + a.batch(), k -> new TreeMap<>()).computeIfAbsent(a.summary().lr(), k -> new TreeMap<>())
                    .put(a.seed(), a);
        }
        for (Map.Entry<String, Map<Double, Map<Long, Arm>>> sg : byArm.entrySet()) {
            String sgdName = sg.getKey().substring(0, sg.getKey().indexOf('@'));
            String batch = sg.getKey().substring(sg.getKey().indexOf('@'));
            if (!sgdName.equals("sgd") && !sgdName.equals("sgdm")) {
                continue;
            }
            Map<Double, Map<Long, Arm>> adams = byArm.getOrDefault("adam" + batch, Map.of());
            for (Map.Entry<Double, Map<Long, Arm>> sl : sg.getValue().entrySet()) {
                for (Map.Entry<Double, Map<Long, Arm>> al : adams.entrySet()) {
                    List<Claims.SeedData> data = new ArrayList<>();
                    for (Map.Entry<Long, Arm> se : sl.getValue().entrySet()) {
                        Arm b = al.getValue().get(se.getKey());
                        if (b == null) {
                            continue;
                        }
                        Map<String, Claims.ArmData> two = new LinkedHashMap<>();
                        two.put(sgdName, data(se.getValue()));
                        two.put("adam", data(b));
                        data.add(new Claims.SeedData(se.getKey(), two, Map.of()));
                    }
                    if (data.isEmpty()) {
                        continue;
                    }
                    List<Claims.SeedValue> sink = new ArrayList<>();
                    for (Claims.Row r : Claims.evaluate(data, sink)) {
                        if (r.id().equals("iv")) {
                            continue; // needs both arms escaping from one minimum, which single-arm cells do not measure
                        }
                        claims.add(new ClaimRow(r.id(), r.claim(), r.sgdArm(), sl.getKey(), al.getKey(), r.quantity(), r.estimate(), r.lo(), r.hi(), r.seeds(),
                                r.verdict()));
                    }
                    for (Claims.SeedValue v : sink) {
                        if (!v.id().equals("iv")) {
                            perSeed.add(new SeedRow(v.id(), v.sgdArm(), sl.getKey(), al.getKey(), v.seed(), v.value()));
                        }
                    }
                }
            }
        }
        // rows for (0) and (ii) repeat for every pair that holds the same arm; keep each arm's once
        List<ClaimRow> unique = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (ClaimRow r : claims) {
            String key = switch (r.id()) {
                case "ii" -> "ii|" + r.adamLr();
                case "0" -> "0|" + r.sgdArm() + "|" + (r.sgdArm().equals("adam") ? r.adamLr() : r.sgdLr());
                default -> r.id() + "|" + r.sgdArm() + "|" + r.sgdLr() + "|" + r.adamLr();
            };
            if (seen.add(key)) {
                unique.add(r);
            }
        }
        List<SeedRow> uniqueSeeds = new ArrayList<>();
        java.util.Set<String> seenSeeds = new java.util.HashSet<>();
        for (SeedRow r : perSeed) {
            String key = switch (r.id()) {
                case "ii" -> "ii|" + r.adamLr() + "|" + r.seed();
                case "0" -> "0|" + r.sgdArm() + "|" + (r.sgdArm().equals("adam") ? r.adamLr() : r.sgdLr()) + "|" + r.seed();
                default -> r.id() + "|" + r.sgdArm() + "|" + r.sgdLr() + "|" + r.adamLr() + "|" + r.seed();
            };
            if (seenSeeds.add(key)) {
                uniqueSeeds.add(r);
            }
        }
        for (int i = 0; i < unique.size(); i++) {
            ClaimRow r = unique.get(i);
            // (ii) and ADAM's (0) concern ADAM alone, an SGD arm's (0) that arm alone: the other rate is no parameter of theirs
            boolean adamOnly = r.id().equals("ii") || (r.id().equals("0") && r.sgdArm().equals("adam"));
            boolean sgdOnly = r.id().equals("0") && !r.sgdArm().equals("adam");
            if (adamOnly || sgdOnly) {
                unique.set(i, new ClaimRow(r.id(), r.statement(), r.id().equals("ii") ? "-" : r.sgdArm(), adamOnly ? Double.NaN : r.sgdLr(),
                        sgdOnly ? Double.NaN : r.adamLr(), r.quantity(), r.estimate(), r.lo(), r.hi(), r.seeds(), r.verdict()));
            }
        }
        String note = null;
        if (!sdeRuns.isEmpty()) {
            if (!escapeRuns.isEmpty()) {
                note = "the sweep mixes escape and sde escape cells; the law is fitted to the escape cells only";
            } else if (sdeRuns.size() > 1) {
                note = "the sde escape cells have several alpha values (" + String.join(", ", sdeRuns.keySet().stream().map(SweepReport::num).toList())
                        + "); the law is fitted at one basin and noise law, so sweep one alpha per escape-law sweep";
            } else {
                escapeRuns.addAll(sdeRuns.values().iterator().next());
            }
        }
        EscapeLaw.Comparison law = null;
        if (escapeRuns.stream().anyMatch(EscapeLaw.Run::exited) && escapeRuns.stream().map(EscapeLaw.Run::lr).distinct().count() > 1) {
            law = EscapeLaw.compare(escapeRuns);
        }
        if (law == null && note == null && !escapeRuns.isEmpty()) {
            note = escapeRuns.stream().noneMatch(EscapeLaw.Run::exited) ? "no run exited within its cap: the law cannot be fitted (raise the cap)"
                    : "every escape run has the same rate: the law needs two rates or more";
        }
        return new Result(rows, unique, uniqueSeeds, survival(arms, cap), verdicts(unique), alpha, escapeRuns, law, note);
    }

    /** The training batch of the run an escape started from (0 when its config.json cannot be read). */
    private static int runBatch(Path run) {
        Path dirOf = Files.isDirectory(run) ? run : run.getParent() != null ? run.getParent().getParent() : null;
        try {
            return dirOf != null && Specs.readRun(dirOf.resolve(RunDirectory.CONFIG)).spec() instanceof dev.basin.spec.TrainSpec t ? t.training().batch() : 0;
        } catch (RuntimeException e) {
            return 0;
        }
    }

    /** An escape cell's continuations as exit times: by the loss rise when it is on, else the barrier, else the radius; censored at the cap. */
    static List<EscapeLaw.Run> escapeRuns(dev.basin.spec.EscapeSpec es, Path cell) {
        int batch = es.batch() != null ? es.batch() : runBatch(Path.of(es.run()));
        dev.basin.experiment.ExitCriterion k = es.lossRise() != null ? dev.basin.experiment.ExitCriterion.LOSS_RISE
                : es.barrier() != null ? dev.basin.experiment.ExitCriterion.BARRIER : dev.basin.experiment.ExitCriterion.RADIUS;
        List<EscapeLaw.Run> out = new ArrayList<>();
        for (dev.basin.experiment.EscapeRow r : dev.basin.experiment.EscapeRow.TABLE.read(cell.resolve(dev.basin.experiment.EscapeRow.FILE))) {
            Long at = r.exit(k);
            out.add(new EscapeLaw.Run(r.lr(), batch, at == null ? r.iterations() : at, at != null));
        }
        return out;
    }

    /**
     * An SDE escape row of a discrete dynamics (sgd, sgdm, adam: h is the learning rate) as runs in iterations: its
     * trajectories pooled ({@link EscapeLaw#pooled}) from the exit count and the total time, n × the restricted mean / h;
     * the batch is the spec's (1 without one).
     */
    static List<EscapeLaw.Run> sdeEscapeRuns(dev.basin.spec.SdeEscapeSpec spec, dev.basin.sde.EscapeRow r) {
        return EscapeLaw.pooled(r.h(), spec.batch() == null ? 1 : spec.batch(), r.trajectories(), r.trajectories() - r.censored(),
                r.trajectories() * r.mean() / r.h());
    }

    private static Claims.ArmData data(Arm a) {
        return new Claims.ArmData(a.summary().optimizer(), a.summary().finalTestAcc(), a.summary().finalLambdaMax(), a.escapeRate(), a.alpha());
    }

    private static List<SurvivalRow> survival(List<Arm> arms, double cap) {
        Map<String, List<Arm>> groups = new TreeMap<>();
        for (Arm a : arms) {
            if (!a.escape().isEmpty()) {
                groups.computeIfAbsent(a.summary().optimizer() + "|" + String.format(Locale.ROOT, "%.10e", a.summary().lr()) + "|" + a.batch(),
                        k -> new ArrayList<>()).add(a);
            }
        }
        List<SurvivalRow> out = new ArrayList<>();
        for (List<Arm> g : groups.values()) {
            List<Double> t = new ArrayList<>();
            List<Boolean> o = new ArrayList<>();
            for (Arm a : g) {
                for (Zhou2020.SharpestEscapeRow r : a.escape()) {
                    t.add(r.exitBarrier() == null ? cap : Math.min(r.exitBarrier(), cap));
                    o.add(r.exitBarrier() != null && r.exitBarrier() <= cap);
                }
            }
            double[] tt = t.stream().mapToDouble(Double::doubleValue).toArray();
            boolean[] oo = new boolean[o.size()];
            for (int i = 0; i < oo.length; i++) {
                oo[i] = o.get(i);
            }
            List<Survival.Step> km = Survival.kaplanMeier(tt, oo);
            Arm a = g.get(0);
            out.add(new SurvivalRow(a.summary().optimizer(), a.summary().lr(), a.batch(), tt.length, (int) o.stream().filter(x -> x).count(), cap,
                    Survival.median(km), Survival.restrictedMean(km, cap)));
        }
        out.sort(Comparator.comparing(SurvivalRow::optimizer).thenComparingDouble(SurvivalRow::lr).thenComparingInt(SurvivalRow::batch));
        return out;
    }

    /**
     * One sentence per claim and SGD arm and rate: where over ADAM's rates it is supported, not supported or inconclusive,
     * e.g. "(v) sgd lr 0.05 vs ADAM: supported for ADAM lr ≤ 0.0003, not supported for 0.001 and 0.003".
     */
    static List<String> verdicts(List<ClaimRow> rows) {
        Map<String, TreeMap<Double, Claims.Verdict>> by = new LinkedHashMap<>();
        Map<String, String> statement = new LinkedHashMap<>();
        for (ClaimRow r : rows) {
            if (r.id().equals("0")) {
                continue;
            }
            String key = "(" + r.id() + ") " + (r.id().equals("ii") ? "ADAM" : r.sgdArm() + " lr " + num(r.sgdLr()) + " vs ADAM");
            by.computeIfAbsent(key, k -> new TreeMap<>()).put(r.adamLr(), r.verdict());
            statement.put(key, r.statement());
        }
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, TreeMap<Double, Claims.Verdict>> e : by.entrySet()) {
            List<String> parts = new ArrayList<>();
            for (Claims.Verdict v : Claims.Verdict.values()) {
                List<Double> lrs = e.getValue().entrySet().stream().filter(x -> x.getValue() == v).map(Map.Entry::getKey).toList();
                if (lrs.isEmpty()) {
                    continue;
                }
                parts.add(v.label() + " " + range(lrs, new TreeSet<>(e.getValue().keySet())));
            }
            out.add(e.getKey() + " — " + statement.get(e.getKey()) + ": " + String.join("; ", parts));
        }
        return out;
    }

    /** "≤ x" or "≥ x" when the rates are the lowest or highest of all, "all" for all, else the list. */
    private static String range(List<Double> lrs, TreeSet<Double> all) {
        List<Double> sorted = new ArrayList<>(all);
        if (lrs.size() == sorted.size()) {
            return "at every ADAM lr (" + String.join(", ", lrs.stream().map(SweepReport::num).toList()) + ")";
        }
        if (sorted.subList(0, lrs.size()).equals(lrs)) {
            return "for ADAM lr ≤ " + num(lrs.get(lrs.size() - 1));
        }
        if (sorted.subList(sorted.size() - lrs.size(), sorted.size()).equals(lrs)) {
            return "for ADAM lr ≥ " + num(lrs.get(0));
        }
        return "for ADAM lr " + String.join(", ", lrs.stream().map(SweepReport::num).toList());
    }

    static String num(double x) {
        if (!Double.isFinite(x)) {
            return "-";
        }
        return new java.math.BigDecimal(Double.toString(x)).stripTrailingZeros().toPlainString();
    }

    /** Writes cells.csv, claims.csv, claims-per-seed.csv, escape-survival.csv and verdicts.md into {@code out}. */
    public static void write(Result r, Path out) throws IOException {
        Files.createDirectories(out);
        CellRow.TABLE.write(out.resolve(CellRow.FILE), r.cells());
        ClaimRow.TABLE.write(out.resolve(ClaimRow.FILE), r.claims());
        SeedRow.TABLE.write(out.resolve(SeedRow.FILE), r.perSeed());
        SurvivalRow.TABLE.write(out.resolve(SurvivalRow.FILE), r.survival());
        if (r.escapeLaw() != null) {
            LawRow.TABLE.write(out.resolve(LawRow.FILE), List.of(LawRow.of(r.escapeLaw().powerLaw()), LawRow.of(r.escapeLaw().exponential())));
        }
        StringBuilder md = new StringBuilder("# Verdicts over the sweep\n\n");
        md.append("Rule (every row, as `basin reproduce zhou2020`'s claims table): the per-seed quantity's mean over the seeds a pair of cells share,")
                .append(" with a 95% Student-t interval; supported when the interval lies entirely on the claimed side of 0, not supported when entirely")
                .append(" on the other side, inconclusive otherwise or with fewer than ").append(Claims.MIN_SEEDS)
                .append(" seeds; (i) asks for some α evaluation. Claim (iv) needs both arms escaping from one minimum and is not made from single-arm")
                .append(" cells; their escape times are in escape-survival.csv. Every per-seed number is in claims-per-seed.csv.\n\n");
        for (String v : r.verdicts()) {
            md.append("- ").append(v).append('\n');
        }
        md.append('\n').append(Table.markdown(r.claims(), List.of(
                new Table.MarkdownColumn<>("claim", ClaimRow::id),
                new Table.MarkdownColumn<>("SGD arm", c -> c.sgdArm() + (Double.isNaN(c.sgdLr()) ? "" : " " + num(c.sgdLr()))),
                new Table.MarkdownColumn<>("ADAM lr", c -> Double.isNaN(c.adamLr()) ? "-" : num(c.adamLr())),
                new Table.MarkdownColumn<>("estimate [95% CI]", c -> String.format(Locale.ROOT, "%.3f [%.3f, %.3f]", c.estimate(), c.lo(), c.hi())),
                new Table.MarkdownColumn<>("seeds", c -> Integer.toString(c.seeds())),
                new Table.MarkdownColumn<>("verdict", c -> c.verdict().label()))));
        if (r.escapeLaw() != null) {
            EscapeLaw.Comparison c = r.escapeLaw();
            md.append(String.format(Locale.ROOT, "%nEscape law over %d continuations (%d exits): power law alpha = %.3f [%.3f, %.3f], AIC %.1f;"
                    + " exponential in batch/lr k = %.4g [%.4g, %.4g], AIC %.1f; better: %s (AIC difference %.1f).%n", c.powerLaw().runs(), c.powerLaw().exits(),
                    c.powerLaw().b(), c.powerLaw().bLo(), c.powerLaw().bHi(), c.powerLaw().aic(), c.exponential().b(), c.exponential().bLo(),
                    c.exponential().bHi(), c.exponential().aic(), c.better(), c.deltaAic()));
        } else if (r.escapeLawNote() != null) {
            md.append("\nEscape law: not fitted: ").append(r.escapeLawNote()).append(".\n");
        }
        dev.basin.data.AtomicFiles.write(out.resolve("verdicts.md"), md.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** A rate as a plain decimal (1e-4 → 0.0001). */
    public static String formatLr(double lr) {
        return num(lr);
    }

    /** Whether an arm is ADAM (by kind), for plots. */
    public static boolean isAdam(String optimizer) {
        return OptimizerKind.byName(optimizer) == OptimizerKind.ADAM;
    }
}
