package dev.dslab.cdk;

import software.amazon.awscdk.App;
import software.amazon.jsii.JsiiException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Synthesizes a learner's sandbox ({@link SandboxApp#STACKS}) in-process, for the shell's deployer.
 *
 * <p>A synth starts jsii's node child, which costs seconds in a new JVM; the result depends only on the learner,
 * the stack code, the Lambda jar and the CDK version, so it is cached under {@code <cacheDir>/synth/} keyed by
 * a hash of all of them. A cache hit reads files only: jsii is not started. Entries appear atomically (a
 * staging directory renamed into place), so concurrent processes never see half an entry; a learner keeps only
 * their latest entry.
 *
 * <p>jsii's node child inherits this JVM's environment, which Java cannot change, and prints what the JavaScript
 * side prints to this JVM's stderr. The process must therefore be started with
 * JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=&lt;node major&gt; (else node 20 prints an end-of-life banner)
 * and CDK_VALIDATION=false (else CDK runs its template rule engine, 6-25 s per synth here, same templates).
 */
public final class SandboxSynthesizer {

    private static final String CACHE_FORMAT = "dslab-synth-1";
    private static final Duration ABANDONED_STAGING = Duration.ofMinutes(10);
    /** jsii runs one node child per JVM; one synth at a time keeps the cache logic simple and costs nothing. */
    private static final Object SYNTH_LOCK = new Object();

    /** Synthesizes (or takes from the cache) every stack of the learner's sandbox. */
    public SynthesizedApp synth(String learner, Path cacheDir) {
        LearnerName.require(learner);
        Path cache = cacheDir.toAbsolutePath();
        LambdaJar lambdaJar = LambdaJar.extract(cache.resolve("lambda-assets"));
        String inputHash = inputHash(learner, lambdaJar);
        Path synthRoot = cache.resolve("synth");
        Path entry = synthRoot.resolve(learner + "_" + inputHash.substring(0, 32));
        if (isComplete(entry)) {
            return load(learner, inputHash, entry, true);
        }
        synchronized (SYNTH_LOCK) {
            if (isComplete(entry)) {
                return load(learner, inputHash, entry, true);
            }
            NodeRuntime.requireSupported(System.getenv());
            Path staging = synthesizeIntoStaging(synthRoot, new SandboxContext(learner, lambdaJar));
            publish(staging, entry);
            prune(synthRoot, learner, entry);
        }
        return load(learner, inputHash, entry, false);
    }

    /** The hash of every input that can change the synthesized output. */
    static String inputHash(String learner, LambdaJar lambdaJar) {
        Set<String> parts = new LinkedHashSet<>();
        parts.add(CACHE_FORMAT);
        parts.add("learner=" + learner);
        parts.add("code=" + CodeFingerprint.of(SandboxSynthesizer.class));
        for (StackDefinition definition : SandboxApp.STACKS) {
            parts.add("code=" + CodeFingerprint.of(definition.getClass()));
        }
        parts.add("lambdas=" + lambdaJar.sha256());
        parts.add("aws-cdk-lib=" + mavenVersion("software.amazon.awscdk", "aws-cdk-lib"));
        parts.add("constructs=" + mavenVersion("software.constructs", "constructs"));
        parts.add("jsii-runtime=" + mavenVersion("software.amazon.jsii", "jsii-runtime"));
        return Hashing.sha256Hex(parts);
    }

    /** Synthesizes into a fresh staging directory and indexes it; nothing is left behind when that fails. */
    private static Path synthesizeIntoStaging(Path synthRoot, SandboxContext context) {
        Path staging;
        try {
            Files.createDirectories(synthRoot);
            staging = Files.createTempDirectory(synthRoot, "staging-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the synth cache under " + synthRoot, e);
        }
        try {
            App app = SandboxApp.newApp(staging);
            SandboxApp.define(app, context, SandboxApp.STACKS);
            app.synth();
            // the index is written last: an entry with an index is complete, and the rename publishes it whole
            SynthIndex.write(staging, CloudAssemblyReader.read(staging));
            return staging;
        } catch (JsiiException e) {
            deleteRecursively(staging);
            throw new SynthException("CDK synthesis of the sandbox of " + context.learner() + " failed: " + firstLine(e.getMessage()), e);
        } catch (RuntimeException e) {
            deleteRecursively(staging);
            throw e;
        }
    }

    private static void publish(Path staging, Path entry) {
        try {
            if (Files.exists(entry) && !isComplete(entry)) {
                deleteRecursively(entry); // left by an older dslab or damaged by hand: replace it
            }
            Files.move(staging, entry, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | DirectoryNotEmptyException sameInputsPublishedByAnotherProcess) {
            deleteRecursively(staging);
        } catch (AtomicMoveNotSupportedException e) {
            throw new UncheckedIOException("the synth cache needs a file system with atomic renames: " + entry.getParent(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot publish the synth result to " + entry, e);
        }
    }

    /** Keeps the learner's newest entry only, and removes staging directories of processes that died mid-synth. */
    private static void prune(Path synthRoot, String learner, Path keep) {
        Instant abandonedBefore = Instant.now().minus(ABANDONED_STAGING);
        List<Path> stale = new ArrayList<>();
        try (Stream<Path> children = Files.list(synthRoot)) {
            for (Path child : children.toList()) {
                String name = child.getFileName().toString();
                int separator = name.lastIndexOf('_');
                boolean oldEntryOfLearner = separator > 0 && name.substring(0, separator).equals(learner) && !child.equals(keep);
                boolean abandonedStaging = name.startsWith("staging-")
                        && Files.getLastModifiedTime(child).compareTo(FileTime.from(abandonedBefore)) < 0;
                if (oldEntryOfLearner || abandonedStaging) {
                    stale.add(child);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the synth cache " + synthRoot, e);
        }
        stale.forEach(SandboxSynthesizer::deleteRecursively);
    }

    private static boolean isComplete(Path entry) {
        return SynthIndex.exists(entry);
    }

    private static SynthesizedApp load(String learner, String inputHash, Path entry, boolean fromCache) {
        return new SynthesizedApp(learner, SynthIndex.read(entry), fromCache, inputHash, entry);
    }

    private static String mavenVersion(String groupId, String artifactId) {
        String resource = "META-INF/maven/" + groupId + "/" + artifactId + "/pom.properties";
        try (InputStream in = SandboxSynthesizer.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("cannot find " + resource + " on the classpath to key the synth cache");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    private static String firstLine(String message) {
        if (message == null || message.isBlank()) {
            return "no message";
        }
        String trimmed = message.strip();
        int newline = trimmed.indexOf('\n');
        return newline < 0 ? trimmed : trimmed.substring(0, newline);
    }

    private static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }
}
