package dev.basin.nn;

import dev.basin.numeric.SpecialFunctions;

/**
 * A float64, plain-loop implementation of the same MLPs (Linear with optional bias, ReLU/Tanh/GELU,
 * cross-entropy or MSE), written independently of the production layers: the reference that
 * gradients are checked against (and that is itself checked against finite differences).
 */
final class ReferenceNet64 {
    final int[] sizes;
    final boolean bias;
    final String activation;
    final boolean mse;

    ReferenceNet64(int[] sizes, boolean bias, String activation, boolean mse) {
        this.sizes = sizes;
        this.bias = bias;
        this.activation = activation;
        this.mse = mse;
    }

    int parameterCount() {
        int n = 0;
        for (int l = 0; l + 1 < sizes.length; l++) {
            n += sizes[l + 1] * sizes[l] + (bias ? sizes[l + 1] : 0);
        }
        return n;
    }

    double act(double z) {
        switch (activation) {
            case "relu":
                return Math.max(0, z);
            case "tanh":
                return Math.tanh(z);
            default:
                return z * SpecialFunctions.normalCdf(z);
        }
    }

    double actPrime(double z) {
        switch (activation) {
            case "relu":
                return z > 0 ? 1 : 0;
            case "tanh":
                double t = Math.tanh(z);
                return 1 - t * t;
            default:
                return SpecialFunctions.normalCdf(z) + z * SpecialFunctions.normalPdf(z);
        }
    }

    /** The network's outputs (batch × classes) at θ. */
    double[] outputs(double[] theta, double[] x, int batch) {
        double[][] pre = new double[sizes.length - 1][];
        double[][] post = new double[sizes.length][];
        forward(theta, x, batch, pre, post, new int[sizes.length - 1]);
        return post[sizes.length - 1];
    }

    private void forward(double[] theta, double[] x, int batch, double[][] pre, double[][] post, int[] off) {
        int layers = sizes.length - 1;
        post[0] = x;
        int o = 0;
        for (int l = 0; l < layers; l++) {
            off[l] = o;
            int in = sizes[l];
            int out = sizes[l + 1];
            pre[l] = new double[batch * out];
            post[l + 1] = new double[batch * out];
            for (int r = 0; r < batch; r++) {
                for (int j = 0; j < out; j++) {
                    double s = bias ? theta[o + out * in + j] : 0;
                    for (int i = 0; i < in; i++) {
                        s += theta[o + j * in + i] * post[l][r * in + i];
                    }
                    pre[l][r * out + j] = s;
                    post[l + 1][r * out + j] = l == layers - 1 ? s : act(s);
                }
            }
            o += out * in + (bias ? out : 0);
        }
    }

    /** Mean loss over the batch; when grad != null it is overwritten with the gradient. */
    double lossAndGradient(double[] theta, double[] x, int[] labels, double[] targets, int batch, double[] grad) {
        int layers = sizes.length - 1;
        double[][] pre = new double[layers][];
        double[][] post = new double[layers + 1][];
        int[] off = new int[layers];
        forward(theta, x, batch, pre, post, off);
        int k = sizes[layers];
        double[] z = post[layers];
        double[] dz = new double[batch * k];
        double loss = 0;
        for (int r = 0; r < batch; r++) {
            if (mse) {
                for (int j = 0; j < k; j++) {
                    double t = targets != null ? targets[r * k + j] : (labels[r] == j ? 1 : 0);
                    double d = z[r * k + j] - t;
                    loss += d * d / (batch * k);
                    dz[r * k + j] = 2 * d / (batch * k);
                }
            } else {
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < k; j++) {
                    max = Math.max(max, z[r * k + j]);
                }
                double s = 0;
                for (int j = 0; j < k; j++) {
                    s += Math.exp(z[r * k + j] - max);
                }
                double lse = max + Math.log(s);
                loss += (lse - z[r * k + labels[r]]) / batch;
                for (int j = 0; j < k; j++) {
                    dz[r * k + j] = (Math.exp(z[r * k + j] - lse) - (j == labels[r] ? 1 : 0)) / batch;
                }
            }
        }
        if (grad == null) {
            return loss;
        }
        java.util.Arrays.fill(grad, 0);
        double[] delta = dz; // dL/d(pre-activation) of the current layer
        for (int l = layers - 1; l >= 0; l--) {
            int in = sizes[l];
            int out = sizes[l + 1];
            for (int r = 0; r < batch; r++) {
                for (int j = 0; j < out; j++) {
                    double d = delta[r * out + j];
                    for (int i = 0; i < in; i++) {
                        grad[off[l] + j * in + i] += d * post[l][r * in + i];
                    }
                    if (bias) {
                        grad[off[l] + out * in + j] += d;
                    }
                }
            }
            if (l > 0) {
                double[] prev = new double[batch * in];
                for (int r = 0; r < batch; r++) {
                    for (int i = 0; i < in; i++) {
                        double s = 0;
                        for (int j = 0; j < out; j++) {
                            s += delta[r * out + j] * theta[off[l] + j * in + i];
                        }
                        prev[r * in + i] = s * actPrime(pre[l - 1][r * in + i]);
                    }
                }
                delta = prev;
            }
        }
        return loss;
    }
}
