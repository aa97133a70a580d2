package org.kith.node;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.util.FileSize;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/**
 * The rotating log file of a data directory: {@code DIR/logs/kith.log}, rolled at
 * {@link #MAX_FILE_MB} MB into {@code kith.1.log} … {@code kith.N.log} ({@link #KEPT_FILES} kept),
 * so a long-running node never fills the disk. Every command and the app write to it once their
 * data directory is open (INFO and up; stderr keeps WARN). One file per process at a time: opening
 * another data directory moves the log there. Never logs keys or passphrases (no code logs them).
 */
public final class LogFiles {

    public static final String DIR = "logs";
    public static final String FILE = "kith.log";
    static final int MAX_FILE_MB = 5;
    static final int KEPT_FILES = 5;
    private static final String APPENDER = "KITH_FILE";

    private static Path current;

    private LogFiles() {
    }

    /** How often the size of the current file is looked at (logback's default is a minute). */
    static final long SIZE_CHECK_MILLIS = 1_000;

    /** Sends this process's logs to {@code dataDir}/logs/kith.log from now on; no-op if already there. */
    public static void install(Path dataDir) {
        install(dataDir, SIZE_CHECK_MILLIS);
    }

    /** As {@link #install(Path)}, looking at the file's size at most every {@code sizeCheckMillis}. */
    static synchronized void install(Path dataDir, long sizeCheckMillis) {
        Path dir = dataDir.toAbsolutePath().normalize().resolve(DIR);
        if (dir.equals(current) || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx)) {
            return;
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            LoggerFactory.getLogger(LogFiles.class).warn("no log file in {}: {}", dir, e.getMessage());
            return;
        }
        Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        var old = root.getAppender(APPENDER);
        if (old != null) {
            root.detachAppender(old);
            old.stop();
        }
        RollingFileAppender<ILoggingEvent> file = new RollingFileAppender<>();
        file.setContext(ctx);
        file.setName(APPENDER);
        file.setFile(dir.resolve(FILE).toString());
        FixedWindowRollingPolicy rolling = new FixedWindowRollingPolicy();
        rolling.setContext(ctx);
        rolling.setParent(file);
        rolling.setFileNamePattern(dir.resolve("kith.%i.log").toString());
        rolling.setMinIndex(1);
        rolling.setMaxIndex(KEPT_FILES);
        rolling.start();
        SizeBasedTriggeringPolicy<ILoggingEvent> trigger = new SizeBasedTriggeringPolicy<>();
        trigger.setContext(ctx);
        trigger.setMaxFileSize(FileSize.valueOf(MAX_FILE_MB + "MB"));
        trigger.setCheckIncrement(ch.qos.logback.core.util.Duration.buildByMilliseconds(sizeCheckMillis));
        trigger.start();
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(ctx);
        encoder.setPattern("%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{30} - %msg%n");
        encoder.start();
        file.setRollingPolicy(rolling);
        file.setTriggeringPolicy(trigger);
        file.setEncoder(encoder);
        file.start();
        root.addAppender(file);
        current = dir;
    }

    /** The log directory in use, or null. */
    public static synchronized Path current() {
        return current;
    }
}
