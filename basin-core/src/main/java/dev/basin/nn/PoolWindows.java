package dev.basin.nn;

/**
 * The windows of a square 2-D pooling (nn.MaxPool2d / nn.AvgPool2d geometry): kernel k, stride s, zero padding p ≤ k/2,
 * output side ⌊(n + 2p − k)/s⌋ + 1, and for each output row and column the input range its window covers inside the
 * image ({@code rowFrom[oy] ≤ i < rowTo[oy]}, padding cut off).
 */
final class PoolWindows {
    final ImageShape input;
    final int kernel;
    final int stride;
    final int padding;
    final int oh;
    final int ow;
    final int[] rowFrom;
    final int[] rowTo;
    final int[] colFrom;
    final int[] colTo;

    PoolWindows(ImageShape input, int kernel, int stride, int padding, String layer) {
        if (kernel < 1 || stride < 1 || padding < 0 || 2 * padding > kernel) {
            throw new IllegalArgumentException(layer + " needs kernel, stride >= 1 and 0 <= padding <= kernel/2, got "
                    + kernel + ", " + stride + ", " + padding);
        }
        this.input = input;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.oh = ImageShape.outSide(input.height(), kernel, stride, padding, layer);
        this.ow = ImageShape.outSide(input.width(), kernel, stride, padding, layer);
        this.rowFrom = new int[oh];
        this.rowTo = new int[oh];
        for (int oy = 0; oy < oh; oy++) {
            rowFrom[oy] = Math.max(0, oy * stride - padding);
            rowTo[oy] = Math.min(input.height(), oy * stride - padding + kernel);
        }
        this.colFrom = new int[ow];
        this.colTo = new int[ow];
        for (int ox = 0; ox < ow; ox++) {
            colFrom[ox] = Math.max(0, ox * stride - padding);
            colTo[ox] = Math.min(input.width(), ox * stride - padding + kernel);
        }
    }

    ImageShape outputShape() {
        return new ImageShape(input.channels(), oh, ow);
    }

    int outputSize() {
        return input.channels() * oh * ow;
    }

    /** PyTorch's repr arguments: {@code kernel_size=k, stride=s, padding=p}. */
    String arguments() {
        return "kernel_size=" + kernel + ", stride=" + stride + ", padding=" + padding;
    }
}
