package dev.dslab.local.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where the local target keeps the learner's sandboxes, under its home ($DSLAB_HOME/local): each emulator's
 * data and each registry of dslab's own services. They outlive the daemon: `local stop` and a kill -9 keep
 * them, the next start resumes them; `local reset` deletes them.
 */
public record StateFolders(Path home) {

    /** The DynamoDB front's state: dynalite's LevelDB and which tables' replicas were in step at the last stop. */
    public Path dynamodb() {
        return home.resolve("dynamodb");
    }

    /** dynalite's LevelDB (every replica of every table is a table in it). */
    public Path dynalite() {
        return dynamodb().resolve("dynalite");
    }

    /** kinesis-local's data file. */
    public Path kinesis() {
        return home.resolve("kinesis");
    }

    /** S3Proxy's buckets and object versions. */
    public Path s3() {
        return home.resolve("s3");
    }

    /** S3 request bodies being received, outside every bucket so that no listing sees them; emptied at each start. */
    public Path s3Incoming() {
        return home.resolve("s3-incoming");
    }

    /** Functions, their code, their logs, event source mappings and their checkpoints. */
    public Path lambda() {
        return home.resolve("lambda");
    }

    /** The records of the stacks. */
    public Path cloudformation() {
        return home.resolve("cloudformation");
    }

    public List<Path> all() {
        return List.of(dynamodb(), kinesis(), s3(), s3Incoming(), lambda(), cloudformation());
    }

    /** Creates the folders the emulators are pointed at. */
    public StateFolders create() {
        try {
            for (Path folder : List.of(dynamodb(), kinesis(), s3())) {
                Files.createDirectories(folder);
            }
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the local target's state folders under " + home, e);
        }
    }

    /** Deletes every folder (the daemon must not be running); returns those that existed. */
    public List<Path> delete() {
        List<Path> deleted = new ArrayList<>();
        for (Path folder : all()) {
            if (!Files.exists(folder)) {
                continue;
            }
            try (Stream<Path> tree = Files.walk(folder)) {
                for (Path path : (Iterable<Path>) tree.sorted(Comparator.reverseOrder())::iterator) {
                    Files.deleteIfExists(path);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete " + folder, e);
            }
            deleted.add(folder);
        }
        return deleted;
    }
}
