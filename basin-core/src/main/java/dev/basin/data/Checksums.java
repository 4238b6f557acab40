package dev.basin.data;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 helpers. Official checksums are of the DECOMPRESSED bytes (mirrors re-compress files). */
public final class Checksums {
    private Checksums() {
    }

    public static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from this JVM", e);
        }
    }

    /** Throws a {@link DataException} when {@code data}'s SHA-256 is not {@code expected}. */
    public static void verify(byte[] data, String expected, String what) {
        String actual = sha256(data);
        if (!actual.equalsIgnoreCase(expected)) {
            throw new DataException("checksum mismatch for " + what + ": SHA-256 is " + actual + ", expected " + expected
                    + "; the file is corrupt or not the official one: delete it and run 'basin download', or pass --no-verify to use it anyway");
        }
    }
}
