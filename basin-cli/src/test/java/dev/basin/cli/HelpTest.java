package dev.basin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code basin --help} reads well, and an unknown command is a usage error, with or without --help. */
class HelpTest {
    private static final Pattern ENTRY = Pattern.compile("^  (\\S+)\\s+(\\S.*)$");
    private static final Pattern CONTINUATION = Pattern.compile("^\\s{4,}(\\S.*)$");

    @Test
    void everyCommandListHasOneSentenceSummaries() {
        List<List<String>> groups = new ArrayList<>();
        collectGroups(Main.commandLine(), new ArrayList<>(), groups);
        assertThat(groups).as("basin and basin sde are command groups").hasSizeGreaterThanOrEqualTo(2);
        for (List<String> path : groups) {
            List<String> args = new ArrayList<>(path);
            args.add("--help");
            CliTest.Result r = CliTest.basin(args.toArray(String[]::new));
            String what = "basin " + String.join(" ", args);
            assertThat(r.code()).as(what + ": " + r.err()).isZero();
            Map<String, String> summaries = commandSummaries(r.out());
            CommandLine group = Main.commandLine();
            for (String p : path) {
                group = group.getSubcommands().get(p);
            }
            assertThat(summaries.keySet()).as(what + " lists every command").containsExactlyInAnyOrderElementsOf(group.getSubcommands().keySet());
            summaries.forEach((name, summary) -> {
                String as = what + ": summary of '" + name + "': " + summary;
                assertThat(summary).as(as).endsWith(".").doesNotEndWith(":.").doesNotEndWith(",.");
                assertThat(Character.isUpperCase(summary.charAt(0))).as(as).isTrue();
                assertThat(summary.chars().filter(c -> c == '(').count()).as(as + " (balanced parentheses)")
                        .isEqualTo(summary.chars().filter(c -> c == ')').count());
                assertThat(summary).as(as).doesNotContain("(and").doesNotContain(": .");
            });
        }
    }

    @Test
    void theFirstDescriptionLineOfEveryCommandIsASentence() {
        List<CommandLine> all = new ArrayList<>();
        collectAll(Main.commandLine(), all);
        assertThat(all).hasSizeGreaterThan(10);
        for (CommandLine c : all) {
            String[] d = c.getCommandSpec().usageMessage().description();
            String name = c.getCommandSpec().qualifiedName();
            assertThat(d).as(name + " has a description").isNotEmpty();
            assertThat(d[0].strip()).as(name + ": " + d[0]).endsWith(".").doesNotEndWith(":");
            assertThat(d[0].chars().filter(ch -> ch == '(').count()).as(name + ": " + d[0])
                    .isEqualTo(d[0].chars().filter(ch -> ch == ')').count());
        }
    }

    @Test
    void anUnknownCommandIsAUsageErrorEvenWithHelp() {
        assertUnknownCommand(CliTest.basin("nosuch", "--help"), "basin", "nosuch");
        assertUnknownCommand(CliTest.basin("nosuch"), "basin", "nosuch");
        assertUnknownCommand(CliTest.basin("--help", "nosuch"), "basin", "nosuch");
        assertUnknownCommand(CliTest.basin("sde", "nosuch", "--help"), "basin sde", "nosuch");
        assertUnknownCommand(CliTest.basin("sde", "nosuch"), "basin sde", "nosuch");
    }

    @Test
    void helpForRealCommandsStillSucceeds() {
        CliTest.Result train = CliTest.basin("train", "--help");
        assertThat(train.code()).as(train.err()).isEqualTo(ExitCodes.OK);
        assertThat(train.out()).contains("Usage: basin train").contains("--optimizer");
        assertThat(train.err()).isEmpty();
        CliTest.Result top = CliTest.basin("--help");
        assertThat(top.code()).isEqualTo(ExitCodes.OK);
        assertThat(top.out()).contains("Commands:").contains("train");
        assertThat(CliTest.basin().code()).isEqualTo(ExitCodes.OK);
        assertThat(CliTest.basin("sde", "escape", "--help").code()).isEqualTo(ExitCodes.OK);
        assertThat(CliTest.basin("help", "train").code()).isEqualTo(ExitCodes.OK);
    }

    private static void assertUnknownCommand(CliTest.Result r, String group, String word) {
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.out()).as("no help printed").isEmpty();
        assertThat(r.err().strip().lines().count()).as("one line: " + r.err()).isEqualTo(1);
        assertThat(r.err()).contains("unknown command '" + word + "'").contains("'" + group + " --help'");
    }

    /** Command name → summary (wrapped lines joined) from the "Commands:" section of a help text. */
    private static Map<String, String> commandSummaries(String help) {
        Map<String, String> out = new LinkedHashMap<>();
        boolean in = false;
        String current = null;
        for (String line : help.lines().toList()) {
            if (line.equals("Commands:")) {
                in = true;
                continue;
            }
            if (!in) {
                continue;
            }
            Matcher e = ENTRY.matcher(line);
            Matcher c = CONTINUATION.matcher(line);
            if (e.matches()) {
                current = e.group(1);
                out.put(current, e.group(2).strip());
            } else if (c.matches() && current != null) {
                out.put(current, out.get(current) + " " + c.group(1).strip());
            } else if (!line.isBlank()) {
                break;
            }
        }
        return out;
    }

    private static void collectGroups(CommandLine c, List<String> path, List<List<String>> out) {
        if (c.getSubcommands().isEmpty()) {
            return;
        }
        out.add(List.copyOf(path));
        c.getSubcommands().forEach((name, sub) -> {
            List<String> p = new ArrayList<>(path);
            p.add(name);
            collectGroups(sub, p, out);
        });
    }

    private static void collectAll(CommandLine c, List<CommandLine> out) {
        out.add(c);
        c.getSubcommands().values().forEach(sub -> collectAll(sub, out));
    }
}
