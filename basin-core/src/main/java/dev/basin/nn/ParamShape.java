package dev.basin.nn;

import java.util.Arrays;

/**
 * One named parameter tensor of a layer: its name relative to the layer ("weight", "bias") and its
 * shape in PyTorch's convention (Linear weight = [out, in]).
 */
public record ParamShape(String name, int[] shape) {
    public ParamShape {
        shape = shape.clone();
    }

    public int size() {
        int n = 1;
        for (int s : shape) {
            n *= s;
        }
        return n;
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ParamShape p && p.name.equals(name) && Arrays.equals(p.shape, shape);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape);
    }
}
