package org.kith.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The data directory's rotating log file: where it goes, one appender, rotation and retention. */
class LogFilesTest {

    private static final Logger LOG = LoggerFactory.getLogger(LogFilesTest.class);

    @TempDir
    Path tmp;

    @Test
    void logsGoToTheDataDirectoryAndMoveWithIt() throws Exception {
        Path a = tmp.resolve("a");
        LogFiles.install(a);
        LogFiles.install(a); // again: still one appender
        LOG.info("first line for a");
        Path fileA = a.resolve(LogFiles.DIR).resolve(LogFiles.FILE);
        String text = Files.readString(fileA);
        assertEquals(1, text.split("first line for a", -1).length - 1, text);
        assertTrue(text.contains("INFO") && text.contains("LogFilesTest"), text);

        Path b = tmp.resolve("b");
        LogFiles.install(b);
        LOG.info("second line, for b");
        assertTrue(Files.readString(b.resolve(LogFiles.DIR).resolve(LogFiles.FILE)).contains("second line, for b"));
        assertFalse(Files.readString(fileA).contains("second line"), "the log moved with the data directory");
        assertEquals(b.resolve(LogFiles.DIR), LogFiles.current());
    }

    @Test
    void theFileRotatesAndOnlyTheNewestAreKept() throws Exception {
        Path dir = tmp.resolve("big");
        LogFiles.install(dir, 0); // look at the size on every line (in use: once a second)
        String line = "x".repeat(1000);
        long target = (long) (LogFiles.KEPT_FILES + 2) * LogFiles.MAX_FILE_MB * 1024 * 1024;
        for (long written = 0; written < target; written += line.length()) {
            LOG.info(line);
        }
        Path logs = dir.resolve(LogFiles.DIR);
        for (int i = 1; i <= LogFiles.KEPT_FILES; i++) {
            assertTrue(Files.exists(logs.resolve("kith." + i + ".log")), "kith." + i + ".log");
        }
        assertFalse(Files.exists(logs.resolve("kith." + (LogFiles.KEPT_FILES + 1) + ".log")), "older ones deleted");
        long total;
        try (var files = Files.list(logs)) {
            total = files.mapToLong(f -> f.toFile().length()).sum();
        }
        assertTrue(total <= (LogFiles.KEPT_FILES + 1) * (LogFiles.MAX_FILE_MB + 1L) * 1024 * 1024,
                "bounded: " + total);
    }
}
