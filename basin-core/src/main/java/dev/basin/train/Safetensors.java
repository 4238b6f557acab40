package dev.basin.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.basin.data.AtomicFiles;
import dev.basin.data.DataException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The safetensors format (readable by {@code safetensors.torch.load_file}): an 8-byte little-endian
 * header length N, N bytes of JSON mapping each tensor name to {dtype, shape, data_offsets} (offsets
 * relative to the end of the header) plus an optional "__metadata__" string→string map, then the
 * raw little-endian tensor bytes. Basin writes F32 tensors only, header padded with spaces to a
 * multiple of 8 bytes, tensors in the order given.
 *
 * <p>Determinism: the bytes depend only on the contents, never on how the maps were built. The
 * metadata keys are written sorted (so a {@code Map.of}, whose order varies between JVMs, or maps
 * filled in different orders give the same header), "__metadata__" first, then the tensors in the
 * given order; callers pass tensors in a fixed order (see {@link Checkpoint}).
 */
public final class Safetensors {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Reads headers; a name given twice is an error, not silently the last one. */
    private static final ObjectMapper READ_JSON = JsonMapper.builder()
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private static final long MAX_HEADER = 100L << 20;

    private Safetensors() {
    }

    /** A float32 tensor: shape and row-major values. */
    public record Tensor(int[] shape, float[] data) {
        public Tensor {
            long n = 1;
            for (int s : shape) {
                n *= s;
            }
            if (n != data.length) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + n + " values, data has " + data.length);
            }
        }
    }

    /** File contents: tensors in file order and the metadata map. */
    public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {
    }

    /**
     * Writes atomically (temporary file, then move). Metadata keys are written in sorted order and
     * tensors in {@code tensors}' iteration order, so equal contents give identical bytes.
     */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        ObjectNode header = JSON.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = header.putObject("__metadata__");
            new TreeMap<>(metadata).forEach(meta::put);
        }
        long offset = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            ObjectNode t = header.putObject(e.getKey());
            t.put("dtype", "F32");
            var shape = t.putArray("shape");
            for (int s : e.getValue().shape()) {
                shape.add(s);
            }
            long bytes = 4L * e.getValue().data().length;
            t.putArray("data_offsets").add(offset).add(offset + bytes);
            offset += bytes;
        }
        byte[] h = JSON.writeValueAsBytes(header);
        int padded = (h.length + 7) / 8 * 8;
        byte[] hp = Arrays.copyOf(h, padded);
        Arrays.fill(hp, h.length, padded, (byte) ' ');
        AtomicFiles.write(file, out -> {
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded);
            out.write(len.array());
            out.write(hp);
            ByteBuffer chunk = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
            for (Tensor t : tensors.values()) {
                for (float v : t.data()) {
                    if (!chunk.hasRemaining()) {
                        out.write(chunk.array(), 0, chunk.position());
                        chunk.clear();
                    }
                    chunk.putFloat(v);
                }
            }
            out.write(chunk.array(), 0, chunk.position());
        });
    }

    /** Reads a file, checking the header against the file size; F32 tensors only. */
    public static Contents read(Path file) {
        byte[] b;
        try {
            b = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new DataException("checkpoint not found: " + file);
        } catch (IOException e) {
            throw new DataException("cannot read " + file + ": " + e.getMessage());
        }
        if (b.length < 8) {
            throw new DataException(file + " is not a safetensors file: only " + b.length + " bytes");
        }
        long n = ByteBuffer.wrap(b, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (n < 2 || n > MAX_HEADER || 8 + n > b.length) {
            throw new DataException(file + " is not a safetensors file or is truncated (header length " + n + ", file " + b.length + " bytes)");
        }
        JsonNode header;
        try {
            header = READ_JSON.readTree(new String(b, 8, (int) n, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new DataException(file + " has a corrupt safetensors header: " + DataException.excerpt(firstLine(e.getOriginalMessage())));
        }
        if (header == null || !header.isObject()) {
            throw new DataException(file + " has a corrupt safetensors header: not a JSON object");
        }
        int base = 8 + (int) n;
        long declared = 0;
        for (Map.Entry<String, JsonNode> e : header.properties()) {
            if (!e.getKey().equals("__metadata__")) {
                declared = Math.max(declared, e.getValue().path("data_offsets").path(1).asLong(0));
            }
        }
        if (base + declared != b.length) {
            throw new DataException(file + " is truncated or corrupt: its header declares " + (base + declared) + " bytes, the file has "
                    + b.length);
        }
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        Map<String, String> meta = new LinkedHashMap<>();
        List<Map.Entry<String, JsonNode>> entries = new ArrayList<>(header.properties());
        entries.sort((x, y) -> Long.compare(x.getValue().path("data_offsets").path(0).asLong(), y.getValue().path("data_offsets").path(0).asLong()));
        long previousEnd = 0;
        String previous = null;
        for (Map.Entry<String, JsonNode> e : entries) {
            if (e.getKey().equals("__metadata__")) {
                e.getValue().properties().forEach(m -> meta.put(m.getKey(), m.getValue().asText()));
                continue;
            }
            JsonNode t = e.getValue();
            if (!"F32".equals(t.path("dtype").asText())) {
                throw new DataException(file + ": tensor " + DataException.excerpt(e.getKey()) + " has dtype " + DataException.excerpt(t.path("dtype").asText()) + "; Basin reads F32 only");
            }
            JsonNode shapeNode = t.path("shape");
            if (!shapeNode.isArray()) {
                throw new DataException(file + ": tensor " + DataException.excerpt(e.getKey()) + " has no shape list (" + DataException.excerpt(shapeNode) + "); the header is corrupt");
            }
            int[] shape = new int[shapeNode.size()];
            long count = 1;
            for (int i = 0; i < shape.length; i++) {
                JsonNode d = shapeNode.get(i);
                if (!d.isIntegralNumber() || !d.canConvertToInt() || d.asInt() < 0) {
                    throw new DataException(file + ": tensor " + DataException.excerpt(e.getKey()) + " has shape " + DataException.excerpt(shapeNode) + ", not a list of sizes >= 0; the header is corrupt");
                }
                shape[i] = d.asInt();
                count = shape[i] == 0 || count == 0 ? 0 : count > b.length / shape[i] ? b.length + 1L : count * shape[i];
            }
            JsonNode offsets = t.path("data_offsets");
            long start = offsets.path(0).isIntegralNumber() && offsets.path(0).canConvertToLong() ? offsets.path(0).asLong() : -1;
            long end = offsets.path(1).isIntegralNumber() && offsets.path(1).canConvertToLong() ? offsets.path(1).asLong() : -1;
            if (!offsets.isArray() || offsets.size() != 2 || start < 0 || end < start || end > b.length - base
                    || count > b.length || end - start != 4 * count) {
                throw new DataException(file + ": tensor " + DataException.excerpt(e.getKey()) + " has bad offsets " + DataException.excerpt(offsets) + " for shape " + DataException.excerpt(shapeNode)
                        + " in a file of " + b.length + " bytes; the file is truncated or corrupt");
            }
            if (start < previousEnd) {
                throw new DataException(file + ": tensors " + DataException.excerpt(previous) + " and " + DataException.excerpt(e.getKey()) + " overlap (the second starts at "
                        + start + ", before the first ends at " + previousEnd + "); the file is corrupt");
            }
            previousEnd = end;
            previous = e.getKey();
            float[] data = new float[(int) count];
            ByteBuffer.wrap(b, base + (int) start, (int) (end - start)).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(data);
            tensors.put(e.getKey(), new Tensor(shape, data));
        }
        return new Contents(tensors, meta);
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }
}
