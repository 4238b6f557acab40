package dev.basin.nn;

import java.util.ArrayList;
import java.util.List;

/**
 * A float64, plain-loop implementation of convolutional nets (Conv2d, max and average pooling, tanh, ReLU,
 * flatten, Linear; softmax cross-entropy), written from the definitions independently of the production
 * layers (no im2col, no GEMM): each output pixel is the sum over its window, each gradient the sum over
 * the outputs that read an input. The reference that Basin's CNN passes are checked against.
 */
final class ReferenceConvNet64 {
    /** One stage; params are read from theta at {@code offset}. */
    abstract static class Op {
        int offset;

        int paramCount() {
            return 0;
        }

        abstract int outSize();

        abstract double[] forward(double[] theta, double[] x, int batch);

        /** Returns dL/dx and adds dL/dθ into grad (at this op's offset). */
        abstract double[] backward(double[] theta, double[] x, double[] y, double[] gy, int batch, double[] grad);
    }

    static final class Conv extends Op {
        final int c;
        final int h;
        final int w;
        final int o;
        final int k;
        final int s;
        final int p;
        final boolean bias;
        final int oh;
        final int ow;

        Conv(int c, int h, int w, int o, int k, int s, int p, boolean bias) {
            this.c = c;
            this.h = h;
            this.w = w;
            this.o = o;
            this.k = k;
            this.s = s;
            this.p = p;
            this.bias = bias;
            this.oh = (h + 2 * p - k) / s + 1;
            this.ow = (w + 2 * p - k) / s + 1;
        }

        @Override
        int paramCount() {
            return o * c * k * k + (bias ? o : 0);
        }

        @Override
        int outSize() {
            return o * oh * ow;
        }

        double weight(double[] theta, int oc, int ic, int i, int j) {
            return theta[offset + ((oc * c + ic) * k + i) * k + j];
        }

        @Override
        double[] forward(double[] theta, double[] x, int batch) {
            double[] y = new double[batch * outSize()];
            for (int r = 0; r < batch; r++) {
                for (int oc = 0; oc < o; oc++) {
                    for (int a = 0; a < oh; a++) {
                        for (int b = 0; b < ow; b++) {
                            double sum = bias ? theta[offset + o * c * k * k + oc] : 0;
                            for (int ic = 0; ic < c; ic++) {
                                for (int i = 0; i < k; i++) {
                                    for (int j = 0; j < k; j++) {
                                        int yy = a * s - p + i;
                                        int xx = b * s - p + j;
                                        if (yy >= 0 && yy < h && xx >= 0 && xx < w) {
                                            sum += weight(theta, oc, ic, i, j) * x[((r * c + ic) * h + yy) * w + xx];
                                        }
                                    }
                                }
                            }
                            y[((r * o + oc) * oh + a) * ow + b] = sum;
                        }
                    }
                }
            }
            return y;
        }

