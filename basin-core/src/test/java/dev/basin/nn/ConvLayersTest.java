package dev.basin.nn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.basin.data.Batch;
import dev.basin.numeric.FloatVec;
import dev.basin.numeric.Gemm;
import dev.basin.numeric.OpenBlasGemm;
import dev.basin.numeric.ReferenceGemm;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Conv2d, MaxPool2d and AvgPool2d, every pass, against float64 truths: the plain-loop {@link ReferenceConvNet64}
 * is checked against central differences of its own loss; Basin's float32 gradient, Hessian-vector product,
 * Gauss–Newton product, per-sample directional derivatives, per-sample outer-product action, per-sample squared
 * gradients and fused SGD step are checked against the reference (the Hessian by central differences of the
 * reference gradient), with both GEMMs and with the convolutions cut into chunks of 2–3 samples. Each pass,
 * deliberately broken through a wrapper (a term dropped or an output off by 0.1–1%), fails its check.
 */
class ConvLayersTest {
    static final int BATCH = 5;
    static final ImageShape INPUT = new ImageShape(2, 7, 7);

    /** The layers that can be broken, by index in the network below. */
    static final int CONV1 = 0;
    static final int MAXPOOL = 2;
    static final int CONV2 = 3;
    static final int AVGPOOL = 5;

    /**
     * 2×7×7 → Conv2d(2, 3, k3, s2, p1) → 3×4×4 → act → MaxPool2d(k3, s2, p1) → 3×2×2 → Conv2d(3, 2, k2, s1, p1, no bias)
     * → 2×3×3 → act → AvgPool2d(k3, s2, p1) → 2×2×2 → Flatten → Linear(8, 3). Windows overlap and pad in every stage.
     */
    static Network network(String act, int chunkFloats, Gemm gemm, int faultyLayer, Fault fault) {
        return network(act, chunkFloats, Conv2d.KEEP_FLOATS, gemm, faultyLayer, fault);
    }

    /** With at most {@code keepFloats} floats of kept patches per convolution input (0: every pass builds its own). */
    static Network network(String act, int chunkFloats, int keepFloats, Gemm gemm, int faultyLayer, Fault fault) {
        Conv2d c1 = new Conv2d(INPUT, 3, 3, 2, 1, true, chunkFloats, keepFloats);
        MaxPool2d p1 = new MaxPool2d(c1.outputShape(), 3, 2, 1);
        Conv2d c2 = new Conv2d(p1.outputShape(), 2, 2, 1, 1, false, chunkFloats, keepFloats);
        AvgPool2d p2 = new AvgPool2d(c2.outputShape(), 3, 2, 1);
        assertThat(c1.outputShape()).isEqualTo(new ImageShape(3, 4, 4));
        assertThat(p1.outputShape()).isEqualTo(new ImageShape(3, 2, 2));
        assertThat(c2.outputShape()).isEqualTo(new ImageShape(2, 3, 3));
        assertThat(p2.outputShape()).isEqualTo(new ImageShape(2, 2, 2));
        List<Layer> layers = new ArrayList<>(List.of(c1, Models.activation(act, 48), p1, c2, Models.activation(act, 18), p2, PassThrough.flatten(8),
                new Linear(8, 3, true)));
        if (fault != null) {
            layers.set(faultyLayer, new Faulty(layers.get(faultyLayer), fault));
        }
        return new Network(layers, gemm);
    }

    static ReferenceConvNet64 reference(String act) {
        boolean tanh = act.equals("tanh");
        return new ReferenceConvNet64(List.of(new ReferenceConvNet64.Conv(2, 7, 7, 3, 3, 2, 1, true), new ReferenceConvNet64.Act(tanh, 48),
                new ReferenceConvNet64.Pool(true, 3, 4, 4, 3, 2, 1), new ReferenceConvNet64.Conv(3, 2, 2, 2, 2, 1, 1, false),
                new ReferenceConvNet64.Act(tanh, 18), new ReferenceConvNet64.Pool(false, 2, 3, 3, 3, 2, 1),
                new ReferenceConvNet64.Dense(8, 3, true)));
    }

    record Setup(ReferenceConvNet64 ref, Network net, FloatVec thetaF, double[] theta, double[] x, int[] labels, Batch batch) {
    }

