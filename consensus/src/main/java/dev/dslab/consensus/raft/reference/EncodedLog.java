package dev.dslab.consensus.raft.reference;

import dev.dslab.consensus.raft.reference.Messages.Entry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The persisted form of the reference's state: a header (term, vote, snapshot index and term, entry count)
 * and the entries (term, command length, UTF-8 command). The entries stay encoded between persists, and only
 * entries appended or replaced since are encoded again: persisting on every change (Figure 2) would
 * otherwise cost the whole log each time.
 */
final class EncodedLog {
    private static final int HEADER_BYTES = 20;
    private byte[] bytes = new byte[1024];
    /** ends[k] is where the encoding of log position k + 1 ends (position 0 is the snapshot's stand-in). */
    private int[] ends = new int[64];
    private int count;

    /** Forgets the encoding of log positions after {@code positions}. */
    void truncate(int positions) {
        count = Math.min(count, positions);
    }

    /** Encodes the positions of {@code log} not encoded yet. */
    void extend(List<Entry> log) {
        for (int position = count + 1; position < log.size(); position++) {
            Entry entry = log.get(position);
            byte[] command = entry.command().getBytes(StandardCharsets.UTF_8);
            int start = end();
            ensure(start + 8 + command.length);
            ByteBuffer.wrap(bytes, start, 8).putInt(entry.term()).putInt(command.length);
            System.arraycopy(command, 0, bytes, start + 8, command.length);
            if (count == ends.length) {
                ends = Arrays.copyOf(ends, ends.length * 2);
            }
            ends[count++] = start + 8 + command.length;
        }
    }

    byte[] withHeader(int term, int votedFor, int snapshotIndex, int snapshotTerm) {
        byte[] state = new byte[HEADER_BYTES + end()];
        ByteBuffer.wrap(state).putInt(term).putInt(votedFor).putInt(snapshotIndex).putInt(snapshotTerm).putInt(count);
        System.arraycopy(bytes, 0, state, HEADER_BYTES, end());
        return state;
    }

    private int end() {
        return count == 0 ? 0 : ends[count - 1];
    }

    private void ensure(int size) {
        if (size > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(size, bytes.length * 2));
        }
    }
}
