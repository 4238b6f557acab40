package dev.basin.experiment;

import dev.basin.curvature.Sharpness;
import dev.basin.noise.NoiseSampler;
import dev.basin.nn.Network;
import dev.basin.spec.SpecException;
import dev.basin.spec.TrainSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Checks, before a run starts, that what it will allocate fits the JVM: the heap ({@code -Xmx}) and the direct memory
 * that holds every {@code FloatVec} ({@code -XX:MaxDirectMemorySize}, by default the heap limit). A run that would not fit
 * is refused with one line giving the estimate, the limit and what to change, instead of failing an hour later with an
 * {@link OutOfMemoryError}.
 *
 * <p>The estimate counts the allocations that scale with the problem (P parameters, batch B, d samples): θ, the gradient
 * and each optimizer buffer (P floats each, direct); the training and evaluation workspaces ({@link Network#workspaceBytes});
 * the α evaluation's streamed accumulators (a few P-vectors) — holding the P×d gradients is optional and sized to what is
 * left, so it is not counted; the sharpness probe's curvature workspace and its Lanczos basis ({@link Sharpness#MAX_BASIS}
 * vectors of P doubles, heap); escape continuations run in parallel, each with its own parameters, state and
 * workspace. The data set is loaded before the check, so it is part of what the heap already uses.
 */
public final class MemoryGuard {
    private MemoryGuard() {
    }

    /** One allocation: what, how many bytes, and whether it lives in direct memory (else the heap). */
    public record Item(String what, long bytes, boolean direct) {
    }

    /** The items, with their sums per pool. */
    public record Estimate(List<Item> items) {
        public long direct() {
            return items.stream().filter(Item::direct).mapToLong(Item::bytes).sum();
        }

        public long heap() {
            return items.stream().filter(i -> !i.direct()).mapToLong(Item::bytes).sum();
        }
    }

    /** What a training run of {@code spec} on {@code net} with {@code optimizerBuffers} optimizer buffers allocates. */
    public static Estimate train(TrainSpec spec, Network net, int optimizerBuffers) {
        long p = net.parameterCount();
        List<Item> items = new ArrayList<>();
        items.add(new Item("parameters, gradient and " + optimizerBuffers + " optimizer buffer(s)", 4 * p * (2 + optimizerBuffers), true));
        int batch = spec.training().batch();
        items.add(new Item("activations at batch " + batch, net.workspaceBytes(batch, false), true));
        items.add(new Item("evaluation activations at batch " + spec.training().evalBatch(), net.workspaceBytes(spec.training().evalBatch(), false), true));
        if (spec.alpha() != null) {
            int noiseBatch = spec.alpha().noiseBatch() == 0 ? batch : spec.alpha().noiseBatch();
            items.add(new Item("α evaluation (streamed sums, workspace at batch " + noiseBatch + ")", 6 * 4 * p + net.workspaceBytes(noiseBatch, false), true));
        }
        if (spec.sharpness() != null) {
            int chunk = Math.min(spec.sharpness().samples(), spec.sharpness().batch());
            items.add(new Item("sharpness: curvature workspace", 4 * 4 * p + net.workspaceBytes(chunk, true), true));
            items.add(new Item("sharpness: Lanczos basis of " + Sharpness.MAX_BASIS + " vectors", 8 * p * (Sharpness.MAX_BASIS + 4L), false));
        }
        return new Estimate(items);
    }

    /** The estimate of {@code parallel} copies of {@code one} (escape continuations running at once). */
    public static Estimate parallel(Estimate one, int parallel) {
        List<Item> items = new ArrayList<>();
        for (Item i : one.items()) {
            items.add(new Item(i.what() + (parallel > 1 ? " × " + parallel + " in parallel" : ""), i.bytes() * parallel, i.direct()));
        }
        return new Estimate(items);
    }

    /** Checks {@code e} against this JVM's limits; see {@link #check(Estimate, long, long, String)}. */
    public static void check(Estimate e, String lever) {
        Runtime rt = Runtime.getRuntime();
        long heapLeft = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        check(e, heapLeft, NoiseSampler.directMemoryAvailable(), lever);
    }

    /**
     * Refuses (a {@link SpecException}, exit 2) when the estimate exceeds what is left of the heap or of direct memory,
     * naming the largest items, the limit and what to change: the JVM option, or {@code lever} (the run's own setting that
     * shrinks it, such as "--batch", "--sharpness-samples" or "--parallel").
     */
    public static void check(Estimate e, long heapLeft, long directLeft, String lever) {
        boolean direct = e.direct() > directLeft;
        boolean heap = e.heap() > heapLeft;
        if (!direct && !heap) {
            return;
        }
        List<Item> pool = e.items().stream().filter(i -> i.direct() == direct).sorted((a, b) -> Long.compare(b.bytes(), a.bytes())).toList();
        StringBuilder what = new StringBuilder();
        for (int i = 0; i < Math.min(3, pool.size()); i++) {
            what.append(i == 0 ? "" : ", ").append(pool.get(i).what()).append(' ').append(size(pool.get(i).bytes()));
        }
        String option = direct ? "-XX:MaxDirectMemorySize=" : "-Xmx";
        long need = direct ? e.direct() : e.heap();
        long left = direct ? directLeft : heapLeft;
        throw new SpecException(String.format(Locale.ROOT, "not enough memory: this run needs about %s of %s (%s) but the JVM has %s left;"
                        + " give it more with JAVA_OPTS=%s%dm, or lower %s", size(need), direct ? "direct memory" : "heap", what, size(left), option,
                (long) Math.ceil(1.25 * need / (1 << 20)) + 64 + (direct ? 0 : (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20),
                lever));
    }

    static String size(long bytes) {
        if (bytes >= 1L << 30) {
            return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
        }
        return String.format(Locale.ROOT, "%.0f MiB", Math.max(1, bytes / (double) (1 << 20)));
    }
}
