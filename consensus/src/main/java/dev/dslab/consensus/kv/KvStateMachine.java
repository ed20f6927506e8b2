package dev.dslab.consensus.kv;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * The replicated state: the key-value map and the deduplication table (per client, the last request number
 * applied and its result). Both go into a snapshot: a server that installs a snapshot or restarts from one
 * must still recognise a retried request that the snapshot already covers, or it would apply it twice.
 */
public final class KvStateMachine {
    private final TreeMap<String, String> data = new TreeMap<>();
    private final TreeMap<String, Applied> lastApplied = new TreeMap<>();
    private final boolean deduplicate;

    /** The last request applied for one client and what it answered. */
    public record Applied(long seq, KvResult result) {
    }

    /** @param deduplicate false only for the deliberately buggy service that applies retries again */
    public KvStateMachine(boolean deduplicate) {
        this.deduplicate = deduplicate;
    }

    /** Applies a committed request once: a request number already applied for its client answers as before. */
    public KvResult apply(KvOp op) {
        Applied last = lastApplied.get(op.client());
        if (deduplicate && last != null && op.seq() <= last.seq()) {
            // a retry of the last request gets its answer again; an older one is not applied now that its client has
            // moved on (its answer went out before, or the client gave up on it): say so, do not pretend it was done
            return op.seq() == last.seq() ? last.result() : KvResult.LOST;
        }
        KvResult result = execute(op);
        lastApplied.put(op.client(), new Applied(op.seq(), result));
        return result;
    }

    /** The answer a request already applied got, if it is this client's last one (null otherwise). */
    public KvResult answered(KvOp op) {
        Applied last = lastApplied.get(op.client());
        return deduplicate && last != null && last.seq() == op.seq() ? last.result() : null;
    }

    private KvResult execute(KvOp op) {
        String current = data.get(op.key());
        switch (op.kind()) {
            case GET:
                return current == null ? new KvResult(KvResult.Status.NO_KEY, null) : new KvResult(KvResult.Status.OK, current);
            case PUT:
                data.put(op.key(), op.value());
                return KvResult.OK;
            case APPEND:
                data.put(op.key(), current == null ? op.value() : current + op.value());
                return KvResult.OK;
            case CAS:
                if (current == null) {
                    return new KvResult(KvResult.Status.NO_KEY, null);
                }
                if (!current.equals(op.expected())) {
                    return new KvResult(KvResult.Status.MISMATCH, current);
                }
                data.put(op.key(), op.value());
                return KvResult.OK;
            default:
                throw new IllegalStateException("unknown kind " + op.kind());
        }
    }

    /** The value a key holds on this replica (what a stale local read would answer). */
    public String read(String key) {
        return data.get(key);
    }

    public Map<String, String> data() {
        return java.util.Collections.unmodifiableMap(data);
    }

    public int clients() {
        return lastApplied.size();
    }

    public byte[] snapshot() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(data.size());
            for (Map.Entry<String, String> entry : data.entrySet()) {
                writeString(out, entry.getKey());
                writeString(out, entry.getValue());
            }
            out.writeInt(lastApplied.size());
            for (Map.Entry<String, Applied> entry : lastApplied.entrySet()) {
                writeString(out, entry.getKey());
                out.writeLong(entry.getValue().seq());
                KvResult result = entry.getValue().result();
                out.writeByte(result.status().ordinal());
                out.writeBoolean(result.value() != null);
                if (result.value() != null) {
                    writeString(out, result.value());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Replaces the whole state with a snapshot's. */
    public void restore(byte[] snapshot) {
        data.clear();
        lastApplied.clear();
        if (snapshot.length == 0) {
            return;
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(snapshot))) {
            int keys = in.readInt();
            for (int i = 0; i < keys; i++) {
                data.put(readString(in), readString(in));
            }
            int clients = in.readInt();
            for (int i = 0; i < clients; i++) {
                String client = readString(in);
                long seq = in.readLong();
                KvResult.Status status = KvResult.Status.values()[in.readByte()];
                String value = in.readBoolean() ? readString(in) : null;
                lastApplied.put(client, new Applied(seq, new KvResult(status, value)));
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("a snapshot this service cannot read: " + e.getMessage(), e);
        }
    }

    // writeUTF stops at 64 KB, and an appended value may grow past that
    private static void writeString(DataOutputStream out, String text) throws IOException {
        byte[] utf8 = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static String readString(DataInputStream in) throws IOException {
        return new String(in.readNBytes(in.readInt()), java.nio.charset.StandardCharsets.UTF_8);
    }
}
