package dev.dslab.consensus.kv;

import java.util.List;

/** The clerks' operation mixes. Written values are unique (client and request number), as the checker needs. */
public final class KvWorkloads {
    /** The register keys of the mixed workload: few, so operations on one key overlap often. */
    public static final List<String> KEYS = List.of("k0", "k1", "k2");
    public static final List<String> APPEND_KEYS = List.of("a0", "a1");

    private KvWorkloads() {
    }

    /**
     * Gets, puts, compare-and-sets (expecting the last value acknowledged on the key, so some succeed) on
     * {@link #KEYS}, and appends on {@link #APPEND_KEYS}: 40 / 25 / 15 / 20 %.
     */
    public static ClerkNode.Workload mixed(KvHistory history) {
        return (client, seq, random) -> {
            int dice = random.nextInt(100);
            if (dice < 20) {
                String key = APPEND_KEYS.get(random.nextInt(APPEND_KEYS.size()));
                return KvOp.append(client, seq, key, KvCluster.appendToken(client, seq));
            }
            String key = KEYS.get(random.nextInt(KEYS.size()));
            String value = client + ":" + seq;
            if (dice < 60) {
                return KvOp.get(client, seq, key);
            }
            if (dice < 85) {
                return KvOp.put(client, seq, key, value);
            }
            String expected = lastAcknowledged(history, key);
            return expected == null ? KvOp.put(client, seq, key, value) : KvOp.cas(client, seq, key, expected, value);
        };
    }

    /** Gets only, on {@link #KEYS}: a reader that keeps asking the server that answered it last. */
    public static ClerkNode.Workload readsOnly() {
        return (client, seq, random) -> KvOp.get(client, seq, KEYS.get(random.nextInt(KEYS.size())));
    }

    /** Appends only, all to one key (MIT's TestUnreliableOneKey4A). */
    public static ClerkNode.Workload appendsToOneKey() {
        return (client, seq, random) -> KvOp.append(client, seq, APPEND_KEYS.get(0), KvCluster.appendToken(client, seq));
    }

    /** Puts only, on one key, {@code count} per clerk then stop (MIT's TestSnapshotSize4B). */
    public static ClerkNode.Workload putsThenStop(int count) {
        return (client, seq, random) -> seq > count ? null : KvOp.put(client, seq, KEYS.get(0), client + ":" + seq);
    }

    private static String lastAcknowledged(KvHistory history, String key) {
        List<KvHistory.Entry> entries = history.entries();
        for (int i = entries.size() - 1; i >= 0; i--) {
            KvHistory.Entry entry = entries.get(i);
            KvOp op = entry.op();
            if (op.key().equals(key) && entry.completed() && entry.result().status() == KvResult.Status.OK
                    && op.kind() != KvOp.Kind.GET) {
                return op.value();
            }
        }
        return null;
    }
}
