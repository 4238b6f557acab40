package dev.basin.data;

/**
 * Images stored as unsigned bytes (channel-major, C×H×W per sample) with class labels, normalised on
 * the fly as torchvision's ToTensor + Normalize: x = (p/255 − mean_c) / std_c.
 */
public final class ImageDataset implements Dataset {
    private final String name;
    private final byte[] pixels;
    private final byte[] labels;
    private final int n;
    private final int channels;
    private final int featureSize;
    private final int classes;
    private final float[][] lut;
    private final double[] mean;
    private final double[] std;

    /**
     * @param pixels n × channels × pixelsPerChannel bytes
     * @param labels n labels in [0, classes)
     */
    public ImageDataset(String name, byte[] pixels, byte[] labels, int channels, int classes, double[] mean, double[] std) {
        this.name = name;
        this.n = labels.length;
        if (n == 0) {
            throw new DataException(name + ": the data set is empty");
        }
        if (pixels.length % n != 0 || (pixels.length / n) % channels != 0) {
            throw new DataException(name + ": " + pixels.length + " pixel bytes do not divide into " + n
                    + " samples of " + channels + " channels");
        }
        if (mean.length != channels || std.length != channels) {
            throw new IllegalArgumentException("need one mean and std per channel (" + channels + ")");
        }
        this.pixels = pixels;
        this.labels = labels;
        this.channels = channels;
        this.featureSize = pixels.length / n;
        this.classes = classes;
        for (int i = 0; i < n; i++) {
            int y = labels[i] & 0xff;
            if (y >= classes) {
                throw new DataException(name + ": label " + y + " of sample " + i + " is outside [0, " + classes
                        + "); the labels file is corrupt or belongs to another data set");
            }
        }
        this.mean = mean.clone();
        this.std = std.clone();
        this.lut = new float[channels][256];
        for (int c = 0; c < channels; c++) {
            for (int p = 0; p < 256; p++) {
                lut[c][p] = (float) ((p / 255.0 - mean[c]) / std[c]);
            }
        }
    }

    /** Channels per sample (planes of featureSize / channels pixels each). */
    public int channels() {
        return channels;
    }

    /** The per-channel mean subtracted from p/255. */
    public double[] mean() {
        return mean.clone();
    }

    /** The per-channel standard deviation p/255 − mean is divided by. */
    public double[] std() {
        return std.clone();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int size() {
        return n;
    }

    @Override
    public int featureSize() {
        return featureSize;
    }

    @Override
    public int classes() {
        return classes;
    }

    @Override
    public int label(int index) {
        return labels[index] & 0xff;
    }

    @Override
    public void features(int index, float[] out) {
        int base = index * featureSize;
        int per = featureSize / channels;
        for (int c = 0; c < channels; c++) {
            float[] t = lut[c];
            int off = c * per;
            for (int k = 0; k < per; k++) {
                out[off + k] = t[pixels[base + off + k] & 0xff];
            }
        }
    }

}
