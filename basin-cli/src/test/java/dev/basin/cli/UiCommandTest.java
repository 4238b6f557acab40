package dev.basin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** basin ui listens on the loopback address unless told otherwise, and a bad folder or port is one line. */
class UiCommandTest {
    @Test
    void loopbackByDefault() {
        CommandLine.Model.CommandSpec spec = new CommandLine(new UiCommand()).getCommandSpec();
        assertThat(spec.findOption("--host").defaultValue()).isEqualTo("127.0.0.1");
        assertThat(spec.findOption("--port").defaultValue()).isEqualTo("0");
    }

    @Test
    void badFolderAndPortAreOneLine() {
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err, true), "ui", "no/such/folder");
        assertThat(code).isEqualTo(ExitCodes.DATA);
        assertThat(err.toString()).contains("is not a folder").doesNotContain("Exception");
        err.getBuffer().setLength(0);
        code = Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err, true), "ui", ".", "--port", "70000");
        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString().strip().lines().count()).isEqualTo(1);
    }
}
