package dev.dslab.consensus.maelstrom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Raft's own messages as JSON message bodies, so peers in separate processes can talk through Maelstrom's
 * network: {@code {"type":"raft","class":"AppendEntries","msg":{...record components...}}}. Any Raft whose
 * messages are records (the reference's, a learner's) travels unchanged. Only records of the Raft
 * implementation's own package are decoded: a class name from the wire never loads anything else.
 */
final class RaftMessageCodec {
    static final String TYPE = "raft";

    private final ObjectMapper mapper;
    private final String messagePackage;
    private final ClassLoader loader;

    RaftMessageCodec(ObjectMapper mapper, Class<?> raftClass) {
        this.mapper = mapper;
        this.messagePackage = raftClass.getPackageName();
        this.loader = raftClass.getClassLoader();
    }

    ObjectNode encode(Object message) {
        Class<?> type = message.getClass();
        if (!type.isRecord() || !type.getPackageName().equals(messagePackage)) {
            throw new IllegalArgumentException("Raft messages must be records of " + messagePackage + ", got " + type.getName());
        }
        ObjectNode body = mapper.createObjectNode();
        body.put("type", TYPE);
        body.put("class", type.getName().substring(messagePackage.length() + 1));
        body.set("msg", mapper.valueToTree(message));
        return body;
    }

    Object decode(JsonNode body) {
        String name = body.path("class").asText("");
        if (name.isEmpty() || !name.matches("[A-Za-z0-9_$]+")) {
            throw new IllegalArgumentException("a raft message names its class with letters, digits, _ or $; got '" + name + "'");
        }
        Class<?> type;
        try {
            type = Class.forName(messagePackage + "." + name, false, loader);
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("no Raft message class " + name + " in " + messagePackage);
        }
        if (!type.isRecord()) {
            throw new IllegalArgumentException(name + " is not a Raft message record");
        }
        try {
            return mapper.treeToValue(body.path("msg"), type);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("a " + name + " that does not parse: " + e.getOriginalMessage());
        }
    }
}
