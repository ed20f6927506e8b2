package dev.dslab.consensus.exercise;

import dev.dslab.consensus.harness.Harness;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * A learner's exercise directory: a Maven project whose sources are the learner's, plus dslab's consensus API
 * jar in {@code lib/} and one guide per stage started. A marker file says it is one, and which stages it has.
 * Starting a later stage in the same directory keeps the learner's code and adds that stage's guide.
 */
public final class Workspace {
    public static final String MARKER = ".dslab-exercise";
    public static final String LIBRARY = "lib/dslab-consensus.jar";
    public static final String PEER_CLASS = "raft.MyRaft";
    public static final String ACCEPTOR_CLASS = "paxos.MyAcceptor";
    public static final String PROPOSER_CLASS = "paxos.MyProposer";
    static final String SOURCES = "src/main/java";

    private final Path root;

    private Workspace(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    public Path sources() {
        return root.resolve(SOURCES);
    }

    /** Where {@code check} compiles to and keeps the learner code's output: Maven's target, in a folder of its own. */
    public Path checkDirectory() {
        return root.resolve("target/dslab-check");
    }

    /** Where {@code check} writes the HTML replay of each scenario's first failing run. */
    public Path replayDirectory() {
        return root.resolve("target/dslab-replays");
    }

    /** The workspace at {@code directory} or one of its parents, if any. */
    public static java.util.Optional<Workspace> find(Path directory) {
        for (Path at = directory.toAbsolutePath().normalize(); at != null; at = at.getParent()) {
            if (Files.isRegularFile(at.resolve(MARKER))) {
                return java.util.Optional.of(new Workspace(at));
            }
        }
        return java.util.Optional.empty();
    }

    /** What {@link #start} did, for the learner. */
    public record Started(Workspace workspace, boolean created, List<String> written, List<String> kept) {
    }

    /**
     * Scaffolds {@code directory} for {@code stage}, or adds the stage to the workspace already there. Never
     * overwrites the learner's sources; refreshes the guide and the API jar (dslab may have been updated).
     */
    public static Started start(Path directory, Stage stage) {
        Path root = directory.toAbsolutePath().normalize();
        boolean existing = Files.isRegularFile(root.resolve(MARKER));
        try {
            if (!existing && Files.isDirectory(root)) {
                try (Stream<Path> entries = Files.list(root)) {
                    if (entries.findAny().isPresent()) {
                        throw new ExerciseException(root + " exists and is not a dslab exercise directory; give an empty or new --dir");
                    }
                }
            }
            if (Files.exists(root) && !Files.isDirectory(root)) {
                throw new ExerciseException(root + " is a file; give a directory with --dir");
            }
            Files.createDirectories(root);
            Workspace workspace = new Workspace(root);
            if (existing && workspace.track() != stage.track()) {
                throw new ExerciseException(root + " is a " + workspace.track().word() + " workspace; " + stage.id()
                        + " goes in a directory of its own (its default is <dir>/" + stage.track().word() + ")");
            }
            List<String> written = new ArrayList<>();
            List<String> kept = new ArrayList<>();
            for (Track.Skeleton file : stage.track().skeleton()) {
                writeIfAbsent(root, SOURCES + "/" + file.source(), resource(file.resource()), written, kept);
            }
            writeIfAbsent(root, "pom.xml", resource("pom.xml.txt").replace("<artifactId>raft</artifactId>",
                    "<artifactId>" + stage.track().word() + "</artifactId>").replace("Your Raft,", "Your " + stage.track().word() + ","), written, kept);
            writeIfAbsent(root, ".gitignore", "target/\n", written, kept);
            write(root.resolve(stage.guideFile()), resource(stage.guide()));
            written.add(stage.guideFile());
            copyConsensusJar(root.resolve(LIBRARY));
            written.add(LIBRARY);
            TreeSet<String> stages = new TreeSet<>(workspace.stages());
            stages.add(stage.id());
            Properties marker = new Properties();
            marker.setProperty("exercise", stage.track().word());
            marker.setProperty("stages", String.join(",", stages));
            try (OutputStream out = Files.newOutputStream(root.resolve(MARKER))) {
                marker.store(out, "a dslab exercise directory: 'dslab exercise check <stage>' here checks its code");
            }
            return new Started(workspace, !existing, written, kept);
        } catch (IOException e) {
            throw new ExerciseException("cannot write the exercise into " + root + ": " + e.getMessage());
        }
    }

    /** The stages started here, from the marker. */
    public List<String> stages() {
        String stages = marker().getProperty("stages", "");
        return stages.isBlank() ? List.of() : List.of(stages.split(","));
    }

    /** The protocol this workspace is for (workspaces from before Paxos exercises existed are Raft's). */
    public Track track() {
        return Track.of(marker().getProperty("exercise", Track.RAFT.word()));
    }

    private Properties marker() {
        Properties properties = new Properties();
        Path marker = root.resolve(MARKER);
        if (!Files.isRegularFile(marker)) {
            return properties;
        }
        try (InputStream in = Files.newInputStream(marker)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    /**
     * Where the consensus classes this JVM runs are: a jar in an installed dslab, {@code target/classes} in a
     * build. The learner's code compiles and runs against exactly these.
     */
    public static Path consensusClasspath() {
        try {
            return Path.of(Harness.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            throw new ExerciseException("cannot find dslab's consensus classes (" + e.getMessage() + "); run dslab through ./dslab");
        }
    }

    /**
     * What the check's JVM runs with besides the learner's classes: dslab's consensus classes and Jackson, which
     * writes the failure replays' data (jars in an installed dslab, Maven's repository in a build).
     */
    public static String runtimeClasspath() {
        List<String> entries = new ArrayList<>(List.of(consensusClasspath().toString()));
        for (Class<?> type : List.of(com.fasterxml.jackson.databind.ObjectMapper.class, com.fasterxml.jackson.core.JsonFactory.class,
                com.fasterxml.jackson.annotation.JsonProperty.class)) {
            try {
                String entry = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
                if (!entries.contains(entry)) {
                    entries.add(entry);
                }
            } catch (URISyntaxException | RuntimeException e) {
                throw new ExerciseException("cannot find Jackson's classes (" + e.getMessage() + "); run dslab through ./dslab");
            }
        }
        return String.join(java.io.File.pathSeparator, entries);
    }

    /** The API jar for the learner's IDE and Maven: a copy of dslab's own, or one made from its classes directory. */
    private static void copyConsensusJar(Path target) throws IOException {
        Files.createDirectories(target.getParent());
        Path source = consensusClasspath();
        Path temp = Files.createTempFile(target.getParent(), "dslab-consensus-", ".tmp");
        try {
            if (Files.isDirectory(source)) {
                try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(temp))) {
                    Files.walkFileTree(source, new SimpleFileVisitor<>() {
                        @Override
                        public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                            jar.putNextEntry(new JarEntry(source.relativize(file).toString().replace('\\', '/')));
                            Files.copy(file, jar);
                            jar.closeEntry();
                            return FileVisitResult.CONTINUE;
                        }
                    });
                }
            } else {
                Files.copy(source, temp, StandardCopyOption.REPLACE_EXISTING);
            }
            if (Files.getFileStore(temp).supportsFileAttributeView("posix")) {
                // a temporary file is private (0600); the learner's IDE and tools expect an ordinary file
                Files.setPosixFilePermissions(temp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            }
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static void writeIfAbsent(Path root, String relative, String content, List<String> written, List<String> kept)
            throws IOException {
        Path file = root.resolve(relative);
        if (Files.exists(file)) {
            kept.add(relative);
            return;
        }
        write(file, content);
        written.add(relative);
    }

    private static void write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    static String resource(String name) {
        try (InputStream in = Workspace.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("exercise resource " + name + " is missing from dslab's consensus jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
