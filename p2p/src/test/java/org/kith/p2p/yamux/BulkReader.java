package org.kith.p2p.yamux;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;

/** Hashes everything a stream receives; completes with the SHA-256 hex digest at end of input. */
final class BulkReader extends ChannelInboundHandlerAdapter {

    final CompletableFuture<String> digest = new CompletableFuture<>();
    private final MessageDigest sha;
    volatile long bytes;
    volatile int maxReadBytes;

    BulkReader() {
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf buf = (ByteBuf) msg;
        try {
            maxReadBytes = Math.max(maxReadBytes, buf.readableBytes());
            bytes += buf.readableBytes();
            sha.update(buf.nioBuffer());
        } finally {
            buf.release();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == ChannelInputShutdownEvent.INSTANCE) {
            digest.complete(HexFormat.of().formatHex(sha.digest()));
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        digest.completeExceptionally(new IllegalStateException("stream closed after " + bytes + " bytes"));
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        digest.completeExceptionally(cause);
    }
}