    static Setup setup(Network net, String act) {
        ReferenceConvNet64 ref = reference(act);
        assertThat(net.parameterCount()).isEqualTo(ref.parameterCount);
        FloatVec thetaF = net.newParameters();
        net.initialize(thetaF, 11);
        SplittableRandom rng = new SplittableRandom(5);
        double[] x = new double[BATCH * INPUT.size()];
        Batch b = new Batch(BATCH, INPUT.size(), 0);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (rng.nextDouble() * 4 - 2);
            b.features().set(i, (float) x[i]);
        }
        int[] labels = new int[BATCH];
        for (int r = 0; r < BATCH; r++) {
            labels[r] = rng.nextInt(3);
        }
        System.arraycopy(labels, 0, b.labels(), 0, BATCH);
        b.setSize(BATCH);
        return new Setup(ref, net, thetaF, thetaF.toDoubleArray(), x, labels, b);
    }

    /** Relative errors of every product against its float64 truth. */
    record Errors(double loss, double gradient, double hv, double gv, double dots, double outer, double squares, double sgd) {
    }

    static Errors errors(Setup s, double[][] hessian, double[][] jacobian) {
        Network net = s.net();
        Loss loss = SoftmaxCrossEntropy.INSTANCE;
        Network.Workspace ws = net.workspace(BATCH);
        int d = s.theta().length;
        double[] g = new double[d];
        double value64 = s.ref().lossAndGradient(s.theta(), s.x(), s.labels(), BATCH, g);
        FloatVec grad = net.newParameters();
        double value = net.lossAndGradient(s.thetaF(), s.batch(), loss, grad, ws);
        double gradErr = GradientTest.relErr(grad.toDoubleArray(), g);

        double[] v = CurvatureProductsTest.randomDirection(d, 3);
        FloatVec vf = CurvatureProductsTest.toFloat(v);
        FloatVec hv = net.newParameters();
        net.hessianVector(s.thetaF(), s.batch(), loss, vf, hv, ws);
        double hvErr = GradientTest.relErr(hv.toDoubleArray(), CurvatureProductsTest.times(hessian, v));

        // G v = Jᵀ H_o J v with H_o the softmax cross-entropy's Hessian in the outputs.
        double[] z = s.ref().outputs(s.theta(), s.x(), BATCH);
        double[] jv = CurvatureProductsTest.times(jacobian, v);
        double[] gvTruth = CurvatureProductsTest.gaussNewtonTruth(jacobian, z, jv, BATCH, 3, false);
        FloatVec gv = net.newParameters();
        net.gaussNewtonVector(s.thetaF(), s.batch(), loss, vf, gv, ws);
        double gvErr = GradientTest.relErr(gv.toDoubleArray(), gvTruth);

        // Per-sample truths from the reference run on one sample at a time.
        double[][] gs = new double[BATCH][d];
        for (int r = 0; r < BATCH; r++) {
            double[] xr = java.util.Arrays.copyOfRange(s.x(), r * INPUT.size(), (r + 1) * INPUT.size());
            s.ref().lossAndGradient(s.theta(), xr, new int[] {s.labels()[r]}, 1, gs[r]);
        }
        double[] truthDots = new double[BATCH];
        double[] outer = new double[d];
        double[] squares = new double[d];
        for (int r = 0; r < BATCH; r++) {
            for (int i = 0; i < d; i++) {
                truthDots[r] += gs[r][i] * v[i];
            }
            for (int i = 0; i < d; i++) {
                outer[i] += gs[r][i] * truthDots[r];
                squares[i] += 2 * gs[r][i] * gs[r][i];
            }
        }
        double[] dots = new double[BATCH];
        net.directionalDerivatives(s.thetaF(), s.batch(), loss, vf, dots, ws);
        double dotsErr = GradientTest.relErr(dots, truthDots);
        FloatVec out = net.newParameters();
        net.sampleOuterProductVector(s.thetaF(), s.batch(), loss, vf, out, new double[BATCH], ws);
        double outerErr = GradientTest.relErr(out.toDoubleArray(), outer);
        FloatVec sq = net.newParameters();
        net.addSquaredSampleGradients(s.thetaF(), s.batch(), loss, sq, ws);
        net.addSquaredSampleGradients(s.thetaF(), s.batch(), loss, sq, ws);
        double sqErr = GradientTest.relErr(sq.toDoubleArray(), squares);

        // The fused SGD step against θ − η g in float64.
        float lr = 0.5f;
        FloatVec stepped = s.thetaF().copy();
        net.lossAndSgdStep(stepped, s.batch(), loss, lr, ws);
        double[] expected = new double[d];
        double[] moved = new double[d];
        double[] truthMove = new double[d];
        for (int i = 0; i < d; i++) {
            expected[i] = s.theta()[i] - lr * g[i];
            moved[i] = stepped.get(i) - s.theta()[i];
            truthMove[i] = expected[i] - s.theta()[i];
        }
        double sgdErr = GradientTest.relErr(moved, truthMove);
        return new Errors(Math.abs(value - value64), gradErr, hvErr, gvErr, dotsErr, outerErr, sqErr, sgdErr);
    }

    static double[][] hessian(Setup s) {
        int d = s.theta().length;
        double[][] h = new double[d][d];
        double step = 1e-5;
        for (int i = 0; i < d; i++) {
            double[] tp = s.theta().clone();
            double[] tm = s.theta().clone();
            tp[i] += step;
            tm[i] -= step;
            double[] gp = new double[d];
            double[] gm = new double[d];
            s.ref().lossAndGradient(tp, s.x(), s.labels(), BATCH, gp);
            s.ref().lossAndGradient(tm, s.x(), s.labels(), BATCH, gm);
            for (int j = 0; j < d; j++) {
                h[j][i] = (gp[j] - gm[j]) / (2 * step);
            }
        }
        return h;
    }

    static double[][] jacobian(Setup s) {
        int d = s.theta().length;
        double[][] jac = new double[BATCH * 3][d];
        double step = 1e-6;
        for (int i = 0; i < d; i++) {
            double[] tp = s.theta().clone();
            double[] tm = s.theta().clone();
            tp[i] += step;
            tm[i] -= step;
            double[] zp = s.ref().outputs(tp, s.x(), BATCH);
            double[] zm = s.ref().outputs(tm, s.x(), BATCH);
            for (int o = 0; o < zp.length; o++) {
                jac[o][i] = (zp[o] - zm[o]) / (2 * step);
            }
        }
        return jac;
    }

    static Stream<Arguments> cases() {
        List<Arguments> a = new ArrayList<>();
        for (String act : List.of("tanh", "relu")) {
            a.add(Arguments.of(act, Conv2d.CHUNK_FLOATS, Conv2d.KEEP_FLOATS));
            // Chunks of 2–3 samples, all kept, the first chunk of each convolution kept and the rest rebuilt, none kept.
            for (int keep : List.of(Conv2d.KEEP_FLOATS, 600, 0)) {
                a.add(Arguments.of(act, 600, keep));
            }
        }
        return a.stream();
    }

    @ParameterizedTest(name = "{0} chunkFloats={1} keepFloats={2}")
    @MethodSource("cases")
    void everyPassMatchesTheFloat64Reference(String act, int chunkFloats, int keepFloats) {
        Setup s0 = setup(network(act, chunkFloats, keepFloats, OpenBlasGemm.INSTANCE, 0, null), act);
        // The reference itself against central differences of its loss (h = 1e-6).
        int d = s0.theta().length;
        double[] g = new double[d];
        s0.ref().lossAndGradient(s0.theta(), s0.x(), s0.labels(), BATCH, g);
        double[] fd = new double[d];
        for (int i = 0; i < d; i++) {
            double[] tp = s0.theta().clone();
            double[] tm = s0.theta().clone();
            tp[i] += 1e-6;
            tm[i] -= 1e-6;
            fd[i] = (s0.ref().lossAndGradient(tp, s0.x(), s0.labels(), BATCH, null) - s0.ref().lossAndGradient(tm, s0.x(), s0.labels(), BATCH, null))
                    / 2e-6;
        }
        assertThat(GradientTest.relErr(g, fd)).as("float64 reference gradient vs finite differences").isLessThan(1e-6);
        double[][] h = hessian(s0);
        double[][] jac = jacobian(s0);
        for (Gemm gemm : List.of(OpenBlasGemm.INSTANCE, ReferenceGemm.INSTANCE)) {
            Setup s = setup(network(act, chunkFloats, keepFloats, gemm, 0, null), act);
            Errors e = errors(s, h, jac);
            String what = act + " " + gemm.name() + " chunk " + chunkFloats + " keep " + keepFloats + ": " + e;
            assertThat(e.loss()).as(what).isLessThan(1e-5);
            assertThat(e.gradient()).as(what).isLessThan(2e-5);
            assertThat(e.hv()).as(what).isLessThan(1e-4);
            assertThat(e.gv()).as(what).isLessThan(1e-4);
            assertThat(e.dots()).as(what).isLessThan(1e-5);
            assertThat(e.outer()).as(what).isLessThan(1e-5);
            assertThat(e.squares()).as(what).isLessThan(1e-5);
            assertThat(e.sgd()).as(what).isLessThan(1e-4);
        }
    }

    /** Ways to break one layer's passes, as bugs would. */
    enum Fault {
        FORWARD_OFF, GRAD_INPUT_OFF, GRAD_PARAMS_OFF, TANGENT_WITHOUT_DIRECTION, TANGENT_WITHOUT_INPUT_TANGENT, RBACKWARD_WITHOUT_DIRECTION,
        RBACKWARD_WITHOUT_INPUT_TANGENT, RBACKWARD_INPUT_OFF, SQUARES_OFF
    }

    static Stream<Arguments> faults() {
        List<Arguments> a = new ArrayList<>();
        for (Fault f : Fault.values()) {
            a.add(Arguments.of(CONV2, f));
        }
        // The first layer has no input tangent and no input gradient: its R-backward reads no direction.
        for (Fault f : List.of(Fault.FORWARD_OFF, Fault.GRAD_PARAMS_OFF, Fault.TANGENT_WITHOUT_DIRECTION, Fault.SQUARES_OFF)) {
            a.add(Arguments.of(CONV1, f));
        }
        for (int pool : List.of(MAXPOOL, AVGPOOL)) {
            for (Fault f : List.of(Fault.FORWARD_OFF, Fault.GRAD_INPUT_OFF, Fault.TANGENT_WITHOUT_INPUT_TANGENT, Fault.RBACKWARD_INPUT_OFF)) {
                a.add(Arguments.of(pool, f));
            }
        }
        return a.stream();
    }

    static double[][] cachedH;
    static double[][] cachedJ;

    @ParameterizedTest(name = "layer {0}: {1}")
    @MethodSource("faults")
    void aBrokenPassFailsItsCheck(int layer, Fault fault) {
        Setup clean = setup(network("tanh", 600, OpenBlasGemm.INSTANCE, 0, null), "tanh");
        if (cachedH == null) {
            cachedH = hessian(clean);
            cachedJ = jacobian(clean);
        }
        Setup s = setup(network("tanh", 600, OpenBlasGemm.INSTANCE, layer, fault), "tanh");
        Errors e = errors(s, cachedH, cachedJ);
        boolean caught = e.loss() > 1e-5 || e.gradient() > 2e-5 || e.hv() > 1e-4 || e.gv() > 1e-4 || e.dots() > 1e-5 || e.outer() > 1e-5
                || e.squares() > 1e-5 || e.sgd() > 1e-4;
        assertThat(caught).as("fault %s in layer %d must fail a check: %s", fault, layer, e).isTrue();
        // The check that owns the pass is among those that fail.
        switch (fault) {
            case GRAD_PARAMS_OFF -> assertThat(e.gradient()).isGreaterThan(2e-5);
            case TANGENT_WITHOUT_DIRECTION, TANGENT_WITHOUT_INPUT_TANGENT -> assertThat(e.dots()).isGreaterThan(1e-5);
            case RBACKWARD_WITHOUT_DIRECTION, RBACKWARD_WITHOUT_INPUT_TANGENT, RBACKWARD_INPUT_OFF -> assertThat(e.hv()).isGreaterThan(1e-4);
            case SQUARES_OFF -> assertThat(e.squares()).isGreaterThan(1e-5);
            default -> {
            }
        }
    }

    /** Basin's AlexNet (ch 4) on 3×32×32 gives the reference's outputs and gradient: the shapes and wiring of the model. */
    @Test
    void smallAlexNetMatchesTheReferenceAndNamesItsTensorsAsTheReferenceModule() {
        Network net = Models.alexnet(new ImageShape(3, 32, 32), 4, 10, OpenBlasGemm.INSTANCE);
        assertThat(net.tensors().stream().map(ParamTensor::name).toList()).containsExactly("features.0.weight", "features.0.bias",
                "features.3.weight", "features.3.bias", "features.6.weight", "features.6.bias", "features.8.weight", "features.8.bias",
                "features.10.weight", "features.10.bias", "classifier.1.weight", "classifier.1.bias", "classifier.4.weight",
                "classifier.4.bias", "classifier.6.weight", "classifier.6.bias");
        assertThat(net.tensors().get(0).shape()).containsExactly(4, 3, 4, 4);
        // size = 4·1·1, width = 4·⌊1 + log₂ 4⌋ = 12.
        assertThat(net.tensors().get(10).shape()).containsExactly(12, 4);
        int[][] widths = {{16, 80}, {32, 192}, {64, 448}, {128, 1024}, {256, 2304}, {576, 5760}}; // printed by PyTorch 1.13
        for (int[] w : widths) {
            assertThat(Models.alexnetWidth(w[0])).as("width for size %d", w[0]).isEqualTo(w[1]);
        }
        int ch = 4;
        ReferenceConvNet64 ref = new ReferenceConvNet64(List.of(new ReferenceConvNet64.Conv(3, 32, 32, ch, 4, 2, 2, true),
                new ReferenceConvNet64.Act(false, ch * 17 * 17), new ReferenceConvNet64.Pool(true, ch, 17, 17, 3, 2, 0),
                new ReferenceConvNet64.Conv(ch, 8, 8, ch, 5, 1, 2, true), new ReferenceConvNet64.Act(false, ch * 64),
                new ReferenceConvNet64.Pool(true, ch, 8, 8, 3, 2, 0), new ReferenceConvNet64.Conv(ch, 3, 3, ch, 3, 1, 1, true),
                new ReferenceConvNet64.Act(false, ch * 9), new ReferenceConvNet64.Conv(ch, 3, 3, ch, 3, 1, 1, true),
                new ReferenceConvNet64.Act(false, ch * 9), new ReferenceConvNet64.Conv(ch, 3, 3, ch, 3, 1, 1, true),
                new ReferenceConvNet64.Act(false, ch * 9), new ReferenceConvNet64.Pool(true, ch, 3, 3, 3, 2, 0),
                new ReferenceConvNet64.Dense(4, 12, true), new ReferenceConvNet64.Act(false, 12), new ReferenceConvNet64.Dense(12, 12, true),
                new ReferenceConvNet64.Act(false, 12), new ReferenceConvNet64.Dense(12, 10, true)));
        assertThat(net.parameterCount()).isEqualTo(ref.parameterCount);
        FloatVec theta = net.newParameters();
        net.initialize(theta, 1);
        int batch = 3;
        SplittableRandom rng = new SplittableRandom(2);
        Batch b = new Batch(batch, 3072, 0);
        double[] x = new double[batch * 3072];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextGaussian();
            b.features().set(i, (float) x[i]);
        }
        int[] labels = {1, 7, 3};
        System.arraycopy(labels, 0, b.labels(), 0, batch);
        b.setSize(batch);
        double[] g = new double[ref.parameterCount];
        double loss64 = ref.lossAndGradient(theta.toDoubleArray(), x, labels, batch, g);
        FloatVec grad = net.newParameters();
        double loss = net.lossAndGradient(theta, b, SoftmaxCrossEntropy.INSTANCE, grad, net.workspace(batch));
        assertThat(loss).isCloseTo(loss64, org.assertj.core.data.Offset.offset(1e-5));
        assertThat(GradientTest.relErr(grad.toDoubleArray(), g)).isLessThan(1e-4);
        double[] out64 = ref.outputs(theta.toDoubleArray(), x, batch);
        FloatVec out = net.forward(theta, b, net.workspace(batch));
        for (int i = 0; i < out64.length; i++) {
            assertThat((double) out.get(i)).isCloseTo(out64[i], org.assertj.core.data.Offset.offset(1e-5));
        }
    }

    @Test
    void lenetShapesAndNames() {
        Network net = Models.lenet(new ImageShape(3, 32, 32), 10, "relu", OpenBlasGemm.INSTANCE);
        assertThat(net.tensors().stream().map(ParamTensor::name).toList()).containsExactly("0.weight", "0.bias", "3.weight", "3.bias",
                "7.weight", "7.bias", "9.weight", "9.bias", "11.weight", "11.bias");
        assertThat(net.tensors().get(4).shape()).containsExactly(120, 400);
        assertThat(Models.lenet(new ImageShape(1, 28, 28), 10, "relu", OpenBlasGemm.INSTANCE).tensors().get(4).shape()).containsExactly(120, 256);
    }

    /**
     * Memory estimates count what the conv and pool layers keep per thread: AlexNet's workspace estimate exceeds the
     * activation buffers by exactly the layers' scratch, which for each convolution at batch 100 holds at least its
     * kept patch matrix (ch 64: the second convolution's is 100 · 64 · 1600 floats, 41 MB) and grows with tangents.
     */
    @Test
    void workspaceEstimateCountsTheKeptPatchesAndIndices() {
        Network net = Models.alexnet(new ImageShape(3, 32, 32), 64, 10, OpenBlasGemm.INSTANCE);
        int b = 100;
        long acts = 0;
        long scratch = 0;
        long scratchTangents = 0;
        for (Layer l : net.layers()) {
            acts += (long) b * l.outputSize();
            scratch += l.scratchBytes(b, false);
            scratchTangents += l.scratchBytes(b, true);
            if (l instanceof Conv2d c) {
                ImageShape o = c.outputShape();
                long patches = 4L * b * o.height() * o.width() * c.inputShape().channels() * (long) c.kernel() * c.kernel();
                assertThat(c.scratchBytes(b, false)).as("conv %s", o).isGreaterThanOrEqualTo(patches);
                assertThat(c.scratchBytes(b, true)).isGreaterThanOrEqualTo(2 * patches);
            }
        }
        assertThat(net.workspaceBytes(b, false)).isEqualTo(8 * acts + scratch);
        assertThat(net.workspaceBytes(b, true)).isEqualTo(16 * acts + scratchTangents);
        assertThat(scratch).isGreaterThan(4L * 100 * 64 * 64 * 25);
    }

    /**
     * What a layer keeps from its forward (patches, pooling indices) is used only for the input it was made from: after
     * another forward on other data, after the input was changed in place, or after a second tangent pass, every pass
     * gives, bit for bit, what a fresh layer object gives.
     */
    @Test
    void keptRecordsNeverGoStale() {
        ImageShape in = new ImageShape(2, 7, 7);
        List<java.util.function.Supplier<Layer>> makers = List.of(() -> new Conv2d(in, 3, 3, 2, 1, true, 600, Conv2d.KEEP_FLOATS),
                () -> new Conv2d(in, 3, 3, 1, 1, true, 600, 600), () -> new Conv2d(in, 3, 3, 1, 1, false, 600, 0),
                () -> new MaxPool2d(in, 3, 2, 1));
        Gemm gemm = OpenBlasGemm.INSTANCE;
        SplittableRandom rng = new SplittableRandom(17);
        for (java.util.function.Supplier<Layer> make : makers) {
            Layer l = make.get();
            String what = l.describe();
            int b = BATCH;
            FloatVec theta = FloatVec.zeros(l.parameterCount());
            FloatVec dir = FloatVec.zeros(l.parameterCount());
            l.initialize(theta, rng);
            l.initialize(dir, rng);
            FloatVec x1 = random(b * l.inputSize(), rng);
            FloatVec x2 = random(b * l.inputSize(), rng);
            FloatVec r1 = random(b * l.inputSize(), rng);
            FloatVec r2 = random(b * l.inputSize(), rng);
            FloatVec gy = random(b * l.outputSize(), rng);
            FloatVec rgy = random(b * l.outputSize(), rng);
            FloatVec y = FloatVec.zeros(b * l.outputSize());
            FloatVec ry = FloatVec.zeros(b * l.outputSize());
            // Another forward in between.
            l.forward(gemm, theta, x1, y, b);
            l.forward(gemm, theta, x2, y, b);
            assertThat(passes(l, theta, dir, x1, r1, gy, rgy, b)).as(what + " after another forward").isEqualTo(passes(make.get(), theta, dir, x1, r1, gy, rgy, b));
            // The input changed in place after the forward (one pixel made the largest of its windows).
            l.forward(gemm, theta, x1, y, b);
            x1.set(3 * l.inputSize() / 2 + 9, 50f);
            assertThat(passes(l, theta, dir, x1, r1, gy, rgy, b)).as(what + " after the input changed").isEqualTo(passes(make.get(), theta, dir, x1, r1, gy, rgy, b));
            // A second tangent pass in between (the R-backward must use r1's patches, not r2's).
            l.forward(gemm, theta, x1, y, b);
            l.forwardTangent(gemm, theta, dir, x1, r1, y, ry, b);
            l.forwardTangent(gemm, theta, dir, x1, r2, y, ry, b);
            float[] after = rBackward(l, theta, dir, x1, r1, gy, rgy, b);
            Layer f = make.get();
            f.forward(gemm, theta, x1, y, b);
            f.forwardTangent(gemm, theta, dir, x1, r1, y, ry, b);
            assertThat(after).as(what + " after a second tangent").isEqualTo(rBackward(f, theta, dir, x1, r1, gy, rgy, b));
        }
    }

    /** Ties go to the first maximum in window order (−0 and +0 tie), and a NaN, the first one met, is the maximum: as PyTorch routes them. */
    @Test
    void maxPoolRoutesToTheFirstMaximumAndToNaN() {
        MaxPool2d pool = new MaxPool2d(new ImageShape(1, 4, 4), 2, 2, 0);
        float nan = Float.NaN;
        // Windows (row-major): [1 1 / 0 1], [-0 0 / 0 -1], [5 NaN / 7 1], [NaN 2 / NaN 9].
        FloatVec x = FloatVec.of(1, 1, -0f, 0, 0, 1, 0, -1, 5, nan, nan, 2, 7, 1, nan, 9);
        FloatVec y = FloatVec.zeros(4);
        pool.forward(OpenBlasGemm.INSTANCE, FloatVec.zeros(0), x, y, 1);
        assertThat(y.toArray()).containsExactly(1f, -0f, nan, nan);
        FloatVec gx = FloatVec.zeros(16);
        pool.backwardInput(OpenBlasGemm.INSTANCE, FloatVec.zeros(0), x, y, FloatVec.of(1, 2, 3, 4), gx, 1);
        assertThat(gx.toArray()).containsExactly(1, 0, 2, 0, 0, 0, 0, 0, 0, 3, 4, 0, 0, 0, 0, 0);
    }

    /**
     * Max pooling against the plain definition (scan each clipped window in row-major order, keep the first strictly
     * larger value, a NaN once met) on values with many ties, signed zeros, infinities and a few NaNs, over the
     * geometries of the models (AlexNet's k3 s2 on 17×17 and 8×8) and padded, overlapping and disjoint windows:
     * the pooled values and the routing of the backward agree exactly, on one thread and on two.
     */
    @ParameterizedTest
    @MethodSource("poolGeometries")
    void maxPoolMatchesThePlainDefinition(int c, int h, int w, int k, int stride, int pad) {
        ImageShape in = new ImageShape(c, h, w);
        MaxPool2d pool = new MaxPool2d(in, k, stride, pad);
        int b = 11;
        SplittableRandom rng = new SplittableRandom(h * 31L + k * 7L + pad);
        float[] xs = new float[b * in.size()];
        for (int i = 0; i < xs.length; i++) {
            double u = rng.nextDouble();
            xs[i] = u < 0.01 ? Float.NaN : u < 0.03 ? Float.NEGATIVE_INFINITY : u < 0.04 ? Float.POSITIVE_INFINITY
                    : u < 0.3 ? (rng.nextBoolean() ? -0f : 0f) : (float) (Math.round(rng.nextGaussian() * 3) / 2.0);
        }
        int oh = (h + 2 * pad - k) / stride + 1;
        int ow = (w + 2 * pad - k) / stride + 1;
        float[] want = new float[b * c * oh * ow];
        float[] wantGx = new float[xs.length];
        float[] gys = new float[want.length];
        for (int o = 0; o < gys.length; o++) {
            gys[o] = 1 + o % 5;
        }
        int o = 0;
        for (int pl = 0; pl < b * c; pl++) {
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    int at = -1;
                    for (int i = oy * stride - pad; i < oy * stride - pad + k; i++) {
                        for (int j = ox * stride - pad; j < ox * stride - pad + k; j++) {
                            if (i < 0 || j < 0 || i >= h || j >= w) {
                                continue;
                            }
                            int q = pl * h * w + i * w + j;
                            if (at < 0 || (!Float.isNaN(xs[at]) && (xs[q] > xs[at] || Float.isNaN(xs[q])))) {
                                at = q;
                            }
                        }
                    }
                    want[o] = xs[at];
                    wantGx[at] += gys[o];
                    o++;
                }
            }
        }
        for (int threads : new int[] {1, 2}) {
            Gemm gemm = threadsGemm(threads);
            FloatVec y = FloatVec.zeros(want.length);
            pool.forward(gemm, FloatVec.zeros(0), FloatVec.of(xs), y, b);
            assertThat(y.toArray()).as("pooled values, %d thread(s)", threads).isEqualTo(want);
            FloatVec gx = FloatVec.zeros(xs.length);
            pool.backwardInput(gemm, FloatVec.zeros(0), FloatVec.of(xs), y, FloatVec.of(gys), gx, b);
            assertThat(gx.toArray()).as("routed gradient, %d thread(s)", threads).isEqualTo(wantGx);
        }
    }

    static Stream<Arguments> poolGeometries() {
        return Stream.of(Arguments.of(3, 17, 17, 3, 2, 0), Arguments.of(2, 8, 8, 3, 2, 0), Arguments.of(2, 7, 9, 3, 2, 1),
                Arguments.of(1, 6, 6, 3, 1, 1), Arguments.of(2, 8, 6, 2, 2, 0), Arguments.of(1, 5, 5, 4, 3, 2), Arguments.of(1, 1, 1, 1, 1, 0));
    }

    /** The layers' loops split over threads (patches, col2im, pooling) give the same bits as on one thread. */
    @Test
    void layerLoopsOnTwoThreadsGiveTheSameBits() {
        float[][] one = gradientAndHv(1);
        float[][] two = gradientAndHv(2);
        assertThat(two[0]).isEqualTo(one[0]);
        assertThat(two[1]).isEqualTo(one[1]);
    }

    /** The reference GEMM, reporting {@code threads} threads to the layers (which split their loops over that many). */
    static Gemm threadsGemm(int threads) {
        return new Gemm() {
            @Override
            public void sgemm(boolean ta, boolean tb, int m, int n, int k, float alpha, FloatVec a, int lda, FloatVec b, int ldb, float beta, FloatVec c,
                              int ldc) {
                ReferenceGemm.INSTANCE.sgemm(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
            }

            @Override
            public int threads() {
                return threads;
            }

            @Override
            public String name() {
                return "reference-" + threads;
            }
        };
    }

    /** Gradient and H·v of the test net with the reference GEMM reporting {@code threads} threads to the layers. */
    static float[][] gradientAndHv(int threads) {
        Gemm gemm = threadsGemm(threads);
        Setup s = setup(network("relu", 600, 600, gemm, 0, null), "relu");
        Network.Workspace ws = s.net().workspace(BATCH);
        FloatVec g = s.net().newParameters();
        s.net().lossAndGradient(s.thetaF(), s.batch(), SoftmaxCrossEntropy.INSTANCE, g, ws);
        FloatVec hv = s.net().newParameters();
        s.net().hessianVector(s.thetaF(), s.batch(), SoftmaxCrossEntropy.INSTANCE, CurvatureProductsTest.toFloat(CurvatureProductsTest.randomDirection(g.length(), 3)), hv, ws);
        return new float[][] {g.toArray(), hv.toArray()};
    }

    static FloatVec random(int n, SplittableRandom rng) {
        FloatVec v = FloatVec.zeros(n);
        for (int i = 0; i < n; i++) {
            v.set(i, (float) (rng.nextDouble() * 2 - 1));
        }
        return v;
    }

    /** Input gradient, parameter gradient and tangent at x, concatenated (without a forward: what the layer kept is used). */
    static float[] passes(Layer l, FloatVec theta, FloatVec dir, FloatVec x, FloatVec r, FloatVec gy, FloatVec rgy, int b) {
        Gemm gemm = OpenBlasGemm.INSTANCE;
        FloatVec gx = FloatVec.zeros(b * l.inputSize());
        FloatVec gp = FloatVec.zeros(l.parameterCount());
        FloatVec ry = FloatVec.zeros(b * l.outputSize());
        l.backwardInput(gemm, theta, x, null, gy, gx, b);
        l.backwardParams(gemm, theta, x, null, gy, gp, b);
        l.forwardTangent(gemm, theta, dir, x, r, null, ry, b);
        float[] rb = rBackward(l, theta, dir, x, r, gy, rgy, b);
        float[] all = new float[gx.length() + gp.length() + ry.length() + rb.length];
        System.arraycopy(gx.toArray(), 0, all, 0, gx.length());
        System.arraycopy(gp.toArray(), 0, all, gx.length(), gp.length());
        System.arraycopy(ry.toArray(), 0, all, gx.length() + gp.length(), ry.length());
        System.arraycopy(rb, 0, all, gx.length() + gp.length() + ry.length(), rb.length);
        return all;
    }

    /** The R-backward's gx, rGx and parameter rows of H·dir, concatenated. */
    static float[] rBackward(Layer l, FloatVec theta, FloatVec dir, FloatVec x, FloatVec r, FloatVec gy, FloatVec rgy, int b) {
        FloatVec gx = FloatVec.zeros(b * l.inputSize());
        FloatVec rgx = FloatVec.zeros(b * l.inputSize());
        FloatVec hv = FloatVec.zeros(l.parameterCount());
        l.backwardTangent(OpenBlasGemm.INSTANCE, theta, dir, x, r, null, null, gy, rgy, gx, rgx, hv, b);
        float[] all = new float[2 * gx.length() + hv.length()];
        System.arraycopy(gx.toArray(), 0, all, 0, gx.length());
        System.arraycopy(rgx.toArray(), 0, all, gx.length(), gx.length());
        System.arraycopy(hv.toArray(), 0, all, 2 * gx.length(), hv.length());
        return all;
    }

    /** Delegates to a layer and breaks one of its passes. */
    static final class Faulty implements Layer {
        final Layer l;
        final Fault f;

        Faulty(Layer l, Fault f) {
            this.l = l;
            this.f = f;
        }

        static void scale(FloatVec v, int n) {
            for (int i = 0; i < n; i++) {
                v.set(i, v.get(i) * 1.001f);
            }
        }

        @Override
        public int inputSize() {
            return l.inputSize();
        }

        @Override
        public int outputSize() {
            return l.outputSize();
        }

        @Override
        public List<ParamShape> parameters() {
            return l.parameters();
        }

        @Override
        public void initialize(FloatVec params, SplittableRandom rng) {
            l.initialize(params, rng);
        }

        @Override
        public void forward(Gemm gemm, FloatVec params, FloatVec in, FloatVec out, int batch) {
            l.forward(gemm, params, in, out, batch);
            if (f == Fault.FORWARD_OFF) {
                for (int i = 0; i < batch * outputSize(); i++) {
                    out.set(i, out.get(i) * 1.01f);
                }
            }
        }

        @Override
        public void backwardInput(Gemm gemm, FloatVec params, FloatVec in, FloatVec out, FloatVec gradOut, FloatVec gradIn, int batch) {
            l.backwardInput(gemm, params, in, out, gradOut, gradIn, batch);
            if (f == Fault.GRAD_INPUT_OFF) {
                scale(gradIn, batch * inputSize());
            }
        }

        @Override
        public void backwardParams(Gemm gemm, FloatVec params, FloatVec in, FloatVec out, FloatVec gradOut, FloatVec gradParams, int batch) {
            l.backwardParams(gemm, params, in, out, gradOut, gradParams, batch);
            if (f == Fault.GRAD_PARAMS_OFF) {
                scale(gradParams, gradParams.length());
            }
        }

        @Override
        public void addScaledParamGradient(Gemm gemm, FloatVec params, FloatVec in, FloatVec out, FloatVec gradOut, float s, FloatVec target,
                                           int batch) {
            l.addScaledParamGradient(gemm, params, in, out, gradOut, f == Fault.GRAD_PARAMS_OFF ? s * 1.001f : s, target, batch);
        }

        @Override
        public void forwardTangent(Gemm gemm, FloatVec params, FloatVec dir, FloatVec in, FloatVec rIn, FloatVec out, FloatVec rOut, int batch) {
            FloatVec d = f == Fault.TANGENT_WITHOUT_DIRECTION ? FloatVec.zeros(dir.length()) : dir;
            l.forwardTangent(gemm, params, d, in, f == Fault.TANGENT_WITHOUT_INPUT_TANGENT ? null : rIn, out, rOut, batch);
        }

        @Override
        public void backwardTangent(Gemm gemm, FloatVec params, FloatVec dir, FloatVec in, FloatVec rIn, FloatVec out, FloatVec rOut,
                                    FloatVec gy, FloatVec rGy, FloatVec gx, FloatVec rGx, FloatVec rGradParams, int batch) {
            FloatVec d = f == Fault.RBACKWARD_WITHOUT_DIRECTION ? FloatVec.zeros(dir.length()) : dir;
            l.backwardTangent(gemm, params, d, in, f == Fault.RBACKWARD_WITHOUT_INPUT_TANGENT ? null : rIn, out, rOut, gy, rGy, gx, rGx,
                    rGradParams, batch);
            if (f == Fault.RBACKWARD_INPUT_OFF && rGx != null) {
                scale(rGx, batch * inputSize());
            }
        }

        @Override
        public void addSquaredSampleGradients(Gemm gemm, FloatVec in, FloatVec gy, float s, FloatVec target, FloatVec a, FloatVec b, int batch) {
            l.addSquaredSampleGradients(gemm, in, gy, f == Fault.SQUARES_OFF ? s * 1.01f : s, target, a, b, batch);
        }

        @Override
        public String describe() {
            return "Faulty(" + l.describe() + ")";
        }
    }
}
