package dev.dslab.consensus.kv;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One client request to the key-value service, as it travels through the Raft log. {@code client} and
 * {@code seq} identify it for deduplication: a client numbers its requests 1, 2, 3... and retries one with
 * the same number until it gets an answer (MIT 6.5840 Lab 4's clerk), so a request applied twice can be
 * recognised and applied once.
 *
 * @param value    what a put writes, what an append adds, the new value of a compare-and-set (null for a get)
 * @param expected what a compare-and-set expects to find (null for the other kinds)
 */
public record KvOp(Kind kind, String client, long seq, String key, String value, String expected) {

    public enum Kind { GET, PUT, APPEND, CAS }

    public KvOp {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(key, "key");
        if (seq < 1) {
            throw new IllegalArgumentException("request numbers start at 1, got " + seq);
        }
    }

    public static KvOp get(String client, long seq, String key) {
        return new KvOp(Kind.GET, client, seq, key, null, null);
    }

    public static KvOp put(String client, long seq, String key, String value) {
        return new KvOp(Kind.PUT, client, seq, key, Objects.requireNonNull(value, "value"), null);
    }

    public static KvOp append(String client, long seq, String key, String value) {
        return new KvOp(Kind.APPEND, client, seq, key, Objects.requireNonNull(value, "value"), null);
    }

    public static KvOp cas(String client, long seq, String key, String expected, String value) {
        return new KvOp(Kind.CAS, client, seq, key, Objects.requireNonNull(value, "value"),
                Objects.requireNonNull(expected, "expected"));
    }

    /**
     * The Raft command: fields separated by '|', each escaped so a key or value may hold any character, null
     * as '-' (a present value always starts with '='). Readable in a trace: {@code PUT|c3|17|=k1|=v|-}.
     */
    public String encode() {
        return kind + "|" + escape(client) + "|" + seq + "|" + field(key) + "|" + field(value) + "|" + field(expected);
    }

    /** The request a Raft command encodes; IllegalArgumentException for a command this service never wrote. */
    public static KvOp decode(String command) {
        List<String> fields = split(command);
        if (fields.size() != 6) {
            throw new IllegalArgumentException("not a key-value command: " + command);
        }
        try {
            return new KvOp(Kind.valueOf(fields.get(0)), unescape(fields.get(1)), Long.parseLong(fields.get(2)),
                    unfield(fields.get(3)), unfield(fields.get(4)), unfield(fields.get(5)));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a key-value command: " + command, e);
        }
    }

    private static String field(String value) {
        return value == null ? "-" : "=" + escape(value);
    }

    private static String unfield(String field) {
        if (field.equals("-")) {
            return null;
        }
        if (!field.startsWith("=")) {
            throw new IllegalArgumentException("bad field " + field);
        }
        return unescape(field.substring(1));
    }

    private static String escape(String text) {
        return text.replace("%", "%25").replace("|", "%7C");
    }

    private static String unescape(String text) {
        return text.replace("%7C", "|").replace("%25", "%");
    }

    private static List<String> split(String command) {
        List<String> fields = new ArrayList<>(6);
        int start = 0;
        for (int i = 0; i < command.length(); i++) {
            if (command.charAt(i) == '|') {
                fields.add(command.substring(start, i));
                start = i + 1;
            }
        }
        fields.add(command.substring(start));
        return fields;
    }
}
