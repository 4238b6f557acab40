package dev.basin.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/** Headless Chromium for the page tests: the DOM after the page's scripts ran, and a screenshot. Skips when absent. */
final class Browser {
    private Browser() {
    }

    static String binary() {
        for (String b : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")) {
            if (Files.isExecutable(Path.of(b))) {
                return b;
            }
        }
        return null;
    }

    static void assumeChromium() {
        Assumptions.assumeTrue(binary() != null, "headless Chromium not installed (apt-get install chromium): the browser tests are skipped");
    }

    private static List<String> base(Path profile) {
        return new ArrayList<>(List.of(binary(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--disable-extensions", "--user-data-dir=" + profile, "--window-size=1400,2000", "--virtual-time-budget=4000"));
    }

    /** The DOM of {@code url} after load. */
    static String dumpDom(String url, Path work) throws IOException, InterruptedException {
        List<String> cmd = base(Files.createTempDirectory(work, "profile"));
        cmd.add("--dump-dom");
        cmd.add(url);
        Path out = work.resolve("dom-" + System.nanoTime() + ".html");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("chromium did not finish in 60 s");
        }
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    /** Saves a screenshot of {@code url} to {@code png}. */
    static void screenshot(String url, Path png, Path work, int height) throws IOException, InterruptedException {
        List<String> cmd = base(Files.createTempDirectory(work, "profile"));
        cmd.set(cmd.indexOf("--window-size=1400,2000"), "--window-size=1400," + height);
        cmd.add("--screenshot=" + png.toAbsolutePath());
        cmd.add(url);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("chromium did not finish in 60 s");
        }
    }

    private static final Pattern CHART = Pattern.compile("<div class=\"chart\" id=\"([^\"]+)\"[^>]*?data-points=\"(\\d+)\"");

    /** Each drawn chart's point count by its element id. */
    static Map<String, Integer> points(String dom) {
        Map<String, Integer> m = new TreeMap<>();
        Matcher x = CHART.matcher(dom);
        while (x.find()) {
            m.put(x.group(1), Integer.parseInt(x.group(2)));
        }
        return m;
    }

    static int count(String dom, String needle) {
        int n = 0;
        for (int i = dom.indexOf(needle); i >= 0; i = dom.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
