package dev.basin.data;

/**
 * A problem with input data that the user can fix (missing, truncated or corrupt file, wrong
 * checksum). The message is one line saying what is wrong and how to fix it.
 */
public class DataException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DataException(String message) {
        super(message);
    }

    public DataException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Text read from a damaged file, fit for a one-line message: its first line, control characters
     * shown as '?', cut to 120 characters with the full length noted.
     */
    public static String excerpt(Object text) {
        String s = String.valueOf(text);
        int cut = s.length() > 120 ? 120 : s.length();
        StringBuilder sb = new StringBuilder(cut + 32);
        for (int i = 0; i < cut; i++) {
            char c = s.charAt(i);
            sb.append(Character.isISOControl(c) ? '?' : c);
        }
        if (cut < s.length()) {
            sb.append("... (").append(s.length()).append(" characters)");
        }
        return sb.toString();
    }
}
