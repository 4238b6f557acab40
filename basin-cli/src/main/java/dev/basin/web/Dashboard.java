package dev.basin.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.basin.Version;
import dev.basin.data.DataException;
import dev.basin.experiment.RunFolder;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@code basin ui}: a read-only web dashboard of the run folders under one root, on the JDK's HTTP server. It only reads:
 * nothing is ever written under the root. Every path a request names is resolved inside the root, and refused (403) when it
 * leaves it, by {@code ..} or through a symbolic link. Tables are read to their last complete line, so a run that is
 * writing is shown as far as it has got; the pages poll the server every second.
 *
 * <pre>
 * GET /                         the runs, sweeps and reproductions with status and progress; tick runs to compare them
 * GET /run?path=REL             a run's report page, live
 * GET /compare?run=A&amp;run=B      the α, accuracy, loss and sharpness curves of several runs overlaid
 * GET /api/runs                 the index as JSON
 * GET /api/status?run=REL       {status, done, total}
 * GET /api/chart?run=REL&amp;chart=ID  one chart's series as JSON
 * GET /file?path=REL            a panel or table (png, svg, csv, json, md, html) from a run folder
 * GET /assets/NAME              the page's script, styles and uPlot, from the jar
 * </pre>
 */
public final class Dashboard implements AutoCloseable {
    private static final Map<String, String> TYPES = Map.of("png", "image/png", "svg", "image/svg+xml", "csv", "text/csv; charset=utf-8", "json",
            "application/json; charset=utf-8", "md", "text/markdown; charset=utf-8", "html", "text/html; charset=utf-8");
    private final Path root;
    private final String shown;
    private final HttpServer server;
    private final ExecutorService pool;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(String stamp, List<Charts.Chart> charts) {
    }

    /** Thrown for a request that names a path outside the root or a missing one. */
    static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int code;

