package dev.basin.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheFactory;
import dev.basin.Version;
import dev.basin.experiment.Claims;
import dev.basin.experiment.RunFolder;
import dev.basin.experiment.Zhou2020;
import dev.basin.noise.AlphaRow;
import dev.basin.train.RunDirectory;
import dev.basin.train.RunSummary;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A report of run folders: the model (provenance, charts, tables, forest plot, panels) and its two renderings, one
 * self-contained HTML page (uPlot and the page's script inlined from the jar, panels as data URIs) and Markdown beside the
 * PNG panels. The templates are Mustache files under {@code dev/basin/web/}.
 */
public final class Report {
    static final String UPLOT = "META-INF/resources/webjars/uplot/1.6.30/dist/";
    private static final MustacheFactory MUSTACHE = new DefaultMustacheFactory("dev/basin/web");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One folder's section. */
    public record Section(String name, String path, String protocol, String status, String progress, List<KeyValue> provenance, String spec,
                          List<KeyValue> timings, List<ChartView> charts, TableView summary, ClaimsView claims, List<Panel> panels,
                          List<Section> children) {
        public boolean hasChildren() {
            return !children.isEmpty();
        }
    }

    public record KeyValue(String key, String value) {
    }

    /**
     * A chart as the page holds it: its data as JSON (for uPlot) and its point count; a chart of a grid is a heatmap drawn as
     * SVG ({@code heatmap} not null, no JSON).
     */
    public record ChartView(String id, String domId, String title, int points, String json, Heatmap.Plot heatmap) {
    }

    public record TableView(List<String> header, List<List<String>> rows) {
    }

    public record ClaimsView(List<Claims.Row> rows, List<ClaimRow> table, String rule, Forest.Plot forest) {
    }

    public record ClaimRow(String claim, String arm, String quantity, String estimate, String interval, int seeds, String verdict, String css) {
    }

    /** A static panel: its file name and, in HTML, its data URI. */
    public record Panel(String name, String uri) {
    }

    private Report() {
    }

    /** Builds the section of a folder; {@code name} is what it is called on the page. */
    public static Section section(String name, RunFolder f, Function<Path, String> panelUri) {
        return section(name, f, panelUri, Charts::of);
    }

    /** As {@link #section(String, RunFolder, Function)}, with the folders' charts from {@code chartsOf} (the dashboard's cache). */
    public static Section section(String name, RunFolder f, Function<Path, String> panelUri, Function<RunFolder, List<Charts.Chart>> chartsOf) {
        JsonNode config = f.config();
        List<KeyValue> prov = new ArrayList<>();
        String spec = "";
        if (config != null) {
            flatten("", config.path("provenance"), prov);
            JsonNode files = config.path("data").path("files");
            for (JsonNode file : files) {
                prov.add(new KeyValue("data file " + file.path("path").asText(file.path("name").asText("")), "sha256 " + file.path("sha256").asText("")));
            }
            ObjectNode s = config.deepCopy();
            s.remove("provenance");
            try {
                spec = YAML.writeValueAsString(s).replaceFirst("^---\\n", "");
            } catch (IOException e) {
                spec = s.toString();
            }
        }
        List<KeyValue> timings = timings(f);
        List<ChartView> charts = new ArrayList<>();
        for (Charts.Chart c : chartsOf.apply(f)) {
            charts.add(view(name, c));
        }
        TableView summary = null;
        if (f.has(Zhou2020.SummaryRow.FILE)) {
            summary = summaryTable(Zhou2020.SummaryRow.TABLE.readComplete(f.file(Zhou2020.SummaryRow.FILE)));
        }
        ClaimsView claims = null;
        if (f.has(Claims.Row.FILE)) {
            List<Claims.Row> rows = Claims.Row.TABLE.readComplete(f.file(Claims.Row.FILE));
            claims = new ClaimsView(rows, rows.stream().map(Report::claimRow).toList(), Claims.rule(), Forest.of(rows));
        }
        List<Panel> panels = new ArrayList<>();
        try (Stream<Path> s = Files.list(f.dir())) {
            for (Path p : s.filter(p -> p.getFileName().toString().endsWith(".png") && Files.isRegularFile(p)).sorted().toList()) {
                panels.add(new Panel(p.getFileName().toString(), panelUri.apply(p)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Section> children = new ArrayList<>();
        for (RunFolder c : f.children()) {
            children.add(section(name + "/" + f.dir().relativize(c.dir()).toString().replace('\\', '/'), c, panelUri, chartsOf));
        }
        String progress = f.total() > 0 ? f.done() + " / " + f.total() + String.format(Locale.ROOT, " (%.0f%%)", 100 * f.fraction()) : "";
        return new Section(name, f.dir().toString(), f.protocol(), f.status(), progress, prov, spec, timings, charts, summary, claims, panels,
                children);
    }

    /** A panel as a data URI (the self-contained page). */
    public static String dataUri(Path png) {
        try {
            return "data:image/png;base64," + Base64.getEncoder().encodeToString(Files.readAllBytes(png));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ChartView view(String prefix, Charts.Chart c) {
        String dom = (prefix + "-" + c.id()).replaceAll("[^A-Za-z0-9_-]", "_");
        if (c.grid() != null) {
            return new ChartView(c.id(), dom, c.title(), c.points(), "", Heatmap.of(dom, c));
        }
        return new ChartView(c.id(), dom, c.title(), c.points(), scriptJson(c), null);
    }

    /** JSON safe inside a script element. */
    static String scriptJson(Object o) {
        try {
            return JSON.writeValueAsString(o).replace("</", "<\\/");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<KeyValue> timings(RunFolder f) {
        List<KeyValue> t = new ArrayList<>();
        if (f.has(RunDirectory.SUMMARY)) {
            try {
                RunSummary s = RunSummary.read(f.file(RunDirectory.SUMMARY));
                t.add(new KeyValue("status", s.status() + (s.divergedAtIteration() != null ? " at iteration " + s.divergedAtIteration() : "")));
                t.add(new KeyValue("iterations", Long.toString(s.iterationsCompleted())));
                t.add(new KeyValue("training time", String.format(Locale.ROOT, "%.1f s (%.0f steps/s, %.0f samples/s)", s.trainSeconds(),
                        s.stepsPerSecond(), s.samplesPerSecond())));
                if (s.last() != null) {
                    t.add(new KeyValue("final test accuracy", String.format(Locale.ROOT, "%.2f%%", 100 * s.last().testAcc())));
                }
            } catch (RuntimeException e) {
                t.add(new KeyValue("summary.json", e.getMessage()));
            }
        }
        if (f.has(AlphaRow.FILE)) {
            double eval = 0;
            int n = 0;
            for (AlphaRow r : AlphaRow.TABLE.readComplete(f.file(AlphaRow.FILE))) {
                eval += Double.isFinite(r.evaluationSeconds()) ? r.evaluationSeconds() : 0;
                n++;
            }
            t.add(new KeyValue("α evaluations", String.format(Locale.ROOT, "%d rows, %.1f s", n, eval)));
        }
        return t;
    }

    private static void flatten(String prefix, JsonNode n, List<KeyValue> out) {
        if (n.isObject()) {
            for (Map.Entry<String, JsonNode> e : n.properties()) {
                if (e.getKey().equals("tensors")) {
                    out.add(new KeyValue(prefix + e.getKey(), e.getValue().size() + " tensors"));
                    continue;
                }
                flatten(prefix + e.getKey() + ".", e.getValue(), out);
            }
        } else if (!n.isMissingNode()) {
            out.add(new KeyValue(prefix.endsWith(".") ? prefix.substring(0, prefix.length() - 1) : prefix, n.isTextual() ? n.asText() : n.toString()));
        }
    }

    private static TableView summaryTable(List<Zhou2020.SummaryRow> rows) {
        List<String> head = Zhou2020.SummaryRow.TABLE.columns();
        List<List<String>> cells = new ArrayList<>();
        for (Zhou2020.SummaryRow r : rows) {
            String[] line = Zhou2020.SummaryRow.TABLE.line(r).split(",", -1);
            List<String> c = new ArrayList<>();
            for (String v : line) {
                c.add(shortNumber(v));
            }
            cells.add(c);
        }
        return new TableView(head, cells);
    }

    private static String shortNumber(String v) {
        try {
            if (v.contains(".") || v.contains("E")) {
                return String.format(Locale.ROOT, "%.4g", Double.parseDouble(v));
            }
        } catch (NumberFormatException e) {
            // a word
        }
        return v.isEmpty() ? "–" : v;
    }

    static ClaimRow claimRow(Claims.Row r) {
        return new ClaimRow("(" + r.id() + ") " + r.claim(), r.sgdArm(), r.quantity(), num(r.estimate()), "[" + num(r.lo()) + ", " + num(r.hi()) + "]",
                r.seeds(), r.verdict().label(), r.verdict().name().toLowerCase(Locale.ROOT));
    }

    static String num(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.3f", v) : "–";
    }

    /** The whole page. */
    public static String html(List<Section> sections, boolean live) {
        Map<String, Object> scope = new LinkedHashMap<>();
        scope.put("title", sections.size() == 1 ? "Basin report: " + sections.get(0).name() : "Basin report: " + sections.size() + " folders");
        scope.put("version", Version.get());
        scope.put("generated", Instant.now().toString());
        scope.put("sections", sections);
        scope.put("live", live);
        scope.put("uplotCss", resource(UPLOT + "uPlot.min.css"));
        scope.put("uplotJs", resource(UPLOT + "uPlot.iife.min.js"));
        scope.put("basinJs", resource("dev/basin/web/basin.js"));
        scope.put("css", resource("dev/basin/web/basin.css"));
        return render("report.mustache", scope);
    }

    /** The Markdown report; panels are referenced by {@code panelDir}-relative links. */
    public static String markdown(List<Section> sections, Path mdDir) {
        Map<String, Object> scope = new LinkedHashMap<>();
        scope.put("version", Version.get());
        scope.put("generated", Instant.now().toString());
        List<Map<String, Object>> secs = new ArrayList<>();
        flattenSections(sections, mdDir, secs);
        scope.put("sections", secs);
        return render("report.md.mustache", scope);
    }

    private static void flattenSections(List<Section> sections, Path mdDir, List<Map<String, Object>> out) {
        for (Section s : sections) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("s", s);
            m.put("provenance", s.provenance().stream().map(kv -> new KeyValue(md(kv.key()), md(kv.value()))).toList());
            m.put("timings", s.timings().stream().map(kv -> new KeyValue(md(kv.key()), md(kv.value()))).toList());
            m.put("claims", s.claims() == null ? null : s.claims().table().stream().map(r -> new ClaimRow(md(r.claim()), md(r.arm()), md(r.quantity()),
                    r.estimate(), r.interval(), r.seeds(), r.verdict(), r.css())).toList());
            m.put("rule", s.claims() == null ? null : s.claims().rule());
            m.put("summaryHead", s.summary() == null ? null : "| " + String.join(" | ", s.summary().header()) + " |\n|"
                    + " --- |".repeat(s.summary().header().size()));
            m.put("summaryRows", s.summary() == null ? null : s.summary().rows().stream().map(r -> "| " + String.join(" | ", r) + " |").toList());
            Path dir = Path.of(s.path());
            m.put("panels", s.panels().stream().map(p -> new Panel(p.name(), relative(mdDir, dir.resolve(p.name())))).toList());
            m.put("landscape", landscapeMarkdown(s, dir, mdDir));
            out.add(m);
            flattenSections(s.children(), mdDir, out);
        }
    }

    /** The landscape heatmap of a section in Markdown: the landscape panel (landscape.png, drawn by basin landscape) when the folder has it. */
    private static Map<String, String> landscapeMarkdown(Section s, Path dir, Path mdDir) {
        Heatmap.Plot h = s.charts().stream().map(ChartView::heatmap).filter(java.util.Objects::nonNull).findFirst().orElse(null);
        if (h == null) {
            return null;
        }
        Map<String, String> m = new LinkedHashMap<>();
        m.put("caption", md(h.caption()));
        Path png = dir.resolve(LANDSCAPE_PNG);
        if (Files.isRegularFile(png)) {
            m.put("uri", relative(mdDir, png));
        } else {
            m.put("missing", "no " + LANDSCAPE_PNG + " beside landscape.csv; the HTML report (`basin report FOLDER`) draws the heatmap");
        }
        return m;
    }

    /** The panel {@code basin landscape} draws of a 2-D slice. */
    static final String LANDSCAPE_PNG = "landscape.png";

    private static String relative(Path from, Path to) {
        try {
            return from.toAbsolutePath().normalize().relativize(to.toAbsolutePath().normalize()).toString().replace('\\', '/');
        } catch (IllegalArgumentException e) {
            return to.toAbsolutePath().toString();
        }
    }

    private static String md(String s) {
        return s == null ? "" : s.replace("|", "\\|").replace("\n", " ");
    }

    static String render(String template, Object scope) {
        Mustache m = MUSTACHE.compile(template);
        StringWriter w = new StringWriter();
        m.execute(w, scope);
        return w.toString();
    }

    static String resource(String name) {
        try (InputStream in = Report.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name + " in the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] resourceBytes(String name) {
        try (InputStream in = Report.class.getClassLoader().getResourceAsStream(name)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
