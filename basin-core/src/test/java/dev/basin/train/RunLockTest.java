package dev.basin.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunLockTest {
    @TempDir
    Path dir;

    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        long pid = p.pid();
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        return pid;
    }

    private static java.util.List<String> names(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).toList();
        }
    }

    @Test
    void lockHoldsThePidAndRefusesASecondAttemptUntilClosed() throws IOException {
        Path run = dir.resolve("run");
        long pid = ProcessHandle.current().pid();
        try (RunLock lock = RunLock.acquire(run)) {
            assertThat(lock.note()).isEmpty();
            String text = Files.readString(run.resolve(RunLock.FILE));
            assertThat(text).startsWith(pid + " ");
            assertThatThrownBy(() -> RunLock.acquire(run)).isInstanceOf(RunLock.InUseException.class)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("run folder " + run + " is in use by process " + pid + " since ")
                    .hasMessageEndingWith("; wait for it or choose another --out");
            assertThatThrownBy(() -> RunLock.checkFree(run)).isInstanceOf(RunLock.InUseException.class);
            // The second attempt (and reading the file above) must not have dropped the lock.
            assertThatThrownBy(() -> RunLock.acquire(run)).isInstanceOf(RunLock.InUseException.class);
        }
        assertThat(run.resolve(RunLock.FILE)).doesNotExist();
        try (RunLock again = RunLock.acquire(run)) {
            assertThat(again.note()).isEmpty();
        }
        assertThat(names(run)).isEmpty();
    }

    @Test
    void aStaleLockFromADeadProcessIsTakenOverWithANote() throws Exception {
        Path run = Files.createDirectories(dir.resolve("run"));
        long dead = deadPid();
        Files.writeString(run.resolve(RunLock.FILE), dead + " 2020-01-01T00:00:00Z\n");
        RunLock.checkFree(run);
        RunDirectory.checkUsable(run);
        try (RunLock lock = RunLock.acquire(run)) {
            assertThat(lock.note()).hasValueSatisfying(n -> assertThat(n).contains("stale lock of process " + dead).contains(run.toString()));
            assertThat(Files.readString(run.resolve(RunLock.FILE))).startsWith(ProcessHandle.current().pid() + " ");
        }
        assertThat(names(run)).isEmpty();
    }

    @Test
    void runDirectoryIsLockedWhileOpenAndLeavesNoLockFile() throws Exception {
        Path run = dir.resolve("run");
        try (RunDirectory d = RunDirectory.create(run)) {
            assertThat(run.resolve(RunLock.FILE)).exists();
            assertThat(d.lockNote()).isEmpty();
            assertThatThrownBy(() -> RunDirectory.create(run)).isInstanceOf(RunLock.InUseException.class)
                    .hasMessageContaining("is in use by process " + ProcessHandle.current().pid());
            assertThatThrownBy(() -> RunDirectory.checkUsable(run)).isInstanceOf(RunLock.InUseException.class);
        }
        assertThat(names(run)).containsExactly(RunDirectory.CHECKPOINTS);

        // A folder holding only a stale lock is usable; one with other files is not, and keeps no lock.
        Path stale = Files.createDirectories(dir.resolve("stale"));
        Files.writeString(stale.resolve(RunLock.FILE), deadPid() + " 2020-01-01T00:00:00Z\n");
        try (RunDirectory d = RunDirectory.create(stale)) {
            assertThat(d.lockNote()).isPresent();
        }
        assertThat(names(stale)).containsExactly(RunDirectory.CHECKPOINTS);
        Files.writeString(stale.resolve("metrics.csv"), "x\n");
        assertThatThrownBy(() -> RunDirectory.create(stale)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already holds files");
        assertThat(stale.resolve(RunLock.FILE)).doesNotExist();
    }

    @Test
    void lockIsReleasedWhenTheRunFailsWithAnException() throws Exception {
        Path run = dir.resolve("run");
        assertThatThrownBy(() -> {
            try (RunDirectory d = RunDirectory.create(run)) {
                throw new IllegalStateException("boom");
            }
        }).hasMessage("boom");
        assertThat(run.resolve(RunLock.FILE)).doesNotExist();
        RunDirectory.create(run.resolveSibling("other")).close();
    }

    @Test
    void aLockHeldByAnotherLiveProcessIsRefused() throws Exception {
        Path run = Files.createDirectories(dir.resolve("run"));
        Path file = run.resolve(RunLock.FILE);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // A second JVM that locks the file the same way, writes its PID, and waits for its stdin to close.
        Path src = dir.resolve("Hold.java");
        Files.writeString(src, """
                import java.nio.channels.FileChannel;
                import java.nio.file.*;
                public class Hold {
                    public static void main(String[] a) throws Exception {
                        FileChannel ch = FileChannel.open(Path.of(a[0]), StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
                        if (ch.tryLock() == null) { System.exit(3); }
                        ch.write(java.nio.ByteBuffer.wrap((ProcessHandle.current().pid() + " 2026-01-01T00:00:00Z\\n").getBytes()));
                        ch.force(true);
                        System.out.println("locked");
                        System.out.flush();
                        System.in.read();
                    }
                }
                """);
        Process p = new ProcessBuilder(java, src.toString(), file.toString()).redirectErrorStream(true).start();
        try {
            String line = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream())).readLine();
            assertThat(line).isEqualTo("locked");
            assertThatThrownBy(() -> RunLock.acquire(run)).isInstanceOf(RunLock.InUseException.class)
                    .hasMessage("run folder " + run + " is in use by process " + p.pid() + " since 2026-01-01T00:00:00Z; wait for it or choose another --out");
            assertThatThrownBy(() -> RunDirectory.checkUsable(run)).isInstanceOf(RunLock.InUseException.class);
        } finally {
            p.getOutputStream().close();
            p.waitFor();
        }
        // Its process ended: the lock file it left behind is stale and taken over.
        try (RunLock lock = RunLock.acquire(run)) {
            assertThat(lock.note()).hasValueSatisfying(n -> assertThat(n).contains("process " + p.pid()));
        }
    }
}