        Refused(int code, String message) {
            super(message);
            this.code = code;
        }
    }

    private Dashboard(Path root, String shown, HttpServer server, ExecutorService pool) {
        this.root = root;
        this.shown = shown;
        this.server = server;
        this.pool = pool;
    }

    /** Starts serving {@code root} on {@code host:port} (port 0: a free one). */
    public static Dashboard start(Path root, String host, int port) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new DataException(root + " is not a folder; give the folder that holds the runs");
        }
        Path real = root.toRealPath();
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
        ExecutorService pool = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "basin-ui");
            t.setDaemon(true);
            return t;
        });
        warmUp();
        Dashboard d = new Dashboard(real, root.toString(), server, pool);
        server.createContext("/", d::handle);
        server.setExecutor(pool);
        server.start();
        return d;
    }

    /**
     * Runs what a first chart request runs (the CSV reader, a chart with its buckets, the JSON writer, the config reader) on
     * a table of 2x10^4 rows made up in memory, before the server says it is serving, so that the first request for a large
     * folder does not also pay for loading and compiling that code. Nothing is read or written.
     */
    static void warmUp() {
        StringBuilder sb = new StringBuilder(dev.basin.train.MetricsRow.HEADER).append('\n');
        for (int i = 0; i < 20_000; i++) {
            double x = 1.0 / (i + 1);
            sb.append(10 * i).append(',').append(i / 600).append(",0.1,").append(x).append(',').append(2 * x).append(",0.5,")
                    .append(2.1 * x).append(",0.5,").append(0.01 * i).append('\n');
        }
        List<dev.basin.train.MetricsRow> rows = dev.basin.train.MetricsRow.TABLE.parse(sb.toString(), "warm-up");
        Charts.Chart c = Charts.chart("loss", "", "", "", true, List.of(Charts.series("", rows, dev.basin.train.MetricsRow::iteration,
                dev.basin.train.MetricsRow::trainLoss)));
        Report.json(c);
        dev.basin.train.Json.MAPPER.createObjectNode();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String url() {
        String h = server.getAddress().getAddress().getHostAddress();
        return "http://" + (h.contains(":") ? "[" + h + "]" : h) + ":" + port() + "/";
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
                ex.getResponseHeaders().set("Allow", "GET, HEAD");
                send(ex, 405, "text/plain; charset=utf-8", "read-only: only GET\n");
                return;
            }
            URI uri = ex.getRequestURI();
            Map<String, List<String>> q = query(uri.getRawQuery());
            String path = uri.getPath();
            try {
                switch (path) {
                    case "/" -> send(ex, 200, "text/html; charset=utf-8", index());
                    case "/run" -> send(ex, 200, "text/html; charset=utf-8", runPage(one(q, "path")));
                    case "/compare" -> send(ex, 200, "text/html; charset=utf-8", comparePage(q.getOrDefault("run", List.of())));
                    case "/api/runs" -> send(ex, 200, "application/json; charset=utf-8", Report.json(runs()));
                    case "/api/status" -> send(ex, 200, "application/json; charset=utf-8", Report.json(status(one(q, "run"))));
                    case "/api/chart" -> send(ex, 200, "application/json; charset=utf-8", Report.json(chart(one(q, "run"), one(q, "chart"))));
                    case "/file" -> file(ex, one(q, "path"));
                    default -> {
                        if (path.startsWith("/assets/")) {
                            asset(ex, path.substring("/assets/".length()));
                        } else {
                            send(ex, 404, "text/plain; charset=utf-8", "not found: " + path + "\n");
                        }
                    }
                }
            } catch (Refused r) {
                send(ex, r.code, "text/plain; charset=utf-8", r.getMessage() + "\n");
            } catch (DataException e) {
                send(ex, 422, "text/plain; charset=utf-8", e.getMessage() + "\n");
            } catch (RuntimeException e) {
                send(ex, 500, "text/plain; charset=utf-8", "internal error: " + e + "\n");
            }
        }
    }

    /**
     * The path {@code rel} names inside the root; refused when it leaves the root (by {@code ..}, an absolute path or a
     * symbolic link) and 404 when absent.
     */
    Path resolve(String rel) {
        if (rel == null || rel.indexOf('\0') >= 0) {
            throw new Refused(400, "bad path");
        }
        Path p;
        try {
            p = root.resolve(rel.isEmpty() ? "." : rel).normalize();
        } catch (java.nio.file.InvalidPathException e) {
            throw new Refused(400, "bad path");
        }
        if (!p.startsWith(root)) {
            throw new Refused(403, "refused: the path leaves the dashboard's folder");
        }
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            throw new Refused(404, "not found: " + rel);
        }
        try {
            if (!p.toRealPath().startsWith(root)) {
                throw new Refused(403, "refused: the path leaves the dashboard's folder through a link");
            }
        } catch (IOException e) {
            throw new Refused(404, "not found: " + rel);
        }
        return p;
    }

    private RunFolder folder(String rel) {
        Path p = resolve(rel);
        if (!Files.isRegularFile(p.resolve("config.json"))) {
            throw new Refused(404, "not a run folder: " + rel);
        }
        return RunFolder.open(p);
    }

    String rel(Path p) {
        String r = root.relativize(p).toString().replace('\\', '/');
        return r.isEmpty() ? "." : r;
    }

    /** The index: every run folder under the root, nested ones indented. */
    List<Map<String, Object>> runs() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (RunFolder f : RunFolder.scan(root, 4)) {
            add(f, 0, out);
        }
        return out;
    }

    private void add(RunFolder f, int level, List<Map<String, Object>> out) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("path", rel(f.dir()));
        m.put("query", encode(rel(f.dir())));
        m.put("protocol", f.protocol());
        m.put("status", f.status());
        m.put("done", f.done());
        m.put("total", f.total());
        m.put("percent", Double.isNaN(f.fraction()) ? null : String.format(Locale.ROOT, "%.0f", 100 * f.fraction()));
        m.put("level", level);
        m.put("indent", level * 18);
        out.add(m);
        for (RunFolder c : f.children()) {
            add(c, level + 1, out);
        }
    }

    private Map<String, Object> status(String rel) {
        RunFolder f = folder(rel);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", f.status());
        m.put("done", f.done());
        m.put("total", f.total());
        return m;
    }

    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    /** All of a folder's charts (the run page), each table's from the cache. */
    List<Charts.Chart> charts(RunFolder f) {
        List<Charts.Chart> out = new ArrayList<>();
        for (String file : Charts.SOURCES) {
            out.addAll(charts(f, file));
        }
        return out;
    }

    /**
     * The charts drawn from one table of a folder, read when first asked for and again only when that table or config.json
     * changed (size or time; a table that grew is read from where the last read stopped); one computation per table at a time.
     * Nothing is read at start, and a chart request reads only its own table.
     */
    List<Charts.Chart> charts(RunFolder f, String file) {
        if (file == null || !f.has(file)) {
            return List.of();
        }
        String key = f.dir() + "\0" + file;
        synchronized (locks.computeIfAbsent(key, k -> new Object())) {
            String stamp = stamp(f.file(file)) + stamp(f.file(dev.basin.train.RunDirectory.CONFIG));
            Cached c = cache.get(key);
            if (c != null && c.stamp().equals(stamp)) {
                return c.charts();
            }
            List<Charts.Chart> charts = Charts.of(f, file);
            cache.put(key, new Cached(stamp, charts));
            return charts;
        }
    }

    private static String stamp(Path p) {
        try {
            return Files.size(p) + ":" + Files.getLastModifiedTime(p).toMillis() + ";";
        } catch (IOException e) {
            return "?;";
        }
    }

    private Charts.Chart chart(String rel, String id) {
        RunFolder f = folder(rel);
        for (Charts.Chart c : charts(f, Charts.source(id))) {
            if (c.id().equals(id)) {
                return c;
            }
        }
        throw new Refused(404, "no chart '" + id + "' in " + rel);
    }

    private String index() {
        Map<String, Object> scope = page("Basin: runs under " + shown);
        scope.put("root", root.toString());
        scope.put("runs", runs());
        return Report.render("index.mustache", scope);
    }

    private String runPage(String rel) {
        RunFolder f = folder(rel);
        Report.Section s = Report.section(rel(f.dir()), f, p -> "/file?path=" + encode(rel(p)), this::charts);
        return Report.html(List.of(s), true);
    }

    private String comparePage(List<String> rels) {
        if (rels.isEmpty()) {
            throw new Refused(400, "tick at least one run to compare");
        }
        Map<String, RunFolder> runs = new LinkedHashMap<>();
        for (String r : rels) {
            RunFolder f = folder(r);
            runs.put(rel(f.dir()), f);
        }
        List<Report.ChartView> views = new ArrayList<>();
        for (String id : List.of("alpha", "alpha-smoothed", "accuracy", "loss", "sharpness")) {
            Charts.Chart c = Charts.overlay(id, runs, r -> charts(r, Charts.source(id)));
            if (c != null) {
                views.add(Report.view("compare", c));
            }
        }
        Map<String, Object> scope = page("Basin: " + String.join(" vs ", runs.keySet()));
        scope.put("runs", runs.keySet().stream().map(r -> Map.of("path", r, "query", encode(r))).toList());
        scope.put("charts", views);
        return Report.render("compare.mustache", scope);
    }

    private Map<String, Object> page(String title) {
        Map<String, Object> scope = new LinkedHashMap<>();
        scope.put("title", title);
        scope.put("version", Version.get());
        return scope;
    }

    private void file(HttpExchange ex, String rel) throws IOException {
        Path p = resolve(rel);
        String name = p.getFileName().toString();
        String type = TYPES.get(name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT));
        if (type == null || !Files.isRegularFile(p)) {
            throw new Refused(403, "refused: only panels and tables are served (png, svg, csv, json, md, html)");
        }
        send(ex, 200, type, Files.readAllBytes(p));
    }

    private void asset(HttpExchange ex, String name) throws IOException {
        String res = switch (name) {
            case "uPlot.iife.min.js" -> Report.UPLOT + name;
            case "uPlot.min.css" -> Report.UPLOT + name;
            case "basin.js", "basin.css" -> "dev/basin/web/" + name;
            default -> null;
        };
        byte[] b = res == null ? null : Report.resourceBytes(res);
        if (b == null) {
            throw new Refused(404, "no asset " + name);
        }
        send(ex, 200, name.endsWith(".js") ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8", b);
    }

    private static String one(Map<String, List<String>> q, String key) {
        List<String> v = q.get(key);
        if (v == null || v.isEmpty()) {
            throw new Refused(400, "missing query parameter '" + key + "'");
        }
        return v.get(0);
    }

    static Map<String, List<String>> query(String raw) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return m;
        }
        for (String kv : raw.split("&")) {
            int eq = kv.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? kv : kv.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
            m.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        }
        return m;
    }

    static String encode(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static void send(HttpExchange ex, int code, String type, String body) throws IOException {
        send(ex, code, type, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange ex, int code, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(code, head ? -1 : body.length == 0 ? -1 : body.length);
        if (!head && body.length > 0) {
            try (OutputStream o = ex.getResponseBody()) {
                o.write(body);
            }
        }
    }
}
