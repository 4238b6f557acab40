package dev.basin.nn;

import java.util.Arrays;

/**
 * A parameter tensor's place in the flat parameter vector: its full name as PyTorch's nn.Sequential
 * would give it ("0.weight"), its shape, and its offset and length in θ.
 */
public record ParamTensor(String name, int[] shape, int offset, int length) {
    public ParamTensor {
        shape = shape.clone();
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ParamTensor p && p.name.equals(name) && Arrays.equals(p.shape, shape)
                && p.offset == offset && p.length == length;
    }

    @Override
    public int hashCode() {
        return (name.hashCode() * 31 + Arrays.hashCode(shape)) * 31 + offset;
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape) + "@" + offset;
    }
}
