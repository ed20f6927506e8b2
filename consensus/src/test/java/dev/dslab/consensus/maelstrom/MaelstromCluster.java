package dev.dslab.consensus.maelstrom;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Maelstrom's part in a test: launches nodes as real child JVMs, routes the messages they address to each
 * other (a small stand-in for Maelstrom's network, able to cut a node off), and plays clients that send
 * requests and wait for the replies addressed to them.
 */
final class MaelstromCluster implements AutoCloseable {
    static final long REPLY_TIMEOUT_MILLIS = 5_000;
    /** Three JVMs starting at once on two busy cores take seconds before they read their first line. */
    static final long INIT_TIMEOUT_MILLIS = 30_000;

    private final ObjectMapper mapper = new ObjectMapper();
    private final List<String> ids = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();
    private final List<Writer> stdins = new ArrayList<>();
    private final Map<String, BlockingQueue<JsonNode>> clientInboxes = new ConcurrentHashMap<>();
    private final Set<String> isolated = ConcurrentHashMap.newKeySet();
    private final AtomicLong msgIds = new AtomicLong(100);
    /** Messages delivered between nodes, by Raft message class or body type. */
    final Map<String, Integer> delivered = new ConcurrentHashMap<>();
    final List<String> malformed = new java.util.concurrent.CopyOnWriteArrayList<>();

    private final Path logs;

    MaelstromCluster(int nodes, Path logs, String... nodeArgs) throws IOException {
        this.logs = logs;
        for (int i = 1; i <= nodes; i++) {
            ids.add("n" + i);
        }
        for (int i = 0; i < nodes; i++) {
            List<String> command = new ArrayList<>(List.of(javaExecutable(), "-Xmx96m", "-XX:TieredStopAtLevel=1", "-cp", classpath(),
                    MaelstromNode.class.getName()));
            command.addAll(List.of(nodeArgs));
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.redirectError(logs.resolve(ids.get(i) + ".log").toFile());
            Process process = builder.start();
            processes.add(process);
            stdins.add(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
            String id = ids.get(i);
            Thread reader = new Thread(() -> route(id, process), "router-" + id);
            reader.setDaemon(true);
            reader.start();
        }
    }

    List<String> ids() {
        return ids;
    }

    /** What the node wrote on standard error so far. */
    String log(String node) throws IOException {
        return java.nio.file.Files.readString(logs.resolve(node + ".log"));
    }

    /** Sends init to every node and waits for each init_ok (the first answer waits for the JVM to start, too). */
    void init() {
        for (String id : ids) {
            ObjectNode body = mapper.createObjectNode().put("type", "init").put("node_id", id);
            ids.forEach(body.putArray("node_ids")::add);
            JsonNode reply = tryCall("c0", id, body, INIT_TIMEOUT_MILLIS);
            if (reply == null || !reply.path("type").asText().equals("init_ok")) {
                throw new AssertionError(id + " answered init with " + reply);
            }
        }
    }

    /** Sends a request from {@code client} to {@code node} and returns its reply, which must come within 5 s. */
    JsonNode call(String client, String node, ObjectNode body) {
        JsonNode reply = tryCall(client, node, body, REPLY_TIMEOUT_MILLIS);
        if (reply == null) {
            throw new AssertionError(node + " did not answer " + body + " within " + REPLY_TIMEOUT_MILLIS + " ms");
        }
        return reply;
    }

    /** Sends a request and waits for its reply; null when none came within {@code timeoutMillis}. */
    JsonNode tryCall(String client, String node, ObjectNode body, long timeoutMillis) {
        long msgId = msgIds.incrementAndGet();
        body.put("msg_id", msgId);
        BlockingQueue<JsonNode> inbox = clientInboxes.computeIfAbsent(client, c -> new LinkedBlockingQueue<>());
        deliver(node, mapper.createObjectNode().put("src", client).put("dest", node).set("body", body));
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        try {
            while (true) {
                JsonNode reply = inbox.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (reply == null) {
                    return null;
                }
                if (reply.path("body").path("in_reply_to").asLong() == msgId) {
                    return reply.path("body");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    ObjectNode read(Object key) {
        return mapper.createObjectNode().put("type", "read").set("key", mapper.valueToTree(key));
    }

    ObjectNode write(Object key, Object value) {
        return mapper.createObjectNode().put("type", "write").<ObjectNode>set("key", mapper.valueToTree(key)).set("value", mapper.valueToTree(value));
    }

    ObjectNode cas(Object key, Object from, Object to) {
        return mapper.createObjectNode().put("type", "cas").<ObjectNode>set("key", mapper.valueToTree(key))
                .<ObjectNode>set("from", mapper.valueToTree(from)).set("to", mapper.valueToTree(to));
    }

    /** Messages from and to the node are dropped until {@link #heal()}; its clients still reach it. */
    void isolate(String node) {
        isolated.add(node);
    }

    void heal() {
        isolated.clear();
    }

    private void route(String from, Process process) {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                JsonNode message;
                try {
                    message = mapper.readTree(line);
                } catch (IOException e) {
                    malformed.add(from + ": " + line);
                    continue;
                }
                String dest = message.path("dest").asText("");
                if (!message.path("src").asText().equals(from) || !message.path("body").has("type")) {
                    malformed.add(from + ": " + line);
                } else if (ids.contains(dest)) {
                    if (!isolated.contains(from) && !isolated.contains(dest)) {
                        String kind = message.path("body").path("class").asText(message.path("body").path("type").asText());
                        delivered.merge(kind, 1, Integer::sum);
                        deliver(dest, message);
                    }
                } else {
                    clientInboxes.computeIfAbsent(dest, c -> new LinkedBlockingQueue<>()).add(message);
                }
            }
        } catch (IOException e) {
            // the node exited: its remaining output is gone with it
        }
    }

    private void deliver(String node, JsonNode message) {
        Writer in = stdins.get(ids.indexOf(node));
        synchronized (in) {
            try {
                in.write(message.toString());
                in.write('\n');
                in.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("node " + node + " stopped reading", e);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (Writer in : stdins) {
            try {
                in.close();
            } catch (IOException e) {
                // already gone
            }
        }
        for (Process process : processes) {
            if (!process.waitFor(3, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(3, TimeUnit.SECONDS);
            }
        }
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The consensus classes and Jackson, where this JVM loaded them from. */
    private static String classpath() {
        List<String> entries = new ArrayList<>();
        for (Class<?> type : List.of(MaelstromNode.class, ObjectMapper.class, JsonParser.class, JsonProperty.class)) {
            try {
                entries.add(Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
            } catch (java.net.URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
        return String.join(File.pathSeparator, entries);
    }
}
