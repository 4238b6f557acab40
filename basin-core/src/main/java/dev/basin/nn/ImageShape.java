package dev.basin.nn;

/**
 * The shape of one sample as a convolutional layer sees it: channels × height × width, stored
 * channel-major (NCHW per batch, as PyTorch), so a sample is still one flat row of C·H·W floats.
 */
public record ImageShape(int channels, int height, int width) {
    public ImageShape {
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("image shape must be positive, got " + channels + "×" + height + "×" + width);
        }
    }

    /** C·H·W, the row length. */
    public int size() {
        return channels * height * width;
    }

    /** Output side of a convolution or pooling window: floor((side + 2·padding − kernel) / stride) + 1. */
    static int outSide(int side, int kernel, int stride, int padding, String what) {
        int span = side + 2 * padding - kernel;
        if (span < 0) {
            throw new IllegalArgumentException(what + ": kernel " + kernel + " is larger than the padded input (" + side
                    + " + 2·" + padding + "); the input image is too small for this model");
        }
        return span / stride + 1;
    }

    @Override
    public String toString() {
        return channels + "×" + height + "×" + width;
    }
}
