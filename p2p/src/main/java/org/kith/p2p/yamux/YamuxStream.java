package org.kith.p2p.yamux;

import io.netty.channel.ChannelFuture;
import io.netty.channel.socket.DuplexChannel;

/**
 * One Yamux stream, as a Netty child {@link io.netty.channel.Channel} of the connection: it runs
 * on the connection's event loop, has its own pipeline and config, and reads and writes
 * {@link io.netty.buffer.ByteBuf}s only.
 *
 * <h2>Reading</h2>
 * Data is delivered as {@code channelRead(ByteBuf)} when the stream is read ({@code autoRead},
 * the default, or {@code read()}); the handler that receives a buffer releases it. The receive
 * window is given back to the remote as data is delivered, so a stream that is not read (autoRead
 * off, no {@code read()}) stops the remote once its window is used up. An inbound stream is
 * acknowledged (ACK) when it is first read, written or closed; until then it counts against the
 * session's accept backlog. When the remote half-closes (FIN), after the last data the pipeline
 * gets the user events {@link io.netty.channel.socket.ChannelInputShutdownEvent} and
 * {@link io.netty.channel.socket.ChannelInputShutdownReadComplete}; the stream stays open for
 * writing.
 *
 * <h2>Writing</h2>
 * Writes are split into Data frames within the remote's window and the configured frame size;
 * what does not fit waits in the stream's outbound buffer until a WindowUpdate arrives, and
 * {@link #isWritable()} turns false above the stream's write-buffer high-water mark (Netty
 * default 64 KiB), so writers should follow {@code channelWritabilityChanged}. A write's promise
 * completes when its last byte has been handed to the connection, not when the remote read it.
 *
 * <h2>Closing</h2>
 * <ul>
 *   <li>{@link #shutdownOutput()}: half-close. Flushes what was written before, then sends FIN;
 *       later writes fail with {@code ChannelOutputShutdownException}. Reading goes on.
 *   <li>{@link #close()}: sends FIN if not sent yet and closes the channel; writes still waiting
 *       for window fail (Netty semantics, so close from a write listener or after
 *       {@code shutdownOutput}). Data arriving afterwards is dropped, and the stream is reset
 *       if the remote keeps sending.
 *   <li>Both sides sent FIN: the channel closes by itself once the FIN has been delivered.
 *   <li>{@link #reset()} or a remote RST: aborts both directions at once; queued data is dropped,
 *       pending writes fail with {@link YamuxException.Reason#STREAM_RESET}, the pipeline gets a
 *       {@link ResetEvent} and the channel closes.
 *   <li>When the session ends, every stream closes; pending writes fail.
 * </ul>
 */
public interface YamuxStream extends DuplexChannel {

    /** The stream ID, an unsigned 32-bit value: odd for streams the client opened, even for the server's. */
    long streamId();

    /** Whether this side opened the stream. */
    boolean isOutbound();

    /** The session this stream belongs to. */
    YamuxSession session();

    /** Resets (RST) the stream: both directions end at once. Safe from any thread. */
    ChannelFuture reset();

    /**
     * User event fired on a stream's pipeline just before it closes because of a reset.
     *
     * @param remote whether the remote sent the RST
     * @param errorCode the code go-yamux v5 puts in an RST WindowUpdate's length (0 if none)
     */
    record ResetEvent(boolean remote, long errorCode) {
    }
}
