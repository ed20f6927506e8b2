package dev.dslab.local.state;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable registries of the local target (functions, event source mappings and their checkpoints,
 * stacks) are folders of small JSON files, one per entry, each replaced atomically: written to a temporary
 * file, forced to disk, renamed over the old one. A daemon killed -9 at any moment leaves every file either
 * as it was or as it became, never half-written.
 */
public final class JsonFiles {

    /** Reads and writes records and JsonNodes; a field added later reads as its default from older files. */
    public static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    private static final Logger log = LoggerFactory.getLogger(JsonFiles.class);
    private static final String TEMPORARY = ".tmp";

    private JsonFiles() {
    }

    /** Replaces {@code file} with {@code value} as JSON, atomically and durably. */
    public static void write(Path file, Object value) {
        try {
            writeBytes(file, JSON.writeValueAsBytes(value));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Replaces {@code file} with {@code bytes}, atomically and durably. */
    public static void writeBytes(Path file, byte[] bytes) {
        Path temporary = file.resolveSibling(file.getFileName() + TEMPORARY);
        try {
            Files.createDirectories(file.getParent());
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    public static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file, e);
        }
    }

    /**
     * Every entry of a registry folder whose name ends with {@code suffix}, read as {@code type}, in name
     * order. A file that cannot be read (edited by hand, an older format) is moved aside as
     * {@code <name>.unreadable} with a warning in the daemon's log, so one bad entry never stops the target.
     */
    public static <T> List<T> readAll(Path folder, String suffix, Class<T> type) {
        List<T> entries = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> listed = Files.list(folder)) {
            files = listed.filter(path -> path.getFileName().toString().endsWith(suffix)).sorted().toList();
        } catch (NoSuchFileException none) {
            return entries;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
        for (Path file : files) {
            try {
                entries.add(JSON.readValue(file.toFile(), type));
            } catch (IOException | RuntimeException unreadable) {
                log.warn("{} cannot be read ({}); moved aside, the target starts without it", file, unreadable.getMessage());
                try {
                    Files.move(file, file.resolveSibling(file.getFileName() + ".unreadable"), StandardCopyOption.REPLACE_EXISTING);
                } catch (IOException ignored) {
                    // read again (and warned about again) at the next start
                }
            }
        }
        return entries;
    }

    /** The tree of {@code file}, or null when it does not exist. */
    public static JsonNode readTree(Path file) {
        try {
            return Files.exists(file) ? JSON.readTree(file.toFile()) : null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
