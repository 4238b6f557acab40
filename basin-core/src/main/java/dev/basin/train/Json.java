package dev.basin.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.basin.data.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;

/** JSON files of a run directory, written atomically and pretty-printed. */
public final class Json {
    /** Pretty-printed, snake_case property names (records' camelCase components become snake_case keys). */
    public static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    private Json() {
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** Serialises {@code value} to {@code file} through a temporary file. */
    public static void write(Path file, Object value) throws IOException {
        byte[] bytes = MAPPER.writeValueAsBytes(value);
        AtomicFiles.write(file, out -> {
            out.write(bytes);
            out.write('\n');
        });
    }
}