        @Override
        double[] backward(double[] theta, double[] x, double[] y, double[] gy, int batch, double[] grad) {
            double[] gx = new double[batch * c * h * w];
            for (int r = 0; r < batch; r++) {
                for (int oc = 0; oc < o; oc++) {
                    for (int a = 0; a < oh; a++) {
                        for (int b = 0; b < ow; b++) {
                            double g = gy[((r * o + oc) * oh + a) * ow + b];
                            if (bias && grad != null) {
                                grad[offset + o * c * k * k + oc] += g;
                            }
                            for (int ic = 0; ic < c; ic++) {
                                for (int i = 0; i < k; i++) {
                                    for (int j = 0; j < k; j++) {
                                        int yy = a * s - p + i;
                                        int xx = b * s - p + j;
                                        if (yy >= 0 && yy < h && xx >= 0 && xx < w) {
                                            int xi = ((r * c + ic) * h + yy) * w + xx;
                                            gx[xi] += g * weight(theta, oc, ic, i, j);
                                            if (grad != null) {
                                                grad[offset + ((oc * c + ic) * k + i) * k + j] += g * x[xi];
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            return gx;
        }
    }

    static final class Pool extends Op {
        final boolean max;
        final int c;
        final int h;
        final int w;
        final int k;
        final int s;
        final int p;
        final int oh;
        final int ow;

        Pool(boolean max, int c, int h, int w, int k, int s, int p) {
            this.max = max;
            this.c = c;
            this.h = h;
            this.w = w;
            this.k = k;
            this.s = s;
            this.p = p;
            this.oh = (h + 2 * p - k) / s + 1;
            this.ow = (w + 2 * p - k) / s + 1;
        }

        @Override
        int outSize() {
            return c * oh * ow;
        }

        /** For max: the index of the window's first largest input; for average unused. */
        int arg(double[] x, int r, int ch, int a, int b) {
            int best = -1;
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < k; j++) {
                    int yy = a * s - p + i;
                    int xx = b * s - p + j;
                    if (yy >= 0 && yy < h && xx >= 0 && xx < w) {
                        int xi = ((r * c + ch) * h + yy) * w + xx;
                        if (best < 0 || x[xi] > x[best]) {
                            best = xi;
                        }
                    }
                }
            }
            return best;
        }

        @Override
        double[] forward(double[] theta, double[] x, int batch) {
            double[] y = new double[batch * outSize()];
            for (int r = 0; r < batch; r++) {
                for (int ch = 0; ch < c; ch++) {
                    for (int a = 0; a < oh; a++) {
                        for (int b = 0; b < ow; b++) {
                            double v;
                            if (max) {
                                v = x[arg(x, r, ch, a, b)];
                            } else {
                                v = 0;
                                for (int i = 0; i < k; i++) {
                                    for (int j = 0; j < k; j++) {
                                        int yy = a * s - p + i;
                                        int xx = b * s - p + j;
                                        if (yy >= 0 && yy < h && xx >= 0 && xx < w) {
                                            v += x[((r * c + ch) * h + yy) * w + xx];
                                        }
                                    }
                                }
                                v /= k * k;
                            }
                            y[((r * c + ch) * oh + a) * ow + b] = v;
                        }
                    }
                }
            }
            return y;
        }

        @Override
        double[] backward(double[] theta, double[] x, double[] y, double[] gy, int batch, double[] grad) {
            double[] gx = new double[x.length];
            for (int r = 0; r < batch; r++) {
                for (int ch = 0; ch < c; ch++) {
                    for (int a = 0; a < oh; a++) {
                        for (int b = 0; b < ow; b++) {
                            double g = gy[((r * c + ch) * oh + a) * ow + b];
                            if (max) {
                                gx[arg(x, r, ch, a, b)] += g;
                                continue;
                            }
                            for (int i = 0; i < k; i++) {
                                for (int j = 0; j < k; j++) {
                                    int yy = a * s - p + i;
                                    int xx = b * s - p + j;
                                    if (yy >= 0 && yy < h && xx >= 0 && xx < w) {
                                        gx[((r * c + ch) * h + yy) * w + xx] += g / (k * k);
                                    }
                                }
                            }
                        }
                    }
                }
            }
            return gx;
        }
    }

    static final class Act extends Op {
        final boolean tanh;
        final int size;

        Act(boolean tanh, int size) {
            this.tanh = tanh;
            this.size = size;
        }

        @Override
        int outSize() {
            return size;
        }

        @Override
        double[] forward(double[] theta, double[] x, int batch) {
            double[] y = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                y[i] = tanh ? Math.tanh(x[i]) : Math.max(0, x[i]);
            }
            return y;
        }

        @Override
        double[] backward(double[] theta, double[] x, double[] y, double[] gy, int batch, double[] grad) {
            double[] gx = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                gx[i] = gy[i] * (tanh ? 1 - y[i] * y[i] : (x[i] > 0 ? 1 : 0));
            }
            return gx;
        }
    }

    static final class Dense extends Op {
        final int in;
        final int out;
        final boolean bias;

        Dense(int in, int out, boolean bias) {
            this.in = in;
            this.out = out;
            this.bias = bias;
        }

        @Override
        int paramCount() {
            return in * out + (bias ? out : 0);
        }

        @Override
        int outSize() {
            return out;
        }

        @Override
        double[] forward(double[] theta, double[] x, int batch) {
            double[] y = new double[batch * out];
            for (int r = 0; r < batch; r++) {
                for (int j = 0; j < out; j++) {
                    double sum = bias ? theta[offset + in * out + j] : 0;
                    for (int i = 0; i < in; i++) {
                        sum += theta[offset + j * in + i] * x[r * in + i];
                    }
                    y[r * out + j] = sum;
                }
            }
            return y;
        }

        @Override
        double[] backward(double[] theta, double[] x, double[] y, double[] gy, int batch, double[] grad) {
            double[] gx = new double[batch * in];
            for (int r = 0; r < batch; r++) {
                for (int j = 0; j < out; j++) {
                    double g = gy[r * out + j];
                    if (grad != null) {
                        if (bias) {
                            grad[offset + in * out + j] += g;
                        }
                        for (int i = 0; i < in; i++) {
                            grad[offset + j * in + i] += g * x[r * in + i];
                        }
                    }
                    for (int i = 0; i < in; i++) {
                        gx[r * in + i] += g * theta[offset + j * in + i];
                    }
                }
            }
            return gx;
        }
    }

    final List<Op> ops;
    final int parameterCount;

    ReferenceConvNet64(List<Op> ops) {
        this.ops = new ArrayList<>(ops);
        int off = 0;
        for (Op op : ops) {
            op.offset = off;
            off += op.paramCount();
        }
        this.parameterCount = off;
    }

    double[] outputs(double[] theta, double[] x, int batch) {
        double[] a = x;
        for (Op op : ops) {
            a = op.forward(theta, a, batch);
        }
        return a;
    }

    /** Mean softmax cross-entropy over the batch; when grad != null it is overwritten with the gradient. */
    double lossAndGradient(double[] theta, double[] x, int[] labels, int batch, double[] grad) {
        List<double[]> acts = new ArrayList<>();
        acts.add(x);
        for (Op op : ops) {
            acts.add(op.forward(theta, acts.get(acts.size() - 1), batch));
        }
        double[] z = acts.get(acts.size() - 1);
        int k = z.length / batch;
        double loss = 0;
        double[] g = new double[z.length];
        for (int r = 0; r < batch; r++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < k; j++) {
                max = Math.max(max, z[r * k + j]);
            }
            double sum = 0;
            for (int j = 0; j < k; j++) {
                sum += Math.exp(z[r * k + j] - max);
            }
            double lse = max + Math.log(sum);
            loss += (lse - z[r * k + labels[r]]) / batch;
            for (int j = 0; j < k; j++) {
                g[r * k + j] = (Math.exp(z[r * k + j] - lse) - (j == labels[r] ? 1 : 0)) / batch;
            }
        }
        if (grad == null) {
            return loss;
        }
        java.util.Arrays.fill(grad, 0);
        for (int i = ops.size() - 1; i >= 0; i--) {
            g = ops.get(i).backward(theta, acts.get(i), acts.get(i + 1), g, batch, grad);
        }
        return loss;
    }
}
