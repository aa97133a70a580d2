package org.kith.node.replication;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.kith.node.sync.SyncService;
import org.kith.p2p.Host;
import org.kith.p2p.Stream;
import org.kith.p2p.StreamReader;
import org.kith.protocol.identity.PeerId;

/**
 * A hand-written speaker of {@code /kith/sync/1.0.0} (a misbehaving peer bypassing its own sync
 * service): sends Hello with an empty vector, then one Batch of whatever records it likes, and
 * reports whether the other side acknowledged it or reset the stream. Frames as in
 * docs/architecture.md: {@code uvarint(len) ‖ Frame{hello=1|batch=2|ack=3|done=4}}.
 */
final class RawSync {

    enum Outcome { ACKED, CLOSED }

    private RawSync() {
    }

    static Outcome session(Host from, PeerId to, String swarm, List<byte[]> records) throws Exception {
        Stream s = from.newStream(to, List.of(SyncService.PROTOCOL)).get(10, TimeUnit.SECONDS);
        CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        s.read(new StreamReader() {
            final ByteArrayOutputStream pending = new ByteArrayOutputStream();
            boolean sentBatch;

            @Override
            public void onData(Stream st, byte[] data) {
                pending.write(data, 0, data.length);
                byte[] buf = pending.toByteArray();
                int pos = 0;
                while (true) {
                    long len = 0;
                    int shift = 0;
                    int p = pos;
                    boolean complete = false;
                    while (p < buf.length) {
                        int b = buf[p++] & 0xff;
                        len |= (long) (b & 0x7f) << shift;
                        shift += 7;
                        if ((b & 0x80) == 0) {
                            complete = true;
                            break;
                        }
                    }
                    if (!complete || buf.length - p < len) {
                        break;
                    }
                    int kind = len == 0 ? 0 : (buf[p] & 0xff) >>> 3;
                    pos = p + (int) len;
                    if (kind == 1 && !sentBatch) { // their Hello: now the batch
                        sentBatch = true;
                        st.write(frame(2, batch(records)));
                    } else if (kind == 3) { // an Ack of our batch
                        outcome.complete(Outcome.ACKED);
                    }
                }
                pending.reset();
                pending.write(buf, pos, buf.length - pos);
            }

            @Override
            public void onClosed(Stream st) {
                outcome.complete(Outcome.CLOSED);
            }
        });
        s.write(frame(1, hello(swarm)));
        Outcome o = outcome.get(30, TimeUnit.SECONDS);
        s.reset();
        return o;
    }

    private static byte[] hello(String swarm) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CodedOutputStream o = CodedOutputStream.newInstance(out);
        o.writeUInt32(1, 1);
        o.writeString(2, swarm);
        o.flush();
        return out.toByteArray();
    }

    private static byte[] batch(List<byte[]> records) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            CodedOutputStream o = CodedOutputStream.newInstance(out);
            o.writeUInt64(1, 0);
            for (byte[] r : records) {
                o.writeByteArray(2, r);
            }
            o.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] frame(int field, byte[] inner) {
        try {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            CodedOutputStream o = CodedOutputStream.newInstance(body);
            o.writeByteArray(field, inner);
            o.flush();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            CodedOutputStream p = CodedOutputStream.newInstance(out);
            p.writeUInt32NoTag(body.size());
            p.flush();
            body.writeTo(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
