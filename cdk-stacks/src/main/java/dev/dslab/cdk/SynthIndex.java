package dev.dslab.cdk;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a synth cache entry holds besides the cloud assembly: the stacks as {@link CloudAssemblyReader} read them,
 * in a small binary file. A cache hit reads this instead of the assembly's JSON because starting Jackson in a new
 * JVM costs 0.3-1 s here, a third of the time budget of {@code sandbox up}. Templates stay in their own files.
 */
final class SynthIndex {

    static final String FILE = "dslab-synth.index";
    private static final int FORMAT = 1;

    private SynthIndex() {
    }

    static void write(Path assemblyDir, List<CloudAssemblyReader.StackArtifact> artifacts) {
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(assemblyDir.resolve(FILE))))) {
            out.writeInt(FORMAT);
            out.writeInt(artifacts.size());
            for (CloudAssemblyReader.StackArtifact artifact : artifacts) {
                SynthesizedStack stack = artifact.stack();
                out.writeUTF(stack.stackName());
                out.writeUTF(artifact.templateFile());
                out.writeInt(stack.tags().size());
                for (Map.Entry<String, String> tag : stack.tags().entrySet()) {
                    out.writeUTF(tag.getKey());
                    out.writeUTF(tag.getValue());
                }
                out.writeInt(stack.fileAssets().size());
                for (FileAsset asset : stack.fileAssets()) {
                    out.writeUTF(asset.id());
                    out.writeUTF(asset.displayName());
                    out.writeUTF(assemblyDir.relativize(asset.source()).toString());
                    out.writeUTF(asset.packaging());
                    out.writeUTF(asset.bucketName());
                    out.writeUTF(asset.objectKey());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the synth cache index in " + assemblyDir, e);
        }
    }

    static boolean exists(Path assemblyDir) {
        return Files.isRegularFile(assemblyDir.resolve(FILE));
    }

    static List<SynthesizedStack> read(Path assemblyDir) {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(assemblyDir.resolve(FILE))))) {
            if (in.readInt() != FORMAT) {
                throw new IllegalStateException("unknown synth cache index format in " + assemblyDir);
            }
            int stackCount = in.readInt();
            List<SynthesizedStack> stacks = new ArrayList<>(stackCount);
            for (int s = 0; s < stackCount; s++) {
                String stackName = in.readUTF();
                String template = Files.readString(assemblyDir.resolve(in.readUTF()));
                int tagCount = in.readInt();
                Map<String, String> tags = new LinkedHashMap<>();
                for (int t = 0; t < tagCount; t++) {
                    tags.put(in.readUTF(), in.readUTF());
                }
                int assetCount = in.readInt();
                List<FileAsset> assets = new ArrayList<>(assetCount);
                for (int a = 0; a < assetCount; a++) {
                    assets.add(new FileAsset(in.readUTF(), in.readUTF(), assemblyDir.resolve(in.readUTF()),
                            in.readUTF(), in.readUTF(), in.readUTF()));
                }
                stacks.add(new SynthesizedStack(stackName, template, Map.copyOf(tags), List.copyOf(assets)));
            }
            return List.copyOf(stacks);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the synth cache index in " + assemblyDir, e);
        }
    }
}
