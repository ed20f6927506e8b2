package dev.dslab.consensus.maelstrom;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dslab.consensus.kv.KvOp;
import dev.dslab.consensus.kv.KvResult;
import dev.dslab.consensus.kv.KvServer;
import dev.dslab.consensus.raft.ApplyChannel;
import dev.dslab.consensus.raft.Raft;
import dev.dslab.consensus.raft.RaftFactory;
import dev.dslab.consensus.raft.reference.ReferenceRaft;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The Raft key-value service as a Maelstrom node (Jepsen's Maelstrom, workload lin-kv): JSON messages one per
 * line on standard input and output ({@code doc/protocol.md}), diagnostics on standard error. {@code init}
 * names the cluster; {@code read}, {@code write} and {@code cas} go through the {@link KvServer} (so through
 * the Raft log: linearizable); Raft's own messages travel between the nodes as {@code raft} bodies. Every
 * handler and timer runs on one thread, as in the simulator, with the wall clock instead of virtual time.
 *
 * <p>A node that does not lead forwards the request to the others and relays the leader's answer; when no node
 * leads it answers 11 (temporarily unavailable: definitely not done). A request whose leader lost office
 * before it committed answers 0 (timeout: it may or may not take effect). Missing keys answer 20, a failed
 * compare-and-set 22.
 *
 * <p>{@code MaelstromNode [--max-raft-state BYTES] [--raft CLASS]}: snapshot once the Raft state reaches BYTES
 * (default 1 MB, as a long Maelstrom run would otherwise grow the log without end); run a learner's Raft
 * (for instance {@code raft.MyRaft} with the workspace's classes on the class path) instead of the reference.
 */
public final class MaelstromNode {
    static final int DEFAULT_MAX_RAFT_STATE = 1 << 20;
    static final String FORWARD = "kv_forward";
    static final String FORWARD_RESULT = "kv_forward_result";
    static final long FORWARD_EXPIRY_SECONDS = 30;

    private final ObjectMapper mapper = new ObjectMapper();
    private final PrintStream out;
    private final PrintStream err;
    private final RaftFactory raftFactory;
    private final int maxRaftState;
    private final ScheduledThreadPoolExecutor thread = new ScheduledThreadPoolExecutor(1, runnable -> {
        Thread t = new Thread(runnable, "maelstrom-node");
        t.setDaemon(true);
        return t;
    });
    private final RaftMessageCodec codec;
    private String me;
    private List<String> nodeIds = List.of();
    private KvServer server;
    private long nextMsgId = 1;
    private long nextForwardId = 1;
    private final Map<Long, Forward> forwards = new HashMap<>();

    MaelstromNode(PrintStream out, PrintStream err, RaftFactory raftFactory, Class<?> raftClass, int maxRaftState) {
        this.out = out;
        this.err = err;
        this.raftFactory = raftFactory;
        this.maxRaftState = maxRaftState;
        this.codec = new RaftMessageCodec(mapper, raftClass);
        thread.setRemoveOnCancelPolicy(true);
    }

    public static void main(String[] args) throws IOException {
        int maxRaftState = DEFAULT_MAX_RAFT_STATE;
        Class<?> raftClass = ReferenceRaft.class;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--max-raft-state") && i + 1 < args.length && args[i + 1].matches("-?\\d{1,9}")) {
                maxRaftState = Integer.parseInt(args[++i]);
            } else if (args[i].equals("--raft") && i + 1 < args.length) {
                raftClass = raftClass(args[++i]);
            } else {
                usage("unknown argument '" + args[i] + "'");
            }
        }
        PrintStream stdout = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false, StandardCharsets.UTF_8);
        // nothing but protocol messages may reach standard output
        System.setOut(System.err);
        new MaelstromNode(stdout, System.err, factory(raftClass), raftClass, maxRaftState).run(System.in);
        System.exit(0);
    }

    /** A Raft implementation on the class path with the harness's {@code (int me, ApplyChannel applyCh)} constructor. */
    private static Class<?> raftClass(String name) {
        try {
            Class<?> type = Class.forName(name);
            if (!Raft.class.isAssignableFrom(type)) {
                usage(name + " does not implement " + Raft.class.getName());
            }
            type.getConstructor(int.class, ApplyChannel.class);
            return type;
        } catch (ClassNotFoundException e) {
            usage("no class " + name + " on the class path");
        } catch (NoSuchMethodException e) {
            usage(name + " needs a public constructor (int me, ApplyChannel applyCh), as the harness uses");
        }
        return null;
    }

    private static RaftFactory factory(Class<?> raftClass) {
        if (raftClass == ReferenceRaft.class) {
            return ReferenceRaft.factory();
        }
        return (id, applyChannel) -> {
            try {
                return (Raft) raftClass.getConstructor(int.class, ApplyChannel.class).newInstance(id, applyChannel);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot create " + raftClass.getName() + ": " + e, e);
            }
        };
    }

    private static void usage(String problem) {
        System.err.println(problem + "; usage: MaelstromNode [--max-raft-state BYTES (-1: never snapshot)] [--raft CLASS]");
        System.exit(2);
    }

    /** Reads messages until the input ends, handling each on the node's thread. */
    void run(InputStream input) throws IOException {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(input, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                String message = line;
                if (!message.isBlank()) {
                    thread.execute(() -> handle(message));
                }
            }
        } finally {
            thread.shutdownNow();
            try {
                thread.awaitTermination(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void handle(String line) {
        JsonNode message;
        try {
            message = mapper.readTree(line);
        } catch (JsonProcessingException e) {
            err.println("ignored a line that is not JSON: " + abbreviate(line));
            return;
        }
        String src = message.path("src").asText("");
        JsonNode body = message.path("body");
        String type = body.path("type").asText("");
        try {
            switch (type) {
                case "init" -> init(src, body);
                case RaftMessageCodec.TYPE -> {
                    int from = nodeIds.indexOf(src);
                    if (server != null && from >= 0) {
                        server.onMessage(from, codec.decode(body));
                    }
                }
                case "read", "write", "cas" -> request(src, type, body);
                case FORWARD -> {
                    if (server != null && nodeIds.contains(src)) {
                        forwarded(src, body);
                    }
                }
                case FORWARD_RESULT -> forwardResult(body);
                default -> {
                    if (body.has("msg_id")) {
                        error(src, body, 10, "this node serves init, read, write and cas; not '" + type + "'");
                    }
                }
            }
        } catch (RuntimeException e) {
            err.println("failed on " + abbreviate(line) + ": " + e);
            if (body.has("msg_id") && !type.equals(RaftMessageCodec.TYPE)) {
                error(src, body, 13, "the node failed on this request: " + e.getMessage());
            }
        }
    }

    private void init(String src, JsonNode body) {
        String id = body.path("node_id").asText("");
        List<String> ids = new ArrayList<>();
        body.path("node_ids").forEach(node -> ids.add(node.asText()));
        if (id.isEmpty() || !ids.contains(id)) {
            error(src, body, 12, "init needs node_id and node_ids containing it");
            return;
        }
        if (server != null) {
            error(src, body, 12, "already initialised as " + me);
            return;
        }
        me = id;
        nodeIds = List.copyOf(ids);
        RealTimeContext context = new RealTimeContext(ids.indexOf(id), ids.size(), thread, this::sendRaft,
                note -> err.println(me + ": " + note));
        server = new KvServer(raftFactory, ids.size(), maxRaftState, Set.of());
        context.attach(server);
        server.boot(context);
        reply(src, body, mapper.createObjectNode().put("type", "init_ok"));
        err.println(me + ": initialised in a cluster of " + nodeIds);
    }

    private void request(String src, String type, JsonNode body) {
        if (server == null) {
            error(src, body, 11, "not initialised yet");
            return;
        }
        if (!body.has("key") || !body.path("msg_id").canConvertToLong()) {
            error(src, body, 12, type + " needs key and msg_id");
            return;
        }
        String key = json(body.get("key"));
        long seq = body.path("msg_id").asLong() + 1;
        KvOp op = switch (type) {
            case "read" -> KvOp.get(src, seq, key);
            case "write" -> body.has("value") ? KvOp.put(src, seq, key, json(body.get("value"))) : null;
            default -> body.has("from") && body.has("to") ? KvOp.cas(src, seq, key, json(body.get("from")), json(body.get("to"))) : null;
        };
        if (op == null) {
            error(src, body, 12, type.equals("write") ? "write needs value" : "cas needs from and to");
            return;
        }
        submitOrForward(op, result -> answer(src, body, op, result));
    }

    /**
     * Submits here; a node that does not lead asks every other node (Maelstrom's clients talk to any node, and the
     * Raft API does not say who leads). Only a leader puts the request in its log; the first decided answer
     * wins, and if every node says it does not lead, the client gets 11. Forwarding cannot apply a request
     * twice: the client table knows it by client and msg_id wherever it lands.
     */
    private void submitOrForward(KvOp op, Consumer<KvResult> answer) {
        server.submit(op, result -> {
            if (result.status() != KvResult.Status.WRONG_LEADER || nodeIds.size() == 1) {
                answer.accept(result);
                return;
            }
            long id = nextForwardId++;
            forwards.put(id, new Forward(answer, nodeIds.size() - 1));
            // a forward whose answers were lost is forgotten; the client has long timed out by then
            thread.schedule(() -> forwards.remove(id), FORWARD_EXPIRY_SECONDS, TimeUnit.SECONDS);
            for (String node : nodeIds) {
                if (!node.equals(me)) {
                    ObjectNode body = mapper.createObjectNode().put("type", FORWARD).put("forward_id", id).put("op", op.encode());
                    send(node, body);
                }
            }
        });
    }

    private void forwarded(String origin, JsonNode body) {
        KvOp op = KvOp.decode(body.path("op").asText(""));
        long id = body.path("forward_id").asLong();
        server.submit(op, result -> {
            ObjectNode answer = mapper.createObjectNode().put("type", FORWARD_RESULT).put("forward_id", id)
                    .put("status", result.status().name());
            if (result.value() != null) {
                answer.put("value", result.value());
            }
            send(origin, answer);
        });
    }

    private void forwardResult(JsonNode body) {
        long id = body.path("forward_id").asLong();
        Forward forward = forwards.get(id);
        if (forward == null) {
            return;
        }
        KvResult.Status status = KvResult.Status.valueOf(body.path("status").asText());
        if (status == KvResult.Status.WRONG_LEADER && --forward.waiting > 0) {
            return;
        }
        forwards.remove(id);
        forward.answer.accept(new KvResult(status, body.hasNonNull("value") ? body.get("value").asText() : null));
    }

    private static final class Forward {
        final Consumer<KvResult> answer;
        int waiting;

        Forward(Consumer<KvResult> answer, int waiting) {
            this.answer = answer;
            this.waiting = waiting;
        }
    }

    private void answer(String src, JsonNode request, KvOp op, KvResult result) {
        switch (result.status()) {
            case OK -> {
                ObjectNode ok = mapper.createObjectNode();
                switch (op.kind()) {
                    case GET -> ok.put("type", "read_ok").set("value", parse(result.value()));
                    case PUT -> ok.put("type", "write_ok");
                    default -> ok.put("type", "cas_ok");
                }
                reply(src, request, ok);
            }
            case NO_KEY -> error(src, request, 20, "key " + op.key() + " does not exist");
            case MISMATCH -> error(src, request, 22, "expected " + op.expected() + " but the value is " + result.value());
            case WRONG_LEADER -> error(src, request, 11, me + " is not the leader");
            case LOST -> error(src, request, 0, me + " lost leadership before the request committed; it may still take effect");
            default -> throw new IllegalStateException("unexpected " + result);
        }
    }

    private void sendRaft(int to, Object message) {
        send(nodeIds.get(to), codec.encode(message));
    }

    private void send(String dest, ObjectNode body) {
        ObjectNode envelope = mapper.createObjectNode();
        envelope.put("src", me);
        envelope.put("dest", dest);
        envelope.set("body", body);
        write(envelope);
    }

    private void error(String dest, JsonNode request, int code, String text) {
        reply(dest, request, mapper.createObjectNode().put("type", "error").put("code", code).put("text", text));
    }

    private void reply(String dest, JsonNode request, ObjectNode body) {
        body.put("msg_id", nextMsgId++);
        if (request.has("msg_id")) {
            body.set("in_reply_to", request.get("msg_id"));
        }
        ObjectNode envelope = mapper.createObjectNode();
        envelope.put("src", me == null ? "" : me);
        envelope.put("dest", dest);
        envelope.set("body", body);
        write(envelope);
    }

    private void write(ObjectNode envelope) {
        out.println(envelope.toString());
        out.flush();
    }

    private String json(JsonNode value) {
        return value.toString();
    }

    private JsonNode parse(String json) {
        try {
            return mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored value that is not JSON: " + json, e);
        }
    }

    private static String abbreviate(String line) {
        return line.length() <= 200 ? line : line.substring(0, 200) + "...";
    }
}
