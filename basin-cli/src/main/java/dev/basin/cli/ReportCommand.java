package dev.basin.cli;

import dev.basin.data.AtomicFiles;
import dev.basin.experiment.RunFolder;
import dev.basin.web.Report;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code basin report FOLDER...}: one self-contained HTML page (or Markdown beside the PNGs) of run folders. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"One page of run folders, in HTML that opens offline or in Markdown beside the panels.",
            "Training runs, reproductions and measurements: provenance, interactive charts of every series, the summary and",
            "claims tables with a forest plot, and the static panels (everything inlined in the HTML)."})
final class ReportCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "FOLDER", arity = "1..*", description = "Run, sweep or reproduction folders")
    List<Path> folders;

    @Option(names = "--out", description = "The report file (default: report.html or report.md in the first folder)")
    Path out;

    @Option(names = "--format", defaultValue = "html", description = "html or md (default: ${DEFAULT-VALUE})")
    String format;

    @Option(names = "--debug", description = "Show stack traces of errors")
    boolean debug;

    @Override
    public Integer call() throws Exception {
        if (!List.of("html", "md").contains(format)) {
            throw new IllegalArgumentException("unknown --format '" + format + "'; choose html or md");
        }
        long t0 = System.nanoTime();
        List<Report.Section> sections = new ArrayList<>();
        for (Path f : folders) {
            RunFolder rf = RunFolder.open(f);
            Path name = f.toAbsolutePath().normalize().getFileName();
            sections.add(Report.section(name == null ? f.toString() : name.toString(), rf, format.equals("html") ? Report::dataUri : p -> null));
        }
        Path file = out != null ? out : folders.get(0).resolve("report." + format);
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        String text = format.equals("html") ? Report.html(sections, false) : Report.markdown(sections, file.toAbsolutePath().getParent());
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(file, bytes);
        spec.commandLine().getOut().println(String.format(Locale.ROOT, "wrote %s (%.2f MB) in %.2f s", file, bytes.length / 1e6,
                (System.nanoTime() - t0) / 1e9));
        return ExitCodes.OK;
    }
}
