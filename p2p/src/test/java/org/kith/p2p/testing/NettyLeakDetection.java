package org.kith.p2p.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.util.ResourceLeakDetector;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * Runs Netty's leak detector at PARANOID (every buffer tracked) and fails a test if it reported
 * a leak. Netty reports leaks on the {@code io.netty.util.ResourceLeakDetector} logger once a
 * leaked buffer has been garbage-collected and another buffer is allocated; after each test we
 * request GC and allocate to flush the queue. A leak the GC has not yet collected can slip
 * through (no false alarms, possible misses), which is why tests also check {@code refCnt()}.
 */
public final class NettyLeakDetection implements BeforeAllCallback, AfterEachCallback {

    private static final ListAppender<ILoggingEvent> LEAKS = new ListAppender<>();

    static {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        Logger leakLogger = (Logger) LoggerFactory.getLogger("io.netty.util.ResourceLeakDetector");
        LEAKS.start();
        leakLogger.addAppender(LEAKS);
        // Keep Netty's own DEBUG chatter out of the test output; leak reports are ERROR.
        ((Logger) LoggerFactory.getLogger("io.netty")).setLevel(Level.INFO);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        for (int i = 0; i < 3; i++) {
            System.gc();
            // Each tracked allocation drains the detector's queue of collected buffers.
            ByteBufAllocator.DEFAULT.buffer(8).release();
            ByteBufAllocator.DEFAULT.heapBuffer(8).release();
            Unpooled.buffer(8).release();
        }
        List<String> leaks;
        synchronized (LEAKS) {
            leaks = LEAKS.list.stream()
                    .filter(e -> e.getLevel() == Level.ERROR)
                    .map(ILoggingEvent::getFormattedMessage)
                    .collect(Collectors.toList());
            LEAKS.list.clear();
        }
        assertTrue(leaks.isEmpty(), "Netty reported leaked buffers:\n" + String.join("\n", leaks));
    }
}
