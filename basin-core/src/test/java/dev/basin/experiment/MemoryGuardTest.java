package dev.basin.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.basin.nn.Models;
import dev.basin.nn.Network;
import dev.basin.numeric.OpenBlasGemm;
import dev.basin.spec.SharpnessSpec;
import dev.basin.spec.SpecException;
import dev.basin.spec.TrainSpec;
import dev.basin.spec.TrainingSpec;
import org.junit.jupiter.api.Test;

class MemoryGuardTest {
    private static final TrainSpec SPEC = new TrainSpec(null, null, null, null, null,
            new TrainingSpec(100, 10L, null, null, null, null, null, null, 1000), null, new SharpnessSpec("100", 1000, 1, 0, null, 500));

    @Test
    void theEstimateCountsWhatTheRunAllocates() {
        Network net = Models.mlp(784, 3, 512, 10, false, OpenBlasGemm.INSTANCE);
        long p = net.parameterCount();
        MemoryGuard.Estimate e = MemoryGuard.train(SPEC, net, 2);
        // θ, gradient, two ADAM buffers: 4 P floats.
        assertThat(e.items().get(0).bytes()).isEqualTo(16 * p);
        // Activations and their gradients: Linear, ReLU, Linear, ReLU, Linear = (4 × 512 + 10) floats a sample, two
        // buffers, at batch 100.
        assertThat(e.items().get(1).bytes()).isEqualTo(4L * 2 * 100 * (4 * 512 + 10));
        assertThat(net.workspaceBytes(100, false)).isEqualTo(e.items().get(1).bytes());
        // The Lanczos basis is the heap's share: MAX_BASIS + 4 vectors of P doubles.
        assertThat(e.heap()).isEqualTo(8 * p * (dev.basin.curvature.Sharpness.MAX_BASIS + 4));
        // The workspace the estimate counts is what allocating one takes (direct buffers, measured).
        long before = directUsed();
        Network.Workspace ws = net.workspace(100);
        assertThat(directUsed() - before).isBetween(net.workspaceBytes(100, false), net.workspaceBytes(100, false) + 64L * 2 * 3 + 4096);
        assertThat(ws.capacity()).isEqualTo(100);
    }

    private static long directUsed() {
        for (java.lang.management.BufferPoolMXBean b : java.lang.management.ManagementFactory.getPlatformMXBeans(java.lang.management.BufferPoolMXBean.class)) {
            if (b.getName().equals("direct")) {
                return b.getMemoryUsed();
            }
        }
        throw new AssertionError("no direct buffer pool");
    }

    @Test
    void aRunThatDoesNotFitIsRefusedWithTheEstimateTheLimitAndWhatToChange() {
        Network net = Models.mlp(784, 3, 512, 10, false, OpenBlasGemm.INSTANCE);
        MemoryGuard.Estimate e = MemoryGuard.train(SPEC, net, 2);
        assertThatCode(() -> MemoryGuard.check(e, e.heap(), e.direct(), "--batch")).doesNotThrowAnyException();
        assertThatThrownBy(() -> MemoryGuard.check(e, e.heap(), e.direct() - 1, "--batch"))
                .isInstanceOf(SpecException.class)
                .hasMessageContaining("not enough memory").hasMessageContaining("direct memory")
                .hasMessageContaining("JAVA_OPTS=-XX:MaxDirectMemorySize=").hasMessageContaining("--batch")
                .hasMessageContaining("parameters, gradient and 2 optimizer buffer(s)")
                .satisfies(t -> assertThat(t.getMessage()).doesNotContain("\n"));
        assertThatThrownBy(() -> MemoryGuard.check(e, 1 << 20, e.direct(), "sharpness.samples"))
                .hasMessageContaining("of heap").hasMessageContaining("Lanczos basis").hasMessageContaining("JAVA_OPTS=-Xmx")
                .hasMessageContaining("has 1 MiB left").hasMessageContaining("sharpness.samples");
        MemoryGuard.Estimate four = MemoryGuard.parallel(e, 4);
        assertThat(four.direct()).isEqualTo(4 * e.direct());
        assertThat(four.items().get(0).what()).endsWith("× 4 in parallel");
    }
}
