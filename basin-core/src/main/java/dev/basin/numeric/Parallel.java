package dev.basin.numeric;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Loops split over the engine's threads (the layers' loops over samples, and {@link OpenBlasGemm}'s parts of one
 * product): the caller and
 * helpers from the common pool claim blocks of the range from one counter, so a helper that does not start in time
 * costs nothing (the caller then does every block) and the result does not depend on who did which block.
 */
public final class Parallel {
    private Parallel() {
    }

    /** A body over a half-open range of blocks' items. */
    @FunctionalInterface
    public interface Range {
        void run(int from, int to);
    }

    /** Runs body over [0, n) in blocks of {@code block} items, on up to {@code threads} threads (the caller one of them). */
    public static void forRange(int threads, int n, int block, Range body) {
        int blocks = (n + block - 1) / block;
        if (threads <= 1 || blocks <= 1) {
            body.run(0, n);
            return;
        }
        AtomicInteger next = new AtomicInteger();
        AtomicInteger active = new AtomicInteger();
        Runnable work = () -> {
            for (int b; (b = next.getAndIncrement()) < blocks; ) {
                body.run(b * block, Math.min(n, (b + 1) * block));
            }
        };
        Throwable[] failure = new Throwable[1];
        int helpers = Math.min(threads, blocks) - 1;
        for (int h = 0; h < helpers; h++) {
            ForkJoinPool.commonPool().execute(() -> {
                active.incrementAndGet();
                try {
                    if (next.get() < blocks) {
                        work.run();
                    }
                } catch (Throwable t) {
                    synchronized (failure) {
                        failure[0] = t;
                    }
                } finally {
                    synchronized (active) {
                        active.decrementAndGet();
                        active.notifyAll();
                    }
                }
            });
        }
        work.run();
        // Every block is claimed; wait for the helpers still running one.
        synchronized (active) {
            while (active.get() > 0) {
                try {
                    active.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while a parallel loop ran on helper threads", e);
                }
            }
        }
        synchronized (failure) {
            if (failure[0] != null) {
                throw new IllegalStateException("a parallel loop failed on a helper thread", failure[0]);
            }
        }
    }
}
