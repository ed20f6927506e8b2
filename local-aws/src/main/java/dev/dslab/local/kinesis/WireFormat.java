package dev.dslab.local.kinesis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import java.io.IOException;

/**
 * The two encodings Kinesis clients send: CBOR ({@code application/x-amz-cbor-1.1}, the AWS SDKs' default)
 * and JSON ({@code application/x-amz-json-1.1}, the aws CLI, and the Java SDK with aws.cborEnabled=false).
 * The answer goes back in the encoding of the request. Blobs are CBOR byte strings, or base64 in JSON.
 */
enum WireFormat {
    JSON("application/x-amz-json-1.1", new ObjectMapper()),
    CBOR("application/x-amz-cbor-1.1", new CBORMapper());

    private final String contentType;
    private final ObjectMapper mapper;

    WireFormat(String contentType, ObjectMapper mapper) {
        this.contentType = contentType;
        this.mapper = mapper;
    }

    static WireFormat of(String contentType) {
        return contentType != null && contentType.contains("cbor") ? CBOR : JSON;
    }

    String contentType() {
        return contentType;
    }

    JsonNode read(byte[] bytes) throws IOException {
        return mapper.readTree(bytes);
    }

    byte[] write(JsonNode node) throws IOException {
        return mapper.writeValueAsBytes(node);
    }

    com.fasterxml.jackson.databind.node.ObjectNode object() {
        return mapper.createObjectNode();
    }

    /** The decoded length of a Data blob: a byte string, or base64 text (the padding is not data). */
    static long blobLength(JsonNode data) {
        if (data == null || data.isNull()) {
            return 0;
        }
        if (data.isBinary()) {
            try {
                return data.binaryValue().length;
            } catch (IOException notBinary) {
                return 0;
            }
        }
        String text = data.asText("");
        int length = text.length();
        int padding = length > 0 && text.charAt(length - 1) == '=' ? (length > 1 && text.charAt(length - 2) == '=' ? 2 : 1) : 0;
        return Math.max(0, (long) length / 4 * 3 + (length % 4 == 0 ? 0 : length % 4 - 1) - padding);
    }
}
