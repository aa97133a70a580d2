package org.kith.p2p.yamux;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.ChannelInputShutdownReadComplete;
import io.netty.channel.socket.ChannelOutputShutdownEvent;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Records what a stream's pipeline sees: bytes (copied, buffers released), events, the close. */
final class Recorder extends ChannelInboundHandlerAdapter {

    final ByteArrayOutputStream received = new ByteArrayOutputStream();
    final List<Object> events = new ArrayList<>();
    final CompletableFuture<Void> inputShutdown = new CompletableFuture<>();
    final CompletableFuture<Void> inactive = new CompletableFuture<>();
    final List<Throwable> exceptions = new ArrayList<>();
    int reads;
    int readCompletes;
    boolean activeSeen;
    boolean echo;

    Recorder() {
    }

    static Recorder echoing() {
        Recorder r = new Recorder();
        r.echo = true;
        return r;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        activeSeen = true;
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf buf = (ByteBuf) msg;
        reads++;
        if (echo) {
            byte[] copy = new byte[buf.readableBytes()];
            buf.getBytes(buf.readerIndex(), copy);
            received.writeBytes(copy);
            ctx.write(buf);
        } else {
            try {
                byte[] copy = new byte[buf.readableBytes()];
                buf.readBytes(copy);
                received.writeBytes(copy);
            } finally {
                buf.release();
            }
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        readCompletes++;
        if (echo) {
            ctx.flush();
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        events.add(evt);
        if (evt == ChannelInputShutdownEvent.INSTANCE) {
            inputShutdown.complete(null);
            if (echo) {
                ctx.flush();
                ((io.netty.channel.socket.DuplexChannel) ctx.channel()).shutdownOutput();
            }
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        inactive.complete(null);
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        exceptions.add(cause);
    }

    String text() {
        return received.toString(StandardCharsets.UTF_8);
    }

    byte[] bytes() {
        return received.toByteArray();
    }

    boolean saw(Class<?> eventType) {
        return events.stream().anyMatch(eventType::isInstance);
    }

    boolean sawInputShutdown() {
        return events.contains(ChannelInputShutdownEvent.INSTANCE)
                && events.contains(ChannelInputShutdownReadComplete.INSTANCE);
    }

    boolean sawOutputShutdown() {
        return events.contains(ChannelOutputShutdownEvent.INSTANCE);
    }

    YamuxStream.ResetEvent resetEvent() {
        return events.stream().filter(YamuxStream.ResetEvent.class::isInstance)
                .map(YamuxStream.ResetEvent.class::cast).findFirst().orElse(null);
    }
}
