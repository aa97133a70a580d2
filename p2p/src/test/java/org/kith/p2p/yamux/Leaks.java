package org.kith.p2p.yamux;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Leak detector at PARANOID (every buffer tracked) and a check that nothing was reported. Netty
 * reports a leak when it notices a garbage-collected buffer that was never released; we provoke
 * that with a GC and fresh allocations, then look at what its logger received.
 */
final class Leaks {

    private static final ListAppender<ILoggingEvent> REPORTS = new ListAppender<>();

    static {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        Logger leakLogger = (Logger) LoggerFactory.getLogger(ResourceLeakDetector.class);
        leakLogger.setLevel(Level.ERROR);
        REPORTS.start();
        leakLogger.addAppender(REPORTS);
        // Keep the default (DEBUG) console configuration from flooding the test output.
        ((Logger) LoggerFactory.getLogger("io.netty")).setLevel(Level.INFO);
        ((Logger) LoggerFactory.getLogger("org.kith.p2p.yamux")).setLevel(Level.INFO);
        ((Logger) LoggerFactory.getLogger("org.kith.p2p.yamux.wire")).setLevel(Level.INFO);
    }

    private Leaks() {
    }

    /** Call from a static initializer or {@code @BeforeAll} before buffers are allocated. */
    static void paranoid() {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    }

    /** Runs {@code body} with {@code loggerOf}'s logger at ERROR: for tests that provoke expected warnings. */
    static void quietly(Class<?> loggerOf, Runnable body) {
        Logger logger = (Logger) LoggerFactory.getLogger(loggerOf);
        Level before = logger.getLevel();
        logger.setLevel(Level.ERROR);
        try {
            body.run();
        } finally {
            logger.setLevel(before);
        }
    }

    /** Fails if Netty reported any leaked buffer since the last call. */
    static void assertNone() {
        for (int round = 0; round < 3; round++) {
            System.gc();
            for (int i = 0; i < 64; i++) {
                ByteBuf a = PooledByteBufAllocator.DEFAULT.directBuffer(16);
                ByteBuf b = UnpooledByteBufAllocator.DEFAULT.heapBuffer(16);
                a.release();
                b.release();
            }
        }
        List<ILoggingEvent> reports;
        synchronized (REPORTS) {
            reports = List.copyOf(REPORTS.list);
            REPORTS.list.clear();
        }
        assertEquals(List.of(), reports.stream().map(ILoggingEvent::getFormattedMessage).toList(),
                "Netty reported leaked buffers");
    }
}
